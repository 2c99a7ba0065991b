"""Who a filed mail is from and to, in one line each, for the lists of a
case's documents (the case page's aktliste and the case file's): a mail's
sender is a party, never its case worker — that is who filed it."""

from __future__ import annotations

import sqlalchemy as sa

from ..security.models import User
from .models import MailMessage


def _person(p: dict) -> str:
    name, address = (p.get("name") or "").strip(), (p.get("address") or "").strip()
    if name and address:
        return f"{name} <{address}>"
    return name or address


def mail_parties(db, document_ids) -> dict[int, dict]:
    """document id -> {"from": "…", "to": "…" (to and cc), "filed_by": the filer's name}
    for the filed mails among ``document_ids``."""
    ids = list(document_ids)
    out: dict[int, dict] = {}
    for i in range(0, len(ids), 500):
        rows = db.execute(
            sa.select(MailMessage.document_id, MailMessage.sender_name, MailMessage.sender_address,
                      MailMessage.recipients, User.full_name)
            .outerjoin(User, User.id == MailMessage.filed_by_id)
            .where(MailMessage.document_id.in_(ids[i:i + 500]))).all()
        for doc_id, name, address, recipients, filer in rows:
            recipients = recipients or {}
            to = [_person(p) for p in (*recipients.get("to", ()), *recipients.get("cc", ()))]
            out[doc_id] = {"from": _person({"name": name, "address": address}),
                           "to": ", ".join(t for t in to if t), "filed_by": filer or ""}
    return out


def list_info(request, documents) -> dict[int, dict]:
    """The case page's aktliste (documents.panels' list info): parties, and the filer as case worker."""
    return {doc_id: {"parties": {"from": p["from"], "to": p["to"]}, "case_worker": p["filed_by"]}
            for doc_id, p in mail_parties(request.dbsession, [d.id for d in documents]).items()}
