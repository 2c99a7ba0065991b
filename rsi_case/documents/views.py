from __future__ import annotations


import colander
import deform
import sqlalchemy as sa
from pyramid.csrf import get_csrf_token
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import FileResponse
from pyramid.renderers import render_to_response
from pyramid.view import view_config, view_defaults

from ..filenames import content_disposition
from ..forms import CSRFSchema, FieldError, Text, make_form, render_with_error, validate
from ..i18n import _, pluralize, today as danish_today
from ..numbering import DocumentNumber
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import DOCUMENT_KINDS, FILED_KINDS
from .panels import rendered_panels
from . import checkouts, filetypes
from ..db import utcnow
from .importer import ImportFailed, read_memo_file, stated_number_file
from .kinds import HINTS, TEMPLATES
from .models import Attachment, Document, DocumentVersion
from .resources import as_read_by, shown_version, visible_documents_clause
from .schemas import document_schema
from .merging import OWN_TEXT_FIELDS, DocumentMerge, merge_document, resolve as resolve_answers
from . import merging as merging_names
from .versions import (Conflict, NotDiscarded, current_version, discard_fresh_draft, fresh_draft, save_version,
                       state_of, version_blocks, version_body)
from .services import (DocumentNumberTaken, UploadError, add_attachment, blob_store, create_document,
                       replace_attachment_file,
                       document_number_taken, store_upload)


# what a new document may be: not a kind that only comes filed (an e-mail)
NEW_KINDS = {k: v for k, v in DOCUMENT_KINDS.items() if k not in FILED_KINDS}


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


# -- the case page's document list (aktliste): a card on the case page -------

def documents_card(request, case):
    """The documents of the case the reader may see, oldest first, with their
    attachment counts (the case page's main card; registered in ``includeme``)."""
    documents = request.dbsession.execute(
        sa.select(Document).where(Document.case_id == case.id, visible_documents_clause(request.user))
        .order_by(Document.year.asc(), Document.seq.asc())
    ).scalars().all()
    attachment_counts = dict(request.dbsession.execute(
        sa.select(Attachment.document_id, sa.func.count()).join(Document)
        .where(Document.case_id == case.id).group_by(Attachment.document_id)
    ).all())
    from .panels import list_info

    return {"documents": as_read_by(request.dbsession, request.user, documents),
            "attachment_counts": attachment_counts, "info": list_info(request, documents)}


# -- creating and editing -----------------------------------------------------

def checkout_on_page(request, document):
    """The document's check-out (editing in Word), for the page to say who has it since when."""
    return checkouts.active_checkout(request.dbsession, document, request.registry.get("rsi_case.clock", utcnow)())


def _author_defaults(user):
    return {"author_name": user.full_name, "author_phone": user.phone, "author_email": user.email}


def _fields(appstruct):
    return {k: appstruct[k] for k in ("title", "kind", "doc_date", "status", "author_name", "author_phone",
                                      "author_email")}


@view_defaults(route_name="document_new", renderer="rsi_case:templates/documents/form.pt",
               permission=P.DOCUMENT_CREATE)
class DocumentCreate:
    def __init__(self, context, request):
        self.request = request
        self.case = context.case
        historic = bool(request.has_permission(P.REGISTER_HISTORIC, context))
        self.form = make_form(document_schema(with_historic_number=historic), request, autofocus=True,
                              cancel_url=request.route_url("case", case=self.case.number.slug))

    def page(self, form_html, kind=None):
        return {"form": form_html, "case": self.case, "document": None, "kind": kind,
                "kinds": NEW_KINDS, "hints": HINTS, "fresh": None, "from_word": None,
                "title": _("document-new-title", default="New document in case ${number}",
                           mapping={"number": str(self.case.number)})}

    @view_config(request_method="GET")
    def get(self):
        kind = self.request.GET.get("kind")
        if kind not in NEW_KINDS:
            return self.page(None)  # first choose a kind
        appstruct = {"kind": kind, "doc_date": danish_today(), "status": "kladde",
                     "body": TEMPLATES.get(kind, ""), **_author_defaults(self.request.user)}
        return self.page(self.form.render(appstruct), kind)

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html, self.request.POST.get("kind"))
        number = DocumentNumber.parse(appstruct["historic_number"]) if appstruct.get("historic_number") else None
        try:
            doc = create_document(self.request.dbsession, case=self.case, user=self.request.user,
                                  number=number, body_html=appstruct["body"], author_id=self.request.user.id,
                                  **_fields(appstruct))
        except DocumentNumberTaken as exc:
            return self.page(render_with_error(self.form, self.request, FieldError(
                "historic_number", _t(self.request, exc.message, **exc.mapping))), appstruct["kind"])
        audit(self.request, "document_create", object_type="document", object_ref=str(doc.number), case=self.case,
              historic=number is not None)
        self.request.session.flash(_t(self.request, _("document-created", default="Document ${number} was created."),
                                      number=str(doc.number)), "success")
        return HTTPSeeOther(self.request.route_url("document", document=doc.number.slug))


@view_config(route_name="document", renderer="rsi_case:templates/documents/view.pt", permission=P.DOCUMENT_VIEW,
             request_method="GET")
def document_view(context, request):
    doc = context.document
    audit(request, "document_view", object_type="document", object_ref=str(doc.number), case=context.case)
    shown = shown_version(request, context)  # the final version the board reads while a draft is written
    return {"document": doc, "case": context.case, "upload_error": None, "shown": shown,
            "checkout": checkout_on_page(request, doc),
            "body": version_body(request.dbsession, shown) if shown else doc.body_html,
            "meta": shown or doc, "panels": rendered_panels(request, doc)}


@view_defaults(route_name="document_edit", renderer="rsi_case:templates/documents/form.pt",
               permission=P.DOCUMENT_EDIT)
class DocumentEdit:
    def __init__(self, context, request):
        self.request = request
        self.document = context.document
        self.case = context.case
        self.form = make_form(document_schema(for_edit=True, kind=context.document.kind), request,
                              cancel_url=request.route_url("document", document=self.document.number.slug))

    def page(self, form_html):
        return {"form": form_html, "case": self.case, "document": self.document, "kind": self.document.kind,
                "kinds": DOCUMENT_KINDS, "hints": HINTS, "fresh": self.fresh(),
                "from_word": checkouts.source_of(self.request.dbsession, self.document, self.document.version),
                "title": _("document-edit-title", default="Edit document ${number}",
                           mapping={"number": str(self.document.number)})}

    def fresh(self) -> dict | None:
        """A new draft just started by "Ny version" and not changed: the form says
        so, and its author may discard it (the others are told who started it)."""
        draft = fresh_draft(self.request.dbsession, self.document)
        if draft is None:
            return None
        mine = self.request.user is not None and draft.created_by_id == self.request.user.id
        return {"number": draft.number, "final": self.document.final_version, "mine": mine,
                "by": draft.created_by.full_name if draft.created_by is not None else ""}

    def checked_out(self, status: int = 200):
        """While the document is being edited in Word (a check-out), the form is
        not offered and nothing is saved: the page says who has it since when,
        and shows back whatever the user had typed (nothing is lost)."""
        lock = checkout_on_page(self.request, self.document)
        if lock is None:
            return None
        d = self.document
        if status != 200:
            audit(self.request, "document_edit", object_type="document", object_ref=str(d.number), case=self.case,
                  outcome="failed", checked_out_by=lock.user.login)
        self.request.response.status = status
        posted = self.request.POST if self.request.method == "POST" else {}
        return render_to_response("rsi_case:templates/documents/checked_out.pt", {
            "document": d, "case": self.case, "checkout": lock, "typed_body": posted.get("body", ""),
            "typed_title": posted.get("title", ""),
        }, request=self.request, response=self.request.response)

    @view_config(request_method="POST", request_param="discard_draft")
    def discard(self):
        """Undo "Ny version" while nothing has been changed: the final version is current again."""
        d = self.document
        if (refused := self.checked_out(409)) is not None:
            return refused
        url = self.request.route_url("document", document=d.number.slug)
        try:
            number = discard_fresh_draft(self.request.dbsession, d, user=self.request.user,
                                         base=ascii_int(self.request.POST.get("base_version")))
        except NotDiscarded as refused:
            message = (_("draft-discard-others", default="Only the one who started the new draft may discard it.")
                       if refused.reason == "others" else
                       _("draft-discard-changed", default=(
                           "The new draft has been changed, so it was not discarded: it is kept in the history. "
                           "Mark it as final, or change it back by restoring the final version.")))
            audit(self.request, "document_edit", object_type="document", object_ref=str(d.number), case=self.case,
                  outcome="denied", discard_draft=refused.reason)
            self.request.session.flash(_t(self.request, message), "error")
            return HTTPSeeOther(self.request.route_url("document_edit", document=d.number.slug))
        audit(self.request, "document_edit", object_type="document", object_ref=str(d.number), case=self.case,
              discarded_draft=number, version=d.version)
        self.request.session.flash(_t(self.request, _("draft-discarded", default=(
            "The new draft (version ${draft}) was discarded: version ${final}, the final one, is the document again."),
            mapping={"draft": number, "final": d.version})), "success")
        return HTTPSeeOther(url)

    @view_config(request_method="GET")
    def get(self):
        d = self.document
        if (refused := self.checked_out()) is not None:
            return refused
        return self.page(self.form.render({
            "title": d.title, "kind": d.kind, "doc_date": d.doc_date, "status": d.status,
            "author_name": d.author_name, "author_phone": d.author_phone, "author_email": d.author_email,
            "body": d.body_html, "base_version": d.version, "note": "",
        }))

    @view_config(request_method="POST")
    def post(self):
        if (refused := self.checked_out(409)) is not None:
            return refused
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        if appstruct.get("merge_base") is not None:
            return self.resolve(appstruct)
        try:
            version = save_version(self.request.dbsession, self.document, user=self.request.user,
                                   state=_fields(appstruct), body_html=appstruct["body"],
                                   base=appstruct["base_version"], note=appstruct["note"])
        except Conflict as conflict:
            return self.merge(conflict.base, appstruct)
        return self.saved(version)

    def saved(self, version, merged: DocumentMerge | None = None, resolved: int = 0):
        d = self.document
        extra = {"merged_with": merged.theirs.number, "merge_base": merged.base_number,
                 "conflicts_resolved": resolved} if merged else {}
        audit(self.request, "document_edit", object_type="document", object_ref=str(d.number), case=self.case,
              status=d.status, version=version.number, **extra)
        if merged is None:
            message = _t(self.request, _("document-saved", default="Document ${number} was saved."), number=str(d.number))
        elif resolved:
            message = _t(self.request, _("document-saved-resolved", default="Document ${number} was saved as version ${new}: ${choices} and everything else merged with version ${theirs}."),
                         number=str(d.number), new=version.number, theirs=merged.theirs.number,
                         choices=pluralize(self.request.localizer, merging_names.CHOICES_MADE, resolved))
        else:
            message = self.merged_message(version, merged)
        self.request.session.flash(message, "success")
        return HTTPSeeOther(self.request.route_url("document", document=d.number.slug))

    def merged_message(self, version, merged: DocumentMerge) -> str:
        """What was merged, said so that the user can check it."""
        theirs, yours = merged.body_changes_taken()
        who = merged.theirs.created_by.full_name if merged.theirs.created_by else "?"
        fields = ", ".join(self.request.localizer.translate(self.form.schema[f].title) for f in merged.fields.theirs)
        return _t(self.request, _("document-saved-merged", default="${who} saved version ${theirs} while you were editing. Both sets of changes are kept: ${places_theirs} in the text from ${who}, ${places_yours} from you${fields}. Saved as version ${new}; the history shows the merge."),
                  who=who, theirs=merged.theirs.number, new=version.number,
                  places_theirs=pluralize(self.request.localizer, merging_names.PLACES, theirs),
                  places_yours=pluralize(self.request.localizer, merging_names.PLACES, yours),
                  fields=_t(self.request, _("merged-fields", default="; from ${who} also: ${fields}"), who=who,
                            fields=fields) if fields else "")

    def _version(self, number):
        if not number:
            return None
        return self.request.dbsession.execute(sa.select(DocumentVersion).where(
            DocumentVersion.document_id == self.document.id, DocumentVersion.number == number)).scalar_one_or_none()

    def merge(self, base_number: int, appstruct: dict, status: int = 409, attempts: int = 3):
        """This edit started from ``base_number``, and someone saved since: merge
        the two. What merges by itself is saved at once (a new version that
        says it was merged); otherwise the conflict form."""
        d = self.document
        db = self.request.dbsession
        base, theirs = self._version(base_number), current_version(db, d)
        if theirs is None:  # pragma: no cover - a document always has its first version
            raise HTTPNotFound()
        if base is None or base.number >= theirs.number:
            status = 400  # a version that does not exist (or not before the newest): compare with nothing
            base = None
        merged = merge_document(db, base, theirs, _fields(appstruct), appstruct["body"])
        if merged.clean and status == 409:
            try:
                version = save_version(db, d, user=self.request.user, state=merged.fields.values,
                                       body_html=merged.merged_body(), base=theirs.number,
                                       note=self.merge_note(appstruct["note"], theirs.number), merged_with=theirs.number)
            except Conflict:  # yet another save in the meantime
                if attempts > 1:
                    return self.merge(base_number, appstruct, status, attempts - 1)
            else:
                return self.saved(version, merged)
        audit(self.request, "document_edit", object_type="document", object_ref=str(d.number), case=self.case,
              outcome="failed", conflict=True, base=base_number, newest=theirs.number,
              conflicts=len(merged.conflicts) + len(merged.fields.conflicts))
        return self.conflict_page(merged, appstruct, status=status)

    def merge_note(self, note: str, theirs: int) -> str:
        said = _t(self.request, _("merged-note", default="Merged with version ${n}"), n=theirs)
        return f"{note} · {said}" if note else said

    def resolve(self, appstruct: dict):
        """The conflict form came back: each conflict's answer, then a save on
        top of the version it was merged against — or, if someone saved yet
        again, a new merge of the resolved text with theirs."""
        d = self.document
        db = self.request.dbsession
        merge_base, against = appstruct["merge_base"], appstruct["base_version"]
        theirs = self._version(against)
        if theirs is None or merge_base >= against:
            # the form names versions that do not fit: merge the user's text afresh with the newest
            return self.merge(merge_base, appstruct, status=400)
        merged = merge_document(db, self._version(merge_base), theirs, _fields(appstruct), appstruct["body"])
        resolution = resolve_answers(merged, self.request.POST, self.form.schema)
        if resolution.errors:
            return self.conflict_page(merged, appstruct, status=400, errors=resolution.errors)
        resolved = len(merged.conflicts) + len(merged.fields.conflicts)
        try:
            version = save_version(db, d, user=self.request.user, state=resolution.state,
                                   body_html=resolution.body_html, base=against,
                                   note=self.merge_note(appstruct["note"], against), merged_with=against)
        except Conflict:
            # a third save while this user resolved: their resolved text is now "yours", merged
            # against what was saved since, from the version it was resolved against
            return self.merge(against, {**appstruct, **resolution.state, "body": resolution.body_html,
                                        "base_version": against, "merge_base": None})
        return self.saved(version, merged, resolved=resolved)

    def conflict_page(self, merged: DocumentMerge, mine: dict, status: int, errors: dict | None = None):
        """Someone saved in the meantime and the edits meet: show each place
        side by side (base, theirs, yours), keep every word the user typed
        (hidden, and shown below), and carry the version merged against, so
        that yet another save is noticed again."""
        db = self.request.dbsession
        d = self.document
        others = db.execute(sa.select(DocumentVersion).where(
            DocumentVersion.document_id == d.id, DocumentVersion.number > merged.base_number)
            .order_by(DocumentVersion.number)).scalars().all()
        hidden = self.form.schema.serialize({**mine, "base_version": merged.theirs.number,
                                             "merge_base": merged.base_number})
        self.request.response.status = status
        answers = self.request.POST if errors is not None else {}
        return render_to_response("rsi_case:templates/documents/conflict.pt", {
            "document": d, "case": self.case, "merged": merged, "others": others, "base": merged.base_number,
            "hidden": {k: hidden[k] for k in ("base_version", "merge_base", "body", *_fields(mine))},
            "note": mine.get("note") or "", "answers": answers, "errors": errors or {},
            "mine_body": mine["body"], "names": merging_names, "theirs_state": state_of(merged.theirs),
            "csrf_token": get_csrf_token(self.request), "own_fields": OWN_TEXT_FIELDS,
            "base_state": state_of(self._version(merged.base_number)) if merged.base_number else None,
        }, request=self.request, response=self.request.response)


# -- attachments --------------------------------------------------------------

@view_config(route_name="attachments", request_method="POST", permission=P.DOCUMENT_EDIT,
             renderer="rsi_case:templates/documents/view.pt")
def attachment_upload(context, request):
    document = context.document
    uploads = [v for v in request.POST.getall("file") if hasattr(v, "filename")]
    if not uploads:
        request.response.status = 400
        return {"document": document, "case": context.case, "shown": None, "body": document.body_html,
                "meta": document, "checkout": checkout_on_page(request, document),
                "upload_error": _t(request, _("upload-missing", default="Choose a file to upload."))}
    stored = []
    for upload in uploads:
        try:
            sha, size, ctype, name = store_upload(request, upload)
        except UploadError as exc:
            request.response.status = 400
            return {"document": document, "case": context.case, "shown": None, "body": document.body_html,
                    "meta": document, "checkout": checkout_on_page(request, document),
                    "upload_error": _t(request, exc.message, **exc.mapping)}
        stored.append((sha, size, ctype, name))
    for sha, size, ctype, name in stored:
        add_attachment(request.dbsession, document, sha256=sha, size=size, content_type=ctype, filename=name,
                       user=request.user)
        audit(request, "attachment_add", object_type="document", object_ref=str(document.number), case=context.case,
              filename=name, size=size)
    names = ", ".join(name for *_rest, name in stored)
    request.session.flash(_t(request, _("attachment-added", default="Attached: ${names}"), names=names), "success")
    return HTTPSeeOther(request.route_url("document", document=document.number.slug, _anchor="bilag"))


def file_response(request, sha256: str, filename: str, content_type: str, download: bool | None = None):
    """A stored file with its original name; never sniffed, never cached by others."""
    store = blob_store(request)
    if not store.exists(sha256):
        raise HTTPNotFound()
    response = FileResponse(str(store.path(sha256)), request=request, content_type=content_type.split(";")[0])
    if ";" in content_type:
        response.charset = "utf-8"
    if download is None:
        download = request.GET.get("download") == "1"
    inline = content_type in filetypes.INLINE and not download
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    return response


@view_config(route_name="attachment", request_method="GET", permission=P.DOCUMENT_VIEW)
def attachment_download(context, request):
    att = context.attachment
    if not blob_store(request).exists(att.sha256):
        raise HTTPNotFound()
    audit(request, "attachment_download", object_type="document", object_ref=str(att.document.number),
          case=att.document.case, filename=att.filename, attachment=att.id)
    return file_response(request, att.sha256, att.filename, att.content_type)


@view_config(route_name="attachment", request_method="POST", permission=P.DOCUMENT_EDIT,
             renderer="rsi_case:templates/documents/view.pt")
def attachment_replace(context, request):
    """A new file under an existing attachment; the old file is kept as a revision.
    Not while the file is open for editing in Office (its check-out): that
    save would be lost under the next one from Office."""
    att = context.attachment
    lock = checkouts.active_checkout(request.dbsession, att, request.registry.get("rsi_case.clock", utcnow)())
    if lock is not None:
        request.response.status = 409
        return {"document": att.document, "case": att.document.case, "shown": None, "body": att.document.body_html,
                "meta": att.document, "checkout": checkout_on_page(request, att.document),
                "upload_error": _t(request, _("attachment-checked-out", default="“${name}” is being edited in Office by ${user}: a new version cannot be uploaded until it is closed there."),
                                   name=att.filename, user=lock.user.full_name)}
    upload = request.POST.get("file")
    try:
        sha, size, ctype, name = store_upload(request, upload if hasattr(upload, "filename") else None)
    except UploadError as exc:
        request.response.status = 400
        return {"document": att.document, "case": att.document.case, "shown": None, "body": att.document.body_html,
                "meta": att.document, "checkout": checkout_on_page(request, att.document),
                "upload_error": _t(request, exc.message, **exc.mapping)}
    rev = replace_attachment_file(request.dbsession, att, sha256=sha, size=size, content_type=ctype, filename=name,
                                  user=request.user)
    audit(request, "attachment_add", object_type="document", object_ref=str(att.document.number),
          case=att.document.case, filename=name, attachment=att.id, revision=rev.number)
    request.session.flash(_t(request, _("attachment-replaced", default="A new version of the file was uploaded: ${name} (version ${n}). The earlier versions are kept."),
                             name=name, n=rev.number), "success")
    return HTTPSeeOther(request.route_url("document", document=att.document.number.slug, _anchor="bilag"))


# -- importing a Word memo ---------------------------------------------------

IMPORT_SESSION_KEY = "import_uploads"


class ImportUpload(CSRFSchema):
    file = colander.SchemaNode(
        deform.FileData(), title=_("field-word-file", default="Word file (.docx)"),
        widget=deform.widget.FileUploadWidget(tmpstore={}, accept=".docx"),
        missing_msg=_("upload-missing", default="Choose a file to upload."),
    )


def _parse_limits(request) -> dict:
    """The limits a Word file is read under (rsi_case.limits)."""
    return {"limits": request.registry["rsi_case.parse_limits"], "zip_limits": request.registry["rsi_case.zip_limits"]}


def _stored_docx(request, store, sha256: str) -> bool:
    if not store.exists(sha256):
        return False
    try:
        filetypes.check("notat.docx", store.path(sha256), request.registry["rsi_case.zip_limits"])
    except filetypes.FileTypeError:
        return False
    return True


@view_defaults(route_name="case_import", renderer="rsi_case:templates/documents/import.pt",
               permission=P.DOCUMENT_CREATE)
class ImportMemo:
    """Step 1: upload a .docx. Step 2: check what was recognised and confirm."""

    def __init__(self, context, request):
        self.request = request
        self.context = context
        self.case = context.case

    def confirm_form(self, number_choice):
        schema = document_schema()
        schema.add(colander.SchemaNode(colander.String(), name="blob", widget=deform.widget.HiddenWidget()))
        schema.add(colander.SchemaNode(Text(), name="filename", widget=deform.widget.HiddenWidget(), missing=""))
        if number_choice:
            schema.add(colander.SchemaNode(
                colander.Boolean(), name="use_number", missing=False,
                title=_("import-use-number", default="Register under document number ${number} from the memo",
                        mapping={"number": number_choice}),
                widget=deform.widget.CheckboxWidget()))
            schema.add(colander.SchemaNode(colander.String(), name="stated_number",
                                           widget=deform.widget.HiddenWidget(), missing=""))
        return make_form(schema, self.request, buttons=(
            deform.Button("create", _("button-import-create", default="Create document"), css_class="btn-primary"),),
            cancel_url=self.request.route_url("case", case=self.case.number.slug))  # nothing is saved until "create"

    def page(self, **kw):
        kw.setdefault("upload_form", None)
        kw.setdefault("confirm_form", None)
        kw.setdefault("memo", None)
        kw.setdefault("error", None)
        return {"case": self.case, **kw}

    @view_config(request_method="GET")
    def get(self):
        return self.page(upload_form=self._upload_form().render())

    def _upload_form(self):
        return make_form(ImportUpload(), self.request, buttons=(
            deform.Button("read", _("button-import-read", default="Read the file"), css_class="btn-primary"),),
            cancel_url=self.request.route_url("case", case=self.case.number.slug))

    @view_config(request_method="POST", request_param="read")
    def read(self):
        upload = self.request.POST.get("upload")
        if not hasattr(upload, "filename"):
            upload = next((v for v in self.request.POST.values() if hasattr(v, "filename")), None)
        try:
            if upload is not None and not upload.filename.lower().endswith(".docx"):
                raise UploadError(_("import-not-docx", default="“${name}” is not a Word document (.docx). Save it as .docx in Word and try again."),
                                  {"name": filetypes.safe_filename(upload.filename)})
            sha, size, ctype, name = store_upload(self.request, upload)
            memo = read_memo_file(blob_store(self.request).path(sha), name, **_parse_limits(self.request))
        except (UploadError, ImportFailed) as exc:
            self.request.response.status = 400
            return self.page(upload_form=self._upload_form().render(), error=_t(self.request, exc.message, **exc.mapping))
        # only a file this session uploaded can be confirmed (the hidden field is not trusted)
        uploads = [u for u in self.request.session.get(IMPORT_SESSION_KEY, []) if u != sha][-4:]
        self.request.session[IMPORT_SESSION_KEY] = [*uploads, sha]
        number_choice = None
        number_taken = False
        number_kept_by_admin = False
        if memo.document_number is not None:
            if self.may_keep_number():
                number_taken = document_number_taken(self.request.dbsession, memo.document_number.year,
                                                     memo.document_number.seq)
                if not number_taken:
                    number_choice = str(memo.document_number)
            else:
                # whether the number is free, taken by a record the user reads or by one
                # they may not see (a confidential case's): the same answer for all three
                number_kept_by_admin = True
        form = self.confirm_form(number_choice)
        appstruct = {
            "title": memo.title, "kind": memo.kind, "doc_date": memo.doc_date or danish_today(),
            "status": "endelig" if memo.document_number else "kladde",
            "author_name": memo.author_name, "author_phone": memo.author_phone, "author_email": memo.author_email,
            "body": memo.body_html, "blob": sha, "filename": name,
        }
        if number_choice:
            appstruct["use_number"] = True
            appstruct["stated_number"] = number_choice
        return self.page(confirm_form=form.render(appstruct), memo=memo, number_taken=number_taken,
                         number_kept_by_admin=number_kept_by_admin, filename=name)

    def may_keep_number(self) -> bool:
        """Registering a memo under the number it states asks whether that number
        is free — an answer about every record, those the user may not see
        included. So only those who see every record (administrators, with
        ``numbers:register-historic``) may do it; everyone else's import gets
        the next free number, whatever the memo states."""
        return bool(self.request.has_permission(P.REGISTER_HISTORIC, self.context))

    @view_config(request_method="POST", request_param="create")
    def create(self):
        form = self.confirm_form((self.request.POST.get("stated_number") or None) if self.may_keep_number() else None)
        appstruct, error_html = validate(form, self.request)
        if error_html:
            return self.page(confirm_form=error_html)
        store = blob_store(self.request)
        if appstruct["blob"] not in self.request.session.get(IMPORT_SESSION_KEY, []) \
                or not _stored_docx(self.request, store, appstruct["blob"]):
            # gone, or the hidden field was pointed at some other stored file
            self.request.response.status = 400
            return self.page(upload_form=self._upload_form().render(),
                             error=_t(self.request, _("import-expired", default="The uploaded file is no longer available. Upload it again.")))
        path = store.path(appstruct["blob"])
        number = None
        if appstruct.get("use_number") and self.may_keep_number():
            # the number the memo itself states, read again from the file; never
            # the hidden field the browser sends back (anyone could pick a number)
            try:
                number = stated_number_file(path, appstruct["filename"], **_parse_limits(self.request))
            except ImportFailed as exc:
                self.request.response.status = 400
                return self.page(confirm_form=render_with_error(form, self.request, FieldError(
                    "use_number", _t(self.request, exc.message, **exc.mapping))))
        try:
            doc = create_document(self.request.dbsession, case=self.case, user=self.request.user, number=number,
                                  body_html=appstruct["body"], author_id=self.request.user.id, **_fields(appstruct))
        except DocumentNumberTaken as exc:
            return self.page(confirm_form=render_with_error(form, self.request, FieldError(
                "use_number", _t(self.request, exc.message, **exc.mapping))))
        add_attachment(self.request.dbsession, doc, sha256=appstruct["blob"], size=path.stat().st_size,
                       content_type=filetypes.DOCX, filename=filetypes.safe_filename(appstruct["filename"] or "notat.docx"),
                       user=self.request.user)
        audit(self.request, "document_import", object_type="document", object_ref=str(doc.number), case=self.case,
              filename=appstruct["filename"], stated_number=bool(number))
        self.request.session.flash(_t(self.request, _("import-done", default="The Word memo was imported as document ${number}."),
                                      number=str(doc.number)), "success")
        return HTTPSeeOther(self.request.route_url("document", document=doc.number.slug))
