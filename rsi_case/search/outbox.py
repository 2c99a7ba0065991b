"""Fill the search change log from ORM changes (warehouse's pattern: collect
in ``after_flush``), inside the same transaction as the change; on
PostgreSQL a NOTIFY, delivered when that transaction commits, wakes every
node's indexer."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..cases.models import Case, CaseGrant
from ..db import utcnow
from ..documents.models import Attachment, Document
from ..meetings.models import Decision
from ..ocr.models import OcrJob
from .models import SearchOutbox


def _targets(obj) -> set[tuple[str, int]]:
    if isinstance(obj, Case):
        return {("case", obj.id)}  # the case and all its documents (title, status, access)
    if isinstance(obj, CaseGrant):
        return {("case", obj.case_id)}
    if isinstance(obj, Document):
        return {("document", obj.id)}
    if isinstance(obj, Attachment):
        return {("document", obj.document_id)}
    if isinstance(obj, Decision):
        return {("decision", obj.id)}
    if isinstance(obj, OcrJob):  # an attachment's text came from OCR
        return {("document", obj.document_id)}
    return set()


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context):
    targets: set[tuple[str, int]] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, SearchOutbox):
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        targets |= {t for t in _targets(obj) if t[1] is not None}
    if not targets:
        return
    pending = session.info.setdefault("search_outbox_seen", set())
    new = targets - pending
    if not new:
        return
    pending |= new
    now = utcnow()
    session.connection().execute(
        sa.insert(SearchOutbox.__table__),
        [{"kind": kind, "object_id": oid, "created_at": now} for kind, oid in sorted(new)])
    if session.get_bind().dialect.name == "postgresql":
        # every node's indexer LISTENs: woken at this commit, not at its next poll
        session.connection().exec_driver_sql("NOTIFY rsi_search_changes")
    session.info["search_outbox_written"] = True


@event.listens_for(Session, "after_commit")
def _committed(session):
    written = session.info.pop("search_outbox_written", False)
    session.info.pop("search_outbox_seen", None)
    request = session.info.get("request")
    if written and request is not None:
        indexer = request.registry.get("search.indexer")
        if indexer is not None:
            indexer.notify()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop("search_outbox_written", None)
    session.info.pop("search_outbox_seen", None)
