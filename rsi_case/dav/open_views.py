"""The document page's side of editing in Word: "Åbn i Word" mints a Word
link (a POST with the CSRF token: a GET never mints one) and shows it as an
``ms-word:`` link; the holder of a check-out or an administrator can release
it from the page."""

from __future__ import annotations

import os
from urllib.parse import quote

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..documents import checkouts
from ..i18n import _
from ..security.audit import audit
from ..security.hosts import public_app_url
from ..security.permissions import Permission as P
from .tokens import clock, mint


def word_link(request, document, clear: str, purpose: str) -> tuple[str, str]:
    """(the WebDAV URL, the ``ms-word:`` link that opens it: ``ofe`` to edit, ``ofv`` to read)."""
    slug = document.number.slug
    url = f"{public_app_url(request)}/dav/{clear}/{slug}/{slug}.docx"
    return url, f"ms-word:{'ofe' if purpose == 'edit' else 'ofv'}|u|{url}"


# the Office program (its URI scheme, its name) for each attached file type that opens in Office
OFFICE = {".docx": ("ms-word", "Word"), ".xlsx": ("ms-excel", "Excel"), ".pptx": ("ms-powerpoint", "PowerPoint")}


def office_of(attachment) -> tuple[str, str] | None:
    """(scheme, program) when the attached file opens in desktop Office, else None."""
    return OFFICE.get(os.path.splitext(attachment.filename)[1].lower())


def office_link(request, document, attachment, clear: str, purpose: str) -> tuple[str, str]:
    """(the WebDAV URL of the attached file, the ``ms-word:``/``ms-excel:``/``ms-powerpoint:`` link)."""
    scheme, _program = office_of(attachment)
    url = f"{public_app_url(request)}/dav/{clear}/{document.number.slug}/{quote(attachment.filename)}"
    return url, f"{scheme}:{'ofe' if purpose == 'edit' else 'ofv'}|u|{url}"


@view_config(route_name="document_word", request_method="POST", permission=P.DOCUMENT_VIEW,
             renderer="rsi_case:templates/dav/open.pt")
def open_in_word(context, request):
    doc = context.document
    lock = checkouts.active_checkout(request.dbsession, doc, clock(request))
    editable = bool(request.has_permission(P.DOCUMENT_EDIT, context))
    held_by_other = lock is not None and lock.user_id != request.user.id
    purpose = "edit" if editable and not held_by_other else "view"
    token, clear = mint(request, doc, purpose)
    audit(request, "word_token_create", object_type="document", object_ref=str(doc.number), case=context.case,
          token=token.prefix, purpose=purpose)
    url, link = word_link(request, doc, clear, purpose)
    minutes = int(request.registry["rsi_case.word_token_lifetimes"].grace.total_seconds() // 60)
    return {"document": doc, "case": context.case, "url": url, "link": link, "purpose": purpose,
            "lock": lock if held_by_other else None, "minutes": minutes, "editable": editable}


@view_config(route_name="document_checkout_release", request_method="POST", permission=P.DOCUMENT_VIEW)
def release_checkout(context, request):
    """End a check-out from the page: its holder (Word crashed, the laptop is
    gone) or an administrator. Word's next save is then refused, never lost silently."""
    doc = context.document
    url = request.route_url("document", document=doc.number.slug)
    lock = checkouts.active_checkout(request.dbsession, doc, clock(request))
    if lock is None:
        request.session.flash(request.localizer.translate(_("checkout-none", default="The document is not being edited in Word.")), "info")
        return HTTPSeeOther(url)
    if lock.user_id != request.user.id and not request.has_permission(P.CHECKOUT_RELEASE, context):
        raise HTTPForbidden()
    holder = lock.user.full_name
    checkouts.release(request.dbsession, lock)
    audit(request, "document_unlock", object_type="document", object_ref=str(doc.number), case=context.case,
          forced=True, holder=lock.user.login)
    request.session.flash(request.localizer.translate(_("checkout-released", default="The Word editing by ${name} was ended. Changes saved in Word after this are refused.", mapping={"name": holder})), "success")
    return HTTPSeeOther(url)


@view_config(route_name="attachment_word", request_method="POST", permission=P.DOCUMENT_VIEW,
             renderer="rsi_case:templates/dav/open.pt")
def open_attachment_in_office(context, request):
    """"Åbn i Word / Excel / PowerPoint" on an attached .docx/.xlsx/.pptx: the
    same Word link, bound to the attachment; a save is a new revision of it."""
    att = context.attachment
    if office_of(att) is None:
        raise HTTPNotFound()
    doc = context.document
    lock = checkouts.active_checkout(request.dbsession, att, clock(request))
    editable = bool(request.has_permission(P.DOCUMENT_EDIT, context))
    held_by_other = lock is not None and lock.user_id != request.user.id
    purpose = "edit" if editable and not held_by_other else "view"
    token, clear = mint(request, doc, purpose, attachment=att)
    audit(request, "word_token_create", object_type="document", object_ref=str(doc.number), case=doc.case,
          token=token.prefix, purpose=purpose, attachment=att.id)
    url, link = office_link(request, doc, att, clear, purpose)
    minutes = int(request.registry["rsi_case.word_token_lifetimes"].grace.total_seconds() // 60)
    return {"document": doc, "case": doc.case, "url": url, "link": link, "purpose": purpose,
            "lock": lock if held_by_other else None, "minutes": minutes, "editable": editable,
            "attachment": att, "program": office_of(att)[1]}
