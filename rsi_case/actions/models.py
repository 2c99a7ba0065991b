"""Actions (indsatser) of an action plan and their progress notes.

An ``Action`` belongs to a case — the project it is about — and, when the
plan is written down as a document, to that action-plan document
(kind ``handlingsplan``) in the same case. Its region is the region
responsible for it; none means the secretariat carries it. ``version``
goes up with every change, so an edit made from a stale page is refused.

``ActionNote`` is the follow-up: dated progress notes, append-only (never
updated or deleted), each with the status change it recorded, if any.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..cases.models import Case
from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User

ACTION_STATUSES = ("ikke_startet", "i_gang", "forsinket", "afsluttet")
REGION_CODES = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Action(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False, index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    region: Mapped[str | None] = mapped_column(sa.String(20))
    deadline: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, index=True)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="ikke_startet")
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)
    document: Mapped[Document | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    notes: Mapped[list[ActionNote]] = relationship(
        back_populates="action", order_by="(ActionNote.noted_on.desc(), ActionNote.id.desc())")

    __table_args__ = (
        sa.CheckConstraint(_in("status", ACTION_STATUSES), name="status_known"),
        sa.CheckConstraint("region IS NULL OR " + _in("region", REGION_CODES), name="region_known"),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_given"),
    )


class ActionNote(Base):
    """A dated progress note on an action (never updated or deleted)."""

    __tablename__ = "action_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id"), nullable=False, index=True)
    noted_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    text: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    old_status: Mapped[str | None] = mapped_column(sa.String(20))
    new_status: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    action: Mapped[Action] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        sa.CheckConstraint("new_status IS NULL OR " + _in("new_status", ACTION_STATUSES), name="new_status_known"),
        sa.CheckConstraint("old_status IS NULL OR " + _in("old_status", ACTION_STATUSES), name="old_status_known"),
        # a note says something, or records a change of status
        sa.CheckConstraint("length(trim(text)) > 0 OR new_status IS NOT NULL", name="says_something"),
    )
