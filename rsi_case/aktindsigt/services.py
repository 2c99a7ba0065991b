"""Registering a request for access, the documents it concerns, and the
decisions on them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from ..cases.models import Case, CaseGrant
from ..cases.resources import visible_cases_clause
from ..cases.services import create_case, make_confidential
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..i18n import today as danish_today
from ..vocab import ACCESS_DECISIONS, ACCESS_GROUNDS, ACCESS_LIMITING
from . import workdays
from .models import AccessDecision, AccessRequest, AccessRequestCase

MAX_CASES = 50


def case_title(subject: str, limit: int = 120) -> str:
    """The request case's title: "Aktindsigt: " and the start of what is asked, cut at a word
    (not the requester's name: a request's case is listed like any case)."""
    words = " ".join(subject.split())
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:–-") + " …"
    if not words:
        return "Aktindsigt"
    if words.lower().startswith("aktindsigt"):  # "Aktindsigt i …" says it already
        return words[:1].upper() + words[1:]
    return f"Aktindsigt: {words}"


def register(db, user, *, requester_name: str, requester_contact: str, press: bool, received_on: dt.date,
             subject: str, cases: list[Case]) -> AccessRequest:
    """The request becomes a case of its own (kind *aktindsigt*). When a case it
    concerns is confidential, so is the request's case, and those who may see
    the confidential case (its grants) are the ones who may handle the request:
    the request's case must not tell anyone else that the case exists."""
    title = case_title(subject)
    case = create_case(db, user=user, title=title, description=subject, category="aktindsigt", status="aaben",
                       opened_on=received_on, responsible_id=user.id)
    if any(c.confidential for c in cases):
        make_confidential(case, user, responsible_id=user.id)
        have = {(g.principal, g.role) for g in case.grants}
        for concerned in cases:
            if not concerned.confidential:
                continue
            for grant in concerned.grants:
                if (grant.principal, grant.role) not in have:
                    case.grants.append(CaseGrant(principal=grant.principal, role=grant.role, granted_by_id=user.id))
                    have.add((grant.principal, grant.role))
    request = AccessRequest(case=case, requester_name=requester_name, requester_contact=requester_contact,
                            press=press, received_on=received_on, subject=subject,
                            deadline=workdays.deadline(received_on), created_by_id=user.id)
    request.concerned = [AccessRequestCase(case_id=c.id) for c in cases]
    db.add(request)
    db.flush()
    return request


def for_case(db, case: Case) -> AccessRequest | None:
    return db.execute(sa.select(AccessRequest).where(AccessRequest.case_id == case.id)).scalar_one_or_none()


def days_left(request: AccessRequest, today: dt.date | None = None) -> int:
    """Working days from today to the deadline: 0 on the day, negative when overdue."""
    return workdays.working_days_between(today or danish_today(), request.deadline)


def open_requests(db, user, limit: int = 50) -> list[AccessRequest]:
    """Open requests whose case ``user`` may see, nearest deadline first."""
    return db.execute(
        sa.select(AccessRequest).join(Case, Case.id == AccessRequest.case_id)
        .where(visible_cases_clause(user), AccessRequest.status == "aaben")
        .order_by(AccessRequest.deadline, AccessRequest.id).limit(limit)).scalars().all()


def all_requests(db, user, limit: int = 500) -> list[AccessRequest]:
    return db.execute(
        sa.select(AccessRequest).join(Case, Case.id == AccessRequest.case_id)
        .where(visible_cases_clause(user))
        .order_by(AccessRequest.received_on.desc(), AccessRequest.id.desc()).limit(limit)).scalars().all()


def concerned_cases(db, user, request: AccessRequest) -> list[Case]:
    """The cases the request concerns that ``user`` may see."""
    ids = [rc.case_id for rc in request.concerned]
    if not ids:
        return []
    return db.execute(sa.select(Case).where(Case.id.in_(ids), visible_cases_clause(user))
                      .order_by(Case.year, Case.seq)).scalars().all()


def documents(db, user, request: AccessRequest) -> list[Document]:
    """Every document of the concerned cases that ``user`` may see, case by case, in number order."""
    cases = concerned_cases(db, user, request)
    if not cases:
        return []
    return db.execute(
        sa.select(Document).where(Document.case_id.in_([c.id for c in cases]), visible_documents_clause(user))
        .order_by(Document.case_id, Document.year, Document.seq)).scalars().all()


def decisions(db, request: AccessRequest) -> dict[int, AccessDecision]:
    return {d.document_id: d for d in db.execute(
        sa.select(AccessDecision).where(AccessDecision.request_id == request.id)).scalars()}


@dataclasses.dataclass
class Entry:
    decision: str
    ground: str = ""
    note: str = ""
    extended: bool = False
    extracted: bool = False


def problems(entry: Entry) -> dict[str, str]:
    """Field -> what is wrong (message ids; the view translates them)."""
    found = {}
    if entry.decision not in ACCESS_DECISIONS:
        found["decision"] = "access-decision-unknown"
    if entry.ground and entry.ground not in ACCESS_GROUNDS:
        found["ground"] = "access-ground-unknown"
    elif entry.decision in ACCESS_LIMITING and not entry.ground:
        found["ground"] = "access-ground-missing"
    elif entry.decision in ("fuld", "ikke_omfattet") and entry.ground:
        found["ground"] = "access-ground-not-wanted"
    return found


@dataclasses.dataclass
class Change:
    document: Document
    old: str
    new: str


def decide(db, request: AccessRequest, user, entries: dict[int, Entry], documents_by_id: dict[int, Document]
           ) -> list[Change]:
    """Record the decisions (only those that differ from what is recorded); each
    remembers who decided and the document's version at that moment."""
    have = decisions(db, request)
    changes = []
    for document_id, entry in entries.items():
        document = documents_by_id[document_id]
        current = have.get(document_id)
        values = dataclasses.asdict(entry)
        if current is not None and all(getattr(current, k) == v for k, v in values.items()) \
                and current.document_version == document.version:
            continue
        old = current.decision if current is not None else ""
        if current is None:
            current = AccessDecision(request_id=request.id, document_id=document_id)
            db.add(current)
        for key, value in values.items():
            setattr(current, key, value)
        current.document_version = document.version
        current.decided_by_id = user.id
        current.decided_at = dt.datetime.now(dt.timezone.utc)
        changes.append(Change(document, old, entry.decision))
    db.flush()
    return changes


def changed_since_decided(decision: AccessDecision | None, document: Document) -> bool:
    """A document saved again after its decision: the decision must be looked at again."""
    return decision is not None and document.version != decision.document_version


def missing_decisions(db, user, request: AccessRequest) -> int:
    have = decisions(db, request)
    return sum(1 for d in documents(db, user, request) if d.id not in have)
