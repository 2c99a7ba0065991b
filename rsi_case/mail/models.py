"""A filed mail: the document it became, what its headers said, and the
original file, kept unchanged for the archive."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..documents.models import Document

DIRECTIONS = ("indgaaende", "udgaaende")


class MailMessage(Base):
    """One mail filed as a document (kind ``email``). ``sha256`` is the
    original .eml/.msg in the attachment store (backup and verify find it by
    that column name); ``message_id`` and ``sha256`` find a mail filed twice."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False, unique=True)
    message_id: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    in_reply_to: Mapped[str | None] = mapped_column(sa.String(500))
    direction: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    sender_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    sender_address: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    recipients: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)  # {"to": [...], "cc": [...]}
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    inline_images: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)  # content id -> sha256
    notes: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)  # [{"msgid", "default", "mapping"}]
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(127), nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False, index=True)
    filed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    filed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    document: Mapped[Document] = relationship()

    __table_args__ = (
        sa.CheckConstraint("direction IN ('indgaaende', 'udgaaende')", name="direction_known"),
        sa.CheckConstraint("size >= 0", name="size_positive"),
    )


INBOX_STATUSES = ("venter", "journaliseret", "afvist", "fejl", "dublet")


class InboxMail(Base):
    """One mail fetched from the journal mailbox (``rsi_case.mail.imap_*``).

    ``folder``, ``uidvalidity`` and ``uid`` say where it is on the server, so
    a round never reads it twice; ``sha256`` is the mail as fetched, in the
    attachment store (backup, verify and the orphan sweep find it by that
    column name), so the Indbakke can file it while the server is away. A
    mail leaves the server's inbox folder only once it is filed or rejected
    (``moved_to``: where it went; None while it is still in the inbox, or
    while the move waits for the next round)."""

    __tablename__ = "mail_inbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    folder: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    uidvalidity: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    uid: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    message_id: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # None: too large to fetch
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    subject: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    sender_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    sender_address: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attachments: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(sa.String(14), nullable=False, default="venter", index=True)
    reason: Mapped[dict | None] = mapped_column(sa.JSON)  # {"msgid", "default", "mapping"}: why fejl / dublet
    reject_reason: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    moved_to: Mapped[str | None] = mapped_column(sa.String(200))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    handled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    document: Mapped[Document | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("folder", "uidvalidity", "uid"),
        sa.CheckConstraint("status IN ('venter', 'journaliseret', 'afvist', 'fejl', 'dublet')", name="status_known"),
    )
