"""The answer to a request for access (issue 19, point 4): the aktliste, the
draft package (*Udkast til svar*), its downloads, and the approval by a second
person (*Godkend svar*) that files it and answers the request."""

from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config, view_defaults

from ..documents.services import blob_store
from ..i18n import _, format_date
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.permissions import Permission as P
from . import answer, package as pkg, services
from .redaction import RedactionError

ADDRESS = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def mail_address(access) -> str | None:
    """The requester's contact, when it is one e-mail address."""
    contact = (access.requester_contact or "").strip()
    return contact if ADDRESS.match(contact) else None


def smtp_of(request):
    from ..mail.sending import SmtpSettings

    return SmtpSettings.from_settings(request.registry.settings)


class AnswerBase:
    """Views on the request's own case (CASE_EDIT there); a case that is no request has none."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.access = services.for_case(request.dbsession, context.case)
        if self.access is None:
            raise HTTPNotFound()

    @property
    def url(self) -> str:
        return self.request.route_url("case_access_answer", case=self.context.case.number.slug)

    def rows(self):
        return pkg.aktliste(self.request.dbsession, self.request.localizer, self.request.user, self.access)

    def page(self, rows=None, error=None, status: int = 200):
        request, access = self.request, self.access
        db = request.dbsession
        rows = rows if rows is not None else self.rows()
        # (an answered request has nothing more to put right: its answer is filed)
        problems = pkg.problems(db, request.localizer, access, rows) \
            if access.status == "aaben" else []
        current = answer.current(db, access)
        address = mail_address(access)
        request.response.status_int = status
        return {
            "access": access, "case": self.context.case, "error": error,
            "rows": [{"row": r, "labels": pkg.row_labels(request.localizer, r)} for r in rows],
            "problems": problems, "package": current,
            "stale": current is not None and current.state == "udkast" and answer.stale(rows, current),
            "own_draft": current is not None and current.made_by_id == request.user.id,
            "mail_to": address if address and smtp_of(request) is not None else None,
            "format_date": format_date,
        }


@view_defaults(route_name="case_access_answer", renderer="rsi_case:templates/aktindsigt/answer.pt",
               permission=P.CASE_EDIT)
class AnswerPage(AnswerBase):
    @view_config(request_method="GET")
    def get(self):
        return self.page()


@view_config(route_name="case_access_aktliste", permission=P.CASE_EDIT, request_method="GET")
def aktliste_csv(context, request):
    access = services.for_case(request.dbsession, context.case)
    if access is None:
        raise HTTPNotFound()
    rows = pkg.aktliste(request.dbsession, request.localizer, request.user, access)
    audit(request, "access_aktliste_export", object_type="case", object_ref=str(context.case.number),
          case=context.case, documents=len(rows))
    response = Response(body=pkg.aktliste_csv(request.localizer, rows), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="aktliste-{context.case.number.slug}.csv"'
    return response


@view_defaults(route_name="case_access_package", renderer="rsi_case:templates/aktindsigt/answer.pt",
               permission=P.CASE_EDIT)
class MakePackage(AnswerBase):
    @view_config(request_method="POST")
    def post(self):
        request, access = self.request, self.access
        db = request.dbsession
        rows = self.rows()
        if access.status != "aaben":
            return self.page(rows, _t(request, pkg.ANSWERED), 409)
        refused = _t(request, _("access-package-refused", default=(
            "The draft answer was not made. Put right what is listed under “Before the answer can be made”.")))
        if pkg.problems(db, request.localizer, access, rows):
            return self.page(rows, refused, 400)
        store = blob_store(request)
        try:
            built = pkg.build(request, access, rows, request.user, store,
                              pkg.Limits.from_settings(request.registry.settings))
        except RedactionError as exc:  # a file that cannot be redacted, or a change between the check and the build
            return self.page(rows, f"{refused} {pkg.redaction_message(request.localizer, exc)}", 400)
        except pkg.PackageFailed as exc:
            audit(request, "access_package_make", object_type="case", object_ref=str(self.context.case.number),
                  case=self.context.case, outcome="refused" if exc.message is pkg.LEAK else "failed")
            refused_here = exc.message is pkg.LEAK or exc.message is pkg.TOO_MUCH_TO_REDACT  # (not "try again")
            return self.page(rows, _t(request, exc.message, **exc.mapping), 400 if refused_here else 503)
        package = answer.keep(db, store, access, built, rows, request.user)
        audit(request, "access_package_make", object_type="case", object_ref=str(self.context.case.number),
              case=self.context.case, package=package.id, pages=built.pages, documents=len(rows),
              released=sum(1 for r in rows if r.released))
        request.session.flash(_t(request, _("access-package-made", default=(
            "The draft answer was made (${pages} pages). Someone else must now look at it and approve it."),
            mapping={"pages": built.pages})), "success")
        return HTTPSeeOther(self.url)


def _download(context, request, kind: str):
    access = services.for_case(request.dbsession, context.case)
    if access is None:
        raise HTTPNotFound()
    package = answer.current(request.dbsession, access)
    found = package.file(kind) if package is not None else None
    store = blob_store(request)
    if found is None or not store.exists(found.sha256):
        raise HTTPNotFound()
    audit(request, "access_package_download", object_type="case", object_ref=str(context.case.number),
          case=context.case, package=package.id, file=kind)
    response = Response(body=store.read(found.sha256), content_type=found.content_type)
    response.content_disposition = f'attachment; filename="{found.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@view_config(route_name="case_access_package_pdf", permission=P.CASE_EDIT, request_method="GET")
def package_pdf(context, request):
    return _download(context, request, "pdf")


@view_config(route_name="case_access_package_zip", permission=P.CASE_EDIT, request_method="GET")
def package_zip(context, request):
    return _download(context, request, "zip")


@view_defaults(route_name="case_access_package_approve", renderer="rsi_case:templates/aktindsigt/answer.pt",
               permission=P.CASE_EDIT)
class ApprovePackage(AnswerBase):
    @view_config(request_method="POST")
    def post(self):
        request, access = self.request, self.access
        db = request.dbsession
        rows = self.rows()
        package = answer.current(db, access)
        wanted = ascii_int(request.POST.get("package"), 1)
        try:
            if package is not None and wanted != package.id:
                package = None  # the draft looked at is not the newest one
            answer.check_approval(access, package, rows, request.user)
            if not answer.claim(db, package, request.user):
                raise answer.NotApproved(_("access-package-taken", default=(
                    "Someone approved this draft a moment ago, or is approving it now: nothing was sent or filed "
                    "again. Reload the page to see the answer.")), status=409)
        except answer.NotApproved as exc:
            audit(request, "access_package_approve", object_type="case", object_ref=str(self.context.case.number),
                  case=self.context.case, outcome="refused", status=exc.status)
            return self.page(rows, _t(request, exc.message, **exc.mapping), exc.status)
        to = mail_address(access) if request.POST.get("send") == "1" else None
        smtp = smtp_of(request) if to else None
        message = None
        if to and smtp is not None:
            from ..mail.sending import SendFailed, build_message, send

            store = blob_store(request)
            files = [(f.filename, f.content_type, store.read(f.sha256)) for f in package.files]
            user = request.user
            message = build_message(
                smtp, sender_name=user.full_name, sender_address=user.email or "", to=[to], cc=[],
                subject=f"{answer.ANSWER_TITLE} ({self.context.case.number})",
                text=_t(request, _("access-package-mail-text", default=(
                    "Dear ${name}\n\nAttached is the answer to your request for access, case ${number}: the letter "
                    "with the decision and the complaint guidance, the list of documents and the documents released "
                    "(PDF), and the released files (zip).\n\nKind regards\n${sender}"),
                    mapping={"name": access.requester_name, "number": str(self.context.case.number),
                             "sender": user.full_name})),
                attachments=files)
            try:
                send(smtp, message)
            except SendFailed as exc:
                answer.release(package)
                audit(request, "access_package_send_failed", object_type="case",
                      object_ref=str(self.context.case.number), case=self.context.case, package=package.id)
                return self.page(rows, _t(request, _("access-package-send-failed", default=(
                    "The answer was not approved, because the mail could not be sent: ${reason}"),
                    mapping={"reason": _t(request, exc.message, **exc.mapping)})), 502)
        doc = answer.file_answer(request, access, package, request.user)
        filed_mail = None
        if message is not None:
            package.state = "sendt"
            package.sent_to = to[:300]
            from ..db import utcnow

            package.sent_at = utcnow()
            filed_mail = self._file_mail(message)
        audit(request, "access_package_approve", object_type="case", object_ref=str(self.context.case.number),
              case=self.context.case, package=package.id, made_by=package.made_by_id, document=str(doc.number),
              sent=bool(message), mail=str(filed_mail.number) if filed_mail else "")
        audit(request, "access_request_answered", object_type="case", object_ref=str(self.context.case.number),
              case=self.context.case, answered_on=access.answered_on.isoformat())
        flash = _("access-package-approved-sent", default=(
            "The answer was approved, filed as ${number} and sent to ${to}.")) if message is not None else \
            _("access-package-approved", default="The answer was approved and filed as ${number}; the request is "
                                                 "answered.")
        request.session.flash(_t(request, flash, number=str(doc.number), to=to or ""), "success")
        return HTTPSeeOther(self.url)

    def _file_mail(self, message):
        """The sent mail filed as an outgoing e-mail of the request's case (as *Send som mail* does)."""
        from ..mail.filing import file_sent

        return file_sent(self.request, self.context.case, message)

