"""*Send som mail*: a document (its Word file, its attachments) sent from the
case, and the sent mail filed in the case as an outgoing e-mail."""

from __future__ import annotations

import re

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..documents.filetypes import DOCX
from ..documents.services import blob_store
from ..export.views import document_docx
from ..forms import CSRFSchema, Text, make_form, validate
from ..i18n import _
from ..security.audit import audit
from ..security.permissions import Permission as P
from .filing import file_sent
from .sending import SendFailed, SmtpSettings, build_message, send

ADDRESS = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
MAX_RECIPIENTS = 50


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def smtp_of(request) -> SmtpSettings | None:
    return SmtpSettings.from_settings(request.registry.settings)


def addresses(value: str) -> list[str]:
    return [a.strip() for a in re.split(r"[,;\s]+", value or "") if a.strip()]


def _addresses_validator(node, value):
    found = addresses(value)
    bad = [a for a in found if not ADDRESS.match(a)]
    if bad:
        raise colander.Invalid(node, _("mail-bad-address", default="Not an e-mail address: ${bad}.",
                                       mapping={"bad": ", ".join(bad[:5])}))
    if len(found) > MAX_RECIPIENTS:
        raise colander.Invalid(node, _("mail-too-many", default="At most ${n} recipients.",
                                       mapping={"n": MAX_RECIPIENTS}))


class SendSchema(CSRFSchema):
    to = colander.SchemaNode(
        Text(), title=_("field-mail-to", default="To"), validator=_addresses_validator,
        description=_("field-mail-to-help", default="One or more addresses, separated by commas."),
        missing_msg=_("mail-to-required", default="Give at least one recipient."))
    cc = colander.SchemaNode(Text(), title=_("field-mail-cc", default="Cc"), missing="",
                             validator=_addresses_validator)
    subject = colander.SchemaNode(
        Text(), title=_("field-mail-subject", default="Subject"),
        validator=colander.Length(min=1, max=300), missing_msg=_("mail-subject-required", default="Give a subject."))
    text = colander.SchemaNode(Text(), title=_("field-mail-text", default="Message"), missing="",
                               validator=colander.Length(max=20000),
                               widget=deform.widget.TextAreaWidget(rows=8))
    word = colander.SchemaNode(colander.Boolean(), title=_("field-mail-word", default="Attach the document as Word"),
                               default=True, missing=False, widget=deform.widget.CheckboxWidget())


def send_schema(document) -> SendSchema:
    schema = SendSchema()
    if document.attachments:
        schema.add(colander.SchemaNode(
            colander.Set(), name="files", title=_("field-mail-files", default="Attach these files"), missing=(),
            widget=deform.widget.CheckboxChoiceWidget(values=[(str(a.id), a.filename) for a in document.attachments])))
    return schema


@view_defaults(route_name="document_send", renderer="rsi_case:templates/mail/send.pt", permission=P.DOCUMENT_CREATE)
class DocumentSend:
    def __init__(self, context, request):
        self.context, self.request = context, request
        self.document = context.document
        self.smtp = smtp_of(request)
        if self.smtp is None:
            raise HTTPNotFound()  # no mail server: nothing offers to send
        self.form = make_form(send_schema(self.document), request, autofocus=True,
                              buttons=(deform.Button("send", _("button-send", default="Send"), css_class="btn-primary"),),
                              cancel_url=request.route_url("document", document=self.document.number.slug))

    def page(self, form_html, error=None):
        return {"form": form_html, "document": self.document, "case": self.context.case, "error": error}

    @view_config(request_method="GET")
    def get(self):
        doc = self.document
        return self.page(self.form.render({"subject": f"{doc.title} ({doc.number})", "word": True, "to": "", "cc": ""}))

    @view_config(request_method="POST")
    def post(self):
        appstruct, failed = validate(self.form, self.request)
        if failed is not None:
            self.request.response.status = 400
            return self.page(failed)
        request, doc, user = self.request, self.document, self.request.user
        files = []
        if appstruct["word"]:
            data, filename, _version = document_docx(request, self.context)
            files.append((filename, DOCX, data))
        store = blob_store(request)
        chosen = set(appstruct.get("files", ()))
        for att in doc.attachments:
            if str(att.id) in chosen and store.exists(att.sha256):
                with store.open(att.sha256) as fh:
                    files.append((att.filename, att.content_type, fh.read()))
        to, cc = addresses(appstruct["to"]), addresses(appstruct["cc"])
        message = build_message(self.smtp, sender_name=user.full_name, sender_address=user.email or "", to=to, cc=cc,
                                subject=appstruct["subject"], text=appstruct["text"], attachments=files)
        try:
            refused = send(self.smtp, message)
        except SendFailed as exc:
            request.response.status = 502
            audit(request, "mail_send_failed", object_type="document", object_ref=str(doc.number),
                  case=self.context.case, to=to)
            return self.page(self.form.render(appstruct), error=_t(request, exc.message, **exc.mapping))
        filed = self._file(message)
        audit(request, "mail_send", object_type="document", object_ref=str(doc.number), case=self.context.case,
              to=to, cc=cc, filed_as=str(filed.number) if filed else "", files=[f[0] for f in files])
        flash = request.session.flash
        if filed is not None:
            flash(_t(request, _("mail-sent", default="The mail was sent to ${to} and filed as ${number}."),
                     to=", ".join(to + cc), number=str(filed.number)), "success")
        if refused:
            flash(_t(request, _("mail-send-partly", default="The mail server refused: ${who}."),
                     who=", ".join(refused)), "error")
        target = filed or doc
        return HTTPSeeOther(request.route_url("document", document=target.number.slug))

    def _file(self, message):
        """File what was sent as an outgoing e-mail of the case."""
        return file_sent(self.request, self.context.case, message)
