"""Decisions and minutes: decisions recorded per agenda item, numbered
``B-YYYY-NNN`` when the meeting is held (per year, across a year boundary),
minutes made from them into the meetings case and frozen on approval; the
decisions register and decisions in search — each trimmed to what the
reader may see."""

from __future__ import annotations

import datetime as dt
import io
import re

import sqlalchemy as sa
from docx import Document as Docx

from rsi_case.security.models import User
from tests.conftest import count
from tests.functional.test_meetings import meeting_id, new_meeting, post

YEAR = 2026


def _item_ids(engine, mid) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT id FROM agenda_items WHERE meeting_id = :m ORDER BY position"),
                                 {"m": mid}).scalars())


def _numbers(engine, mid=None) -> dict[int, str | None]:
    """agenda item id -> its decision's number (or None while it has none)."""
    sql = "SELECT item_id, year, seq FROM decisions" + (" WHERE meeting_id = :m" if mid else "")
    with engine.connect() as conn:
        return {i: (f"B-{y}-{s:03d}" if s else None) for i, y, s in conn.execute(sa.text(sql), {"m": mid})}


def advance_to(b, mid, *states):
    for state in states:
        r = post(b, mid, advance="1", **{"from": state})
        assert r.status_int == 303


def meeting_with_items(b, engine, date="10-12-2026", items=(("Godkendelse af dagsorden", ""),)):
    mid = meeting_id(new_meeting(b, date=date))
    for title, case in items:
        post(b, mid, add_item="1", title=title, case=case, recommendation=f"Indstilling om {title.lower()}.")
    return mid, _item_ids(engine, mid)


def test_decisions_get_their_numbers_when_the_meeting_is_held_in_agenda_order(as_role, make_case, engine):
    sek = as_role("sekretariat")
    lab = make_case(title="Fælles udbud af laboratoriesystem")
    mid, (first, second, third) = meeting_with_items(sek, engine, items=(
        ("Laboratoriesystem", str(lab)), ("Eventuelt", ""), ("Telefoni", "")))
    r = post(sek, mid, decision="1", item=str(first), text="Godkendt.")
    assert "Mødet er planlagt: det kan ikke længere ændres." in r.follow().text  # not before the agenda is sent
    advance_to(sek, mid, "planlagt")
    # during the meeting, in any order: no numbers yet
    post(sek, mid, decision="1", item=str(third), text="Styregruppen tog orienteringen til efterretning.")
    r = post(sek, mid, decision="1", item=str(first), text="Styregruppen godkendte udbuddet.\n\nTidsplanen følges.")
    assert "Beslutningen er gemt; den får sit nummer, når mødet er afholdt." in r.follow().text
    assert _numbers(engine, mid) == {first: None, third: None}
    advance_to(sek, mid, "dagsorden_udsendt")
    assert _numbers(engine, mid) == {first: f"B-{YEAR}-001", third: f"B-{YEAR}-002"}
    # a decision recorded after the meeting takes the next number at once
    r = post(sek, mid, decision="1", item=str(second), text="Intet.")
    assert f"Beslutning B-{YEAR}-003 er gemt." in r.follow().text
    # correcting a text keeps the number
    post(sek, mid, decision="1", item=str(first), text="Styregruppen godkendte udbuddet med den ændrede tidsplan.")
    assert _numbers(engine, mid)[first] == f"B-{YEAR}-001"
    page = sek.get(f"/meetings/{mid}")
    assert f"B-{YEAR}-001" in page.text and "Styregruppen godkendte udbuddet med den ændrede tidsplan." in page.text
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'decision_record'") == 4
    # the decision page links its meeting, case and paper
    d = sek.get(f"/decisions/B-{YEAR}-001")
    assert "Laboratoriesystem" in d.text and f"/meetings/{mid}" in d.text and f"/cases/{lab.slug}" in d.text


def test_decision_numbers_run_per_year_of_the_meeting_across_the_year_boundary(as_role, engine):
    sek = as_role("sekretariat")
    december, (d_item,) = meeting_with_items(sek, engine, date="30-12-2026")
    january, (j_item,) = meeting_with_items(sek, engine, date="05-01-2027")
    late_dec, (l_item,) = meeting_with_items(sek, engine, date="29-12-2026")
    for mid, item in ((january, j_item), (december, d_item), (late_dec, l_item)):  # held in this order
        advance_to(sek, mid, "planlagt")
        post(sek, mid, decision="1", item=str(item), text="Godkendt.")
        advance_to(sek, mid, "dagsorden_udsendt")
    assert _numbers(engine) == {j_item: "B-2027-001", d_item: "B-2026-001", l_item: "B-2026-002"}
    with engine.connect() as conn:
        series = dict(conn.execute(sa.text("SELECT year, next_value FROM number_series WHERE series = 'decision'")).all())
    assert series == {2026: 3, 2027: 2}
    # the two meetings cases: one per year
    assert count(engine, "SELECT COUNT(*) FROM meeting_cases") == 2


def test_a_numbered_decision_is_kept_and_bad_input_is_explained(as_role, engine):
    sek = as_role("sekretariat")
    mid, (item, other) = meeting_with_items(sek, engine, items=(("Budget", ""), ("Eventuelt", "")))
    advance_to(sek, mid, "planlagt")
    post(sek, mid, decision="1", item=str(other), text="Udkast")
    post(sek, mid, decision="1", item=str(other), text="   ")  # no number yet: an empty text removes it
    assert _numbers(engine, mid) == {}
    post(sek, mid, decision="1", item=str(item), text="Budgettet blev godkendt.")
    advance_to(sek, mid, "dagsorden_udsendt")
    r = post(sek, mid, decision="1", item=str(item), text="")
    assert r.status_int == 400
    assert f"Beslutning B-{YEAR}-001 har sit nummer og kan ikke fjernes" in r.text
    assert _numbers(engine, mid) == {item: f"B-{YEAR}-001"}
    # what was typed is kept when a decision is refused
    with engine.connect() as conn:
        conn.execute(sa.text("UPDATE agenda_items SET withdrawn = 1 WHERE id = :i"), {"i": other})
        conn.commit()
    r = post(sek, mid, decision="1", item=str(other), text="Et langt svar, der ikke må gå tabt")
    assert r.status_int == 400 and "Et tilbagetrukket punkt får ingen beslutning." in r.text
    assert "Et langt svar, der ikke må gå tabt" in r.text
    # an unknown item, one of another meeting, nonsense: not found
    other_mid, (foreign,) = meeting_with_items(sek, engine, date="11-12-2026")
    for bad in ("999999", str(foreign), "x", ""):
        assert post(sek, mid, decision="1", item=bad, text="Godkendt.").status_int == 404
    assert sek.get("/decisions/B-2026-9x", status=404)
    assert sek.get(f"/decisions/B-{YEAR}-002", status=404)


def test_minutes_are_made_into_the_meetings_case_and_approving_them_freezes_them(as_role, make_case, engine, users):
    sek = as_role("sekretariat")
    lab = make_case(title="Fælles udbud af laboratoriesystem")
    mid, (first, second) = meeting_with_items(sek, engine, items=(("Laboratoriesystem", str(lab)), ("Eventuelt", "")))
    advance_to(sek, mid, "planlagt")
    with engine.connect() as conn:
        present = conn.execute(sa.text("SELECT id FROM meeting_participants WHERE meeting_id = :m"), {"m": mid}).scalar()
    post(sek, mid, attendance="1", present=str(present))
    post(sek, mid, decision="1", item=str(first), text="Styregruppen godkendte udbuddet.")
    r = post(sek, mid, minutes="1")
    assert "Mødet er dagsorden udsendt: det kan ikke længere ændres." in r.follow().text  # only once held
    advance_to(sek, mid, "dagsorden_udsendt")
    r = post(sek, mid, advance="1", **{"from": "afholdt"})  # approving needs minutes
    assert "Skriv referatet først" in r.follow().text
    assert count(engine, "SELECT COUNT(*) FROM meetings WHERE state = 'afholdt'") == 1
    r = post(sek, mid, minutes="1").follow()
    with engine.connect() as conn:
        doc = conn.execute(sa.text(
            "SELECT d.id, d.year, d.seq, d.kind, d.title, d.status, d.version, d.body_html, c.title FROM documents d "
            "JOIN meetings m ON m.minutes_document_id = d.id JOIN cases c ON c.id = d.case_id")).one()
    number = f"{doc.seq:05d}-{doc.year % 100:02d}"
    assert (doc.kind, doc.status, doc.version, doc[8]) == ("moedereferat", "kladde", 1, "Styregruppemøder 2026")
    assert doc[4] == "Referat af Styregruppemøde 10-12-2026"
    body = re.sub(r"<[^>]+>", " ", doc.body_html)
    assert "Til stede: Test Styregruppe" in " ".join(body.split())
    assert f"Beslutning B-{YEAR}-001: Styregruppen godkendte udbuddet." in " ".join(body.split())
    assert "Beslutning: (ingen registreret)" in " ".join(body.split())  # Eventuelt
    assert f"Sag {lab} Fælles udbud af laboratoriesystem" in " ".join(body.split())
    assert f"/documents/{number}" in r.text
    # nothing changed: no new version
    assert "Referatet siger allerede" in post(sek, mid, minutes="1").follow().text
    post(sek, mid, decision="1", item=str(second), text="Intet under eventuelt.")
    post(sek, mid, minutes="1")
    assert count(engine, "SELECT version FROM documents WHERE id = :d", d=doc.id) == 2
    # the minutes are a document like any other: to Word
    w = sek.get(f"/documents/{number}/export.docx")
    text = "\n".join(p.text for p in Docx(io.BytesIO(w.body)).paragraphs)
    assert f"Beslutning B-{YEAR}-002: Intet under eventuelt." in text and "MØDEREFERAT" in text
    # approving: final and frozen, and with them the decisions
    advance_to(sek, mid, "afholdt")
    assert count(engine, "SELECT COUNT(*) FROM documents WHERE id = :d AND status = 'endelig' AND frozen = 1 "
                         "AND version = 3", d=doc.id) == 1
    admin = as_role("admin")
    admin.get(f"/documents/{number}/edit", status=403)
    r = admin.post(f"/documents/{number}/new-version", {"csrf_token": admin.csrf_token(f"/documents/{number}")},
                   status=403)
    assert "Intet under eventuelt." in sek.get(f"/documents/{number}").text
    r = post(sek, mid, decision="1", item=str(first), text="Ændret bagefter")
    assert "Mødet er referat godkendt: det kan ikke længere ændres." in r.follow().text
    post(sek, mid, minutes="1")
    assert count(engine, "SELECT version FROM documents WHERE id = :d", d=doc.id) == 3
    assert count(engine, "SELECT COUNT(*) FROM decisions WHERE text = 'Ændret bagefter'") == 0
    page = sek.get(f"/meetings/{mid}")
    assert 'name="decision"' not in page.text and 'name="minutes"' not in page.text and "godkendt" in page.text


def _held(db, users, day: dt.date, items, title="Styregruppemøde"):
    """A held meeting on ``day`` with (item title, case number or None, decision text) items."""
    from rsi_case.cases.resources import find_case
    from rsi_case.meetings import services
    from rsi_case.numbering import CaseNumber

    with db() as s:
        admin = s.get(User, users["admin"])
        meeting = services.create_meeting(s, admin, title=title, members=[],
                                          starts_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))
        meeting.state = "dagsorden_udsendt"
        for item_title, case_number, text in items:
            case = find_case(s, CaseNumber.parse(case_number)) if case_number else None
            item = services.add_item(s, meeting, title=item_title, case=case)
            services.record_decision(s, meeting, item, text, admin)
        services.advance(s, meeting, admin)
        return meeting.id


def register_numbers(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.html.select("table.decisions td:first-child a")]


def test_the_register_filters_by_year_category_case_and_region_and_searches_the_text(
        as_role, make_case, db, users):
    lab = make_case(title="Fælles udbud af laboratoriesystem", number="09/2867", category="indkoeb",
                    lead_region="midtjylland", participating_regions=["midtjylland", "sjaelland"])
    pacs = make_case(title="Fælles udbud af PACS/RIS", number="19/2540", category="indkoeb",
                     lead_region="hovedstaden", participating_regions=["hovedstaden"])
    net = make_case(title="Fælles drift af netværk", number="14/0333", category="drift", lead_region="nordjylland")
    _held(db, users, dt.date(2014, 5, 1), [("Laboratoriesystem", str(lab), "Styregruppen godkendte det fælles udbud.")])
    _held(db, users, dt.date(2016, 3, 3), [("Laboratoriesystem", str(lab), "Kontrakten blev tildelt efter udbuddet."),
                                           ("Netværk", str(net), "Driften blev samlet i én region.")])
    _held(db, users, dt.date(2020, 9, 9), [("PACS/RIS", str(pacs), "Styregruppen godkendte udbudsmaterialet."),
                                           ("Eventuelt", None, "Intet.")])
    arkivar = as_role("arkivar")
    page = arkivar.get("/decisions")
    assert register_numbers(page) == ["B-2020-002", "B-2020-001", "B-2016-002", "B-2016-001", "B-2014-001"]
    assert "5 beslutninger" in page.text
    # "which decisions has the board made about joint procurement since 2015?" — one request
    page = arkivar.get("/decisions", {"category": "indkoeb", "from": "2015"})
    assert register_numbers(page) == ["B-2020-001", "B-2016-001"]
    assert register_numbers(arkivar.get("/decisions", {"year": "2016"})) == ["B-2016-002", "B-2016-001"]
    assert register_numbers(arkivar.get("/decisions", {"to": "2015"})) == ["B-2014-001"]
    assert register_numbers(arkivar.get("/decisions", {"case": "09/2867"})) == ["B-2016-001", "B-2014-001"]
    assert register_numbers(arkivar.get("/decisions", {"region": "sjaelland"})) == ["B-2016-001", "B-2014-001"]
    assert register_numbers(arkivar.get("/decisions", {"region": "hovedstaden"})) == ["B-2020-001"]
    # full text, Danish word forms, through the search index
    assert register_numbers(arkivar.get("/decisions", {"q": "udbuddet", "from": "2015"})) == ["B-2020-001", "B-2016-001"]
    assert register_numbers(arkivar.get("/decisions", {"q": "netværk"})) == ["B-2016-002"]
    # nonsense is explained and ignored; nothing typed is lost
    page = arkivar.get("/decisions", {"from": "tyve", "case": "62947/09", "category": "x", "q": "udbud"})
    assert "“tyve” er ikke et år; det filter blev ignoreret." in page.text
    assert "ligner et dokumentnummer" in page.text and 'value="62947/09"' in page.text and 'value="tyve"' in page.text
    assert register_numbers(page) == ["B-2020-001", "B-2016-001", "B-2014-001"]
    # search: decisions are their own type (facet) and filter
    s = arkivar.get("/search", {"q": "udbud", "type": "decision", "from": "01-01-2015"})
    assert sorted(a["href"].rsplit("/", 1)[-1] for a in s.html.select(".search-results a.fs-5")) == [
        "B-2016-001", "B-2020-001"]
    assert "Bestyrelsesbeslutninger" not in s.text and "Beslutninger" in s.text  # the facet's label
    api = arkivar.get("/api/search", {"q": "udbud"}).json
    assert ["decision", 3] in api["facets"]["type"]
    assert {h["url"].rsplit("/", 1)[-1] for h in api["hits"] if h["type"] == "decision"} == {
        "B-2014-001", "B-2016-001", "B-2020-001"}
    # a decision number typed into search goes to the decision
    r = arkivar.get("/search", {"q": "b-2016-2"}, status=303)
    assert r.headers["Location"].endswith("/decisions/B-2016-002")


def test_a_decision_about_a_confidential_case_stays_with_that_case(as_role, make_case, db, users, engine):
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case

    secret = make_case(title="Hemmeligt projekt om forhandling", number="25/0777", category="indkoeb")
    open_case = make_case(title="Åbent udbud", number="25/0778", category="indkoeb")
    with db() as s:
        case = find_case(s, secret)
        case.confidential = True
        case.grants.append(CaseGrant(principal=f"user:{users['arkivar']}", role="laeser", granted_by_id=users["admin"]))
    _held(db, users, dt.date(2025, 6, 1), [("Forligsforhandling", str(secret), "Forhandlingen om rammeaftalen fortsætter."),
                                           ("Åbent punkt", str(open_case), "Rammeaftalen for udbuddet blev godkendt.")])
    for role in ("sekretariat", "styregruppe"):
        b = as_role(role)
        page = b.get("/decisions")
        assert register_numbers(page) == ["B-2025-002"]
        assert "Forhandlingen" not in page.text and "Hemmeligt projekt" not in page.text
        assert register_numbers(b.get("/decisions", {"q": "rammeaftalen"})) == ["B-2025-002"]
        api = b.get("/api/search", {"q": "rammeaftalen"}).json
        assert [h["number"] for h in api["hits"] if h["type"] == "decision"] == ["B-2025-002"]
        assert ["decision", 1] in api["facets"]["type"]
        b.get("/decisions/B-2025-001", status=404)
        assert b.get("/search", {"q": "B-2025-001"}).status_int == 200  # no jump to what one may not see
    # the case's own readers see it (the archivist holds a grant, admin sees all)
    for role in ("arkivar", "admin"):
        b = as_role(role)
        assert register_numbers(b.get("/decisions")) == ["B-2025-002", "B-2025-001"]
        assert "Forhandlingen om rammeaftalen fortsætter." in b.get("/decisions/B-2025-001").text
    # the minutes, read by all who read the meetings case, hold the item as a closed item: its number, nothing more
    sek = as_role("sekretariat")
    mid = count(engine, "SELECT id FROM meetings")
    post(sek, mid, minutes="1")
    with engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body_html FROM documents WHERE kind = 'moedereferat'")).scalar_one()
    for secret_text in ("Hemmeligt projekt", "25/0777", "Forligsforhandling", "Forhandlingen", "B-2025-001"):
        assert secret_text not in body, secret_text
    assert "<h2>1. Lukket punkt</h2>" in body and "Beslutning B-2025-002:</strong> Rammeaftalen" in body


def test_the_minutes_show_an_item_to_everyone_who_reads_the_meetings_case_or_to_nobody(as_role, make_case, db,
                                                                                        users, engine):
    """The minutes are one document for all who read the meetings case: an item is open in them
    when each of those readers may open its case. A user holding a grant on the meetings case is
    judged with their role too (the secretariat reads the ordinary cases); a region's user who
    reads the meetings case but not the item's case closes the item — until they may read it."""
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case
    from rsi_case.meetings.models import Meeting
    from tests.conftest import add_user

    udbud = make_case(title="Åbent udbud af telefoni", number="25/0778", category="indkoeb")
    mid = _held(db, users, dt.date(2025, 6, 1), [("Telefoniudbuddet", str(udbud), "Udbuddet blev godkendt.")])
    sek = as_role("sekretariat")

    def minutes_after(*grants):
        with db() as s:
            for number, principal in grants:
                case = s.get(Meeting, mid).case if number is None else find_case(s, number)
                case.grants.append(CaseGrant(principal=principal, role="laeser" if number else "ejer"))
        assert post(sek, mid, minutes="1").status_int == 303
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT body_html FROM documents WHERE kind = 'moedereferat'")).scalar_one()

    body = minutes_after((None, f"user:{users['sekretariat']}"))
    assert "<h2>1. Telefoniudbuddet</h2>" in body and "Udbuddet blev godkendt." in body
    with db() as s:
        regional = add_user(s, "regional", "bruger").id
    body = minutes_after((None, f"user:{regional}"))
    assert "<h2>1. Lukket punkt</h2>" in body and "Telefoniudbuddet" not in body and "Udbuddet blev" not in body
    body = minutes_after((udbud, f"user:{regional}"))
    assert "<h2>1. Telefoniudbuddet</h2>" in body and "Lukket punkt" not in body


def test_changing_a_case_reindexes_its_decisions(as_role, make_case, db, users):
    from rsi_case.cases.resources import find_case

    number = make_case(title="Fælles udbud af telefoni", number="24/2213", category="indkoeb")
    _held(db, users, dt.date(2024, 11, 1), [("Telefoni", str(number), "Udbuddet af telefoni blev godkendt.")])
    sek = as_role("sekretariat")
    assert sek.get("/api/search", {"q": "telefoni", "type": "decision"}).json["total"] == 1
    with db() as s:
        find_case(s, number).confidential = True
    assert sek.get("/api/search", {"q": "telefoni", "type": "decision"}).json["total"] == 0
    assert as_role("admin").get("/api/search", {"q": "telefoni", "type": "decision"}).json["total"] == 1
