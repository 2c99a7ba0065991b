"""The home page shows the next board meeting (date dd-mm-yyyy, time, place,
status, the pack as sent once it is sent) to everyone who may see the
board's meetings — and nothing of it to anyone else."""

from __future__ import annotations

import datetime as dt

from rsi_case.i18n import today
from rsi_case.security.models import User
from tests.conftest import Browser, add_user
from tests.functional.test_meeting_packs import send


def _meeting(db, users, day: dt.date, title: str, state="planlagt", hour=13) -> int:
    from rsi_case.meetings import services

    with db() as s:
        admin = s.get(User, users["admin"])
        starts = dt.datetime.combine(day, dt.time(hour), tzinfo=services.LOCAL).astimezone(dt.UTC)
        meeting = services.create_meeting(s, admin, title=title, starts_at=starts, place="Dampfærgevej 22", members=[])
        meeting.state = state
        services.add_item(s, meeting, title="Godkendelse af dagsorden")
        return meeting.id


def next_card(page):
    return page.html.select_one(".next-meeting")


def test_the_board_sees_its_next_meeting_and_then_the_pack_as_sent(as_role, db, users):
    now = today()
    _meeting(db, users, now - dt.timedelta(days=1), "Mødet i går", state="planlagt")  # past, never marked held
    _meeting(db, users, now, "Mødet i morges", state="afholdt", hour=0)  # today, but held already
    soon = _meeting(db, users, now + dt.timedelta(days=7), "Styregruppemøde om telefoni")
    _meeting(db, users, now + dt.timedelta(days=30), "Mødet om en måned")
    board = as_role("styregruppe")
    card = next_card(board.get("/"))
    assert card is not None
    text = " ".join(card.get_text(" ", strip=True).split())
    assert "Næste møde" in text and "Styregruppemøde om telefoni" in text
    assert (now + dt.timedelta(days=7)).strftime("%d-%m-%Y") + " kl. 13:00" in text
    assert "Dampfærgevej 22" in text and "planlagt" in text
    assert card.select_one(f"a[href$='/meetings/{soon}']") is not None
    assert card.select_one("a[href*='/sendings/']") is None  # nothing sent yet
    # the secretariat sends the pack: the board's home page now links it, with the new status
    sek = as_role("sekretariat")
    send(sek, soon)
    card = next_card(board.get("/"))
    assert "dagsorden udsendt" in card.get_text(" ", strip=True)
    link = card.select_one("a[href*='/sendings/']")["href"]
    docx = board.get(link)
    assert docx.content_type.endswith("wordprocessingml.document") and docx.body[:2] == b"PK"
    for role in ("sekretariat", "arkivar", "admin"):
        assert "Styregruppemøde om telefoni" in next_card(as_role(role).get("/")).text, role


def test_no_next_meeting_for_those_who_may_not_see_the_meetings(app, as_role, db, users):
    _meeting(db, users, today() + dt.timedelta(days=7), "Styregruppemøde om telefoni")
    with db() as s:
        add_user(s, "ekstern", "bruger", full_name="Ekstern Projektleder")
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("ekstern")
    page = b.get("/")
    assert next_card(page) is None and "Styregruppemøde" not in page.text


def test_no_card_when_no_meeting_is_ahead(as_role, db, users):
    _meeting(db, users, today() - dt.timedelta(days=3), "Mødet i sidste uge", state="afholdt")
    assert next_card(as_role("styregruppe").get("/")) is None
