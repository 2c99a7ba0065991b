"""Board meetings (styregruppemøder): date, place, participants, a state,
and an agenda of items tied to cases and their papers.

Meetings live in a meetings case per year ("Styregruppemøder 2026"), so the
papers that belong to the meeting itself (agenda, minutes) are numbered
records like any other; ``MeetingCase`` remembers which case that is.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..cases.models import Case
from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User

MEETING_STATES = ("planlagt", "dagsorden_udsendt", "afholdt", "referat_godkendt")


class MeetingCase(Base):
    """The case that holds a year's meetings."""

    __tablename__ = "meeting_cases"

    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False, unique=True)


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    state: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="planlagt")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # the minutes (mødereferat), generated from the meeting and its decisions into the meetings case
    minutes_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))

    case: Mapped[Case] = relationship(lazy="joined")
    minutes: Mapped[Document | None] = relationship(foreign_keys=[minutes_document_id])
    decisions: Mapped[list[Decision]] = relationship(back_populates="meeting", order_by="Decision.id")
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingParticipant.id")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position")

    __table_args__ = (
        sa.CheckConstraint("state IN ('planlagt', 'dagsorden_udsendt', 'afholdt', 'referat_godkendt')",
                           name="state_known"),
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
    )


class MeetingParticipant(Base):
    __tablename__ = "meeting_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="medlem")
    attended: Mapped[bool | None] = mapped_column(sa.Boolean)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()

    __table_args__ = (sa.CheckConstraint("role IN ('medlem', 'raadgiver', 'gaest')", name="role_known"),)


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    recommendation: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    late: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    withdrawn: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    case: Mapped[Case | None] = relationship()
    papers: Mapped[list[AgendaPaper]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AgendaPaper.position")
    decision: Mapped[Decision | None] = relationship(back_populates="item", uselist=False)


class AgendaPaper(Base):
    """A document laid before the board under an agenda item (its decision paper, annexes)."""

    __tablename__ = "agenda_papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id"), nullable=False, index=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    item: Mapped[AgendaItem] = relationship(back_populates="papers")
    document: Mapped[Document] = relationship()

    __table_args__ = (sa.UniqueConstraint("item_id", "document_id", name="uq_agenda_papers_item_document"),)


class Decision(Base):
    """What the board decided under one agenda item: its own record, numbered
    ``B-2026-014`` per year once the meeting is held (``year``/``seq`` are
    empty until then), kept with its meeting, item and case."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id"), nullable=False, unique=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    year: Mapped[int | None] = mapped_column(sa.Integer)
    seq: Mapped[int | None] = mapped_column(sa.Integer)
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    item: Mapped[AgendaItem] = relationship(back_populates="decision")
    case: Mapped[Case | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("year", "seq", name="uq_decisions_number"),
        sa.CheckConstraint("(year IS NULL) = (seq IS NULL)", name="number_whole"),
        sa.CheckConstraint("seq IS NULL OR seq >= 1", name="seq_positive"),
        sa.CheckConstraint("length(text) > 0", name="text_given"),
    )

    @property
    def number(self):
        from ..numbering import DecisionNumber

        return DecisionNumber(self.year, self.seq) if self.seq is not None else None


PACK_KINDS = ("pack", "addendum")


class PackSending(Base):
    """A meeting pack (or an addendum to it) as it was sent to the board: the
    .docx is kept as a final document in the meetings case, its bytes by their
    SHA-256 here too, and ``snapshot`` records what it held (items and papers
    with their versions) so the next sending can say what changed since."""

    __tablename__ = "pack_sendings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    snapshot: Mapped[dict] = mapped_column(sa.JSON, nullable=False)

    meeting: Mapped[Meeting] = relationship()
    sent_by: Mapped[User | None] = relationship()
    document: Mapped[Document] = relationship()

    __table_args__ = (sa.CheckConstraint("kind IN ('pack', 'addendum')", name="kind_known"),)
