"""A request for access (aktindsigt): its own case, the cases it concerns,
and a decision per document."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..cases.models import Case
from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document
from ..security.models import User


class AccessRequest(Base):
    """One request, filed as a case of the kind *aktindsigt* (``case``)."""

    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False, unique=True)
    requester_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    requester_contact: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    press: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    received_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    subject: Mapped[str] = mapped_column(sa.Text, nullable=False)
    deadline: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="aaben")
    answered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True, foreign_keys=[case_id])
    created_by: Mapped[User | None] = relationship()
    concerned: Mapped[list[AccessRequestCase]] = relationship(
        cascade="all, delete-orphan", order_by="AccessRequestCase.id", back_populates="request")

    __table_args__ = (
        sa.CheckConstraint("status IN ('aaben', 'besvaret')", name="access_request_status_known"),
        sa.Index("ix_access_requests_status_deadline", "status", "deadline"),
    )


class AccessRequestCase(Base):
    """A case the request concerns."""

    __tablename__ = "access_request_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("access_requests.id", ondelete="CASCADE"), nullable=False)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False)

    request: Mapped[AccessRequest] = relationship(back_populates="concerned")
    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (sa.UniqueConstraint("request_id", "case_id", name="uq_access_request_case"),)


class AccessDecision(Base):
    """The decision on one document: what is released, on which ground, by whom,
    and the document's version when it was decided (a later change is flagged)."""

    __tablename__ = "access_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("access_requests.id", ondelete="CASCADE"), nullable=False)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    decision: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    ground: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="")
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    extended: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)  # meroffentlighed, § 14
    extracted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)  # facts extracted, §§ 28-29
    document_version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    document: Mapped[Document] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("request_id", "document_id", name="uq_access_decision_document"),
        sa.CheckConstraint("decision IN ('fuld', 'delvis', 'afslag', 'ikke_omfattet')",
                           name="access_decision_known"),
    )


class AccessRedaction(Base):
    """A passage withheld from a document released in part: in its text
    (``attachment_id`` empty) or in one of its PDF attachments. The package
    carries the text with every occurrence of the passage removed and a mark
    naming the ground in its place; the passage itself is never written to
    the audit trail, a file name or the search index."""

    __tablename__ = "access_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("access_requests.id", ondelete="CASCADE"), nullable=False)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attachments.id"))
    passage: Mapped[str] = mapped_column(sa.Text, nullable=False)
    ground: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_access_redactions_request_document", "request_id", "document_id"),)
