"""Demo: the board's meetings of 2026, made from the agendas in the meetings
case 26/0057 (their numbered headings are the agenda items); items about a
joint project point to its case and carry its recent papers.

The calendar follows the day the demo is loaded (``today``), so a newcomer
never sees a "next" meeting that is already past: a meeting of the story
before ``today`` is held (its decisions and minutes follow in
demo/decisions.py; an earlier held meeting's minutes are approved by the
next one), one on or after ``today`` is planned (its agenda sent in the
week before it), and when the story's meetings are all past, the next two
meetings are planned after ``today`` — on Thursdays, not in the Christmas
weeks — in the meetings case of their year.

The story itself is not moved: its records keep their dates and their
year-based numbers (26/0057, 33820/26, B-2026-017 — the numbering rules
tie a number to the year it was made, and the README and tests name them),
so only what happens after it follows the load day."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..cases.resources import find_case
from ..documents.models import Document
from ..numbering import CaseNumber
from ..security.models import User

MEETINGS_CASE = "26/0057"
PLACE = "Danske Regioner, Dampfærgevej 22, 2100 København Ø"
# agenda document -> date of the meeting; the story was written on STORY_DAY, when the first four
# were held (three with approved minutes) and November's agenda had gone out (``state_on``)
STORY_DAY = dt.date(2026, 11, 20)
AGENDAS = {
    "09010/26": dt.date(2026, 2, 26),
    "19080/26": dt.date(2026, 4, 23),
    "29160/26": dt.date(2026, 6, 18),
    "46800/26": dt.date(2026, 9, 24),
    "58140/26": dt.date(2026, 11, 26),
}
# words in an item's title -> the case it is about
TOPICS = [("telefoni", "24/2213"), ("genomdata", "26/0211"), ("integrationsplatforme", "23/1876"),
          ("PACS/RIS", "19/2540"), ("talegenkendelse", "25/1290"), ("sikkerhedscenter", "21/0967"),
          ("følg eller forklar", None)]
# a closed item ("Lukket punkt" in the agenda document): the item as its case's readers see it — the
# confidential case 25/1877 (demo/access.py), whose owners and admin read it; for everyone else it stays
# "Lukket punkt" on the meeting page, in the pack as sent and in search (meetings.access)
CLOSED = {"58140/26": dict(
    title="Forlig med leverandøren af PACS/RIS om forsinkelsesbod", case="25/1877", papers=["48810/25"],
    recommendation=("Det indstilles, at styregruppen bemyndiger formanden til at indgå forlig med leverandøren "
                    "på mindst 9 mio. kr."))}
ITEM = re.compile(r"<h2>\s*\d+\.\s*(.*?)\s*(?:\((beslutning|drøftelse|orientering)\))?\s*</h2>(.*?)(?=<h2>|$)", re.S)
RECOMMENDATION = re.compile(r"<strong>\s*Indstilling:?\s*</strong>:?\s*(.*?)</p>", re.S)


NEXT_AGENDA = [("Godkendelse af dagsorden og referat", "Det indstilles, at dagsordenen og referatet godkendes."),
               ("Meddelelser", ""), ("Eventuelt", "")]


def state_on(day: dt.date, today: dt.date, later_held: bool) -> str:
    """A story meeting's state seen from ``today``: held before it (its minutes
    approved once a later meeting is held too), planned from it on (the agenda
    goes out a week before the meeting)."""
    if day < today:
        return "referat_godkendt" if later_held else "afholdt"
    return "dagsorden_udsendt" if day - dt.timedelta(days=7) <= today else "planlagt"


def next_thursdays(today: dt.date, n: int = 2) -> list[dt.date]:
    """The board's next ``n`` meeting days after the story: the first Thursday at
    least two weeks ahead, then eight weeks apart, none between 20 December and 6 January."""
    days, day = [], today + dt.timedelta(days=14)
    while len(days) < n:
        day += dt.timedelta(days=(3 - day.weekday()) % 7)
        if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6):
            day = dt.date(day.year + (day.month == 12), 1, 7)
            continue
        days.append(day)
        day += dt.timedelta(weeks=8)
    return days


def load(db, users: dict, today: dt.date | None = None) -> int:
    from ..i18n import today as danish_today
    from ..meetings import services

    today = today or danish_today()

    case = find_case(db, CaseNumber.parse(MEETINGS_CASE))
    services.register_meetings_case(db, 2026, case)
    secretary = users["sekretariat"]
    board = db.execute(sa.select(User).where(User.role == "styregruppe").order_by(User.full_name)).scalars().all()
    local = ZoneInfo("Europe/Copenhagen")
    n = 0
    days = list(AGENDAS.values())
    for number, day in AGENDAS.items():
        state = state_on(day, today, later_held=any(day < other < today for other in days))
        seq, year = number.split("/")
        agenda = db.execute(sa.select(Document).where(Document.case_id == case.id, Document.seq == int(seq),
                                                      Document.year == 2000 + int(year))).scalar_one()
        start = dt.datetime.combine(day, dt.time(13, 0), tzinfo=local).astimezone(dt.UTC)
        meeting = services.create_meeting(db, secretary, title="Styregruppemøde", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=3), place=PLACE, members=board)
        for title, _kind, body in ITEM.findall(agenda.body_html):
            title = re.sub(r"<[^>]+>", "", title).strip()
            if title == "Lukket punkt" and number in CLOSED:
                _closed_item(db, meeting, CLOSED[number])
                continue
            about = next((c for word, c in TOPICS if word.lower() in title.lower()), None)
            item_case = find_case(db, CaseNumber.parse(about)) if about else None
            rec = RECOMMENDATION.search(body)
            item = services.add_item(db, meeting, title=title, case=item_case,
                                     recommendation=re.sub(r"<[^>]+>", "", rec.group(1)).strip() if rec else "")
            if item_case is not None:  # its papers: the case's documents of the two months before
                papers = db.execute(sa.select(Document.id).where(
                    Document.case_id == item_case.id, Document.doc_date <= day,
                    Document.doc_date > day - dt.timedelta(days=60)).order_by(Document.doc_date)).scalars().all()
                services.set_papers(db, item, list(papers))
        meeting.state = state
        if state in ("afholdt", "referat_godkendt"):
            for i, p in enumerate(meeting.participants):
                p.attended = not (number == "19080/26" and i == 2)  # one apology in April
        meeting.created_at = meeting.updated_at = start - dt.timedelta(days=30)
        n += 1
    db.flush()
    return n


def load_next(db, users: dict, today: dt.date) -> int:
    """When the story's meetings are all past, the board meets again: the next
    two meetings, planned, with the standing items. A year without a meetings
    case gets one, created on ``today`` (after the number series are set, so
    it takes the next number of ``today``'s year, as any new case)."""
    from ..cases.services import create_case
    from ..meetings import services
    from ..meetings.models import MeetingCase

    if max(AGENDAS.values()) >= today:
        return 0
    secretary = users["sekretariat"]
    board = db.execute(sa.select(User).where(User.role == "styregruppe").order_by(User.full_name)).scalars().all()
    local = ZoneInfo("Europe/Copenhagen")
    days = next_thursdays(today)
    for day in days:
        if db.get(MeetingCase, day.year) is None:
            case = create_case(db, user=secretary, today=today, title=f"Styregruppemøder {day.year}",
                               category="egen_drift", status="aaben", responsible_id=secretary.id,
                               description=(f"Styregruppens møder i {day.year}: dagsordener, mødemapper, "
                                            "referater og beslutninger."))
            services.register_meetings_case(db, day.year, case)
        start = dt.datetime.combine(day, dt.time(13, 0), tzinfo=local).astimezone(dt.UTC)
        meeting = services.create_meeting(db, secretary, title="Styregruppemøde", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=3), place=PLACE, members=board)
        for title, recommendation in NEXT_AGENDA:
            services.add_item(db, meeting, title=title, recommendation=recommendation)
    db.flush()
    return len(days)


def _closed_item(db, meeting, spec: dict) -> None:
    from ..documents.resources import find_document
    from ..meetings import services
    from ..numbering import DocumentNumber

    item = services.add_item(db, meeting, title=spec["title"], case=find_case(db, CaseNumber.parse(spec["case"])),
                             recommendation=spec["recommendation"])
    services.set_papers(db, item, [find_document(db, DocumentNumber.parse(n)).id for n in spec["papers"]])
