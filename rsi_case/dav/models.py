from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Attachment, Document
from ..security.models import User


class WordToken(Base):
    """The key in a Word link (``/dav/<token>/<document>/…``): Word does not
    share the browser's cookie, so the link itself says who is asking.

    Bound to one user and one document, with a purpose (``edit`` or
    ``view``); short-lived, renewed while the user's lock on the document is
    held; stored as its SHA-256 only (256 random bits, shown once in the link)."""

    __tablename__ = "word_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False, index=True)
    # a link to an attached Office file of the document rather than the document itself
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attachments.id"), nullable=True)
    purpose: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    user: Mapped[User] = relationship()
    document: Mapped[Document] = relationship()
    attachment: Mapped[Attachment | None] = relationship()

    __table_args__ = (sa.CheckConstraint("purpose IN ('edit', 'view')", name="purpose_known"),)


class DavScratch(Base):
    """A temporary file or folder a client keeps beside the document, in the
    Word link's folder (``/dav/<token>/<NNNNN-YY>/<name>``).

    Real clients do: LibreOffice writes ``.~lock.<name>#`` beside a file it
    opens, Word for Mac an ``~$<name>`` owner file, and some clients save to a
    temporary name and MOVE it onto the document. These live here, per token
    (nobody else sees them), bounded in number and bytes (rsi_case.dav.scratch),
    and die with the token; none of them is part of the case. A MOVE or COPY
    onto the document's own name is a save, through the same code as a PUT.

    A scratch resource may carry its own WebDAV lock (the same exclusive write
    lock as the document's check-out; ``depth`` infinity on a folder covers
    what is in it)."""

    __tablename__ = "dav_scratch"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(sa.ForeignKey("word_tokens.id", ondelete="CASCADE"), nullable=False,
                                          index=True)
    path: Mapped[str] = mapped_column(sa.String(400), nullable=False)
    is_collection: Mapped[bool] = mapped_column(nullable=False, default=False)
    data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, nullable=True)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False, default="application/octet-stream")
    serial: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    modified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    lock_token: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)
    lock_owner: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    lock_depth: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="0")
    lock_timeout: Mapped[int] = mapped_column(nullable=False, default=0)
    lock_expires: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.UniqueConstraint("token_id", "path", name="uq_dav_scratch_path"),)


class DavProperty(Base):
    """A dead property (RFC 4918 §4): a property a client set with PROPPATCH
    (Office's Win32 file times and attributes, anything in its own namespace),
    kept as the XML it sent and given back by PROPFIND. On the document (for
    every token), on an attached Office file, or on a scratch resource (dies with it)."""

    __tablename__ = "dav_properties"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), nullable=True, index=True)
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attachments.id"), nullable=True, index=True)
    scratch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dav_scratch.id", ondelete="CASCADE"),
                                                   nullable=True, index=True)
    namespace: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    value: Mapped[str] = mapped_column(sa.Text, nullable=False)
