"""Every save of a document is a version.

A version is an immutable snapshot: number, author, time, change note, all
metadata, and the body as a list of block ids. A body is cut into blocks
(headings, paragraphs, list items, table rows); each distinct block is stored
once, compressed, in ``text_blocks``. A small edit to a 30-page strategy
therefore stores one new block and a list of ~300 small integers — not a copy
of the document (docs/performance.md has the figures).

Saves are guarded against lost updates: a save names the version it started
from, and only succeeds if that is still the newest (a conditional UPDATE, so
it holds between processes and on PostgreSQL too). Otherwise it raises
:class:`Conflict` and nothing is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import zlib
from html import escape

import lxml.html
import sqlalchemy as sa
from translationstring import TranslationString

from ..db import utcnow
from ..i18n import _
from .models import Document, DocumentVersion, TextBlock
from .sanitize import element_text

# elements that are one block each; lists and tables are cut into items / rows
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
CONTAINERS = {"ul": "li", "ol": "li", "table": "tr"}
META_FIELDS = ("title", "kind", "status", "doc_date", "author_name", "author_phone", "author_email")


class Conflict(Exception):
    """Someone saved a newer version after the one this edit started from."""

    def __init__(self, document: Document, base: int):
        super().__init__(f"{document.number}: base {base}, newest {document.version}")
        self.document = document
        self.base = base


# -- cutting a body into blocks -------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Block:
    html: str      # the block's own HTML, standalone (an <li> is wrapped in its list)
    kind: str      # p, h2, li, tr, ...
    text: str      # plain text, for diffs and summaries


def _wrap(container, item_html: str) -> str:
    tag = container.tag
    if tag == "table":
        return f"<table><tbody>{item_html}</tbody></table>"
    return f"<{tag}>{item_html}</{tag}>"


def split_blocks(html: str) -> list[Block]:
    """Cut sanitised body HTML into blocks, in reading order. Joining the
    blocks' HTML gives back the same document (lists and tables are re-wrapped
    per item, which renders identically)."""
    if not html or not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[Block] = []
    if root.text and root.text.strip():
        blocks.append(Block(f"<p>{escape(root.text.strip(), quote=False)}</p>", "p", root.text.strip()))
    for el in root:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in CONTAINERS:
            items = el.iter(CONTAINERS[tag]) if tag == "table" else [c for c in el if c.tag == "li"]
            for item in items:
                item_html = lxml.html.tostring(item, encoding="unicode", with_tail=False)
                blocks.append(Block(_wrap(el, item_html), CONTAINERS[tag], element_text(item)))
        elif tag:
            blocks.append(Block(lxml.html.tostring(el, encoding="unicode", with_tail=False), tag, element_text(el)))
        if el.tail and el.tail.strip():
            blocks.append(Block(f"<p>{escape(el.tail.strip(), quote=False)}</p>", "p", el.tail.strip()))
    return blocks


def join_blocks(parts: list[str]) -> str:
    """Blocks back into one body: consecutive items of the same list or table
    are merged again."""
    out: list[str] = []
    for part in parts:
        for opener, closer in (("<ul>", "</ul>"), ("<ol>", "</ol>"), ("<table><tbody>", "</tbody></table>")):
            if part.startswith(opener) and out and out[-1].endswith(closer):
                out[-1] = out[-1][: -len(closer)] + part[len(opener):]
                break
        else:
            out.append(part)
    return "".join(out)


def _digest(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()


def store_blocks(db, blocks: list[Block]) -> list[int]:
    """The ids of these blocks in the block store, adding the new ones."""
    digests = [_digest(b.html) for b in blocks]
    known: dict[str, int] = {}
    unique = sorted(set(digests))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        known.update(db.execute(sa.select(TextBlock.digest, TextBlock.id).where(TextBlock.digest.in_(chunk))).all())
    for block, digest in zip(blocks, digests):
        if digest not in known:
            row = TextBlock(digest=digest, content=zlib.compress(block.html.encode("utf-8"), 6))
            db.add(row)
            db.flush()
            known[digest] = row.id
    return [known[d] for d in digests]


def load_blocks(db, block_ids: list[int]) -> list[str]:
    if not block_ids:
        return []
    rows = {}
    unique = sorted(set(block_ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        rows.update(db.execute(sa.select(TextBlock.id, TextBlock.content).where(TextBlock.id.in_(chunk))).all())
    return [zlib.decompress(rows[i]).decode("utf-8") for i in block_ids]


def version_body(db, version: DocumentVersion) -> str:
    return join_blocks(load_blocks(db, version.block_ids))


def version_blocks(db, version: DocumentVersion) -> list[Block]:
    out = []
    for html in load_blocks(db, version.block_ids):
        out.extend(split_blocks(html) or [])
    return out


# -- summaries -----------------------------------------------------------------

def summarize(db, previous: DocumentVersion | None, state: dict, block_ids: list[int]) -> list:
    """A short, translatable description of what changed: ["+3 afsnit", "titel ændret"]."""
    if previous is None:
        return [["created"]]
    import difflib

    items = []
    matcher = difflib.SequenceMatcher(a=previous.block_ids, b=block_ids, autojunk=False)
    added = removed = changed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "insert":
            added += j2 - j1
        elif op == "delete":
            removed += i2 - i1
        elif op == "replace":
            common = min(i2 - i1, j2 - j1)
            changed += common
            added += (j2 - j1) - common
            removed += (i2 - i1) - common
    if added:
        items.append(["blocks-added", added])
    if removed:
        items.append(["blocks-removed", removed])
    if changed:
        items.append(["blocks-changed", changed])
    for field in META_FIELDS:
        if getattr(previous, field) != state[field]:
            if field == "status":
                items.append(["status", state["status"]])
            else:
                items.append(["field", field])
    return items or [["unchanged"]]


SUMMARY_TEXTS = {
    "created": _("summary-created", default="created"),
    "unchanged": _("summary-unchanged", default="no changes"),
    "merged": _("summary-merged", default="merged with version ${n}"),
    "blocks-added": _("summary-blocks-added", default="+${n} paragraphs"),
    "blocks-removed": _("summary-blocks-removed", default="−${n} paragraphs"),
    "blocks-changed": _("summary-blocks-changed", default="${n} paragraphs changed"),
    "status-endelig": _("summary-final", default="marked final"),
    "status-kladde": _("summary-draft", default="back to draft"),
    "field-title": _("summary-title", default="title changed"),
    "field-kind": _("summary-kind", default="kind changed"),
    "field-doc_date": _("summary-date", default="date changed"),
    "field-author_name": _("summary-author", default="author changed"),
    "field-author_phone": _("summary-phone", default="phone changed"),
    "field-author_email": _("summary-email", default="e-mail changed"),
}


def summary_terms(summary: list) -> list:
    terms = []
    for item in summary:
        key, *rest = item
        if key in ("status", "field"):
            term = SUMMARY_TEXTS.get(f"{key}-{rest[0]}")
            if term is not None:
                terms.append(term)
        elif key in SUMMARY_TEXTS:
            term = SUMMARY_TEXTS[key]
            terms.append(TranslationString(term, mapping={"n": rest[0]}) if rest else term)
    return terms


# -- saving ----------------------------------------------------------------------

def current_version(db, document: Document) -> DocumentVersion | None:
    if not document.version:
        return None
    return db.execute(sa.select(DocumentVersion).where(
        DocumentVersion.document_id == document.id, DocumentVersion.number == document.version)).scalar_one_or_none()


def save_version(db, document: Document, *, user, state: dict, body_html: str, base: int | None,
                 note: str = "", restored_from: int | None = None, merged_with: int | None = None) -> DocumentVersion:
    """Make ``state`` + ``body_html`` the newest version of ``document``.

    ``base`` is the version the edit started from (None: don't check, e.g. the
    first version). Raises :class:`Conflict` if a newer version exists.
    ``merged_with``: this save merged the user's edit with that version
    (rsi_case.documents.merging); the history says so.
    """
    previous_number = document.version or 0
    if base is not None and base != previous_number:
        raise Conflict(document, base)
    new_number = previous_number + 1
    # claim the number atomically: two saves on the same base cannot both win
    claimed = db.execute(
        sa.update(Document).where(Document.id == document.id, Document.version == previous_number)
        .values(version=new_number).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.refresh(document)
        raise Conflict(document, base if base is not None else previous_number)
    previous = db.execute(sa.select(DocumentVersion).where(
        DocumentVersion.document_id == document.id, DocumentVersion.number == previous_number)
    ).scalar_one_or_none() if previous_number else None
    block_ids = store_blocks(db, split_blocks(body_html))
    summary = summarize(db, previous, state, block_ids)
    if merged_with is not None:
        summary = [*summary, ["merged", merged_with]]
    version = DocumentVersion(
        document_id=document.id, number=new_number, created_at=utcnow(), created_by_id=user.id if user else None,
        note=(note or "")[:500], restored_from=restored_from, block_ids=block_ids,
        summary=summary, **{f: state[f] for f in META_FIELDS})
    db.add(version)
    for field in META_FIELDS:
        setattr(document, field, state[field])
    document.body_html = body_html
    document.version = new_number
    document.updated_by_id = user.id if user else None
    if state["status"] == "endelig":
        document.final_version = new_number
    db.flush()
    return version


def state_of(document_or_version) -> dict:
    return {f: getattr(document_or_version, f) for f in META_FIELDS}


# -- a new draft left unchanged ----------------------------------------------------------------

class NotDiscarded(Exception):
    """The draft was not discarded; ``reason`` says why ("changed", "others")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def fresh_draft(db, document: Document) -> DocumentVersion | None:
    """The newest version when it is a new draft started on top of the final
    version ("Ny version") and nothing has changed since: the same fields but
    the status, the same text, no file added or replaced. Such a draft holds
    nothing of anyone's, so it may be discarded — and should be, rather than
    stay in the history as an empty version."""
    final_number = document.final_version
    if document.status != "kladde" or not final_number or document.version != final_number + 1:
        return None
    rows = {v.number: v for v in db.execute(sa.select(DocumentVersion).where(
        DocumentVersion.document_id == document.id,
        DocumentVersion.number.in_((final_number, final_number + 1)))).scalars()}
    draft, final = rows.get(final_number + 1), rows.get(final_number)
    if draft is None or final is None or final.status != "endelig" or draft.status != "kladde":
        return None
    same = all(getattr(draft, f) == getattr(final, f) for f in META_FIELDS if f != "status")
    if not same or list(draft.block_ids or []) != list(final.block_ids or []):
        return None
    from .models import Attachment

    touched = db.execute(sa.select(sa.func.count()).select_from(Attachment).where(
        Attachment.document_id == document.id, Attachment.uploaded_at >= draft.created_at)).scalar_one()
    return None if touched else draft


def discard_fresh_draft(db, document: Document, *, user, base: int | None) -> int:
    """Undo "Ny version": drop the unchanged new draft (see ``fresh_draft``)
    that ``user`` started, and make the final version current again. Returns
    the number of the discarded version. Raises NotDiscarded: "changed" when
    the draft is not (or no longer, ``base`` being the version the user saw)
    an unchanged new draft, "others" when someone else started it."""
    draft = fresh_draft(db, document)
    if draft is None or base != document.version:
        raise NotDiscarded("changed")
    if user is None or draft.created_by_id != user.id:
        raise NotDiscarded("others")
    final_number = document.final_version
    claimed = db.execute(  # as in save_version: a save on the draft meanwhile wins, the discard does not
        sa.update(Document).where(Document.id == document.id, Document.version == draft.number)
        .values(version=final_number).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.refresh(document)
        raise NotDiscarded("changed")
    final = db.execute(sa.select(DocumentVersion).where(
        DocumentVersion.document_id == document.id, DocumentVersion.number == final_number)).scalar_one()
    for field in META_FIELDS:
        setattr(document, field, getattr(final, field))
    document.body_html = version_body(db, final)
    document.version = final_number
    document.updated_by_id = user.id
    db.delete(draft)
    db.flush()
    return draft.number
