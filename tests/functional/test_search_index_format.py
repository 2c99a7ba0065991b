"""An index built by an older version is found out and rebuilt (issue 13).

The analysis and the schema are part of the index: entries made by another
version would answer today's queries wrongly (a field missing, words split
differently). Each generation records the format it was built in; one of
another format keeps answering -- with a notice on the page -- until the
writer has built its replacement, which it does by itself.
"""

from __future__ import annotations

from rsi_case import main
from rsi_case.search.index import FORMAT_FILE, index_format
from tests.conftest import Browser


def titles(page):
    return [a.get_text(strip=True) for a in page.html.select(".search-results a.fs-5")]


def _current_generation(settings):
    from pathlib import Path

    root = Path(settings["rsi_case.index"])
    return root / (root / "CURRENT").read_text().strip()


def test_an_index_of_another_format_answers_with_a_notice_and_is_rebuilt(settings, users, make_case, make_document):
    case = make_case(title="Fælles udbud af laboratoriesystem", number="09/2867")
    make_document(case, title="Notat om flamingoer", status="endelig")
    old = _current_generation(settings)
    assert (old / FORMAT_FILE).read_text() == index_format()
    # as if an older version of the system had built it
    (old / FORMAT_FILE).write_text("built-by-an-older-version")

    app = main({}, **settings)  # a new process: the code is newer than the index
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("arkivar")
    page = b.get("/search", params={"q": "flamingoer"})
    assert titles(page) == ["Notat om flamingoer"]  # it still answers ...
    assert "Søgeindekset genopbygges efter en opdatering" in page.text  # ... and says so
    assert b.get("/api/search", params={"q": "flamingoer"}).json["total"] == 1

    app.registry["search.indexer"].drain()  # the writer's next round (the background thread's every second)
    new = _current_generation(settings)
    assert new != old and not old.exists()
    assert (new / FORMAT_FILE).read_text() == index_format()
    page = b.get("/search", params={"q": "flamingoer"})
    assert titles(page) == ["Notat om flamingoer"]
    assert "Søgeindekset genopbygges" not in page.text


def test_an_index_from_before_formats_were_recorded_is_rebuilt_too(settings, users, make_case, make_document):
    case = make_case(title="Fælles udbud af laboratoriesystem", number="09/2867")
    make_document(case, title="Notat om pelikaner", status="endelig")
    old = _current_generation(settings)
    (old / FORMAT_FILE).unlink()
    app = main({}, **settings)
    assert app.registry["search.store"].outdated()
    app.registry["search.indexer"].drain()
    assert not app.registry["search.store"].outdated()
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("arkivar")
    assert titles(b.get("/search", params={"q": "pelikaner"})) == ["Notat om pelikaner"]
