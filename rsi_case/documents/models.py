from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..cases.models import Case
from ..db import Base, UTCDateTime, utcnow
from ..numbering import DocumentNumber
from ..security.models import User


class Document(Base):
    """One record in a case, numbered NNNNN/YY."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    seq: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    doc_date: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="kladde")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    author_phone: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    author_email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    body_html: Mapped[str] = deferred(mapped_column(sa.Text, nullable=False, default=""))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="document", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("year", "seq", name="uq_documents_number"),
        sa.CheckConstraint("status IN ('kladde', 'endelig')", name="status_known"),
        sa.CheckConstraint(
            "kind IN ('notat', 'strategi', 'handlingsplan', 'dagsorden', 'moedereferat', "
            "'beslutningsoplaeg', 'statusrapport', 'bilag')",
            name="kind_known",
        ),
        sa.CheckConstraint("seq >= 1", name="seq_positive"),
        sa.Index("ix_documents_case_id_year_seq", "case_id", "year", "seq"),
        sa.Index("ix_documents_status_updated_at", "status", "updated_at"),
    )

    @property
    def number(self) -> DocumentNumber:
        return DocumentNumber(self.year, self.seq)

    def __repr__(self) -> str:
        return f"<Document {self.number}>"


class Attachment(Base):
    """A file on a document. The bytes live on disk under their SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    document: Mapped[Document] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.CheckConstraint("size >= 0", name="size_positive"),)
