"""Queue OCR for every PDF or image file attached (uploaded, filed from a
mail, a new file under an attachment): collected in ``after_flush``, like the
search change log, so every way a file is attached is covered and the row is
committed with the attachment or not at all. The request only queues; the
worker decides whether the file lacks a text layer, and does the work."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..db import utcnow
from ..documents.models import Attachment
from .models import OcrJob

PDF = (".pdf",)
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def ocr_kind(filename: str) -> str | None:
    """"pdf", "image", or None for a file OCR does not apply to."""
    name = (filename or "").lower()
    if name.endswith(PDF):
        return "pdf"
    if name.endswith(IMAGES):
        return "image"
    return None


def _new_files(session) -> list[Attachment]:
    out = []
    for obj in session.new:
        if isinstance(obj, Attachment):
            out.append(obj)
    for obj in session.dirty:
        if isinstance(obj, Attachment) and sa.inspect(obj).attrs.sha256.history.added:
            out.append(obj)  # a new file under the attachment (the old one stays a revision)
    return [a for a in out if a.id is not None and ocr_kind(a.filename)]


@event.listens_for(Session, "after_flush")
def _queue(session, flush_context):
    files = _new_files(session)
    if not files:
        return
    table = OcrJob.__table__
    keys = {(a.id, a.sha256): a for a in files}
    have = set(session.connection().execute(
        sa.select(table.c.attachment_id, table.c.source_sha256)
        .where(table.c.attachment_id.in_({a.id for a in files}))).all())
    now = utcnow()
    rows = [{"attachment_id": a.id, "document_id": a.document_id, "source_sha256": a.sha256, "filename": a.filename,
             "state": "queued", "reason": "", "detail": "", "attempts": 0, "claimed_by": "", "queued_at": now}
            for key, a in sorted(keys.items()) if key not in have]
    if rows:
        session.connection().execute(sa.insert(table), rows)
        session.info["ocr_queued"] = True


@event.listens_for(Session, "after_commit")
def _committed(session):
    request = session.info.get("request")
    if session.info.pop("ocr_queued", False) and request is not None:
        embedded = request.registry.get("rsi_case.ocr.embedded")
        if embedded is not None:  # no worker in this installation: a thread of this process does it
            embedded.start()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop("ocr_queued", None)
