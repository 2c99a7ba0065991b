"""Full-text search: Danish words and compounds, numbers first, phrases,
facets, permissions inside the query, never stale, never down."""

import datetime as dt
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import Browser

TEXTS = {
    "plan": ("Handlingsplan for fælles indkøb", "<p>Handlingsplanen beskriver regionernes samarbejde.</p>"),
    "projekter": ("Status for samarbejdsprojekter", "<p>Alle samarbejdsprojekter følger tidsplanen.</p>"),
    "lab": ("Udbud af laboratoriesystemerne", "<p>Laboratoriesystemerne udskiftes i 2027.</p>"),
    "it": ("Strategi for sundheds-it", "<p>Fælles sundheds-it i alle fem regioner.</p>"),
    "phrase": ("Referat", "<p>Styregruppen besluttede et fælles udbud af telefoni.</p>"),
    "apart": ("Notat", "<p>Udbuddet er ikke fælles, men regionalt.</p>"),
}


@pytest.fixture
def corpus(make_case, make_document):
    case = make_case(title="Fælles indkøb af laboratoriesystem", number="09/2867", opened_on=dt.date(2009, 3, 2))
    docs = {key: make_document(case, title=title, body=body, status="endelig") for key, (title, body) in TEXTS.items()}
    return case, docs


def titles(page):
    return [a.get_text(strip=True) for a in page.html.select(".search-results a.fs-5")]


@pytest.mark.parametrize("query,expected", [
    ("handlingsplaner", "Handlingsplan for fælles indkøb"),
    ("projekt", "Status for samarbejdsprojekter"),
    ("laboratoriesystem", "Udbud af laboratoriesystemerne"),
    ("sundhedsit", "Strategi for sundheds-it"),
    ("sundheds-it", "Strategi for sundheds-it"),
])
def test_danish_word_forms_and_compounds(as_role, corpus, query, expected):
    page = as_role("arkivar").get("/search", params={"q": query})
    assert expected in titles(page)


def test_exact_phrases_stay_exact(as_role, corpus):
    found = titles(as_role("arkivar").get("/search", params={"q": '"fælles udbud"'}))
    assert "Referat" in found and "Notat" not in found


def test_a_number_comes_first(as_role, corpus):
    page = as_role("arkivar").get("/search", params={"q": "2867"})
    assert titles(page)[0] == "Fælles indkøb af laboratoriesystem"


def test_plain_danish_question_still_finds_its_answer(as_role, corpus):
    page = as_role("arkivar").get("/search", params={"q": "hvornår besluttede styregruppen fælles telefoni"})
    assert titles(page)[0] == "Referat"


def test_facets_count_and_filter(as_role, corpus):
    b = as_role("arkivar")
    page = b.get("/search", params={"q": "fælles"})
    facets = page.html.select_one(".facets").get_text(" ", strip=True)
    assert "notat" in facets and "sag" in facets
    only_cases = b.get("/search", params={"q": "fælles", "kind": "sag"})
    assert titles(only_cases) == ["Fælles indkøb af laboratoriesystem"]
    r = b.get("/search", params={"q": "fælles", "from": "31-02-2020"})
    assert "er ikke en dato" in r.text


def test_the_board_never_sees_drafts_or_confidential_words(as_role, make_case, make_document, db):
    from rsi_case.cases.resources import find_case

    case = make_case(title="Almindelig sag")
    make_document(case, title="Kladde om Zebrafinkeprojektet", status="kladde")
    secret = make_case(title="Hemmelig Ørnefjerstrategi", number="07/0001")
    make_document(secret, title="Ørnefjerstrategi i detaljer", status="endelig")
    with db() as s:
        find_case(s, secret).confidential = True
    board = as_role("styregruppe")
    for q in ("Zebrafinkeprojektet", "Ørnefjerstrategi", "ørnefjer"):
        page = board.get("/search", params={"q": q})
        assert titles(page) == [], q
        shown = " ".join(el.get_text(" ") for el in page.html.select(".search-results, .facets"))
        assert "Ørnefjer" not in shown and "Zebrafinke" not in shown  # the query itself is echoed, nothing else
    api = board.get("/api/search", params={"q": "Ørnefjerstrategi"}).json
    assert api["total"] == 0 and api["hits"] == [] and all(n == 0 for f in api["facets"].values() for _v, n in f)
    # a misspelling is not corrected into a word only a confidential case has
    assert board.get("/search", params={"q": "Ørnefjerstratgi"}).html.select_one("p.lead") is None
    admin = as_role("admin")
    assert "Hemmelig Ørnefjerstrategi" in titles(admin.get("/search", params={"q": "Ørnefjerstrategi"}))


def test_a_saved_change_is_searchable_at_once(as_role, corpus):
    b = as_role("sekretariat")
    case, docs = corpus
    b.get(f"/documents/{docs['apart'].slug}/edit", status=403)  # final: a new document instead
    page = b.get(f"/cases/{case.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
    page["title"] = "Notat om kvantekryptering"
    page.submit("save", status=303)
    assert "Notat om kvantekryptering" in titles(b.get("/search", params={"q": "kvantekryptering"}))


def test_a_rolled_back_change_never_reaches_the_index(app, as_role, corpus, monkeypatch):
    from rsi_case.cases import views

    b = as_role("sekretariat")
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Sag om Pingvinkolonien"
    form["category"] = "drift"
    monkeypatch.setattr(views, "HTTPSeeOther", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    form.submit("save", status=500)
    monkeypatch.undo()
    assert titles(b.get("/search", params={"q": "Pingvinkolonien"})) == []


def test_a_damaged_index_is_rebuilt_and_nothing_breaks_meanwhile(app, as_role, corpus):
    store = app.registry["search.store"]
    for toc in store.current_dir().glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes()[:10])  # a crash mid-commit: truncated TOC
    app.registry["search.service"]._ix = None  # a fresh process would open it again
    b = as_role("arkivar")
    page = b.get("/search", params={"q": "projekt"})
    assert "bliver genopbygget" in page.text
    assert b.get("/search", params={"q": "09/2867"}, status=303)  # numbers still work
    health = b.get("/health").json
    assert health["database"] == "ok" and health["search"]["state"] in ("unavailable", "rebuilding")
    app.registry["search.indexer"].drain()  # the writer notices and rebuilds from the database
    assert "Status for samarbejdsprojekter" in titles(b.get("/search", params={"q": "projekt"}))
    assert b.get("/health").json["search"]["state"] == "ok"


def test_a_damaged_segment_is_noticed_while_writing_and_the_index_rebuilt(app, as_role, corpus, make_document):
    """The writer reads only the table of contents before writing; a segment
    damaged underneath it fails the write, and the full check then rebuilds."""
    case, _docs = corpus
    store = app.registry["search.store"]
    segments = list(store.current_dir().glob("*.seg"))
    assert segments
    for segment in segments:
        segment.write_bytes(segment.read_bytes()[:100])
    app.registry["search.service"]._ix = None
    make_document(case, title="Pingvinkolonien på Grønland", status="endelig")  # its drain fails, logged
    app.registry["search.indexer"].drain()  # notices the damage and rebuilds from the database
    b = as_role("arkivar")
    assert titles(b.get("/search", params={"q": "Pingvinkolonien"})) == ["Pingvinkolonien på Grønland"]
    assert "Status for samarbejdsprojekter" in titles(b.get("/search", params={"q": "projekt"}))


def test_a_missing_index_is_rebuilt(app, as_role, corpus):
    import shutil

    shutil.rmtree(app.registry["search.store"].root)
    app.registry["search.service"]._ix = None
    b = as_role("arkivar")
    assert "bliver genopbygget" in b.get("/search", params={"q": "projekt"}).text
    app.registry["search.indexer"].drain()
    assert titles(b.get("/search", params={"q": "projekt"}))


def test_two_writers_at_once_never_fight_over_the_lock(app, as_role, corpus, engine):
    """Two indexers (as in two processes) drain at the same time: one writes,
    the other leaves the work to it; nothing is lost."""
    from rsi_case.search.index import IndexStore
    from rsi_case.search.indexer import Indexer

    a = app.registry["search.indexer"]
    other = Indexer(engine, IndexStore(a.store.root), a.blobs, mode="off")
    b = as_role("sekretariat")
    case, _docs = corpus
    a.mode = "off"  # queue only
    for i in range(5):
        form = b.get(f"/cases/{case.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
        form["title"] = f"Kø-notat nummer {i} om albatrosser"
        form.submit("save", status=303)
    errors = []

    def drain(indexer):
        try:
            indexer.drain()
        except Exception as exc:  # a LockError would land here
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(x,)) for x in (a, other, a, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    a.drain()
    assert errors == []
    assert len(titles(b.get("/search", params={"q": "albatrosser"}))) == 5


def test_background_indexer_makes_a_change_searchable_within_two_seconds(app, as_role, corpus):
    indexer = app.registry["search.indexer"]
    indexer.mode = "background"
    indexer.start()
    b = as_role("sekretariat")
    case, _docs = corpus
    form = b.get(f"/cases/{case.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
    form["title"] = "Notat om flamingoer"
    form.submit("save", status=303)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        if titles(b.get("/search", params={"q": "flamingoer"})):
            break
        time.sleep(0.1)
    indexer._stop = True
    assert titles(b.get("/search", params={"q": "flamingoer"})) == ["Notat om flamingoer"]


def test_json_api_gives_the_same_results(as_role, corpus):
    b = as_role("arkivar")
    data = b.get("/api/search", params={"q": "projekt"}).json
    assert data["total"] >= 1 and data["hits"][0]["title"] == "Status for samarbejdsprojekter"
    assert "<mark>" in data["hits"][0]["highlight"] or data["hits"][0]["highlight"]
    assert set(data["facets"]) == {"type", "kind", "year", "status", "category", "regions", "author"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.text(max_size=200), st.sampled_from(['"', '""', "((", "AND", "OR NOT", "NOT", "*", "?",
                                                           "titel:", ":", "a" * 10000, "\x00\x01\x02", "år:abc",
                                                           "sag:09/2867", '"fælles', "fælles)", "-", "^2", "~"])))
def test_any_query_at_all_gives_results_or_a_message(app, users, q):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("arkivar")
    refused = {400} if "\x00" in q else set()  # a NUL is refused before the search (rsi_case.wellformed)
    r = b.get("/search", params={"q": q}, expect_errors=True)
    assert r.status_int in {200, 303} | refused, (q, r.status_int)
    r = b.get("/api/search", params={"q": q}, expect_errors=True)
    assert r.status_int in {200, 503} | refused, (q, r.status_int)


def test_an_interrupted_rebuild_resumes_from_its_checkpoint(app, make_case, make_document):
    case = make_case()
    for i in range(25):
        make_document(case, title=f"Notat nummer {i} om pelikaner", status="endelig")
    indexer = app.registry["search.indexer"]
    calls = []

    def crash_after_first_batch(done, total):
        calls.append(done)
        if len(calls) == 2:  # the case batch, then one document batch: then the machine dies
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        indexer.rebuild(progress=crash_after_first_batch, batch=10)
    assert indexer.store.unfinished_generation() is not None
    before = indexer.store.current_dir()
    resumed = []
    indexer.rebuild(progress=lambda done, total: resumed.append(done), batch=10, resume=True)
    assert resumed[0] > calls[-1] - 1 and resumed[0] == calls[-1] + 10  # went on, did not start over
    assert indexer.store.current_dir() != before and indexer.store.unfinished_generation() is None
    svc = app.registry["search.service"]
    assert svc.search("pelikaner", ["role:arkivar"], pagelen=50).total == 25


def test_reindex_command_rebuilds_with_progress(app, settings, make_case, make_document, tmp_path, capsys):
    from rsi_case.scripts import reindex

    make_document(make_case(), title="Notat om lunder", status="endelig")
    ini = tmp_path / "test.ini"
    ini.write_text("[app:main]\nuse = egg:rsi_case\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
    assert reindex.main([str(ini)]) == 0
    out = capsys.readouterr()
    assert "genopbygget: 2 sager og dokumenter" in out.out and "2/2" in out.err
    app.registry["search.service"]._ix = None
    assert app.registry["search.service"].search("lunder", ["role:arkivar"]).total == 1


def test_a_rebuild_in_two_processes_finds_exactly_what_one_process_finds(app, engine, make_case, make_document,
                                                                           tmp_path):
    """rsi-case-reindex analyses in several processes (Whoosh's multiprocessing
    writer); the index it makes must answer like the single-process one."""
    from rsi_case.search.index import IndexStore
    from rsi_case.search.indexer import Indexer
    from rsi_case.search.service import SearchService

    case = make_case(title="Fælles telefoni")
    for i in range(12):
        make_document(case, title=f"Notat {i} om telefoniprojektet", body=f"<p>Afsnit {i} om fælles udbud og drift.</p>",
                      kind="notat" if i % 2 else "strategi", status="endelig" if i % 3 else "kladde")
    blobs = app.registry["rsi_case.blobs"]
    answers = []
    for procs in (1, 2):
        store = IndexStore(tmp_path / f"ix-{procs}")
        Indexer(engine, store, blobs, mode="off", rebuild_procs=procs).rebuild(batch=5)
        svc = SearchService(store)
        answers.append([(r.total, sorted(h.uid for h in r.hits), r.facets)
                        for q, who in (("projekt", ["role:arkivar"]), ("fælles udbud", ["role:styregruppe"]),
                                       ('"fælles udbud"', ["role:sekretariat"]))
                        for r in [svc.search(q, who, pagelen=50)]])
    assert answers[0] == answers[1] and answers[0][0][0] == 12


def test_an_entry_changed_while_the_searcher_is_open_is_found_once_with_its_new_access(as_role, make_case, db):
    """The long-lived searcher is refreshed, not reopened: a changed entry must
    replace the old one (deletions in reused segments, merged segments)."""
    from rsi_case.cases.resources import find_case

    number = make_case(title="Fælles udbud af telefoni", number="24/2213")
    sek = as_role("sekretariat")
    assert sek.get("/api/search", {"q": "telefoni"}).json["total"] == 1  # the searcher is open
    for n in range(12):  # enough commits for Whoosh to merge segments on the way
        with db() as s:
            find_case(s, number).description = f"Ændring nummer {n} af beskrivelsen."
        hits = sek.get("/api/search", {"q": "telefoni"}).json["hits"]
        assert [h["number"] for h in hits] == [str(number)]
    with db() as s:
        find_case(s, number).confidential = True
    assert sek.get("/api/search", {"q": "telefoni"}).json["total"] == 0
    assert as_role("admin").get("/api/search", {"q": "telefoni"}).json["total"] == 1


def test_health_says_catching_up_until_the_backlog_is_drained(app, as_role, corpus, engine):
    """After a restart the outbox may hold saved changes the index has not seen:
    /health must not call that "ok" (issue 12)."""
    from rsi_case.db import utcnow
    from rsi_case.search.models import SearchOutbox
    import datetime as dt
    import sqlalchemy as sa

    b = as_role("arkivar")
    assert b.get("/health").json["search"] == {"state": "ok", "queued": 0, "oldest_seconds": None}
    with engine.begin() as conn:  # what a process that died before draining leaves behind
        ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM documents ORDER BY id LIMIT 3"))]
        conn.execute(sa.insert(SearchOutbox), [{"kind": "document", "object_id": i,
                                                "created_at": utcnow() - dt.timedelta(seconds=90)} for i in ids])
    health = b.get("/health")
    assert health.status_int == 200  # the application serves meanwhile
    search = health.json["search"]
    assert search["state"] == "catching_up" and search["queued"] == 3 and search["oldest_seconds"] >= 90
    app.registry["search.indexer"].drain()
    assert b.get("/health").json["search"] == {"state": "ok", "queued": 0, "oldest_seconds": None}
