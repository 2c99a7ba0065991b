"""A realistic drafting history for the joint strategy 2026–2029 (61590/25):
a first draft, comments worked in, a paragraph moved, then marked final —
so a newcomer finds a document with versions to compare and restore."""

from __future__ import annotations

import datetime as dt
import re

DOCUMENT = "61590/25"

# (days before the final date, user login, note, status, function giving the body from the final body)


def _first_draft(body: str) -> str:
    # the first draft lacked the last section and had an older economy figure
    parts = re.split(r"(?=<h2>)", body)
    draft = "".join(parts[:-1]) if len(parts) > 2 else body
    return re.sub(r"(\d+)(,\d+)? mio\. kr\.", lambda m: f"{int(m.group(1)) - 5}{m.group(2) or ''} mio. kr.", draft, count=1)


def _comments_from_midt(body: str) -> str:
    text = _first_draft(body)
    return text.replace("</p>", " Region Midtjylland har bedt om, at opfølgningen sker halvårligt.</p>", 1)


def _almost(body: str) -> str:
    return re.sub(r"(\d+)(,\d+)? mio\. kr\.", lambda m: f"{int(m.group(1)) - 5}{m.group(2) or ''} mio. kr.", body, count=1)


STEPS = [
    (40, "akr", "Første udkast til drøftelse i sekretariatet", "kladde", _first_draft),
    (25, "sekretariat", "Indarbejdet kommentarer fra Region Midt", "kladde", _comments_from_midt),
    (12, "akr", "Afsnit om opfølgning tilføjet efter regionsrunden", "kladde", _almost),
    (0, "sekretariat", "Godkendt af styregruppen", "endelig", lambda body: body),
]


def apply(db, users: dict) -> None:
    """Give the strategy its history: its first version becomes the first
    draft, and later versions lead to the text it has now."""
    import sqlalchemy as sa

    from ..documents.models import DocumentVersion
    from ..documents.resources import find_document
    from ..documents.versions import save_version, state_of, store_blocks, split_blocks
    from ..numbering import DocumentNumber

    doc = find_document(db, DocumentNumber.parse(DOCUMENT))
    if doc is None:
        return
    final_body, final_date = doc.body_html, doc.doc_date
    first = db.execute(sa.select(DocumentVersion).where(DocumentVersion.document_id == doc.id,
                                                        DocumentVersion.number == 1)).scalar_one()
    days, login, note, status, make = STEPS[0]
    first.block_ids = store_blocks(db, split_blocks(make(final_body)))
    first.status, first.note, first.created_by_id = status, note, users[login].id
    first.created_at = dt.datetime.combine(final_date - dt.timedelta(days=days), dt.time(9, 30), tzinfo=dt.UTC)
    first.summary = [["created"]]
    doc.status, doc.final_version = "kladde", None
    for days, login, note, status, make in STEPS[1:]:
        state = {**state_of(doc), "status": status}
        version = save_version(db, doc, user=users[login], state=state, body_html=make(final_body),
                               base=doc.version, note=note)
        version.created_at = dt.datetime.combine(final_date - dt.timedelta(days=days), dt.time(14, 0), tzinfo=dt.UTC)
    doc.updated_at = version.created_at
