"""Word exports: a document as a memo, a case file, a redline between versions.

Every export shows exactly what the user may read: the board gets a draft's
last final version, a case file leaves out documents the user may not see,
a redline compares only versions the user may open. Each export is audited.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ..documents.diff import meta_changes
from ..documents.history import _may_see_drafts, _versions_query, compared
from ..documents.models import Attachment, Document, DocumentVersion, TextBlock
from ..documents.resources import DocumentResource, as_read_by, shown_version, visible_documents_clause
from ..documents.versions import _digest, version_body
from ..filenames import UNSAFE, content_disposition, cut_at_word, download_name
from ..i18n import _
from ..mail.parties import mail_parties
from ..numbering import DocumentNumber, NumberError
from ..security.audit import audit
from ..security.hosts import public_app_url
from ..security.models import User
from ..security.permissions import Permission as P
from ..vocab import CASE_CATEGORIES, CASE_STATUSES, DOCUMENT_KINDS, DOCUMENT_STATUSES, REGIONS
from .documents import CaseInfo, Memo, Side, case_file_docx, memo_docx, redline_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff"}
_ATTACHMENT_URL = re.compile(r"^/documents/(\d{1,6}-\d{2,4})/attachments/(\d{1,12})(?:/|\?|$)")


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def docx_response(request, data: bytes, filename: str) -> Response:
    response = Response(body=data, content_type=DOCX)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    return response


def _filename(number_slug: str, title: str, suffix: str = "") -> str:
    """"<number> <title><suffix>.docx", the title cut at a word (``filenames``)."""
    title = cut_at_word(UNSAFE.sub(" ", title or ""), 80)
    return download_name(f"{number_slug} {title}" if title else number_slug, f"{suffix}.docx", limit=120)


def image_resolver(request, permits=None):
    """Images in a body that are attachments in this system (by their URL) are
    embedded, if the user (or whoever ``permits`` answers for) may open that
    document; nothing is fetched from elsewhere (no requests to other servers
    on a user's behalf)."""
    permits = permits or request.has_permission
    blobs = request.registry["rsi_case.blobs"]
    own_hosts = {urlsplit(request.host_url).netloc, urlsplit(public_app_url(request)).netloc}

    def resolve(src: str) -> bytes | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("http", "https") or parts.netloc not in own_hosts:
                return None
        m = _ATTACHMENT_URL.match(parts.path + (("?" + parts.query) if parts.query else ""))
        if not m:
            return None
        try:
            number = DocumentNumber.parse(m.group(1))
        except NumberError:
            return None
        att = request.dbsession.execute(
            sa.select(Attachment).join(Document).where(Attachment.id == int(m.group(2)),
                                                       Document.year == number.year, Document.seq == number.seq)
        ).scalar_one_or_none()
        if att is None or att.content_type not in IMAGE_TYPES:
            return None
        if not permits(P.DOCUMENT_VIEW, DocumentResource(request, att.document)):
            return None
        if not blobs.exists(att.sha256) or att.size > 20 * 1024 * 1024:
            return None
        return blobs.read(att.sha256)

    return resolve


def memo_of(request, doc: Document, shown: DocumentVersion | None = None, parties: dict | None = None) -> Memo:
    """What a user reads of ``doc``: the document, or a version of it. A
    filed mail (``parties``: rsi_case.mail.parties, looked up when not given)
    has its sender and recipients as parties, and who filed it as case worker."""
    src = shown or doc
    body = version_body(request.dbsession, shown) if shown is not None else doc.body_html
    label = request.localizer.translate
    if parties is None and doc.kind == "email":
        parties = mail_parties(request.dbsession, [doc.id]).get(doc.id)
    memo = Memo(
        number=str(doc.number), case_number=str(doc.case.number), case_title=doc.case.title, kind=src.kind,
        kind_label=label(DOCUMENT_KINDS.get(src.kind, src.kind)), title=src.title, doc_date=src.doc_date,
        status=src.status, status_label=label(DOCUMENT_STATUSES.get(src.status, src.status)),
        version=shown.number if shown is not None else doc.version, author_name=src.author_name or "",
        author_phone=getattr(src, "author_phone", "") or "", author_email=getattr(src, "author_email", "") or "",
        body_html=body or "", created_at=doc.created_at,
        updated_at=shown.created_at if shown is not None else doc.updated_at)
    if parties:
        # the sender's name, phone and address are the party's, not the case worker's
        memo.parties = {"from": parties["from"], "to": parties["to"]}
        memo.author_name, memo.author_phone, memo.author_email = parties["filed_by"], "", ""
    return memo


def document_docx(request, context) -> tuple[bytes, str, int]:
    """The Word file of a document as this user reads it: (bytes, file name, version)."""
    doc = context.document
    memo = memo_of(request, doc, shown_version(request, context))
    data = memo_docx(memo, translate=request.localizer.translate, resolve_image=image_resolver(request),
                     base_url=public_app_url(request))
    return data, _filename(doc.number.slug, memo.title), memo.version


@view_config(route_name="document_export", permission=P.DOCUMENT_VIEW, request_method="GET")
def document_export(context, request):
    doc = context.document
    data, filename, version = document_docx(request, context)
    audit(request, "export", object_type="document", object_ref=str(doc.number), case=context.case, format="docx",
          version=version)
    return docx_response(request, data, filename)


@view_config(route_name="case_export", permission=P.CASE_VIEW, request_method="GET")
def case_export(context, request):
    case = context.case
    db = request.dbsession
    stmt = (sa.select(Document).where(Document.case_id == case.id, visible_documents_clause(request.user))
            .order_by(Document.year.asc(), Document.seq.asc()))
    chosen = [raw for raw in request.GET.getall("doc") if raw.strip()]
    if chosen:
        numbers = []
        for raw in chosen[:2000]:
            try:
                numbers.append(DocumentNumber.parse(raw))
            except NumberError:
                continue
        stmt = stmt.where(sa.tuple_(Document.year, Document.seq).in_([(n.year, n.seq) for n in numbers])
                          if numbers else sa.false())
    documents = db.execute(stmt).scalars().all()
    # the documents' own ACL (a test keeps visible_documents_clause in step with it; belt and braces)
    documents = [d for d in documents if request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, d))]
    if not documents:
        request.session.flash(_t(request, _("export-nothing", default="There are no documents to export in this case (or none of the chosen ones may be opened).")), "error")
        return HTTPSeeOther(request.route_url("case", case=case.number.slug))
    readable = as_read_by(db, request.user, documents)
    parties = mail_parties(db, [d.id for d in documents])
    memos = []
    for doc, view in zip(documents, readable):
        shown = getattr(view, "_version", None)
        memos.append(memo_of(request, doc, shown, parties.get(doc.id, {})))
    label = request.localizer.translate
    regions = ", ".join(label(REGIONS[r]) for r in (case.participating_regions or []) if r in REGIONS)
    info = CaseInfo(
        number=str(case.number), title=case.title, status_label=label(CASE_STATUSES.get(case.status, case.status)),
        category_label=label(CASE_CATEGORIES.get(case.category, case.category)),
        responsible=case.responsible.full_name if case.responsible else "",
        opened_on=case.opened_on, lead_region=label(REGIONS[case.lead_region]) if case.lead_region in REGIONS else "",
        regions=regions, printed_by=request.user.full_name)
    data = case_file_docx(info, memos, translate=request.localizer.translate, resolve_image=image_resolver(request),
                          base_url=public_app_url(request))
    audit(request, "export", object_type="case", object_ref=str(case.number), case=case, format="docx",
          documents=len(memos))
    return docx_response(request, data, _filename(case.number.slug, case.title))


@view_config(route_name="document_redline", permission=P.DOCUMENT_VIEW, request_method="GET")
def document_redline(context, request):
    doc = context.document
    db = request.dbsession
    a, b, changes = compared(request, context)
    between = db.execute(_versions_query(request, context).where(
        DocumentVersion.number > a.number, DocumentVersion.number <= b.number)
        .order_by(DocumentVersion.number)).scalars().all()
    names = dict(db.execute(sa.select(User.id, User.full_name).where(
        User.id.in_({v.created_by_id for v in (a, b, *between) if v.created_by_id}))).all())
    memo = memo_of(request, doc, b)
    from ..templating import TemplateAPI

    api = TemplateAPI(request)
    meta = [(api.t(api.field_label(field)), _plain(api.format_value(field, before)),
             _plain(api.format_value(field, after))) for field, before, after in meta_changes(a, b)]
    data = redline_docx(memo, changes, meta,
                        Side(a.number, a.created_at, names.get(a.created_by_id, "")),
                        Side(b.number, b.created_at, names.get(b.created_by_id, "")),
                        translate=request.localizer.translate, resolve_image=image_resolver(request),
                        base_url=public_app_url(request), attribute=_attribution(db, changes, between, names))
    audit(request, "export", object_type="document", object_ref=str(doc.number), case=context.case,
          format="docx-redline", versions=f"{a.number}-{b.number}", drafts=_may_see_drafts(request, context))
    return docx_response(request, data, _filename(doc.number.slug, memo.title, f" ændringer v{a.number}-v{b.number}"))


def _attribution(db, changes, between: list[DocumentVersion], names: dict):
    """Who made each change: the version (of those the user may see, after the
    older one) from which the changed block is there — or gone, for a
    deletion — up to the newer one. Versions keep their blocks' ids, so this
    reads no text."""
    digests = {_digest(c.new.html if c.new is not None else c.old.html) for c in changes if c.op != "equal"}
    ids = dict(db.execute(sa.select(TextBlock.digest, TextBlock.id).where(TextBlock.digest.in_(digests))).all()) \
        if digests else {}
    runs = [(v, set(v.block_ids or [])) for v in between]

    def attribute(change):
        present = change.new is not None
        block_id = ids.get(_digest(change.new.html if present else change.old.html))
        if block_id is None or not runs:
            return None
        found = None
        for version, blocks in reversed(runs):  # the unbroken run of versions ending in the newer one
            if (block_id in blocks) != present:
                break
            found = version
        if found is None:
            return None
        return names.get(found.created_by_id) or "RSI Sag", found.created_at

    return attribute


def _plain(value) -> str:
    return "" if value is None else str(value)



