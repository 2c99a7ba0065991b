"""Text recognition (OCR) of scanned attachments: one row per file an
attachment held (its ``source_sha256``), queued when the file is attached
and worked off by the worker; ``sha256`` is the searchable copy (a PDF/A
with a text layer) in the attachment store once done — the original is
never changed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

# queued: waiting for the worker; running: a worker has it; done: the copy is stored;
# failed: no copy (``reason`` says why); not_needed: the file has its own text layer
STATES = ("queued", "running", "done", "failed", "not_needed")


class OcrJob(Base):
    __tablename__ = "attachment_ocr"

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("attachments.id"), nullable=False, index=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), nullable=False)
    source_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    state: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="queued", index=True)
    reason: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    detail: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    pages: Mapped[int | None] = mapped_column(sa.Integer)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    claimed_by: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # the searchable copy in the attachment store (named sha256: backup and verify find it)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    size: Mapped[int | None] = mapped_column(sa.BigInteger)

    __table_args__ = (
        sa.UniqueConstraint("attachment_id", "source_sha256", name="uq_attachment_ocr_file"),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed', 'not_needed')", name="state_known"),
    )
