"""The demo's calendar follows the day it is loaded: loaded on any day, the
meetings before it are held (the story's with their minutes and decisions),
and the next meeting the home page names lies ahead, planned — never a past
meeting still "dagsorden udsendt". The story keeps its numbers (26/0057,
B-2026-…): only what comes after it moves with the load day."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.db import get_engine
from rsi_case.demo import meetings as demo_meetings
from rsi_case.demo.loader import load_demo
from tests.conftest import settings_for
from tests.functional.test_demo import login


def test_the_story_day_gives_the_story_as_written():
    """On the day the story was written: three approved, September held, November's agenda sent."""
    days = list(demo_meetings.AGENDAS.values())
    states = [demo_meetings.state_on(d, demo_meetings.STORY_DAY,
                                     any(d < o < demo_meetings.STORY_DAY for o in days)) for d in days]
    assert states == ["referat_godkendt"] * 3 + ["afholdt", "dagsorden_udsendt"]


def test_the_next_meeting_days_are_thursdays_ahead_and_not_at_christmas():
    for today in (dt.date(2026, 12, 4), dt.date(2027, 3, 10), dt.date(2030, 12, 28), dt.date(2031, 6, 30)):
        days = demo_meetings.next_thursdays(today)
        assert len(days) == 2 and all(d.weekday() == 3 and d >= today + dt.timedelta(days=14) for d in days)
        assert not any((d.month, d.day) >= (12, 20) or (d.month, d.day) <= (1, 6) for d in days), days
    assert demo_meetings.next_thursdays(dt.date(2026, 12, 4))[0] == dt.date(2027, 1, 7)


@pytest.mark.parametrize("today", [dt.date(2027, 3, 10), dt.date(2030, 12, 28)])
def test_loaded_on_a_later_day_the_past_is_held_and_the_next_meeting_is_ahead(today, tmp_path, database_url,
                                                                               monkeypatch):
    settings = settings_for(tmp_path, database_url)
    engine = get_engine(settings)
    load_demo(engine, settings, today=today)
    engine.dispose()
    app = main({}, **settings)
    start_of_today = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    with app.registry["db.engine"].connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT m.starts_at, m.state, m.minutes_document_id, c.year, "
            "(SELECT COUNT(*) FROM decisions d WHERE d.meeting_id = m.id AND d.seq IS NOT NULL) "
            "FROM meetings m JOIN cases c ON c.id = m.case_id ORDER BY m.starts_at")).all()
        story_numbers = conn.execute(sa.text(
            "SELECT COUNT(*) FROM decisions WHERE year = 2026 AND seq = 17")).scalar_one()
    past = [r for r in rows if str(r[0]) < start_of_today]
    ahead = [r for r in rows if str(r[0]) >= start_of_today]
    assert all(state in ("afholdt", "referat_godkendt") for _s, state, *_r in past)
    # the story's meetings (2026) are all past on these days: each has its minutes and numbered decisions
    story = [r for r in past if str(r[0]).startswith("2026")]
    assert len(story) == 5 and all(minutes is not None and decided >= 3 for _s, _st, minutes, _y, decided in story)
    assert [state for _s, state, *_r in story] == ["referat_godkendt"] * 4 + ["afholdt"]  # November's just held
    assert story_numbers == 1  # the story keeps its decision numbers (B-2026-017 in June)
    # ahead: two planned meetings, nothing decided, filed in the meetings case of their own year
    assert len(ahead) == 2 and all(state == "planlagt" and decided == 0 for _s, state, _m, _y, decided in ahead)
    assert all(year == today.year for _s, _st, _m, year, _d in ahead)  # the case made on the load day
    # the home page, on that day, names the first of them as the next meeting
    from rsi_case.meetings import upcoming

    monkeypatch.setattr(upcoming, "danish_today", lambda: today)
    card = login(app, "styregruppe").get("/").html.select_one(".next-meeting")
    first = dt.datetime.fromisoformat(str(ahead[0][0])).replace(tzinfo=dt.UTC).astimezone(upcoming.LOCAL).date()
    assert first > today and first.strftime("%d-%m-%Y") in card.get_text(" ", strip=True)
    assert "planlagt" in card.get_text(" ", strip=True)
