"""Demo: the board's decisions.

- The meetings of 2026 (demo/meetings.py): every item of a held meeting gets
  the decision its written minutes record (or, without one, a decision worded
  from its recommendation); those minutes become the meeting's minutes (a
  meeting held after the story had none written: the app makes them, as the
  secretariat's *Dan referatet* does), and approved ones are frozen.
- Earlier years, as registered from the older system's decisions register:
  a board meeting three weeks after each decision paper, which decided on it
  (so "which decisions about joint procurement since 2015?" has answers).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..cases.models import Case
from ..cases.services import create_case
from ..documents.models import Document
from ..i18n import MONTHS
from .. import numbering
from ..numbering import CaseNumber
from ..security.models import User

LOCAL = ZoneInfo("Europe/Copenhagen")
PLACE = "Danske Regioner, Dampfærgevej 22, 2100 København Ø"
PLAIN = {"Meddelelser": "Styregruppen tog meddelelserne til efterretning.",
         "Eventuelt": "Der var intet under punktet."}


def decided(recommendation: str, title: str = "") -> str:
    """What the board decided, worded from the recommendation (``Det indstilles, at …``)."""
    if title in PLAIN:
        return PLAIN[title]
    text = re.sub(r"^(Det indstilles|Sekretariatet indstiller),?\s+at\s+", "", recommendation.strip()).rstrip(".")
    rules = (
        (r"^dagsordenen og referatet godkendes$", "Dagsordenen og referatet fra sidste møde blev godkendt."),
        (r"^styregruppen: (.*)$", r"Styregruppen tiltrådte indstillingen: \1."),
        (r"^styregruppen godkender,? at (.*)$", r"Styregruppen godkendte, at \1."),
        (r"^styregruppen godkender (.*)$", r"Styregruppen godkendte \1."),
        (r"^styregruppen tager (.*) til efterretning$", r"Styregruppen tog \1 til efterretning."),
        (r"^styregruppen drøfter (.*?)(?: og tager (.*) til efterretning)?$",
         r"Styregruppen drøftede \1. Sekretariatet arbejder videre på grundlag af drøftelsen."),
    )
    for pattern, wording in rules:
        if re.match(pattern, text, re.S):
            return re.sub(pattern, wording, text, flags=re.S)
    return "Styregruppen tiltrådte indstillingen." if text else "Styregruppen tog punktet til efterretning."


def load(db, users: dict) -> int:
    """Decisions and minutes for the meetings already loaded, and the earlier years' decisions."""
    from ..meetings import services
    from ..meetings.models import Meeting

    secretary = users["sekretariat"]
    n = 0
    for meeting in db.execute(sa.select(Meeting).order_by(Meeting.starts_at)).scalars():
        if meeting.state not in ("afholdt", "referat_godkendt"):
            continue
        minutes = _written_minutes(db, meeting)
        said = _decisions_in(minutes.body_html) if minutes is not None else {}
        final_state = meeting.state
        meeting.state = "dagsorden_udsendt"  # the decisions are recorded at the meeting …
        numbers = services.item_numbers(meeting)
        for item in services.active_items(meeting):
            text = said.get(numbers[item.id]) or decided(item.recommendation, item.title)
            services.record_decision(db, meeting, item, text, secretary)
            n += 1
        services.advance(db, meeting, secretary)  # … and numbered when it is held
        if minutes is not None:  # the minutes the secretariat wrote are the meeting's minutes
            meeting.minutes_document_id, meeting.minutes = minutes.id, minutes
        else:  # a meeting held after the story was written (demo/meetings.py): minutes made by the app
            services.generate_minutes(db, meeting, secretary, _danish().translate)
        if final_state == "referat_godkendt":
            services.advance(db, meeting, secretary)  # approved: final and frozen
    return n + _earlier_years(db, users)


def _danish():
    from pathlib import Path

    from pyramid.i18n import make_localizer

    return make_localizer("da", [str(Path(__file__).resolve().parents[1] / "locale")])


def _written_minutes(db, meeting) -> Document | None:
    """The minutes in the meetings case written for ``meeting`` ("Referat af styregruppemøde den 26. februar 2026")."""
    from ..meetings.services import meeting_day

    day = meeting_day(meeting)
    month = next(name for name, number in MONTHS.items() if number == day.month)
    title = f"Referat af styregruppemøde den {day.day}. {month} {day.year}"
    return db.execute(sa.select(Document).where(Document.case_id == meeting.case_id, Document.kind == "moedereferat",
                                                Document.title == title)).scalar_one_or_none()


def _decisions_in(body: str) -> dict[int, str]:
    """Item number -> what the written minutes say was decided: the "Beslutning:"
    paragraph, or else the item's text (e.g. "Dagsordenen og referatet blev godkendt.")."""
    out = {}
    for number, text in re.findall(r"<h2>\s*(\d+)\.[^<]*</h2>(.*?)(?=<h2>|$)", body, re.S):
        decision = re.search(r"<strong>\s*Beslutning:?\s*</strong>:?\s*(.*?)</p>", text, re.S)
        chosen = decision.group(1) if decision else text
        plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chosen)).strip()
        if plain:
            out[int(number)] = plain
    return out


def _earlier_years(db, users: dict) -> int:
    """A held meeting after each decision paper before 2026, with the paper as
    its item's annex and the board's decision on it."""
    from ..meetings import services
    from ..meetings.models import MeetingCase

    secretary = users["sekretariat"]
    board = db.execute(sa.select(User).where(User.role == "styregruppe").order_by(User.full_name)).scalars().all()
    papers = db.execute(sa.select(Document).where(Document.kind == "beslutningsoplaeg", Document.year < 2026)
                        .order_by(Document.doc_date)).scalars().all()
    n = 0
    for paper in papers:
        day = _thursday_after(paper.doc_date + dt.timedelta(days=21))
        year = day.year
        if db.get(MeetingCase, year) is None:  # the year's meetings case, under a number of its own year
            free = (db.execute(sa.select(sa.func.max(Case.seq)).where(Case.year == year)).scalar() or 0) + 1
            case = create_case(db, user=secretary, number=CaseNumber(year, free), title=f"Styregruppemøder {year}",
                               category="egen_drift", status="arkiveret" if year < 2020 else "lukket",
                               opened_on=dt.date(year, 1, 2), closed_on=dt.date(year, 12, 31),
                               description=f"Styregruppens møder i {year}: dagsordener, referater og beslutninger.",
                               responsible_id=secretary.id)
            services.register_meetings_case(db, year, case)
            if numbering.next_value(db, numbering.CASE_SERIES, year) <= free:  # the series goes on after it
                numbering.set_next_value(db, numbering.CASE_SERIES, year, free + 1)
        start = dt.datetime.combine(day, dt.time(13, 0), tzinfo=LOCAL).astimezone(dt.UTC)
        meeting = services.create_meeting(db, secretary, title="Styregruppemøde", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=3), place=PLACE, members=board)
        meeting.state = "dagsorden_udsendt"
        opening = services.add_item(db, meeting, title="Godkendelse af dagsorden og referat",
                                    recommendation="Det indstilles, at dagsordenen og referatet godkendes.")
        topic = paper.title.removeprefix("Beslutningsoplæg: ")
        recommendation = _recommendation(paper)
        item = services.add_item(db, meeting, title=topic, case=paper.case, recommendation=recommendation)
        services.set_papers(db, item, [paper.id])
        for it in (opening, item):
            services.record_decision(db, meeting, it, decided(it.recommendation, it.title), secretary)
            n += 1
        services.advance(db, meeting, secretary)
        meeting.state = "referat_godkendt"  # (the minutes are in the older system)
        for p in meeting.participants:
            p.attended = True
        meeting.created_at = meeting.updated_at = start - dt.timedelta(days=30)
    db.flush()
    return n


def _recommendation(paper: Document) -> str:
    """The paper's recommendation, with its numbered points if it has them."""
    body = paper.body_html or ""
    m = re.search(r"(Sekretariatet indstiller,? at [^<]*)", body)
    if not m:
        return "Det indstilles, at styregruppen godkender beslutningsoplægget."
    text = re.sub(r"\s+", " ", m.group(1)).strip()
    if text.endswith(":"):
        points = re.findall(r"<li>(.*?)</li>", body[m.end():m.end() + 4000].split("</ol>")[0], re.S)
        points = [re.sub(r"<[^>]+>|\s+", " ", p).strip().rstrip(";.,") for p in points]
        text += " " + "; ".join(f"{n}) {p}" for n, p in enumerate(points, start=1))
    return text


def _thursday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)
