"""Check-outs: a document opened for editing in Word is locked (rsi_case.dav
takes the WebDAV LOCK). While it is, nobody else saves the document — not
the browser form, not another Word — and the document page says who has it
since when. The lock lives in the database (``document_checkouts``), so it
holds across processes and nodes; UNLOCK, the lock's expiry, or a forced
release by the holder or an administrator ends it.

Reading never writes: an expired row is simply no lock, and is removed by
the next write that meets it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..db import utcnow
from .models import Attachment, AttachmentCheckout, Document, DocumentCheckout, VersionSource


class Locked(Exception):
    """The document is checked out by someone (or something) else."""

    def __init__(self, checkout: DocumentCheckout):
        super().__init__(checkout.lock_token)
        self.checkout = checkout


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _model(target):
    """(the check-out table, its key) for a document or an attachment."""
    if isinstance(target, Attachment):
        return AttachmentCheckout, "attachment_id"
    return DocumentCheckout, "document_id"


def active_checkout(db, document: Document | Attachment, now: dt.datetime | None = None):
    """The document's (or attachment's) lock, if it has one that has not expired."""
    model, _key = _model(document)
    row = db.get(model, document.id, populate_existing=True)
    if row is None or _aware(row.expires_at) <= (now or utcnow()):
        return None
    return row


def checkout(db, document: Document | Attachment, *, user, timeout: int, owner: str = "",
             word_token_id: int | None = None, now: dt.datetime | None = None):
    """Lock the document (or an attached Office file) for ``user``; raises
    Locked if someone holds it. An expired lock is removed first. Two lockers
    at once: the primary key lets only one INSERT through."""
    now = now or utcnow()
    model, key = _model(document)
    current = db.get(model, document.id, populate_existing=True)
    if current is not None:
        if _aware(current.expires_at) > now:
            raise Locked(current)
        db.delete(current)
        db.flush()
    row = model(**{key: document.id}, lock_token=f"opaquelocktoken:{uuid.uuid4()}", user_id=user.id,
                word_token_id=word_token_id, owner=owner[:500], timeout_seconds=timeout,
                locked_at=now, expires_at=now + dt.timedelta(seconds=timeout))
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        raise Locked(db.get(model, document.id, populate_existing=True)) from None
    return row


def refresh(db, row: DocumentCheckout, timeout: int, now: dt.datetime | None = None) -> DocumentCheckout:
    now = now or utcnow()
    row.timeout_seconds = timeout
    row.expires_at = now + dt.timedelta(seconds=timeout)
    db.flush()
    return row


def release(db, row) -> None:
    model = type(row)
    db.execute(sa.delete(model).where(model.lock_token == row.lock_token))


def source_of(db, document: Document, version: int) -> VersionSource | None:
    """The Word file a version was saved from, if it came from Word."""
    return db.execute(sa.select(VersionSource).where(VersionSource.document_id == document.id,
                                                     VersionSource.version == version)).scalar_one_or_none()
