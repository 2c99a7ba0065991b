from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, deferred, mapped_column, relationship

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
    # the number of the newest version; every save adds one (see versions.py)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0, server_default="0")
    # the newest version that was marked final, if any
    final_version: Mapped[int | None] = mapped_column(sa.Integer)
    # approved minutes: no one changes them any more, not even by a new version
    frozen: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False, server_default=sa.false())

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
            "'beslutningsoplaeg', 'statusrapport', 'bilag', 'email')",
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
    revisions: Mapped[list[AttachmentRevision]] = relationship(
        back_populates="attachment", order_by="AttachmentRevision.number.desc()", cascade="all, delete-orphan")

    __table_args__ = (sa.CheckConstraint("size >= 0", name="size_positive"),)


class AttachmentRevision(Base):
    """Every file ever uploaded under an attachment; the attachment row shows
    the newest. Uploading a new file under it keeps the old one here."""

    __tablename__ = "attachment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("attachments.id"), nullable=False)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    attachment: Mapped[Attachment] = relationship(back_populates="revisions")
    uploaded_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("attachment_id", "number", name="uq_attachment_revisions_number"),)


class TextBlock(Base):
    """One block of a document body (a paragraph, heading, list item, table
    row), stored once however many versions use it: a small edit to a long
    document costs one new block and a list of block ids, not a copy."""

    __tablename__ = "text_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(sa.String(40), nullable=False, unique=True)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)  # zlib-compressed UTF-8 HTML


class DocumentVersion(Base):
    """An immutable snapshot of a document as one save left it."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    summary: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    restored_from: Mapped[int | None] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    doc_date: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    author_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    author_phone: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    author_email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    block_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("document_id", "number", name="uq_document_versions_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )


class _WebDavLock:
    """The columns of a WebDAV lock held as a check-out (rsi_case.dav): who holds it, through
    which Word link, until when. Shared by the check-out of a document and of an attachment."""

    lock_token: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    # the Word link the lock was taken through (rsi_case.dav.models.WordToken)
    word_token_id: Mapped[int | None] = mapped_column(sa.Integer)
    owner: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    timeout_seconds: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    locked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    @declared_attr
    def user(cls) -> Mapped[User]:
        return relationship(User)


class DocumentCheckout(_WebDavLock, Base):
    """A document checked out for editing in Word: the WebDAV LOCK (rsi_case.dav).

    One row per document at most (the primary key), so two processes or nodes
    that lock at the same moment cannot both win: the second INSERT fails.
    A row past ``expires_at`` is no lock any more; it is removed by the next
    write that meets it (reading pages never writes)."""

    __tablename__ = "document_checkouts"

    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), primary_key=True)


class AttachmentCheckout(_WebDavLock, Base):
    """An attached Office file (.docx/.xlsx/.pptx) checked out for editing in
    Word, Excel or PowerPoint: the same WebDAV lock as DocumentCheckout, one
    row per attachment at most. While it is held, nobody else saves a new
    revision of the file (another Office, the page's upload form)."""

    __tablename__ = "attachment_checkouts"

    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("attachments.id"), primary_key=True)


class VersionSource(Base):
    """The file a version came from — the .docx Word saved — kept in the
    attachment store, so that opening the document in Word again serves the
    very same file and Word's formatting survives the round trip (the body
    HTML of the version is derived from it)."""

    __tablename__ = "version_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False)
    # what the browser editor cannot show, kept in the file: Word's tracked changes and comments
    tracked_changes: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    comments: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    __table_args__ = (sa.UniqueConstraint("document_id", "version", name="uq_version_sources_version"),)
