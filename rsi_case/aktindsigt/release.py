"""What a request releases of one document: its text as decided (whole, or
with the withheld passages removed), for the package and the zip."""

from __future__ import annotations

import sqlalchemy as sa

from ..i18n import _
from ..vocab import ACCESS_GROUND_REFS
from .models import AccessDecision, AccessRedaction, AccessRequest
from .redaction import Cut, RedactionError, redact_html, redact_text

RELEASED = ("fuld", "delvis")


def mark(localizer, ground: str) -> str:
    """The visible mark where a passage was: "[Undtaget, jf. offentlighedslovens § 30, nr. 1]"."""
    return localizer.translate(_("redaction-mark", default="[Withheld, cf. ${ref} of the Access to Public "
                                                          "Administration Files Act]",
                                 mapping={"ref": ACCESS_GROUND_REFS.get(ground, ground)}))


def redactions(db, access: AccessRequest, document_id: int, attachment_id: int | None = None
               ) -> list[AccessRedaction]:
    where = AccessRedaction.attachment_id.is_(None) if attachment_id is None \
        else AccessRedaction.attachment_id == attachment_id
    return db.execute(sa.select(AccessRedaction).where(
        AccessRedaction.request_id == access.id, AccessRedaction.document_id == document_id, where)
        .order_by(AccessRedaction.id)).scalars().all()


def cuts(db, localizer, access: AccessRequest, document_id: int, attachment_id: int | None = None) -> list[Cut]:
    return [Cut(r.passage, mark(localizer, r.ground)) for r in redactions(db, access, document_id, attachment_id)]


def released_html(db, localizer, access: AccessRequest, decision: AccessDecision) -> str:
    """The body as released: whole on full access, with every passage of the text
    withheld on partial access. A refused document releases nothing (raises)."""
    if decision.decision not in RELEASED:
        raise RedactionError("redaction-not-released")
    body = decision.document.body_html or ""
    if decision.decision == "fuld":
        return body
    return redact_html(body, cuts(db, localizer, access, decision.document_id))


def released_title(db, localizer, access: AccessRequest, decision: AccessDecision) -> str:
    """The title as released: a passage withheld from the text is withheld from the title too."""
    title = decision.document.title or ""
    if decision.decision != "delvis":
        return title
    return redact_text(title, cuts(db, localizer, access, decision.document_id))


def released_files(db, localizer, store, access: AccessRequest, decision: AccessDecision
                   ) -> list[tuple[str, str, bytes]]:
    """The document's attachments as released, as (file name, content type, bytes).
    Full access: the files as they are. Partial access: not yet handled here -- raises,
    so nothing withheld can leave by this path (the redaction of PDF attachments
    replaces this branch)."""
    if decision.decision not in RELEASED:
        raise RedactionError("redaction-not-released")
    if decision.decision == "delvis" and decision.document.attachments:
        raise RedactionError("redaction-attachments-pending")
    return [(a.filename, a.content_type, store.read(a.sha256)) for a in decision.document.attachments]
