"""The Indbakke: mails that came to the journal mailbox (rsi_case.mail.intake)
and named no case the intake could file them in. The secretariat files each
with one click — cases suggested by a search on its subject and sender, over
the cases the user may add documents to — or rejects it with a reason. The
mail leaves the server's inbox folder only after that is committed (moved to
the filed or the rejected folder; never deleted)."""

from __future__ import annotations

import os
import re
import types

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import CaseResource, find_case
from ..db import utcnow
from ..documents.services import blob_store, spool_upload
from ..documents.storage import TooLarge
from ..documents.views import file_response
from ..i18n import _
from ..numbering import CaseNumber, NumberError, case_numbers_in
from ..parsing import id_or_404
from ..resources import RootFactory
from ..security.audit import audit
from ..security.permissions import Permission as P
from .filing import AlreadyFiled, MailRefused, file_mail
from .intake import move_now
from .models import InboxMail
from .views import note_text

WAITING = ("venter", "fejl")
PAGE = 50  # mails shown at once, oldest first
SUGGESTIONS = 5
REPLY_PREFIX = re.compile(r"^(?:(?:re|sv|vs|fw|fwd|videresend|aw|wg)\s*:\s*)+", re.I)
REJECT_REASON_MAX = 500


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _item(request) -> InboxMail:
    """The mail the path names, or 404. The routes have the root as context
    (like the admin pages): the permission is checked before the mail is
    looked up, so to whoever may not use the Indbakke every address under it
    is refused alike (403), never "that one exists"."""
    item = request.dbsession.get(InboxMail, id_or_404(request.matchdict["item"]))
    if item is None:
        raise HTTPNotFound()
    return item


def waiting_count(request) -> int | None:
    """How many mails wait (for the menu's badge), for who may use the Indbakke."""
    if request.user is None or not request.has_permission(P.MAIL_INTAKE, RootFactory(request)):
        return None
    try:
        return request.dbsession.execute(
            sa.select(sa.func.count()).select_from(InboxMail).where(InboxMail.status.in_(WAITING))).scalar_one()
    except sa.exc.SQLAlchemyError:  # an error page while the database is away: no badge
        return None


# -- suggestions ------------------------------------------------------------------------

def _subject_words(subject: str) -> str:
    subject = REPLY_PREFIX.sub("", " ".join((subject or "").split()))
    return " ".join(w for w in re.findall(r"\w+", subject) if len(w) > 2 and not w.isdigit())


def _may_file_in(request, case: Case) -> bool:
    return bool(request.has_permission(P.DOCUMENT_CREATE, CaseResource(request, case)))


def suggestions(request, item: InboxMail) -> list[Case]:
    """Cases to file the mail in: those its subject names, then the search's
    best cases for its subject's words and for its sender (the mails from
    that address are filed somewhere) — only cases this user may add
    documents to (the search already leaves out what they may not see)."""
    from ..search.service import Filters
    from ..search.views import principals_of

    numbers = [str(n) for n in case_numbers_in(item.subject)]
    service = request.registry["search.service"]
    principals = principals_of(request)
    queries = [_subject_words(item.subject)]
    if item.sender_address:
        queries.append(f'fra:"{item.sender_address}"')
    for text in queries:
        if not text:
            continue
        try:
            result = service.search(text, principals, Filters(), pagelen=20, facets=False, guidance=False)
        except Exception:  # noqa: BLE001 - a query the parser cannot take: no suggestions from it
            continue
        for hit in result.hits:
            number = hit.number if hit.type == "case" else hit.case_number
            if number and number not in numbers:
                numbers.append(number)
    cases = []
    for text in numbers:
        try:
            case = find_case(request.dbsession, CaseNumber.parse(text))
        except NumberError:
            continue
        if case is not None and _may_file_in(request, case):
            cases.append(case)
        if len(cases) == SUGGESTIONS:
            break
    return cases


# -- the page ------------------------------------------------------------------------------

def _page(request, errors=None, typed=None, status=200):
    items = request.dbsession.execute(
        sa.select(InboxMail).where(InboxMail.status.in_(WAITING)).order_by(InboxMail.received_at, InboxMail.id)
        .limit(PAGE)).scalars().all()
    total = waiting_count(request) or 0
    rows = [{"item": item, "reason": note_text(request, item.reason) if item.reason else "",
             "suggestions": suggestions(request, item) if item.status == "venter" else []}
            for item in items]
    return render_to_response("rsi_case:templates/mail/inbox.pt",
                              {"rows": rows, "total": total, "errors": errors or {}, "typed": typed or {}},
                              request=request, response=_status(request, status))


def _status(request, status):
    response = request.response
    response.status_int = status
    return response


@view_config(route_name="mail_inbox", request_method="GET", permission=P.MAIL_INTAKE)
def inbox(request):
    return _page(request)


@view_config(route_name="mail_inbox_original", request_method="GET", permission=P.MAIL_INTAKE)
def original(request):
    """The mail as it came, to read before filing it."""
    item = _item(request)
    if not item.sha256:
        raise HTTPNotFound()
    audit(request, "mail_inbox_original", object_type="mail_inbox", object_ref=str(item.id))
    return file_response(request, item.sha256, f"indbakke-{item.id}.eml", "message/rfc822", download=True)


def _handled_already(request, item) -> HTTPSeeOther | None:
    if item.status in WAITING:
        return None
    request.session.flash(_t(request, _("mail-inbox-handled", default="That mail has already been handled.")), "info")
    return HTTPSeeOther(request.route_url("mail_inbox"))


def _chosen_case(request, item, typed: str):
    """The case named in the form, or an error message for the page."""
    try:
        number = CaseNumber.parse(typed)
    except NumberError as exc:
        return None, _t(request, exc.msg, **exc.mapping)
    case = find_case(request.dbsession, number)
    if case is None or not _may_file_in(request, case):  # (whether it exists is not said)
        return None, _t(request, _("mail-inbox-no-case", default="There is no case ${number} you can file in."),
                        number=str(number))
    return case, None


def _move_after_commit(request, item_id: int) -> None:
    def move(req):
        if getattr(req, "exception", None) is None:
            move_now(req.registry, item_id)
    request.add_finished_callback(move)


@view_config(route_name="mail_inbox_file", request_method="POST", permission=P.MAIL_INTAKE, require_csrf=True)
def file_item(request):
    """Journalisér: the mail into the case typed (or chosen among the suggestions)."""
    item = _item(request)
    done = _handled_already(request, item)
    if done is not None:
        return done
    typed = (request.POST.get("case_number") or "").strip() or (request.POST.get("case") or "").strip()
    case, error = _chosen_case(request, item, typed)
    if error is None and (item.status != "venter" or not item.sha256):
        error = _t(request, _("mail-inbox-cannot-file", default="This mail cannot be filed; reject it with a reason."))
    if error is not None:
        return _page(request, errors={item.id: error}, typed={item.id: typed}, status=400)
    try:
        path, size, sha256 = spool_upload(request, types.SimpleNamespace(file=blob_store(request).open(item.sha256)),
                                          prefix=".mail-in-")
    except TooLarge:
        return _page(request, errors={item.id: _t(request, _("mail-inbox-cannot-file", default="This mail cannot be "
                                                               "filed; reject it with a reason."))},
                     typed={item.id: typed}, status=400)
    filename = f"indbakke-{item.id}.eml"
    try:
        filed = file_mail(request, case, path, filename, sha256, size)
    except AlreadyFiled as exc:
        doc = exc.document
        item.status, item.document, item.handled_at, item.handled_by_id = "dublet", doc, utcnow(), request.user.id
        item.reason = {"msgid": "mail-inbox-already-filed", "default": "Already filed in ${case} as ${number}.",
                       "mapping": {"case": str(doc.case.number), "number": str(doc.number)}}
        request.session.flash(_t(request, _("mail-inbox-was-filed", default="“${subject}” is already filed in ${case} "
                                            "as ${number}."), subject=item.subject, case=str(doc.case.number),
                                 number=str(doc.number)), "info")
        _move_after_commit(request, item.id)
        return HTTPSeeOther(request.route_url("mail_inbox"))
    except MailRefused as exc:
        return _page(request, errors={item.id: _t(request, exc.message, **exc.mapping)}, typed={item.id: typed},
                     status=400)
    finally:
        if os.path.exists(path):
            os.unlink(path)
    doc = filed.document
    item.status, item.document, item.handled_at, item.handled_by_id = "journaliseret", doc, utcnow(), request.user.id
    audit(request, "mail_inbox_file", object_type="document", object_ref=str(doc.number), case=case,
          subject=item.subject, sender=item.sender_address, message_id=filed.mail.message_id or "",
          attachments=filed.attached)
    request.session.flash(_t(request, _("mail-filed", default="“${name}” was filed as ${number}: ${title}."),
                             name=item.subject or filename, number=str(doc.number), title=doc.title), "success")
    _move_after_commit(request, item.id)
    return HTTPSeeOther(request.route_url("mail_inbox"))


@view_config(route_name="mail_inbox_reject", request_method="POST", permission=P.MAIL_INTAKE, require_csrf=True)
def reject_item(request):
    """Afvis: not a record of the organisation (spam, a private mail). The
    mail is moved to the rejected folder on the server, never deleted."""
    item = _item(request)
    done = _handled_already(request, item)
    if done is not None:
        return done
    reason = " ".join((request.POST.get("reason") or "").split())
    if not reason or len(reason) > REJECT_REASON_MAX:
        error = _t(request, _("mail-inbox-reason", default="Say why the mail is rejected (at most ${n} characters)."),
                   n=REJECT_REASON_MAX)
        return _page(request, errors={item.id: error}, typed={f"reason-{item.id}": request.POST.get("reason", "")},
                     status=400)
    item.status, item.reject_reason, item.handled_at, item.handled_by_id = "afvist", reason, utcnow(), request.user.id
    audit(request, "mail_inbox_reject", object_type="mail_inbox", object_ref=str(item.id), subject=item.subject,
          sender=item.sender_address, reason=reason)
    request.session.flash(_t(request, _("mail-inbox-rejected", default="“${subject}” was rejected."),
                             subject=item.subject or "…"), "success")
    _move_after_commit(request, item.id)
    return HTTPSeeOther(request.route_url("mail_inbox"))
