"""Demo: the year's earlier requests for access, so the year's report has
something to count — answered on time, answered late, answered within a
deadline extended and told to the requester, and one still open with its
deadline extended and the letter filed in its case (the letter names the
journalist, so the insight page finds him in a document's text as well as
as a requester)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..aktindsigt import extension, services, workdays
from ..aktindsigt.extension_views import LETTER, LETTER_TITLE, letter_html
from ..cases.resources import find_case
from ..documents.models import Document
from ..documents.services import create_document
from ..export.documents import danish
from ..i18n import format_date
from ..numbering import CaseNumber

# (requester, press, received: calendar days before today, working days to answer (None: open),
#  extension: (working days after the original deadline, reason) or None, case, decisions)
REQUESTS = [
    ("Karen Mølgaard, Avisen Midt", True, 150, 4, None, "09/2867",
     [(0, "fuld", ""), (1, "fuld", ""), (2, "delvis", "p30_2")]),
    ("Peter Asmussen", False, 120, 7, None, "24/2213", [(0, "fuld", ""), (1, "afslag", "p24")]),
    ("Dansk Sygeplejeråd", False, 95, 15, (10, "Anmodningen omfatter over 200 dokumenter, og tre af dem skal i "
                                              "høring hos leverandøren efter offentlighedslovens § 30, nr. 2."),
     "09/2867", [(0, "fuld", ""), (1, "delvis", "p30_2"), (2, "afslag", "p23"), (3, "ikke_omfattet", "")]),
    ("Lene Thomsen", False, 60, 11, None, "24/2213", [(0, "fuld", "")]),
    ("Jonas Kragh, Dagens Medicin", True, 30, None, (12, "Dokumenterne om driftsaftalen skal i høring hos de "
                                                         "fem regioner, før der kan træffes afgørelse."),
     "09/2867", [(0, "fuld", "")]),
]


def _working_day_on_or_after(day: dt.date) -> dt.date:
    while not workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def load(db, users: dict, today: dt.date) -> None:
    user = users["lhj"]
    translate = danish()
    for name, press, days_ago, answer_days, extend, case_number, decisions in REQUESTS:
        received = _working_day_on_or_after(today - dt.timedelta(days=days_ago))
        case = find_case(db, CaseNumber.parse(case_number))
        subject = f"Aktindsigt i sag {case_number} {case.title}."
        access = services.register(db, user, requester_name=name, requester_contact="", press=press,
                                   received_on=received, subject=subject, cases=[case])
        documents = db.execute(sa.select(Document).where(Document.case_id == case.id)
                               .order_by(Document.year, Document.seq)).scalars().all()
        entries = {documents[i].id: services.Entry(decision, ground) for i, decision, ground in decisions
                   if i < len(documents)}
        services.decide(db, access, user, entries, {d.id: d for d in documents})
        if extend is not None:
            n, reason = extend
            # (the open one: extended to a day still ahead when the demo is loaded)
            new = workdays.add_working_days(access.deadline if answer_days is not None else max(access.deadline, today), n)
            letter = None
            if answer_days is None:  # the open one: its letter is filed in its case
                text = translate(LETTER, mapping={
                    "name": name.split(",")[0], "received": format_date(received), "subject": subject,
                    "reason": reason, "deadline": format_date(new), "case": str(access.case.number),
                    "sender": user.full_name})
                letter = create_document(db, case=access.case, user=user, title=translate(LETTER_TITLE),
                                         kind="notat", status="endelig", body_html=letter_html(text),
                                         author_name=user.full_name, doc_date=workdays.add_working_days(received, 6))
            extension.extend(db, access, user, new, reason, letter_document_id=letter.id if letter else None)
        if answer_days is not None:
            access.status = "besvaret"
            access.answered_on = workdays.add_working_days(received, answer_days)
            access.case.status, access.case.closed_on = "lukket", access.answered_on  # answered: the case is closed
    db.flush()
