"""Filing mails on the case page, and a filed mail's own parts (the
original file, the images inside its body)."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..documents.services import blob_store
from ..documents.views import file_response
from ..i18n import _, pluralize
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..vocab import MAIL_DIRECTIONS, PARTY_ROLES, REGIONS
from .filing import AlreadyFiled, MailRefused, file_mail, inline_attachment, receive
from .models import MailMessage


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def case_card(request, case):
    """The case page's "file a mail" card, for those who may add documents."""
    if not request.has_permission(P.DOCUMENT_CREATE, request.context):
        return None
    return {}


# the regions' own mail domains: a party from one of them is that region
REGION_DOMAINS = {"regionh.dk": "hovedstaden", "regionsjaelland.dk": "sjaelland", "rsyd.dk": "syddanmark",
                  "rm.dk": "midtjylland", "rn.dk": "nordjylland"}


def organisation_of(request, address: str) -> str:
    """A party's organisation: a region by its mail domain, else the domain."""
    domain = address.rsplit("@", 1)[-1].lower() if "@" in address else ""
    region = REGION_DOMAINS.get(domain)
    return _t(request, REGIONS[region]) if region else domain


def parties_card(request, case):
    """The parties of the case (parter): everyone who sent or received a mail
    filed in it, with their role and how many mails — from the mails this
    reader may see."""
    records = request.dbsession.execute(
        sa.select(MailMessage).join(Document, Document.id == MailMessage.document_id)
        .where(Document.case_id == case.id, visible_documents_clause(request.user))
        .order_by(MailMessage.sent_at)
    ).scalars().all()
    if not records:
        return None
    parties: dict[str, dict] = {}

    def add(name, address, role):
        key = (address or name).lower()
        if not key:
            return
        party = parties.setdefault(key, {"name": name, "address": address, "roles": {}, "count": 0})
        party["name"] = party["name"] or name
        party["roles"][role] = party["roles"].get(role, 0) + 1

    for record in records:
        add(record.sender_name, record.sender_address, "afsender")
        recipients = record.recipients or {}
        for p in recipients.get("to", ()):
            add(p.get("name", ""), p.get("address", ""), "modtager")
        for p in recipients.get("cc", ()):
            add(p.get("name", ""), p.get("address", ""), "kopi")
    rows = []
    for party in parties.values():
        party["organisation"] = organisation_of(request, party["address"])
        party["query"] = f"fra:{party['address']}" if party["address"] else ""
        party["roles_text"] = " · ".join(f"{_t(request, PARTY_ROLES[role])} ({n})" for role, n in party["roles"].items())
        rows.append(party)
    rows.sort(key=lambda p: (-sum(p["roles"].values()), (p["name"] or p["address"]).lower()))
    return {"parties": rows}


def note_text(request, note: dict) -> str:
    """A note of the filing in the reader's language (plural forms where it has them)."""
    if "plural" in note:
        return pluralize(request.localizer, tuple(note["plural"]), note["n"], **note.get("mapping", {}))
    return _t(request, _(note["msgid"], default=note["default"]), **note.get("mapping", {}))


def mail_panel(request, document):
    """A filed mail's headers above its body."""
    if document.kind != "email":
        return None
    record = request.dbsession.execute(
        sa.select(MailMessage).where(MailMessage.document_id == document.id)).scalar_one_or_none()
    if record is None:
        return None
    notes = [note_text(request, n) for n in record.notes]
    return {"mail": record, "notes": notes, "direction": MAIL_DIRECTIONS.get(record.direction, record.direction)}


@view_config(route_name="case_mail", request_method="POST", permission=P.DOCUMENT_CREATE, require_csrf=True)
def file_mails(context, request):
    """File every uploaded mail; one message per file, then back to the case."""
    uploads = [v for v in request.POST.getall("file") if hasattr(v, "filename")]
    case = context.case
    flash = request.session.flash
    if not uploads:
        flash(_t(request, _("mail-choose", default="Choose one or more mail files (.eml or .msg).")), "error")
    for upload in uploads:
        name = getattr(upload, "filename", "") or "?"
        try:
            path, filename, sha256, size = receive(request, upload)
        except MailRefused as exc:
            flash(_t(request, exc.message, **exc.mapping), "error")
            continue
        try:
            filed = file_mail(request, case, path, filename, sha256, size)
        except AlreadyFiled as exc:
            doc = exc.document
            flash(_t(request, _("mail-already-filed", default="“${name}” is already filed in ${case} as ${number}."),
                     name=filename, case=str(doc.case.number), number=str(doc.number)), "info")
            continue
        except MailRefused as exc:
            audit(request, "mail_refused", object_type="case", object_ref=str(case.number), case=case,
                  filename=filename, size=size)
            flash(_t(request, exc.message, **exc.mapping), "error")
            continue
        finally:
            if path.exists():
                path.unlink()
        doc = filed.document
        audit(request, "mail_file", object_type="document", object_ref=str(doc.number), case=case,
              filename=filename, size=size, attachments=filed.attached, message_id=filed.mail.message_id or "")
        flash(_t(request, _("mail-filed", default="“${name}” was filed as ${number}: ${title}."),
                 name=name, number=str(doc.number), title=doc.title), "success")
        if filed.notes:
            flash(_t(request, _("mail-filed-notes", default="${number}: see the notes on the document."),
                     number=str(doc.number)), "info")
    return HTTPSeeOther(request.route_url("case", case=case.number.slug))


def _record(request, document) -> MailMessage:
    record = request.dbsession.execute(
        sa.select(MailMessage).where(MailMessage.document_id == document.id)).scalar_one_or_none()
    if record is None:
        raise HTTPNotFound()
    return record


@view_config(route_name="mail_original", request_method="GET", permission=P.DOCUMENT_VIEW)
def mail_original(context, request):
    """The mail file as it was filed, byte for byte."""
    record = _record(request, context.document)
    audit(request, "mail_original_download", object_type="document", object_ref=str(context.document.number),
          case=context.case, filename=record.filename)
    return file_response(request, record.sha256, record.filename, record.content_type, download=True)


@view_config(route_name="mail_inline", request_method="GET", permission=P.DOCUMENT_VIEW)
def mail_inline(context, request):
    """An image of the mail's body (``cid:``), shown in the page."""
    att = inline_attachment(request.dbsession, context.document, request.matchdict["cid"])
    if att is None or not blob_store(request).exists(att.sha256):
        raise HTTPNotFound()
    return file_response(request, att.sha256, att.filename, att.content_type, download=False)
