"""What people type into the search box, and what they get (issue 13).

Hyphen groups find what their parts find; an unknown compound is searched as
its known parts, and the page says so; a word that only lives inside
compounds finds them; a search that finds nothing offers a way on; short
number forms jump; the facets are named apart and counts are Danish.

Everything that depends on what exists is decided inside what the asking
user may see (issue 8's rule): the probes are words planted in a
confidential case, and for everyone outside it the answer must be the same
as for a word nobody wrote.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from rsi_case.numbering import CaseNumber
from tests.conftest import Browser, add_user

DOCS = {
    "joined": ("Politik for it-sikkerhed", "<p>Regionernes it-sikkerhed skal styrkes.</p>"),
    "apart": ("Notat om sikkerhed", "<p>Sikkerhed i den fælles it skal prioriteres.</p>"),
    "compound": ("Informationssikkerhed", "<p>Status for informationssikkerheden i regionerne.</p>"),
    "email": ("Fælles e-mail", "<p>Udbud af en platform til e-mail og kalender.</p>"),
    "mail": ("Sikker mail", "<p>Sikker mail til praksis.</p>"),
    "attacks": ("Trusselsbillede", "<p>Ransomware og andre angreb mod hospitalerne. Cyber er et nyt felt.</p>"),
    "attacks2": ("Beredskab", "<p>Angreb på leverandører kræver et beredskab.</p>"),
    "home": ("Hjemmemonitorering af KOL", "<p>Hjemmemonitoreringen udbredes til alle regioner.</p>"),
    "other": ("Budget", "<p>Den økonomiske ramme for 2026.</p>"),
}


@pytest.fixture
def world(make_case, make_document, db, users):
    case = make_case(title="Sundheds-it i regionerne", number="24/0100", category="tvaergaaende")
    numbers = {key: make_document(case, title=title, body=body, status="endelig")
               for key, (title, body) in DOCS.items()}
    secret = make_case(title="Fortrolig forhandling", number="24/0200")
    # words that only the confidential case holds
    numbers["secret"] = make_document(secret, title="Forhandlingsnotat", status="endelig",
                                      body="<p>Cyberangreb mod Ravnsborg drøftet. Kvistbjergmodellering og "
                                           "Ravnsborgaftalen om fælles udbud, ingen andre ord.</p>")
    with db() as s:
        owner = add_user(s, "ejer", "sekretariat", full_name="Ejer Af Sagen")
        add_user(s, "kollega", "sekretariat", full_name="Kollega Uden Adgang")
        c = find_case(s, secret)
        c.confidential = True
        c.grants.append(CaseGrant(principal=f"user:{owner.id}", role="ejer"))
    return numbers


def api(app, login, q, **params):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(login)
    return b.get("/api/search", {"q": q, **params}).json


def page(app, login, q, **params):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(login)
    return b.get("/search", {"q": q, **params})


def found(data) -> list[str]:
    return [h["number"] for h in data["hits"]]


# -- hyphen groups ---------------------------------------------------------------------

@pytest.mark.parametrize("hyphenated,apart", [("it-sikkerhed", "it sikkerhed"), ("e-mail", "e mail")])
def test_a_hyphen_group_finds_at_least_what_its_parts_find_and_the_joined_form(app, world, hyphenated, apart):
    with_hyphen = set(found(api(app, "arkivar", hyphenated)))
    parts = set(found(api(app, "arkivar", apart)))
    joined = set(found(api(app, "arkivar", hyphenated.replace("-", ""))))
    assert parts and joined
    assert parts <= with_hyphen and joined <= with_hyphen


def test_the_document_with_the_hyphen_group_itself_comes_first(app, world):
    assert found(api(app, "arkivar", "it-sikkerhed"))[0] == str(world["joined"])
    assert found(api(app, "arkivar", "e-mail"))[0] == str(world["email"])
    # and the parts still find the compound that holds them
    assert str(world["compound"]) in found(api(app, "arkivar", "it-sikkerhed"))


def test_a_quoted_hyphen_group_stays_exact(app, world):
    assert found(api(app, "arkivar", '"it-sikkerhed"')) == [str(world["joined"])]


@pytest.mark.parametrize("number", ["B-2026-002", "b-2026-2", "24-0200", "26-0100"])
def test_a_number_written_with_hyphens_is_not_taken_apart(app, world, number):
    # "Den økonomiske ramme for 2026" holds 2026, and the numbers' other digits
    # are in no record: a number no one here may open finds nothing, not
    # every record that mentions its year (the confidential case is 24/0200)
    assert found(api(app, "arkivar", number)) == []
    assert str(world["other"]) in found(api(app, "arkivar", "2026"))


# -- unknown compounds and words that only live in compounds ------------------------------

def test_an_unknown_compound_is_searched_as_its_known_parts_and_the_page_says_so(app, world):
    data = api(app, "arkivar", "cyberangreb")
    assert data["searched_for"] == "cyber angreb" and data["unknown_words"] == ["cyberangreb"]
    hits = found(data)
    assert hits[0] == str(world["attacks"])  # both parts
    assert str(world["attacks2"]) in hits and str(world["other"]) not in hits
    text = page(app, "arkivar", "cyberangreb").html.select_one(".searched-for").get_text(" ", strip=True)
    assert text == "Viser resultater for cyber angreb : der blev ikke fundet noget for cyberangreb ."


def test_a_word_that_only_lives_in_compounds_finds_them(app, world):
    data = api(app, "arkivar", "monitorering")
    assert found(data) == [str(world["home"])]
    assert data["searched_for"] == "hjemmemonitorering"


def test_a_known_word_is_searched_as_it_is(app, world):
    data = api(app, "arkivar", "angreb")
    assert data["searched_for"] is None and set(found(data)) == {str(world["attacks"]), str(world["attacks2"])}


@pytest.mark.parametrize("login", ["styregruppe", "arkivar", "kollega"])
def test_the_fallbacks_are_decided_inside_what_the_user_may_see(app, world, login):
    # the confidential case holds "cyberangreb" itself: outside it, the word is unknown and its parts are searched
    data = api(app, login, "cyberangreb")
    assert data["searched_for"] == "cyber angreb"
    assert str(world["secret"]) not in found(data)
    # a modifier only the confidential case holds is no part: the same answer as for a made-up one
    secret, made_up = api(app, login, "ravnsborgudbud"), api(app, login, "zzyqvbudbud")
    assert secret["total"] == made_up["total"]
    assert (secret["searched_for"] or "").replace("ravnsborg", "W") == (made_up["searched_for"] or "").replace(
        "zzyqvb", "W")
    assert "ravnsborg" not in (secret["searched_for"] or "")
    # compounds only the confidential case holds are not offered
    data = api(app, login, "modellering")
    assert data["total"] == 0 and data["searched_for"] is None
    assert "kvistbjerg" not in str(data).lower()
    # nor are words begun that only it holds
    data = api(app, login, "Ravnsbo")
    assert "ravnsborg" not in str(data["ways_on"]).lower() and "ravnsborg" not in str(data).lower().replace(
        '"query": "ravnsbo"', "")
    body = page(app, login, "Ravnsbo").text.lower()
    assert "ravnsborgaftal" not in body


@pytest.mark.parametrize("login", ["ejer", "admin"])
def test_those_who_may_read_the_case_get_its_words(app, world, login):
    data = api(app, login, "cyberangreb")
    assert data["searched_for"] is None and str(world["secret"]) in found(data)  # known: searched as typed
    assert api(app, login, "ravnsborgudbud")["searched_for"] == "ravnsborg udbud"
    assert api(app, login, "modellering")["searched_for"] == "kvistbjergmodellering"
    assert any(w["query"].startswith("ravnsborg") for w in api(app, login, "Ravnsbo")["ways_on"])


# -- nothing found: a way on -----------------------------------------------------------------

def test_a_phrase_that_finds_nothing_offers_its_words_with_counts_the_user_may_see(app, world):
    q = '"udbud ramme"'
    outsider, owner = api(app, "kollega", q), api(app, "ejer", q)
    assert outsider["total"] == owner["total"] == 0
    [way] = [w for w in outsider["ways_on"] if w["kind"] == "words"]
    assert way["query"] == "udbud ramme"
    assert way["total"] == api(app, "kollega", "udbud ramme")["total"] == 2  # e-mail's udbud, the budget's ramme
    # the confidential case also says "udbud": only its readers count it
    assert [w["total"] for w in owner["ways_on"] if w["kind"] == "words"] == [3]
    links = page(app, "kollega", q).html.select(".ways-on a")
    assert [a.get_text(strip=True) for a in links][0] == "udbud ramme"
    assert "(2)" in page(app, "kollega", q).html.select_one(".ways-on").get_text()


def test_filters_that_leave_nothing_offer_the_search_without_them(app, world):
    data = api(app, "arkivar", "angreb", year="2009")
    assert data["total"] == 0
    assert {"kind": "filters", "query": "angreb", "total": 2, "without_filters": True} in data["ways_on"]
    html = page(app, "arkivar", "angreb", year="2009").html
    assert "“angreb” uden filtrene" in html.select_one(".ways-on").get_text(" ", strip=True)


def test_a_word_begun_offers_the_words_it_begins(app, world):
    data = api(app, "arkivar", "hjemmemon")
    assert data["total"] == 0
    assert [w["query"] for w in data["ways_on"] if w["kind"] == "begins"] == ["hjemmemonitorering"]


# -- numbers as people type them ----------------------------------------------------------------

@pytest.mark.parametrize("typed", ["9/2867", "9-2867", "Sag nr. 09/2867", "sagsnr 9/2867", "j.nr. 09/2867"])
def test_short_forms_of_a_case_number_go_to_the_case(as_role, make_case, typed):
    make_case(title="Laboratoriesystem", number="09/2867")
    r = as_role("arkivar").get("/search", {"q": typed}, status=303)
    assert r.headers["Location"].endswith("/cases/09-2867")


@pytest.mark.parametrize("typed", ["62947/9", "dok. 62947/09", "Dokumentnr.: 62947/09", "2947/10"])
def test_short_forms_of_a_document_number_go_to_the_document(as_role, make_case, make_document, typed):
    case = make_case(title="Laboratoriesystem", number="09/2867")
    make_document(case, number="62947/09", status="endelig")
    make_document(case, number="02947/10", status="endelig")
    target = "02947-10" if typed == "2947/10" else "62947-09"
    r = as_role("arkivar").get("/search", {"q": typed}, status=303)
    assert r.headers["Location"].endswith(f"/documents/{target}")


def test_a_short_number_is_also_found_first_through_the_api(app, as_role, make_case, make_document):
    case = make_case(title="Laboratoriesystem", number="09/2867")
    make_document(case, number="04417/10", status="endelig", title="Følg eller forklar")
    b = as_role("arkivar")
    assert b.get("/api/search", {"q": "9/2867"}).json["hits"][0]["number"] == "09/2867"
    assert b.get("/api/search", {"q": "4417/10"}).json["hits"][0]["number"] == "04417/10"


def test_a_short_number_of_a_confidential_case_does_not_jump(app, world):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("kollega")
    assert b.get("/search", {"q": "24/200"}).status_int == 200
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("ejer")
    assert b.get("/search", {"q": "24/200"}, status=303).headers["Location"].endswith("/cases/24-0200")


def _typed_forms(world) -> list[tuple[str, str]]:
    """The confidential case's and document's numbers as people type them,
    each with an unused number typed the same way."""
    doc = world["secret"]
    forms = [("24/0200", "24/0900"), ("24/200", "24/900"), ("24-0200", "24-0900"), ("Sag nr. 24/200", "Sag nr. 24/900"),
             (str(doc), f"{'9' * 5}/{doc.year % 100:02d}"), (f"{doc.seq}/{doc.year % 100:02d}", f"99999/{doc.year % 100:02d}"),
             (f"dok. {doc}", f"dok. 99999/{doc.year % 100:02d}"), (doc.slug, f"99999-{doc.year % 100:02d}")]
    return forms


def _answers(b, q: str) -> tuple:
    """Everything the search page and the JSON API tell about ``q``, the typed text itself taken out."""
    from urllib.parse import quote, quote_plus

    def blind(text: str) -> str:
        for form in sorted({q, quote(q, safe=""), quote_plus(q), quote(q), q.replace("/", "%2F")}, key=len, reverse=True):
            text = text.replace(form, "«Q»")
        return text

    r = b.get("/search", {"q": q}, expect_errors=True)
    data = b.get("/api/search", {"q": q}, expect_errors=True)
    return r.status_int, r.headers.get("Location"), blind(r.text), data.status_int, blind(data.text)


def test_a_confidential_number_typed_by_an_outsider_is_answered_as_an_unused_number(app, world):
    """Through the page (no jump) and the API, every typed form of the
    confidential case's and document's numbers gets, byte for byte, what the
    same form of a number nobody has gets; the owner is taken there."""
    outsider = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    outsider.login("kollega")
    owner = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    owner.login("ejer")
    outsider.get("/")  # (the session's first page settles its cookie, so every answer below has the same page frame)
    for typed, unused in _typed_forms(world):
        target = "/cases/24-0200" if typed.startswith(("24", "Sag")) else f"/documents/{world['secret'].slug}"
        r = owner.get("/search", {"q": typed}, status=303)  # (not vacuous: the number is read, and found)
        assert r.headers["Location"].endswith(target), typed
        seen, never = _answers(outsider, typed), _answers(outsider, unused)
        assert seen[0] == 200 and seen[1] is None, typed  # no jump
        assert seen == never, typed
        assert "Fortrolig forhandling" not in seen[2] and "Forhandlingsnotat" not in seen[2]


@pytest.mark.parametrize("role", ["sekretariat", "styregruppe", "arkivar", "bruger", "admin", "ejer", "kollega"])
def test_the_number_lookup_answers_each_role_as_the_records_acls_do(app, world, db, make_document, role):
    """search.views.numbered_record keeps one statement per role; what it
    finds is exactly what the record's own page lets the user open."""
    from rsi_case.search.views import numbered_record
    from rsi_case.security.models import User

    drafts = [make_document(CaseNumber.parse(case), title="Udkast", status="kladde") for case in ("24/0100", "24/0200")]
    if role == "bruger":  # (a user role sees only cases shared with it: one, by a grant)
        with db() as s:
            user = add_user(s, "bruger", "bruger")
            shared = find_case(s, CaseNumber.parse("24/0100"))
            shared.grants.append(CaseGrant(principal=f"user:{user.id}", role="laeser"))
    numbers = ["24/0100", "24/0200", *(str(n) for n in [*world.values(), *drafts])]
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(role)
    with db() as s:
        user = s.query(User).filter_by(login=role).one()
        opened = []
        for number in numbers:
            found = numbered_record(s, user, number)
            slug = number.replace("/", "-")
            url = f"/cases/{slug}" if len(number) == 7 else f"/documents/{slug}"
            opens = b.get(url, expect_errors=True).status_int == 200
            assert (found is not None) == opens, (role, number)
            if found is not None:
                assert str(found.number) == number and str(found.case_number) in ("24/0100", "24/0200")
            opened.append(opens)
    assert any(opened) and (all(opened) if role in ("admin", "ejer") else not all(opened))


# -- the page: facet names and Danish counts ---------------------------------------------------

def test_the_two_type_facets_are_named_apart_and_counts_are_danish(app, world):
    html = page(app, "arkivar", "regionerne").html
    headings = [h.get_text(strip=True) for h in html.select(".facets h2")]
    assert "Resultattype" in headings and "Art" in headings and headings.count("Type") == 0
    assert len(set(headings)) == len(headings)
    one = page(app, "arkivar", "hjemmemonitoreringen").html.select_one(".result-count").get_text(strip=True)
    assert one == "1 resultat"
    two = page(app, "arkivar", "angreb").html.select_one(".result-count").get_text(strip=True)
    assert two == "2 resultater"
    none = page(app, "arkivar", "zzyqvxbw").html.select_one(".result-count").get_text(strip=True)
    assert none == "0 resultater"


def test_the_decisions_register_counts_in_danish_and_its_years_follow_the_filters(as_role, make_case, db, users):
    from tests.functional.test_decisions import _held

    lab = make_case(title="Fælles udbud af laboratoriesystem", number="09/2867", category="indkoeb")
    net = make_case(title="Fælles drift af netværk", number="14/0333", category="drift")
    _held(db, users, dt.date(2016, 3, 3), [("Laboratoriesystem", str(lab), "Kontrakten blev tildelt efter udbuddet."),
                                           ("Netværk", str(net), "Driften blev samlet i én region.")])
    _held(db, users, dt.date(2020, 9, 9), [("Netværk", str(net), "Driften blev udbudt igen.")])
    b = as_role("arkivar")

    def years(page):
        return [re.sub(r"\s+", " ", li.get_text(" ", strip=True)) for li in page.html.select(".facets li")
                if "✕" not in li.get_text()]

    page = b.get("/decisions")
    assert years(page) == ["2020 1", "2016 2"]
    assert page.html.select_one(".decision-count").get_text(strip=True) == "3 beslutninger"
    page = b.get("/decisions", {"category": "indkoeb"})
    assert years(page) == ["2016 1"]
    assert page.html.select_one(".decision-count").get_text(strip=True) == "1 beslutning"
    assert years(b.get("/decisions", {"q": "driften"})) == ["2020 1", "2016 1"]
    assert years(b.get("/decisions", {"case": "14/0333", "from": "2017"})) == ["2020 1"]


# -- long documents -----------------------------------------------------------------------------

FILLER = ("Sekretariatet har gennemgået regionernes bemærkninger og indarbejdet dem i det reviderede udkast, "
          "som forelægges styregruppen med de økonomiske konsekvenser og en tidsplan for de næste skridt.")


def test_a_long_founding_paper_is_not_sunk_by_short_mentions(make_case, make_document, as_role):
    """The 12-page paper that states and explains "følg eller forklar" and the
    laboratory systems, each in a section of its own, must rank above the
    one-paragraph mentions (it ranked 22nd and 28th)."""
    case = make_case(title="Grundlaget for samarbejdet", number="09/1207")
    sections = [f"<h2>{i + 1}. Afsnit om samarbejdet</h2>" + f"<p>{FILLER}</p>" * 6 for i in range(12)]
    sections.insert(3, "<h2>4. Følg eller forklar</h2><p>Princippet om følg eller forklar betyder, at alle regioner "
                       "deltager, medmindre de forklarer hvorfor ikke.</p><p>En region, der afventer, skal efter "
                       "følg eller forklar angive en dato.</p>" + f"<p>{FILLER}</p>" * 3)
    sections.insert(6, "<h2>7. Laboratoriesystemerne</h2><p>Regionerne bruger syv laboratoriesystemer. Et fælles "
                       "udbud af laboratoriesystemer er det første projekt.</p>" + f"<p>{FILLER}</p>" * 3)
    founding = make_document(case, title="Kommissorium og samarbejdsmodel", status="endelig", body="".join(sections))
    for i in range(15):
        make_document(case, title=f"Notat nr. {i + 1} om et fælles projekt", status="endelig",
                      body=f"<p>Region {i} har efter følg eller forklar givet en begrundelse om sine "
                           f"laboratoriesystemer og sin tidsplan.</p>")
    b = as_role("arkivar")
    for q in ('"følg eller forklar"', "følg eller forklar", "laboratoriesystemer"):
        hits = [h["number"] for h in b.get("/api/search", {"q": q}).json["hits"]]
        assert str(founding) in hits[:3], (q, hits.index(str(founding)) + 1 if str(founding) in hits else None)


def test_the_decisions_register_says_when_it_searched_for_the_parts(as_role, make_case, db, users):
    from tests.functional.test_decisions import _held, register_numbers

    case = make_case(title="Fælles beredskab", number="22/1140", category="tvaergaaende")
    _held(db, users, dt.date(2022, 12, 8), [("Beredskab", str(case), "Et fælles beredskab mod angreb etableres."),
                                            ("Budget", None, "Budgettet blev godkendt.")])
    page = as_role("arkivar").get("/decisions", {"q": "cyberangreb"})
    assert register_numbers(page) == ["B-2022-001"]
    assert "Viser resultater for" in page.html.select_one(".searched-for").get_text(" ", strip=True)


def test_what_is_excluded_stays_as_typed(app, world):
    """``NOT it-sikkerhed`` excludes the hyphen group, not every document with "it" or "sikkerhed"."""
    hits = found(api(app, "arkivar", "regionerne NOT it-sikkerhed"))
    assert str(world["joined"]) not in hits
    assert str(world["compound"]) in hits  # informationssikkerheden i regionerne


def test_a_driver_error_in_the_number_lookup_is_raised_as_sqlalchemy_raises_it(app, world, db):
    """The lookup runs on the driver's own cursor (search.views._run_lookup):
    a driver error must still reach the application as a DBAPIError (the
    page "database unavailable" and the retry policy see only those), and
    a lost connection must be dropped from the pool, not handed out again."""
    import sqlalchemy as sa

    from rsi_case.search.views import _compiled_lookup, _run_lookup

    with db() as s:
        conn = s.connection()
        compiled = _compiled_lookup(conn.dialect, "case", "sekretariat", 1)
        broken = compiled._replace(sql=compiled.sql.replace("FROM cases", "FROM cases_missing", 1))
        values = {"principal_0": "role:sekretariat", "year": 2024, "seq": 100}
        assert _run_lookup(conn, compiled, values) is not None  # (the lookup itself works)
        with pytest.raises(sa.exc.DBAPIError) as raised:
            _run_lookup(conn, broken, values)
        assert "cases_missing" in str(raised.value)
        s.rollback()
    with db() as s:
        conn = s.connection()
        conn.connection.driver_connection.close()  # the server went away under the request
        with pytest.raises(sa.exc.DBAPIError) as raised:
            _run_lookup(conn, _compiled_lookup(conn.dialect, "case", "sekretariat", 1), values)
        assert raised.value.connection_invalidated and conn.invalidated
        s.rollback()
    with db() as s:  # the pool hands out a working connection again
        conn = s.connection()
        assert _run_lookup(conn, _compiled_lookup(conn.dialect, "case", "sekretariat", 1), values) is not None
