"""Demo: the board's meetings of 2026, made from the agendas in the meetings
case 26/0057 (their numbered headings are the agenda items); items about a
joint project point to its case and carry its recent papers."""

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
# agenda document -> (date of the meeting, state)
AGENDAS = {
    "09010/26": (dt.date(2026, 2, 26), "referat_godkendt"),
    "19080/26": (dt.date(2026, 4, 23), "referat_godkendt"),
    "29160/26": (dt.date(2026, 6, 18), "referat_godkendt"),
    "46800/26": (dt.date(2026, 9, 24), "afholdt"),
    "58140/26": (dt.date(2026, 11, 26), "dagsorden_udsendt"),
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


def load(db, users: dict) -> int:
    from ..meetings import services

    case = find_case(db, CaseNumber.parse(MEETINGS_CASE))
    services.register_meetings_case(db, 2026, case)
    secretary = users["sekretariat"]
    board = db.execute(sa.select(User).where(User.role == "styregruppe").order_by(User.full_name)).scalars().all()
    local = ZoneInfo("Europe/Copenhagen")
    n = 0
    for number, (day, state) in AGENDAS.items():
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


def _closed_item(db, meeting, spec: dict) -> None:
    from ..documents.resources import find_document
    from ..meetings import services
    from ..numbering import DocumentNumber

    item = services.add_item(db, meeting, title=spec["title"], case=find_case(db, CaseNumber.parse(spec["case"])),
                             recommendation=spec["recommendation"])
    services.set_papers(db, item, [find_document(db, DocumentNumber.parse(n)).id for n in spec["papers"]])
