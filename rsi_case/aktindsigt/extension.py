"""Extending the deadline of a request for access (offentlighedsloven § 36, stk. 2).

A request not answered within 7 working days must be told why, and when to
expect the answer. An extension moves the request's deadline
(``AccessRequest.deadline``: the dashboard, the lists and the overdue state
all read that one) and is kept as a row here with the deadline it replaced,
the reason, who and when, and the letter to the requester when one was sent
or filed. The original deadline is the first extension's ``previous_deadline``
(7 working days from receipt, ``workdays.deadline``)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User
from . import workdays
from .models import AccessRequest

MAX_REASON = 2000
MAX_LETTER = 20000
# an extension is counted in weeks, not years: a date further out is a typing error
MAX_CALENDAR_DAYS = 366


class AccessExtension(Base):
    """One extension of a request's deadline, with the deadline it replaced."""

    __tablename__ = "access_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("access_requests.id", ondelete="CASCADE"), nullable=False)
    previous_deadline: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    new_deadline: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    letter_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    mailed_to: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    created_by: Mapped[User | None] = relationship()
    letter_document: Mapped[Document | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("new_deadline > previous_deadline", name="access_extension_later"),
        sa.Index("ix_access_extensions_request", "request_id", "id"),
    )


def extensions(db, access: AccessRequest) -> list[AccessExtension]:
    return db.execute(sa.select(AccessExtension).where(AccessExtension.request_id == access.id)
                      .order_by(AccessExtension.id)).scalars().all()


def original_deadline(db, access: AccessRequest) -> dt.date:
    """The deadline before any extension (7 working days from receipt)."""
    first = db.execute(sa.select(AccessExtension.previous_deadline).where(AccessExtension.request_id == access.id)
                       .order_by(AccessExtension.id).limit(1)).scalar_one_or_none()
    return first if first is not None else access.deadline


def date_problem(access: AccessRequest, new: dt.date | None) -> tuple[str, dict] | None:
    """What is wrong with ``new`` as the extended deadline (a message id and its
    mapping, for the view to translate), or None."""
    if new is None or not 2000 <= new.year <= 2100:
        return "date-invalid", {}
    if new <= access.deadline:
        return "access-extend-not-later", {"deadline": access.deadline}
    if (new - access.deadline).days > MAX_CALENDAR_DAYS:
        return "access-extend-too-far", {"n": MAX_CALENDAR_DAYS}
    if not workdays.is_working_day(new):
        after = new
        while not workdays.is_working_day(after):
            after += dt.timedelta(days=1)
        return "access-extend-not-working-day", {"date": new, "next": after}
    return None


def extend(db, access: AccessRequest, user, new: dt.date, reason: str, *, letter_document_id: int | None = None,
           mailed_to: str = "") -> AccessExtension:
    row = AccessExtension(request_id=access.id, previous_deadline=access.deadline, new_deadline=new, reason=reason,
                          letter_document_id=letter_document_id, mailed_to=mailed_to[:300],
                          created_by_id=user.id if user is not None else None)
    db.add(row)
    access.deadline = new
    db.flush()
    return row


def extended_ids(db, request_ids) -> set[int]:
    """Which of ``request_ids`` have been extended."""
    ids = list(request_ids)
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        found.update(db.execute(sa.select(AccessExtension.request_id).distinct()
                                .where(AccessExtension.request_id.in_(ids[i:i + 500]))).scalars())
    return found
