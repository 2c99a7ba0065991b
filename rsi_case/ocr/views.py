"""The document page's OCR panel and the searchable copy's download; both
are reached through the attachment's document, so they carry its ACL."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ..documents.services import blob_store
from ..documents.views import file_response
from ..i18n import _
from ..security.audit import audit
from ..security.permissions import Permission as P
from .models import OcrJob

REASONS = {
    "timeout": _("ocr-reason-timeout", default="it took longer than the time limit"),
    "memory": _("ocr-reason-memory", default="it needed more memory than allowed"),
    "too_many_pages": _("ocr-reason-pages", default="the file has more pages than OCR is allowed to read"),
    "damaged": _("ocr-reason-damaged", default="the file is damaged or is not a PDF"),
    "encrypted": _("ocr-reason-encrypted", default="the file is encrypted"),
    "unsupported": _("ocr-reason-unsupported", default="the file's format cannot be read"),
    "tool_missing": _("ocr-reason-tool", default="the OCR program is missing on the server"),
    "missing": _("ocr-reason-missing", default="the file is missing from the file store"),
    "gave_up": _("ocr-reason-gave-up", default="it was stopped several times without an answer"),
    "error": _("ocr-reason-error", default="OCR stopped with an error"),
}


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def current_jobs(db, document) -> dict[int, OcrJob]:
    """attachment id -> the OCR job of the file it holds now."""
    files = {(a.id, a.sha256) for a in document.attachments}
    if not files:
        return {}
    jobs = db.execute(sa.select(OcrJob).where(OcrJob.document_id == document.id)).scalars().all()
    return {j.attachment_id: j for j in jobs if (j.attachment_id, j.source_sha256) in files}


def ocr_panel(request, document):
    """What OCR made of the document's scanned files (nothing for files with their own text)."""
    jobs = current_jobs(request.dbsession, document)
    rows = []
    for att in document.attachments:
        job = jobs.get(att.id)
        if job is None or job.state == "not_needed":
            continue
        rows.append({"attachment": att, "job": job,
                     "reason": _t(request, REASONS.get(job.reason, REASONS["error"])) if job.state == "failed" else ""})
    return {"rows": rows} if rows else None


def copy_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return f"{stem} (OCR).pdf"


@view_config(route_name="attachment_ocr", request_method="GET", permission=P.DOCUMENT_VIEW)
def ocr_copy_download(context, request):
    """The searchable copy of the attachment's current file."""
    att = context.attachment
    job = current_jobs(request.dbsession, att.document).get(att.id)
    if job is None or job.state != "done" or not job.sha256 or not blob_store(request).exists(job.sha256):
        raise HTTPNotFound()
    audit(request, "attachment_download", object_type="document", object_ref=str(att.document.number),
          case=att.document.case, filename=copy_name(att.filename), attachment=att.id, ocr=True)
    return file_response(request, job.sha256, copy_name(att.filename), "application/pdf")
