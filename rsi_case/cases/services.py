"""Creating and changing cases: numbers, status rules."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .. import numbering
from ..i18n import _, today as danish_today
from ..numbering import CaseNumber
from ..vocab import CASE_TRANSITIONS
from .models import Case, CaseGrant, CaseRevision


class CaseNumberTaken(Exception):
    def __init__(self, number: CaseNumber):
        super().__init__(str(number))
        self.number = number
        self.message = _("case-number-taken", default="Case number ${number} is already in use.")
        self.mapping = {"number": str(number)}


def case_number_taken(dbsession, year: int, seq: int) -> bool:
    return dbsession.execute(
        sa.select(sa.literal(1)).where(Case.year == year, Case.seq == seq)
    ).first() is not None


def create_case(dbsession, *, user, number: CaseNumber | None = None, today: dt.date | None = None, **fields) -> Case:
    """Create a case under the next free number of this year, or under
    ``number`` (registering a historic case) when it is free."""
    today = today or danish_today()
    if number is not None:
        if case_number_taken(dbsession, number.year, number.seq):
            raise CaseNumberTaken(number)
        year, seq = number.year, number.seq
    else:
        year = today.year
        seq = numbering.allocate(dbsession, numbering.CASE_SERIES, year,
                                 lambda n: case_number_taken(dbsession, year, n))
    fields.setdefault("opened_on", today)
    case = Case(year=year, seq=seq, created_by_id=user.id if user else None, **fields)
    if case.status in ("lukket", "arkiveret") and case.closed_on is None:
        case.closed_on = today
    dbsession.add(case)
    dbsession.flush()
    record_case_revision(dbsession, case, user)
    return case


def allowed_statuses(current: str) -> tuple[str, ...]:
    return CASE_TRANSITIONS.get(current, (current,))


def change_status(case: Case, new_status: str, today: dt.date | None = None) -> None:
    if new_status not in allowed_statuses(case.status):
        raise ValueError(f"{case.status} -> {new_status} is not allowed")
    if new_status != case.status:
        if new_status in ("lukket", "arkiveret") and case.closed_on is None:
            case.closed_on = today or danish_today()
        if new_status == "aaben":
            case.closed_on = None
        case.status = new_status


def make_confidential(case: Case, user, responsible_id: int | None = None) -> None:
    """Mark a case confidential from its creation: its creator (and the
    responsible person) own it, so they keep access."""
    case.confidential = True
    owners = {user.id} if user.role != "admin" else set()
    if responsible_id:
        owners.add(responsible_id)
    for uid in sorted(owners):
        case.grants.append(CaseGrant(principal=f"user:{uid}", role="ejer", granted_by_id=user.id))


HISTORY_FIELDS = ("title", "description", "category", "status", "responsible_id", "lead_region",
                  "participating_regions", "opened_on", "closed_on", "confidential")


def case_snapshot(case: Case) -> dict:
    data = {}
    for field in HISTORY_FIELDS:
        value = getattr(case, field)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, (list, tuple, set)):
            value = sorted(value)
        data[field] = value
    return data


def record_case_revision(dbsession, case: Case, user) -> CaseRevision | None:
    """Keep the case's metadata after a save; returns None when nothing changed."""
    snapshot = case_snapshot(case)
    last = dbsession.execute(sa.select(CaseRevision).where(CaseRevision.case_id == case.id)
                             .order_by(CaseRevision.number.desc()).limit(1)).scalar_one_or_none()
    if last is not None and last.data == snapshot:
        return None
    changed = sorted(k for k in snapshot if last is None or last.data.get(k) != snapshot[k]) if last else []
    revision = CaseRevision(case_id=case.id, number=(last.number + 1) if last else 1, data=snapshot,
                            changed=changed, created_by_id=user.id if user else None)
    dbsession.add(revision)
    dbsession.flush()
    return revision
