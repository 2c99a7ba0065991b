"""Marking what is withheld from a document released in part: its page under
the request (``access_redactions``) shows the document's text, the passages
withheld with their grounds, a form to add one (the words, the ground, and
where: the text or one of its PDF attachments) and a preview of the text as
released. The passage's words never leave this page: the audit trail gets the
document's number, the ground and the passage's length; flash messages and
logs get no words either."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..documents.resources import find_document
from ..documents.sanitize import html_to_text
from ..i18n import _
from ..numbering import DocumentNumber, NumberError
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import ACCESS_GROUNDS
from . import pdf_redaction, release, services
from .models import AccessRedaction
from .redaction import (MAX_PASSAGE, MIN_PASSAGE, RedactionError, found_in_text, normalise, redact_html,
                        redact_text)

MAX_PER_DOCUMENT = 200
TEXT = "text"


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def pdf_limits(request) -> pdf_redaction.PdfLimits:
    """The limits for reading a PDF's words while a user waits: the parse limit of every
    upload (``rsi_case.parse_timeout_seconds``), not the package's longer one."""
    settings = request.registry.settings
    return dataclasses.replace(pdf_redaction.PdfLimits.from_settings(settings),
                               seconds=float(settings.get("rsi_case.parse_timeout_seconds", 20)))


def target_label(request, index: dict, attachment_id):
    if attachment_id is None:
        return _t(request, _("redaction-target-text", default="The document's text"))
    att = index.get(attachment_id)
    if att is None:
        return _t(request, _("redaction-target-gone", default="An attachment no longer on the document"))
    return _t(request, _("redaction-target-annex", default="Annex ${n}: ${name}", mapping=att))


ERRORS = {
    "redaction-too-short": _("redaction-too-short", default="A passage must have at least ${n} characters.",
                             mapping={"n": MIN_PASSAGE}),
    "redaction-not-found": _("redaction-not-found", default="These words are not in the document's current text. "
                                                            "Copy them exactly as they stand."),
    "redaction-not-found-pdf": _("redaction-not-found-pdf", default="These words are not in the text of the chosen "
                                                                    "PDF attachment. Copy them exactly as they stand."),
    "redaction-pdf-encrypted": _("redaction-pdf-encrypted", default="The PDF is protected by a password and cannot "
                                                                    "be read."),
    "redaction-pdf-too-many-pages": _("redaction-pdf-too-many-pages", default="The PDF has too many pages to be "
                                                                              "redacted here."),
    "redaction-pdf-too-heavy": _("redaction-pdf-too-heavy", default="The PDF could not be read within the time "
                                                                    "and memory allowed."),
    "redaction-pdf-unreadable": _("redaction-pdf-unreadable", default="The PDF is damaged and cannot be read."),
}


@view_defaults(route_name="access_redactions", renderer="rsi_case:templates/aktindsigt/redactions.pt",
               permission=P.CASE_EDIT)
class RedactionPage:
    """One document of a request: what is withheld from it, and where."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        db = request.dbsession
        self.access = services.for_case(db, context.case)
        if self.access is None:
            raise HTTPNotFound()
        try:
            number = DocumentNumber.parse(request.matchdict.get("document", ""))
        except NumberError:
            raise HTTPNotFound() from None
        document = find_document(db, number)
        # a document of a case the request concerns, that the user may see (else: as if never there)
        if document is None or document.id not in {d.id for d in services.documents(db, request.user, self.access)}:
            raise HTTPNotFound()
        self.document = document
        self.pdfs = [(i, a) for i, a in enumerate(document.attachments, start=1) if release.is_pdf(a)]

    # -- reading -------------------------------------------------------------------

    def redactions(self) -> list[AccessRedaction]:
        return release.all_redactions(self.request.dbsession, self.access, self.document.id)

    def url(self):
        return self.request.route_url("access_redactions", case=self.context.case.number.slug,
                                      document=self.document.number.slug)

    def page(self, values=None, errors=None):
        request, document = self.request, self.document
        index = {a.id: {"n": i, "name": a.filename} for i, a in enumerate(document.attachments, start=1)}
        reds = self.redactions()
        rows = [{"r": r, "where": target_label(request, index, r.attachment_id), "length": len(r.passage),
                 "ground": ACCESS_GROUNDS.get(r.ground, r.ground)} for r in reds]
        text_cuts = release.text_cuts(request.dbsession, request.localizer, self.access, document)
        preview, preview_error = None, None
        preview_title = redact_text(document.title or "", [release.as_cut(request.localizer, r) for r in reds])
        try:
            preview = redact_html(document.body_html or "", text_cuts)
        except RedactionError as exc:
            preview_error = _t(request, ERRORS.get(exc.msgid, ERRORS["redaction-not-found"]))
        decision = services.decisions(request.dbsession, self.access).get(document.id)
        others = [a for a in document.attachments if not release.releasable_in_part(a)]
        return {"access": self.access, "case": self.context.case, "document": document, "rows": rows,
                "body": document.body_html or "",  # (stored sanitised: rsi_case.documents.sanitize)
                "pdfs": self.pdfs, "pdf_texts": self.pdf_texts(), "decision": decision,
                "preview": preview, "preview_title": preview_title, "preview_error": preview_error,
                "not_releasable": others, "grounds": ACCESS_GROUNDS, "url": self.url(),
                "values": values or {"passage": "", "ground": "", "target": TEXT},
                "errors": errors or {}, "max_passage": MAX_PASSAGE, "closed": self.access.status != "aaben",
                "labels": {"no_text": _t(request, _("redaction-pdf-no-text", default=(
                               "The PDF has no text to select (a scan without text recognition). It is still "
                               "released as pictures of its pages, without a text layer."))),
                           "remove": _t(request, _("redaction-remove-label", default="Remove withheld passage"))}}

    def pdf_texts(self) -> dict[int, str]:
        """The words of each PDF attachment, to read and select from (a PDF that cannot be
        read gets the reason instead)."""
        from ..documents.services import blob_store

        request, texts = self.request, {}
        for _i, att in self.pdfs[:10]:
            try:
                _data, pages = release.pdf_source(request.dbsession, blob_store(request), att, pdf_limits(request))
                texts[att.id] = "\n\n".join(p.split(pdf_redaction.BREAK)[0] for p in pages if p.strip())[:100_000]
            except RedactionError as exc:
                texts[att.id] = _t(request, ERRORS.get(exc.msgid, ERRORS["redaction-pdf-unreadable"]))
            except OSError:
                texts[att.id] = _t(request, ERRORS["redaction-pdf-unreadable"])
        return texts

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    # -- adding ------------------------------------------------------------------------

    def refuse_if_answered(self):
        """After the answer is approved, what was withheld is part of the record of what was sent."""
        if self.access.status == "aaben":
            return None
        self.request.response.status_int = 409  # (the page says why: CLOSED, in place of the forms)
        return self.page()

    @view_config(request_method="POST", request_param="add")
    def add(self):
        request, document = self.request, self.document
        closed = self.refuse_if_answered()
        if closed is not None:
            return closed
        post = request.POST
        values = {"passage": post.get("passage", "")[:MAX_PASSAGE * 2],
                  "ground": post.get("ground", "").strip()[:40],
                  "target": post.get("target", TEXT).strip()[:40] or TEXT}
        errors = {}
        passage = normalise(values["passage"])
        if not passage:
            errors["passage"] = _t(request, _("redaction-passage-missing",
                                              default="Write or select the words to withhold."))
        elif len(passage) < MIN_PASSAGE:
            errors["passage"] = _t(request, ERRORS["redaction-too-short"])
        elif len(passage) > MAX_PASSAGE:
            errors["passage"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                              mapping={"n": MAX_PASSAGE}))
        if not values["ground"]:
            errors["ground"] = _t(request, _("redaction-ground-missing", default="Choose the ground in the act."))
        elif values["ground"] not in ACCESS_GROUNDS:
            errors["ground"] = _t(request, _("access-ground-unknown", default="Choose one of the grounds of the act."))
        attachment = None
        if values["target"] != TEXT:
            wanted = values["target"][1:] if values["target"].startswith("a") else ""
            attachment = next((a for _i, a in self.pdfs if wanted.isascii() and wanted.isdigit()
                               and str(a.id) == wanted.lstrip("0")), None)
            if attachment is None:
                errors["target"] = _t(request, _("redaction-target-unknown",
                                                 default="Choose the text or one of the document's PDF attachments."))
        if "passage" not in errors and "target" not in errors:
            problem = self.not_found(passage, attachment)
            if problem:
                errors["passage"] = problem
        reds = self.redactions()
        if not errors:
            if any(normalise(r.passage).lower() == passage.lower() and r.attachment_id == (attachment.id if attachment
                                                                                           else None) for r in reds):
                errors["passage"] = _t(request, _("redaction-duplicate", default="These words are withheld already."))
            elif len(reds) >= MAX_PER_DOCUMENT:
                errors["passage"] = _t(request, _("redaction-too-many", default="At most ${n} passages per document.",
                                                  mapping={"n": MAX_PER_DOCUMENT}))
        if errors:
            request.response.status_int = 400
            return self.page(values, errors)
        red = AccessRedaction(request_id=self.access.id, document_id=document.id,
                              attachment_id=attachment.id if attachment else None, passage=passage,
                              ground=values["ground"], created_by_id=request.user.id)
        request.dbsession.add(red)
        request.dbsession.flush()
        audit(request, "access_redaction_add", object_type="document", object_ref=str(document.number),
              case=self.context.case, ground=values["ground"], length=len(passage),
              target=self.target_ref(attachment), redaction=red.id)
        request.session.flash(_t(request, _("redaction-added", default="The passage is withheld.")), "success")
        return HTTPSeeOther(self.url())

    def target_ref(self, attachment) -> str:
        if attachment is None:
            return TEXT
        return f"bilag {next(i for i, a in self.pdfs if a.id == attachment.id)}"

    def not_found(self, passage: str, attachment) -> str | None:
        """Why ``passage`` cannot be withheld where it was asked (None: it is there)."""
        request = self.request
        if attachment is None:
            if found_in_text(html_to_text(self.document.body_html or ""), passage):
                return None
            return _t(request, ERRORS["redaction-not-found"])
        from ..documents.services import blob_store

        try:
            _data, pages = release.pdf_source(request.dbsession, blob_store(request), attachment, pdf_limits(request))
        except RedactionError as exc:
            return _t(request, ERRORS.get(exc.msgid, ERRORS["redaction-pdf-unreadable"]))
        except OSError:
            return _t(request, ERRORS["redaction-pdf-unreadable"])
        if any(found_in_text(p, passage) for p in pages):
            return None
        return _t(request, ERRORS["redaction-not-found-pdf"])

    # -- removing ------------------------------------------------------------------------

    @view_config(request_method="POST", request_param="remove")
    def remove(self):
        request = self.request
        closed = self.refuse_if_answered()
        if closed is not None:
            return closed
        raw = request.POST.get("remove", "")[:20]
        red = None
        if raw.isascii() and raw.isdigit():
            red = request.dbsession.execute(sa.select(AccessRedaction).where(
                AccessRedaction.id == int(raw), AccessRedaction.request_id == self.access.id,
                AccessRedaction.document_id == self.document.id)).scalar_one_or_none()
        if red is None:
            request.session.flash(_t(request, _("redaction-already-removed",
                                                default="The passage was not withheld (removed already?).")), "info")
            return HTTPSeeOther(self.url())
        attachment = next((a for _i, a in self.pdfs if a.id == red.attachment_id), None)
        target = self.target_ref(attachment) if attachment or red.attachment_id is None else "bilag"
        audit(request, "access_redaction_remove", object_type="document", object_ref=str(self.document.number),
              case=self.context.case, ground=red.ground, length=len(red.passage), target=target, redaction=red.id)
        request.dbsession.delete(red)
        request.session.flash(_t(request, _("redaction-removed", default="The passage is no longer withheld.")),
                              "success")
        return HTTPSeeOther(self.url())


def counts(db, access) -> dict[int, int]:
    """Document id -> how many passages are withheld from it (for the request page)."""
    return dict(db.execute(sa.select(AccessRedaction.document_id, sa.func.count(AccessRedaction.id))
                           .where(AccessRedaction.request_id == access.id)
                           .group_by(AccessRedaction.document_id)).all())
