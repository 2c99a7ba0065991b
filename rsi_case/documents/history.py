"""History, versions, comparison and restore of documents; a new draft of a
final document; revisions of attachments."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy.orm import defer

from ..db import utcnow
from ..i18n import _
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.permissions import Permission as P
from . import checkouts
from .diff import counts, diff_blocks, meta_changes
from .models import AttachmentRevision, DocumentVersion
from .versions import (Conflict, save_version, state_of, summary_terms, version_blocks,
                       version_body)

HISTORY_PAGE = 25


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def checked_out_refusal(request, doc):
    """While the document is being edited in Word, no other save: back to the page, which says by whom.
    (A final document is never checked out: editing it in Word needs a new draft first.)"""
    lock = checkouts.active_checkout(request.dbsession, doc, request.registry.get("rsi_case.clock", utcnow)())
    if lock is None:
        return None
    audit(request, "document_edit", object_type="document", object_ref=str(doc.number), case=doc.case,
          outcome="failed", checked_out_by=lock.user.login)
    request.session.flash(_t(request, _("checked-out-refused", default="Nothing was changed: ${name} is editing the document in Word.", mapping={"name": lock.user.full_name})), "error")
    return HTTPSeeOther(request.route_url("document", document=doc.number.slug))


def _may_see_drafts(request, context) -> bool:
    return bool(request.has_permission(P.DRAFTS_VIEW, context))


def _versions_query(request, context):
    stmt = sa.select(DocumentVersion).where(DocumentVersion.document_id == context.document.id)
    if not _may_see_drafts(request, context):
        stmt = stmt.where(DocumentVersion.status == "endelig")  # the board reads final versions only
    return stmt


def _version(request, context, raw) -> DocumentVersion:
    number = ascii_int(str(raw or ""), 1)
    if number is None:
        raise HTTPNotFound()
    version = request.dbsession.execute(
        _versions_query(request, context).where(DocumentVersion.number == number)).scalar_one_or_none()
    if version is None:
        raise HTTPNotFound()
    return version


@view_config(route_name="document_history", renderer="rsi_case:templates/documents/history.pt",
             permission=P.DOCUMENT_VIEW, request_method="GET")
def history(context, request):
    page = ascii_int(request.GET.get("page"), 1, 10**6) or 1
    base = _versions_query(request, context)
    total = request.dbsession.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    # the page shows no bodies: leave out the list of block ids, the largest column
    # (about 1 KB of JSON per version of a 30-page document)
    versions = request.dbsession.execute(
        base.options(defer(DocumentVersion.block_ids))
        .order_by(DocumentVersion.number.desc()).limit(HISTORY_PAGE).offset((page - 1) * HISTORY_PAGE)
    ).scalars().all()
    names = {}
    ids = {v.created_by_id for v in versions if v.created_by_id}
    if ids:
        from ..security.models import User

        names = dict(request.dbsession.execute(sa.select(User.id, User.full_name).where(User.id.in_(ids))).all())
    doc = context.document
    shown_title = doc.title
    if not _may_see_drafts(request, context) and doc.status == "kladde" and doc.final_version:
        shown_title = request.dbsession.execute(sa.select(DocumentVersion.title).where(
            DocumentVersion.document_id == doc.id, DocumentVersion.number == doc.final_version)).scalar_one()
    return {"document": context.document, "case": context.case, "versions": versions, "names": names,
            "shown_title": shown_title,
            # the same for every row: computed once, not per version
            "can_restore": bool(request.has_permission(P.DOCUMENT_EDIT, context)),
            "document_url": request.route_url("document", document=doc.number.slug),
            "summary_terms": summary_terms, "page": page, "pages": max(1, -(-total // HISTORY_PAGE)),
            "total": total, "drafts": _may_see_drafts(request, context)}


@view_config(route_name="document_version", renderer="rsi_case:templates/documents/version.pt",
             permission=P.DOCUMENT_VIEW, request_method="GET")
def version_view(context, request):
    version = _version(request, context, request.matchdict["version"])
    audit(request, "document_view", object_type="document", object_ref=str(context.document.number),
          case=context.case, version=version.number)
    return {"document": context.document, "case": context.case, "version": version,
            "body": version_body(request.dbsession, version)}


def compared(request, context):
    """The two versions asked for (``a``, ``b``; the older first) and the block
    changes between them — for the compare page and the Word redline alike."""
    doc = context.document
    a = _version(request, context, request.GET.get("a") or 1)
    b = _version(request, context, request.GET.get("b") or doc.version)
    if a.number > b.number:
        a, b = b, a
    db = request.dbsession
    return a, b, diff_blocks(version_blocks(db, a), version_blocks(db, b))


@view_config(route_name="document_diff", renderer="rsi_case:templates/documents/diff.pt",
             permission=P.DOCUMENT_VIEW, request_method="GET")
def diff_view(context, request):
    doc = context.document
    db = request.dbsession
    a, b, changes = compared(request, context)
    numbers = db.execute(_versions_query(request, context).with_only_columns(DocumentVersion.number)
                         .order_by(DocumentVersion.number.desc())).scalars().all()
    return {"document": doc, "case": context.case, "a": a, "b": b, "changes": changes, "counts": counts(changes),
            "meta": meta_changes(a, b), "numbers": numbers}


@view_config(route_name="document_restore", permission=P.DOCUMENT_EDIT, request_method="POST")
def restore(context, request):
    doc = context.document
    if (refused := checked_out_refusal(request, doc)) is not None:
        return refused
    old = _version(request, context, request.matchdict["version"])
    base = ascii_int(request.POST.get("base_version"))
    if base is None:
        raise HTTPBadRequest()
    state = {**state_of(old), "status": "kladde"}  # a restored text is a draft until someone marks it final
    try:
        version = save_version(request.dbsession, doc, user=request.user, state=state,
                               body_html=version_body(request.dbsession, old), base=base,
                               note=_t(request, _("restored-note", default="Restored from version ${n}"), n=old.number),
                               restored_from=old.number)
    except Conflict:
        request.session.flash(_t(request, _("restore-conflict", default="Someone saved a newer version in the meantime; nothing was restored. Look at the history again.")), "error")
        return HTTPSeeOther(request.route_url("document_history", document=doc.number.slug))
    audit(request, "document_edit", object_type="document", object_ref=str(doc.number), case=context.case,
          restored_from=old.number, version=version.number)
    request.session.flash(_t(request, _("restored", default="Version ${old} was restored as version ${new}."),
                             old=old.number, new=version.number), "success")
    return HTTPSeeOther(request.route_url("document", document=doc.number.slug))


@view_config(route_name="document_new_version", permission=P.DOCUMENT_REVISE, request_method="POST")
def new_version(context, request):
    """Final means final: to change a final document, start a new draft version
    explicitly. The final version stays what the board reads until the draft
    is marked final in its turn."""
    doc = context.document
    if doc.status != "endelig":
        return HTTPSeeOther(request.route_url("document_edit", document=doc.number.slug))
    base = ascii_int(request.POST.get("base_version"))
    try:
        save_version(request.dbsession, doc, user=request.user, state={**state_of(doc), "status": "kladde"},
                     body_html=doc.body_html, base=-1 if base is None else base,
                     note=_t(request, _("new-draft-note", default="New draft after final version ${n}"), n=doc.version))
    except Conflict:
        return HTTPSeeOther(request.route_url("document", document=doc.number.slug))
    audit(request, "document_edit", object_type="document", object_ref=str(doc.number), case=context.case,
          new_draft_after=doc.final_version)
    return HTTPSeeOther(request.route_url("document_edit", document=doc.number.slug))


@view_config(route_name="attachment_revision", permission=P.DOCUMENT_VIEW, request_method="GET")
def attachment_revision(context, request):
    from .views import file_response

    raw = request.matchdict["revision"]
    rev = request.dbsession.execute(sa.select(AttachmentRevision).where(
        AttachmentRevision.attachment_id == context.attachment.id,
        AttachmentRevision.number == (ascii_int(raw) or -1))).scalar_one_or_none()
    if rev is None:
        raise HTTPNotFound()
    audit(request, "attachment_download", object_type="document", object_ref=str(context.document.number),
          case=context.document.case, filename=rev.filename, attachment=context.attachment.id, revision=rev.number)
    return file_response(request, rev.sha256, rev.filename, rev.content_type)


