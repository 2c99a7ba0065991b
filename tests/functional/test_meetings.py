"""Board meetings: created in the year's meetings case, their states, the
agenda (order, late and withdrawn items, papers), attendance, and the
calendar feed — each trimmed to what the user may see."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from icalendar import Calendar

from tests.conftest import PASSWORD, count


def _slug(number) -> str:
    return str(number).replace("/", "-")


def new_meeting(b, date="10-12-2026", start="13:00", end="16:00", title="Styregruppemøde", status=303):
    return b.post("/meetings/new", {"csrf_token": b.csrf_token("/meetings/new"), "title": title, "date": date,
                                    "start": start, "end": end, "place": "Dampfærgevej 22", "save": "1"},
                  status=status)


def meeting_id(response) -> int:
    return int(re.search(r"/meetings/(\d+)", response.headers["Location"]).group(1))


def post(b, mid, **fields):
    data = {"csrf_token": b.csrf_token(f"/meetings/{mid}"), **fields}
    return b.post(f"/meetings/{mid}", data, status="*")


def agenda(b, mid) -> list[str]:
    page = b.get(f"/meetings/{mid}").html
    return [" ".join(h.get_text(" ", strip=True).split()) for h in page.select("ol.agenda h3")]


def test_a_meeting_is_filed_in_the_years_meetings_case_with_the_board_invited(as_role, engine, users):
    sek = as_role("sekretariat")
    first = meeting_id(new_meeting(sek))
    second = meeting_id(new_meeting(sek, date="11-12-2026"))
    with engine.connect() as conn:
        cases = conn.execute(sa.text("SELECT DISTINCT c.title FROM meetings m JOIN cases c ON c.id = m.case_id")).all()
        participants = conn.execute(sa.text("SELECT name, role FROM meeting_participants WHERE meeting_id = :m"),
                                    {"m": first}).all()
    assert cases == [("Styregruppemøder 2026",)] and first != second
    assert participants == [("Test Styregruppe", "medlem")]
    page = sek.get(f"/meetings/{first}").text
    assert "Styregruppemøde 10-12-2026" in page and "13:00–16:00" in page and "planlagt" in page
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting_create'") == 2


def test_a_bad_date_or_time_is_explained_and_what_was_typed_kept(as_role, engine):
    sek = as_role("sekretariat")
    r = new_meeting(sek, date="31-02-2026", title="Ekstraordinært møde", status=400)
    assert "Skriv datoen som dd-mm-åååå og tidspunktet som tt:mm." in r.text
    assert 'value="Ekstraordinært møde"' in r.text and 'value="31-02-2026"' in r.text
    r = new_meeting(sek, start="14:00", end="13:00", status=400)
    assert "Mødet skal slutte, efter det begynder" in r.text
    assert count(engine, "SELECT COUNT(*) FROM meetings") == 0


def test_the_agenda_is_ordered_numbered_and_marks_late_and_withdrawn_items(as_role, make_case, engine):
    case = make_case(title="Fælles telefoni")
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    for title in ("Godkendelse af dagsorden", "Fælles telefoni", "Eventuelt"):
        assert post(sek, mid, add_item="1", title=title, case=str(case) if title == "Fælles telefoni" else "",
                    recommendation="Sekretariatet indstiller, at styregruppen godkender.").status_int == 303
    assert agenda(sek, mid) == ["1. Godkendelse af dagsorden", "2. Fælles telefoni", "3. Eventuelt"]
    with engine.connect() as conn:
        items = dict(conn.execute(sa.text("SELECT title, id FROM agenda_items")).all())
    post(sek, mid, move="up", item=str(items["Eventuelt"]))
    assert agenda(sek, mid) == ["1. Godkendelse af dagsorden", "2. Eventuelt", "3. Fælles telefoni"]
    post(sek, mid, withdraw="1", item=str(items["Eventuelt"]))
    assert agenda(sek, mid) == ["1. Godkendelse af dagsorden", "Eventuelt trukket", "2. Fælles telefoni"]
    # the agenda is sent: a new item is marked late
    post(sek, mid, advance="1", **{"from": "planlagt"})
    post(sek, mid, add_item="1", title="Orientering om cyberangreb", case="", recommendation="")
    assert agenda(sek, mid)[-1] == "3. Orientering om cyberangreb tilføjet efter udsendelse"
    # a stale state change (two people pressing at once) does nothing
    post(sek, mid, advance="1", **{"from": "planlagt"})
    assert count(engine, "SELECT COUNT(*) FROM meetings WHERE state = 'dagsorden_udsendt'") == 1
    # an unknown case number is explained, and the typed item kept
    r = post(sek, mid, add_item="1", title="Nyt punkt", case="99/9999", recommendation="Min indstilling")
    assert r.status_int == 400 and "Der er ingen sag 99/9999, som du må åbne." in r.text
    assert 'value="Nyt punkt"' in r.text and "Min indstilling" in r.text


def test_papers_are_chosen_from_the_items_case_and_the_board_sees_only_final_ones(as_role, make_case, make_document):
    case = make_case(title="Fælles laboratoriesystem")
    final = make_document(case, title="Beslutningsoplæg om udbud", status="endelig")
    draft = make_document(case, title="Udkast til bilag", status="kladde")
    other = make_document(make_case(title="En anden sag"), title="Fremmed dokument", status="endelig")
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Laboratoriesystem", case=str(case), recommendation="")
    page = sek.get(f"/meetings/{mid}")
    item = re.search(r'name="item" value="(\d+)"', page.text).group(1)
    ids = dict(re.findall(r'name="document" value="(\d+)" id="paper-\d+-\d+"[^>]*>\s*<label[^>]*>([^<]+)<', page.text))
    by_title = {v.split(" ", 1)[1]: k for k, v in ids.items()}
    assert set(by_title) == {"Beslutningsoplæg om udbud", "Udkast til bilag"}  # only this case's documents
    data = [("csrf_token", sek.csrf_token(f"/meetings/{mid}")), ("item", item), ("papers", "1"),
            ("document", by_title["Beslutningsoplæg om udbud"]), ("document", by_title["Udkast til bilag"]),
            ("document", "999999")]
    sek.post(f"/meetings/{mid}", data, status=303)
    text = sek.get(f"/meetings/{mid}").text
    assert "Bilag 1.1:" in text and "Beslutningsoplæg om udbud" in text and "Bilag 1.2:" in text
    assert f"/documents/{_slug(final)}" in text
    board = as_role("styregruppe").get(f"/meetings/{mid}").text
    assert "Beslutningsoplæg om udbud" in board and "Udkast til bilag" not in board
    assert str(other) not in text and str(draft) in text


def test_attendance_is_recorded_and_the_board_cannot_change_the_meeting(as_role, engine):
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    with engine.connect() as conn:
        pid = conn.execute(sa.text("SELECT id FROM meeting_participants WHERE meeting_id = :m"), {"m": mid}).scalar_one()
    post(sek, mid, attendance="1", present=str(pid))  # a planned meeting has no attendance yet
    assert count(engine, "SELECT COUNT(*) FROM meeting_participants WHERE attended = true") == 0
    post(sek, mid, advance="1", **{"from": "planlagt"})
    post(sek, mid, attendance="1", present=str(pid))
    assert count(engine, "SELECT COUNT(*) FROM meeting_participants WHERE attended = true") == 1
    board = as_role("styregruppe")
    assert "(til stede)" in board.get(f"/meetings/{mid}").text
    assert post(board, mid, advance="1", **{"from": "planlagt"}).status_int == 403
    assert post(board, mid, add_item="1", title="x").status_int == 403


def test_the_calendar_feed_shows_the_users_meetings_to_outlook(as_role, app, engine, users, db):
    from rsi_case.meetings import services

    sek = as_role("sekretariat")
    new_meeting(sek, date="10-12-2026", start="13:00", end="16:00", title="Styregruppemøde december")
    page = as_role("styregruppe").get("/meetings").text
    feed = re.search(r"http://localhost(/calendar/\d+/[0-9a-f]+\.ics)", page).group(1)
    anonymous = app  # Outlook has no session: the address is the key
    import webtest

    r = webtest.TestApp(anonymous, extra_environ={"HTTP_HOST": "localhost"}).get(feed)
    assert r.content_type == "text/calendar"
    events = [c for c in Calendar.from_ical(r.body).walk() if c.name == "VEVENT"]
    assert len(events) == 1 and str(events[0]["summary"]) == "Styregruppemøde december"
    assert events[0].decoded("dtstart") == dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC)  # 13:00 in Copenhagen
    assert str(events[0]["location"]) == "Dampfærgevej 22"
    # a wrong or old key finds nothing; a new password gives a new address
    webtest.TestApp(anonymous, extra_environ={"HTTP_HOST": "localhost"}).get(feed[:-8] + "0000.ics", status=303)
    board = as_role("styregruppe")
    form = board.get("/account").forms["deform"]
    form["current_password"] = PASSWORD
    form["new_password"] = form["new_password-confirm"] = "et-helt-nyt-kodeord-2026"
    form.submit("save")
    webtest.TestApp(anonymous, extra_environ={"HTTP_HOST": "localhost"}).get(feed, status=303)
    # a user without access to the meetings case sees no meetings in the feed
    from tests.conftest import add_user

    with db() as s:
        regional = add_user(s, "regionsbruger", "bruger")
        regional_id = regional.id
        token = services.calendar_token(app.registry.settings["rsi_case.secret"], regional)
    r = webtest.TestApp(anonymous, extra_environ={"HTTP_HOST": "localhost"}).get(f"/calendar/{regional_id}/{token}.ics")
    assert not [c for c in Calendar.from_ical(r.body).walk() if c.name == "VEVENT"]


def test_a_held_meeting_keeps_its_agenda_and_approved_minutes_keep_the_attendance(as_role, engine):
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Godkendelse af dagsorden", case="", recommendation="")
    for state in ("planlagt", "dagsorden_udsendt"):
        post(sek, mid, advance="1", **{"from": state})
    r = post(sek, mid, add_item="1", title="For sent", case="", recommendation="")
    assert "Mødet er afholdt: det kan ikke længere ændres." in r.follow().text
    with engine.connect() as conn:
        item = conn.execute(sa.text("SELECT id FROM agenda_items")).scalar_one()
        pid = conn.execute(sa.text("SELECT id FROM meeting_participants")).scalar_one()
    post(sek, mid, withdraw="1", item=str(item))
    assert count(engine, "SELECT COUNT(*) FROM agenda_items WHERE withdrawn = true OR title = 'For sent'") == 0
    post(sek, mid, attendance="1", present=str(pid))  # recorded after the meeting: allowed
    post(sek, mid, minutes="1")
    post(sek, mid, advance="1", **{"from": "afholdt"})
    assert count(engine, "SELECT COUNT(*) FROM meetings WHERE state = 'referat_godkendt'") == 1
    post(sek, mid, attendance="1")  # the minutes are approved: nobody leaves the meeting afterwards
    assert count(engine, "SELECT COUNT(*) FROM meeting_participants WHERE attended = true") == 1
    page = sek.get(f"/meetings/{mid}").text
    assert 'name="add_item"' not in page and 'name="attendance"' not in page and "(til stede)" in page


def test_an_item_about_a_confidential_case_does_not_show_that_case_to_others(as_role, make_case, db, users, engine):
    from rsi_case.cases.resources import find_case
    from rsi_case.meetings import services
    from rsi_case.security.models import User

    secret = make_case(title="Hemmelig fusion af datacentre", confidential=True)
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    with db() as s:
        meeting = s.get(__import__("rsi_case.meetings.models", fromlist=["Meeting"]).Meeting, mid)
        services.add_item(s, meeting, title="Forhandling om fusion", case=find_case(s, secret),
                          recommendation="Formanden bemyndiges til at forhandle.")
        assert s.get(User, users["admin"])
    # for whoever may not open the case it is a closed item: its number, nothing more
    for role in ("sekretariat", "styregruppe", "arkivar"):
        page = as_role(role).get(f"/meetings/{mid}")
        text = page.text
        assert "Hemmelig fusion" not in text and str(secret) not in text
        assert "Forhandling om fusion" not in text and "bemyndiges" not in text
        assert page.html.select_one(".closed-item h3").get_text(" ", strip=True) == "1. Lukket punkt"
    text = as_role("admin").get(f"/meetings/{mid}").text
    assert "Hemmelig fusion af datacentre" in text and "Forhandling om fusion" in text and "Lukket punkt" not in text


def test_the_meeting_pack_is_one_word_file_with_agenda_page_references_and_numbered_annexes(
        as_role, make_case, make_document, engine, tmp_path):
    from tests.office import check_package, flat, pages, pdf_text, read_back, to_pdf

    case = make_case(title="Fælles telefoni")
    paper = make_document(case, title="Beslutningsoplæg om telefoni", status="endelig",
                          body="<h2>Indstilling</h2><p>Sekretariatet indstiller, at aftalen godkendes.</p>")
    draft = make_document(case, title="Udkast til kontrakt", status="kladde", body="<p>Udkast.</p>")
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Godkendelse af dagsorden", case="", recommendation="")
    post(sek, mid, add_item="1", title="Aftalen om fælles telefoni", case=str(case),
         recommendation="Det indstilles, at styregruppen godkender aftalen.")
    post(sek, mid, add_item="1", title="Trukket punkt", case="", recommendation="")
    with engine.connect() as conn:
        items = dict(conn.execute(sa.text("SELECT title, id FROM agenda_items")).all())
        docs = dict(conn.execute(sa.text("SELECT title, id FROM documents")).all())
    sek.post(f"/meetings/{mid}", [("csrf_token", sek.csrf_token(f"/meetings/{mid}")), ("papers", "1"),
                                  ("item", str(items["Aftalen om fælles telefoni"])),
                                  ("document", str(docs["Beslutningsoplæg om telefoni"])),
                                  ("document", str(docs["Udkast til kontrakt"]))], status=303)
    post(sek, mid, withdraw="1", item=str(items["Trukket punkt"]))
    post(sek, mid, advance="1", **{"from": "planlagt"})
    post(sek, mid, add_item="1", title="Sent punkt", case="", recommendation="")
    assert f"/meetings/{mid}/pack.docx" in sek.get(f"/meetings/{mid}").text
    r = sek.get(f"/meetings/{mid}/pack.docx")
    check_package(r.body)
    d = read_back(r.body)
    starts = [p.text for p in d.paragraphs if p.style.name == "RSI Dokumentstart"]
    assert starts == ["Dagsorden", "Punkt 1: Godkendelse af dagsorden", "Punkt 2: Aftalen om fælles telefoni",
                      "Bilag 2.1: Beslutningsoplæg om telefoni", "Bilag 2.2: Udkast til kontrakt", "Punkt 3: Sent punkt"]
    agenda = [p for p in d.paragraphs if p.style.name == "TOC 1"]
    # (number, tab, title: the title wraps under itself, the page number ends its last line)
    assert [p.text.split("\t")[:2] for p in agenda][2][0] == "3."
    assert [p.text.split("\t")[:2] for p in agenda][2][1].startswith("Sent punkt (tilføjet efter")
    assert all("PAGEREF" in p._p.xml for p in agenda) and "Trukket punkt" not in "".join(p.text for p in d.paragraphs)
    text = pdf_text(to_pdf(r.body, tmp_path))
    assert re.search(r"2\.\s+Aftalen om fælles telefoni\.+\s*(\d+)", text)
    assert "Sekretariatet indstiller, at aftalen godkendes." in text and "Side" in flat(text)
    assert pages(tmp_path / "export.pdf") >= 5
    # the board's pack leaves out the draft paper
    board = read_back(as_role("styregruppe").get(f"/meetings/{mid}/pack.docx").body)
    board_starts = [p.text for p in board.paragraphs if p.style.name == "RSI Dokumentstart"]
    assert "Bilag 2.1: Beslutningsoplæg om telefoni" in board_starts
    assert not any("Udkast til kontrakt" in s for s in board_starts) and str(draft) and str(paper)


def test_an_item_is_corrected_until_the_meeting_is_held_and_bad_input_is_kept(as_role, make_case, make_document,
                                                                              engine):
    sek = as_role("sekretariat")
    lab = make_case(title="Fælles udbud af laboratoriesystem")
    other = make_case(title="Fælles telefoni")
    paper = make_document(lab, title="Beslutningsoplæg", status="endelig")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Laboratoriesystem", case=str(lab), recommendation="Godkend udbuddet.")
    with engine.connect() as conn:
        item, doc = conn.execute(sa.text("SELECT a.id, d.id FROM agenda_items a, documents d")).one()
    post(sek, mid, papers="1", item=str(item), document=str(doc))
    r = post(sek, mid, edit_item="1", item=str(item), title="Laboratoriesystem – udbud", case=str(lab),
             recommendation="Det indstilles, at styregruppen godkender udbudsmaterialet.")
    assert "Punktet er gemt." in r.follow().text
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT title, recommendation, case_id FROM agenda_items")).one()
        papers = conn.execute(sa.text("SELECT COUNT(*) FROM agenda_papers")).scalar()
    assert row[:2] == ("Laboratoriesystem – udbud", "Det indstilles, at styregruppen godkender udbudsmaterialet.")
    assert papers == 1 and paper
    # a bad case or an empty title: explained, and what was typed is kept
    r = post(sek, mid, edit_item="1", item=str(item), title="Nyt navn", case="62947/09", recommendation="Ny tekst")
    assert r.status_int == 400 and "Der er ingen sag 62947/09, som du må åbne." in r.text
    assert 'value="Nyt navn"' in r.text and ">Ny tekst</textarea>" in r.text
    r = post(sek, mid, edit_item="1", item=str(item), title=" ", case=str(lab), recommendation="Ny tekst")
    assert r.status_int == 400 and "Giv dagsordenspunktet en titel." in r.text
    # another case: the old case's papers go
    post(sek, mid, edit_item="1", item=str(item), title="Telefoni", case=str(other), recommendation="")
    assert count(engine, "SELECT COUNT(*) FROM agenda_papers") == 0
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting_edit' AND CAST(detail AS TEXT) LIKE '%edited%'") == 2
    for state in ("planlagt", "dagsorden_udsendt"):
        post(sek, mid, advance="1", **{"from": state})
    r = post(sek, mid, edit_item="1", item=str(item), title="For sent", case="", recommendation="")
    assert "Mødet er afholdt: det kan ikke længere ændres." in r.follow().text
    assert count(engine, "SELECT COUNT(*) FROM agenda_items WHERE title = 'Telefoni'") == 1


def test_advisers_and_guests_are_invited_and_named_in_the_minutes(as_role, engine):
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Eventuelt", case="", recommendation="")
    r = post(sek, mid, add_participant="1", name="  Lars Krogsgaard, it-direktør,  Region Midtjylland ", role="raadgiver")
    assert "Lars Krogsgaard, it-direktør, Region Midtjylland er tilføjet deltagerne." in r.follow().text
    post(sek, mid, add_participant="1", name="Mads Gæst", role="gaest")
    # nonsense is explained, and what was typed is kept
    r = post(sek, mid, add_participant="1", name="", role="raadgiver")
    assert r.status_int == 400 and "Skriv deltagerens navn" in r.text
    r = post(sek, mid, add_participant="1", name="Pia Thorsen", role="formand")
    assert r.status_int == 400 and "Vælg, om deltageren er medlem, rådgiver eller gæst." in r.text
    assert 'value="Pia Thorsen"' in r.text
    r = post(sek, mid, add_participant="1", name="mads gæst", role="gaest")
    assert r.status_int == 400 and "mads gæst står allerede på listen." in r.text
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, name, role FROM meeting_participants WHERE meeting_id = :m ORDER BY id"),
                            {"m": mid}).all()
    assert [(n, role) for _i, n, role in rows] == [
        ("Test Styregruppe", "medlem"), ("Lars Krogsgaard, it-direktør, Region Midtjylland", "raadgiver"),
        ("Mads Gæst", "gaest")]
    guest = rows[2][0]
    assert "Mads Gæst er fjernet fra deltagerne." in post(sek, mid, remove_participant="1",
                                                           participant=str(guest)).follow().text
    assert post(sek, mid, remove_participant="1", participant=str(guest)).status_int == 404
    page = sek.get(f"/meetings/{mid}").text
    assert "(rådgiver)" in page
    for state in ("planlagt", "dagsorden_udsendt"):
        post(sek, mid, advance="1", **{"from": state})
    # held: who was invited is part of the record; a late adviser can still be added until the minutes are approved
    r = post(sek, mid, remove_participant="1", participant=str(rows[1][0]))
    assert "Mødet er afholdt: det kan ikke længere ændres." in r.follow().text
    post(sek, mid, attendance="1", present=[str(rows[0][0]), str(rows[1][0])])
    post(sek, mid, minutes="1")
    with engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body_html FROM documents WHERE kind = 'moedereferat'")).scalar_one()
    assert "Test Styregruppe, Lars Krogsgaard, it-direktør, Region Midtjylland (rådgiver)" in body
    post(sek, mid, advance="1", **{"from": "afholdt"})
    r = post(sek, mid, add_participant="1", name="For sent", role="gaest")
    assert "Mødet er referat godkendt: det kan ikke længere ændres." in r.follow().text
