"""Demo: a request for access from the press about the joint telephony
project (24/2213), received four working days before the demo is loaded, so
the front page shows it with the rest of its seven working days left; two of
the case's documents are decided, the rest wait."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..aktindsigt import services, workdays
from ..cases.resources import find_case
from ..documents.models import Document
from ..numbering import CaseNumber

REQUEST = {
    "case": "24/2213",
    "by": "lhj",
    "requester_name": "Jonas Kragh, Dagens Medicin",
    "requester_contact": "jonas.kragh@dagensmedicin.example",
    "press": True,
    "subject": "Aktindsigt i sagen om fælles telefoni for regionerne: kontrakten med leverandøren, "
               "implementeringsplanen og styregruppens beslutninger om den fælles platform.",
    # (the n-th document of the case in number order, decision, ground, note)
    "decisions": [
        (0, "fuld", "", ""),
        (1, "delvis", "p30_2", "Leverandørens enhedspriser og rabatstruktur undtages; resten udleveres."),
    ],
}


def _working_days_before(day: dt.date, n: int) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if workdays.is_working_day(day):
            n -= 1
    return day


def load(db, users: dict, today: dt.date) -> None:
    user = users[REQUEST["by"]]
    case = find_case(db, CaseNumber.parse(REQUEST["case"]))
    access = services.register(db, user, requester_name=REQUEST["requester_name"],
                               requester_contact=REQUEST["requester_contact"], press=REQUEST["press"],
                               received_on=_working_days_before(today, 4), subject=REQUEST["subject"], cases=[case])
    documents = db.execute(sa.select(Document).where(Document.case_id == case.id)
                           .order_by(Document.year, Document.seq)).scalars().all()
    entries = {documents[i].id: services.Entry(decision, ground, note) for i, decision, ground, note in
               REQUEST["decisions"]}
    services.decide(db, access, user, entries, {d.id: d for d in documents})
