"""*Forlæng fristen*: a request's deadline moved to a later working day, with
the reason, and a letter telling the requester why and when (offentlighedsloven
§ 36, stk. 2) — sent by mail when the installation has a mail server and the
contact is an e-mail address, and/or filed as an outgoing document of the
request's case."""

from __future__ import annotations

import html

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..documents.services import create_document
from ..i18n import _, format_date, parse_date_input
from ..mail.filing import file_sent
from ..mail.send_views import ADDRESS, smtp_of
from ..mail.sending import SendFailed, build_message, send
from ..security.audit import audit
from ..security.permissions import Permission as P
from . import extension, services

LETTER = _("access-extend-letter", default=(
    "Dear ${name}\n\n"
    "On ${received} we received your request for access to: ${subject}\n\n"
    "We cannot answer your request within 7 working days, as the Access to Public Administration Files Act "
    "(offentlighedsloven § 36, subs. 2) requires as a rule. The reason is:\n\n${reason}\n\n"
    "You can expect our answer no later than ${deadline}.\n\n"
    "Please quote case number ${case} if you contact us about the request.\n\n"
    "Kind regards\n${sender}"))
LETTER_SUBJECT = _("access-extend-letter-subject",
                   default="Your request for access (case ${case}): the answer is expected by ${deadline}")
LETTER_TITLE = _("access-extend-letter-title", default="Letter on the extended deadline of the request for access")

MESSAGES = {
    "date-invalid": _("date-invalid", default="“${value}” is not a date. Write day-month-year, e.g. 15-12-2009."),
    "access-extend-not-later": _("access-extend-not-later",
                                 default="The new deadline must be after the current deadline, ${deadline}."),
    "access-extend-too-far": _("access-extend-too-far",
                               default="The new deadline must be at most ${n} days after the current deadline."),
    "access-extend-not-working-day": _("access-extend-not-working-day",
                                       default="${date} is not a working day (a weekend, a public holiday or a day "
                                               "offices are closed). The next working day is ${next}."),
}


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def mail_address(access) -> str | None:
    """The requester's contact when it is one e-mail address."""
    contact = (access.requester_contact or "").strip()
    return contact if ADDRESS.match(contact) else None


def letter_text(request, access, new_deadline, reason: str) -> str:
    user = request.user
    return _t(request, LETTER, name=access.requester_name, received=format_date(access.received_on),
              subject=" ".join(access.subject.split())[:500], reason=reason.strip() or "…",
              deadline=format_date(new_deadline) if new_deadline else "…", case=str(access.case.number),
              sender=user.full_name if user is not None else "")


def letter_html(text: str) -> str:
    """The letter as the body of a document: a paragraph per block, lines kept."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>" for block in blocks)


def panel(request, access) -> dict:
    """For the request's page: the original deadline, the extensions, and whether it may be extended."""
    db = request.dbsession
    rows = extension.extensions(db, access)
    return {"original": rows[0].previous_deadline if rows else access.deadline, "rows": rows,
            "may_extend": access.status == "aaben"}


@view_defaults(route_name="case_access_request_extend", renderer="rsi_case:templates/aktindsigt/extend.pt",
               permission=P.CASE_EDIT)
class ExtendDeadline:
    def __init__(self, context, request):
        self.context, self.request = context, request
        self.access = services.for_case(request.dbsession, context.case)
        if self.access is None:
            raise HTTPNotFound()
        self.smtp = smtp_of(request)
        self.address = mail_address(self.access)

    @property
    def can_mail(self) -> bool:
        return self.smtp is not None and self.address is not None

    def page(self, values, errors=None, error=None):
        access = self.access
        return {"access": access, "case": self.context.case, "values": values, "errors": errors or {},
                "error": error, "can_mail": self.can_mail, "address": self.address,
                "has_smtp": self.smtp is not None, "panel": panel(self.request, access),
                "closed": access.status != "aaben"}

    @view_config(request_method="GET")
    def get(self):
        return self.page({"new_deadline": "", "reason": "", "letter": "", "send": self.can_mail, "file": True})

    @view_config(request_method="POST")
    def post(self):
        request, access = self.request, self.access
        post = request.POST
        values = {"new_deadline": post.get("new_deadline", "")[:40],
                  "reason": post.get("reason", "")[:extension.MAX_REASON * 2],
                  "letter": post.get("letter", "")[:extension.MAX_LETTER * 2],
                  "send": post.get("send") == "1", "file": post.get("file") == "1"}
        errors = {}
        if access.status != "aaben":
            request.response.status_int = 400
            return self.page(values, error=_t(request, _("access-extend-answered",
                                                         default="The request has been answered; its deadline "
                                                                 "can no longer be extended.")))
        new = parse_date_input(values["new_deadline"]) if values["new_deadline"].strip() else None
        problem = extension.date_problem(access, new)
        if problem is not None:
            msgid, mapping = problem
            mapping = {k: format_date(v) if hasattr(v, "isoformat") else v for k, v in mapping.items()}
            mapping.setdefault("value", values["new_deadline"].strip())
            errors["new_deadline"] = _t(request, MESSAGES[msgid], **mapping)
        reason = values["reason"].strip()
        if not reason:
            errors["reason"] = _t(request, _("access-extend-reason-missing",
                                             default="Write why the request cannot be answered in time."))
        elif len(reason) > extension.MAX_REASON:
            errors["reason"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                             mapping={"n": extension.MAX_REASON}))
        if len(values["letter"].strip()) > extension.MAX_LETTER:
            errors["letter"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                             mapping={"n": extension.MAX_LETTER}))
        if values["send"] and not self.can_mail:
            errors["send"] = _t(request, _("access-extend-cannot-mail",
                                           default="The letter cannot be mailed: there is no mail server, or the "
                                                   "requester's contact is not an e-mail address."))
        if "preview" in post:
            # the letter from the template with the reason and date typed so far; nothing saved
            if not errors.get("new_deadline") and not errors.get("reason"):
                values["letter"] = letter_text(request, access, new, reason)
                return self.page(values, errors={k: v for k, v in errors.items() if k != "letter"})
            request.response.status_int = 400
            return self.page(values, errors)
        if errors:
            request.response.status_int = 400
            return self.page(values, errors)
        letter = values["letter"].strip() or letter_text(request, access, new, reason)
        subject = _t(request, LETTER_SUBJECT, case=str(access.case.number), deadline=format_date(new))
        letter_doc, mailed_to = None, ""
        if values["send"]:
            user = request.user
            message = build_message(self.smtp, sender_name=user.full_name, sender_address=user.email or "",
                                    to=[self.address], cc=[], subject=subject, text=letter, attachments=[])
            try:
                send(self.smtp, message)
            except SendFailed as exc:
                request.response.status_int = 502
                audit(request, "mail_send_failed", object_type="case", object_ref=str(access.case.number),
                      case=access.case, to=[self.address])
                return self.page(values, error=_t(request, exc.message, **exc.mapping))
            mailed_to = self.address
            letter_doc = self._file_mail(message)
        elif values["file"]:
            letter_doc = create_document(request.dbsession, case=access.case, user=request.user,
                                         title=_t(request, LETTER_TITLE), kind="notat", status="endelig",
                                         body_html=letter_html(letter), author_name=request.user.full_name)
        previous = access.deadline
        extension.extend(request.dbsession, access, request.user, new, reason,
                         letter_document_id=letter_doc.id if letter_doc is not None else None, mailed_to=mailed_to)
        audit(request, "access_deadline_extend", object_type="case", object_ref=str(access.case.number),
              case=access.case, old=previous.isoformat(), new=new.isoformat(), reason=reason[:500],
              mailed_to=mailed_to, letter=str(letter_doc.number) if letter_doc is not None else "")
        flash = _t(request, _("access-extended", default="The deadline was extended to ${deadline}.",
                              mapping={"deadline": format_date(new)}))
        if mailed_to:
            flash += " " + _t(request, _("access-extend-mailed", default="The letter was mailed to ${to} and filed as "
                                                                        "${number}.",
                                         mapping={"to": mailed_to, "number": str(letter_doc.number) if letter_doc else "–"}))
        elif letter_doc is not None:
            flash += " " + _t(request, _("access-extend-filed", default="The letter was filed as ${number}.",
                                         mapping={"number": str(letter_doc.number)}))
        request.session.flash(flash, "success")
        return HTTPSeeOther(request.route_url("case_access_request", case=access.case.number.slug))

    def _file_mail(self, message):
        """What was sent, filed as an outgoing e-mail of the request's case."""
        return file_sent(self.request, self.access.case, message, "forlaenget-frist.eml")

