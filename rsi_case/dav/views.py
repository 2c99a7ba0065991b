"""The WebDAV endpoint Word opens: ``/dav/<token>/<NNNNN-YY>/<NNNNN-YY>.docx``.

Our own small views rather than wsgidav mounted as a sub-application
(docs/word.md says why): one resource per document, the methods Office
needs — OPTIONS, HEAD, GET, PUT, PROPFIND (depth 0/1), PROPPATCH, LOCK,
UNLOCK — and MKCOL, COPY, MOVE, DELETE refused with the reason. Every
request is a Pyramid request: the route factory finds the token and the
document (or 404), the views declare permissions against the document's
ACL, the lock is the document's check-out in the database, every change is
audited, and a save is a new version through the same code as the browser's.

The folder ``/dav/<token>/<NNNNN-YY>/`` holds the one file (Word and
LibreOffice look at the folder too).
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from urllib.parse import quote

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ..documents import checkouts, filetypes
from ..documents.importer import ImportFailed, read_memo_file
from ..documents.models import VersionSource
from ..documents.resources import DocumentResource, shown_version
from ..documents.services import blob_store, max_upload_bytes
from ..documents.versions import Conflict, save_version, state_of
from ..i18n import _
from ..numbering import DocumentNumber, NumberError
from ..security.audit import audit
from ..security.permissions import Permission as P
from . import xml
from .tokens import clock, renew

METHODS = "OPTIONS, HEAD, GET, PUT, PROPFIND, PROPPATCH, LOCK, UNLOCK"
_LOCK_TOKEN = re.compile(r"<(opaquelocktoken:[^>\s]{1,100})>")
_TIMEOUT = re.compile(r"^\s*(?:Second-([0-9]{1,9})|Infinite)\s*$", re.I)
DEFAULT_TIMEOUT = 600


class DavResource(DocumentResource):
    """The document as Word sees it, through one token: the document's ACL
    (the parent chain is the document's), plus which token and which name."""

    def __init__(self, request, document, token, filename: str):
        super().__init__(request, document)
        self.token = token
        self.filename = filename

    @property
    def canonical(self) -> str:
        return f"{self.document.number.slug}.docx"

    @property
    def is_folder(self) -> bool:
        return self.filename == ""

    @property
    def is_file(self) -> bool:
        return self.filename == self.canonical

    def href(self, name: str | None = None) -> str:
        name = self.canonical if name is None else name
        return (f"{self.request.script_name}/dav/{quote(self.request.matchdict['token'])}/"
                f"{self.document.number.slug}/{quote(name)}")


def dav_factory(request):
    """The token of the path (valid, unexpired, its user active) and the
    document it was made for — else 404, the same for every reason, and the
    same when its user may no longer read the document."""
    token = request.word_token
    if token is None:
        raise HTTPNotFound()
    try:
        number = DocumentNumber.parse(request.matchdict["document"])
    except NumberError:
        raise HTTPNotFound() from None
    document = token.document
    if document.number != number:
        raise HTTPNotFound()
    context = DavResource(request, document, token, request.matchdict.get("filename", ""))
    if not request.has_permission(P.DOCUMENT_VIEW, context):
        raise HTTPNotFound()
    if not (context.is_folder or context.is_file) and request.method not in ("PUT", "LOCK", "MKCOL", "COPY",
                                                                               "MOVE", "DELETE", "PROPPATCH"):
        raise HTTPNotFound()
    return context


# -- answers ------------------------------------------------------------------------

def _t(request, term, **mapping) -> str:
    return request.localizer.translate(term, mapping=mapping or None)


def _headers(response: Response) -> Response:
    response.headers["DAV"] = "1, 2"
    response.headers["MS-Author-Via"] = "DAV"
    return response


def refusal(request, status: int, message, *, condition: str | None = None, **mapping) -> Response:
    """A refused DAV request: the status, and the reason in Danish as text
    (or, where RFC 4918 names a condition, as its XML)."""
    text = _t(request, message, **mapping)
    if condition:
        response = Response(body=xml.error_body(condition), status=status, content_type="application/xml",
                            charset="utf-8")
        response.headers["X-Reason"] = quote(text)
    else:
        response = Response(text=text + "\n", status=status, content_type="text/plain", charset="utf-8")
    return _headers(response)


def _log(request, context, action: str, outcome: str = "ok", **detail) -> None:
    """An entry in the document's log (the audit trail, shown on the case's audit page)."""
    audit(request, action, object_type="document", object_ref=str(context.document.number), case=context.case,
          outcome=outcome, via="word", token=context.token.prefix, **detail)


def may_write(request, context) -> bool:
    return context.token.purpose == "edit" and bool(request.has_permission(P.DOCUMENT_EDIT, context))


# -- what Word reads ----------------------------------------------------------------------

class Served:
    """The bytes Word gets for the document: the .docx Word last saved, when
    the newest version (the one this user reads) came from Word; else the
    memo export of that version."""

    def __init__(self, request, context):
        db = request.dbsession
        doc = context.document
        shown = shown_version(request, context)
        self.version = shown.number if shown is not None else doc.version
        self.modified = shown.created_at if shown is not None else doc.updated_at
        self.created = doc.created_at
        self.source = checkouts.source_of(db, doc, self.version)
        self._request, self._doc, self._shown = request, doc, shown
        self._data = None

    @property
    def etag(self) -> str:
        return f'"{self._doc.id}-{self.version}{"-w" if self.source else ""}"'

    @property
    def data(self) -> bytes:
        if self._data is None:
            if self.source is not None:
                self._data = blob_store(self._request).read(self.source.sha256)
            else:
                from ..export.documents import memo_docx
                from ..export.views import image_resolver, memo_of
                from ..security.hosts import public_app_url

                memo = memo_of(self._request, self._doc, self._shown)
                self._data = memo_docx(memo, translate=self._request.localizer.translate,
                                       resolve_image=image_resolver(self._request),
                                       base_url=public_app_url(self._request))
        return self._data

    @property
    def size(self) -> int:
        return self.source.size if self.source is not None else len(self.data)


@view_config(route_name="dav", request_method="OPTIONS", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_options(context, request):
    response = Response(status=200)
    response.headers["Allow"] = METHODS
    response.content_length = 0
    return _headers(response)


def _file_response(request, context, with_body: bool) -> Response:
    served = Served(request, context)
    response = Response(status=200, content_type=filetypes.DOCX)
    if with_body:
        response.body = served.data
    else:
        response.content_length = served.size
    response.headers["ETag"] = served.etag
    response.last_modified = served.modified
    return _headers(response)


@view_config(route_name="dav", request_method="HEAD", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_head(context, request):
    if context.is_folder:
        return _headers(Response(status=200, content_type="text/plain"))
    return _file_response(request, context, with_body=False)


@view_config(route_name="dav", request_method="GET", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_get(context, request):
    if context.is_folder:
        return refusal(request, 405, _("dav-folder-get", default="This is the folder of the Word link; open the file in it."))
    response = _file_response(request, context, with_body=True)
    _log(request, context, "export", format="docx", version=Served(request, context).version)
    return response


# -- PROPFIND / PROPPATCH -------------------------------------------------------------------

LIVE = ("creationdate", "displayname", "getcontentlength", "getcontenttype", "getetag", "getlastmodified",
        "resourcetype", "supportedlock", "lockdiscovery")


def _live_props(request, context, folder: bool) -> dict[str, str]:
    doc = context.document
    lock = checkouts.active_checkout(request.dbsession, doc, clock(request))
    if folder:
        return {"creationdate": xml.iso_date(doc.created_at), "displayname": doc.number.slug,
                "getlastmodified": xml.http_date(doc.updated_at), "resourcetype": "<D:collection/>",
                "supportedlock": "", "lockdiscovery": ""}
    served = Served(request, context)
    remaining = 0
    if lock is not None:
        remaining = max(1, int((lock.expires_at - clock(request)).total_seconds()))
    return {
        "creationdate": xml.iso_date(served.created),
        "displayname": context.canonical,
        "getcontentlength": str(served.size),
        "getcontenttype": filetypes.DOCX,
        "getetag": served.etag.replace('"', "&quot;"),
        "getlastmodified": xml.http_date(served.modified),
        "resourcetype": "",
        "supportedlock": xml.SUPPORTED_LOCK,
        "lockdiscovery": xml.activelock(lock.lock_token, lock.owner, remaining, context.href()) if lock else "",
    }


def _requested(root) -> tuple[str, list[tuple[str, str]]]:
    """("allprop" | "propname" | "prop", the names asked for)."""
    if root is None:
        return "allprop", []
    if xml.qname(root) != (xml.DAV, "propfind"):
        raise xml.BadXML("not a propfind")
    for child in root:
        if not isinstance(child.tag, str):
            continue
        kind = xml.qname(child)
        if kind == (xml.DAV, "prop"):
            return "prop", [xml.qname(p) for p in child if isinstance(p.tag, str)]
        if kind in ((xml.DAV, "allprop"), (xml.DAV, "propname")):
            return kind[1], []
    raise xml.BadXML("propfind without prop, allprop or propname")


def _small_body(request) -> bytes | None:
    """The request's XML body, or None when it is too large to be one."""
    if request.content_length is not None and request.content_length > xml.MAX_BODY:
        return None
    body = request.body_file.read(xml.MAX_BODY + 1)
    return None if len(body) > xml.MAX_BODY else body


def _bad_xml(request):
    return refusal(request, 400, _("dav-bad-xml", default="The request's XML could not be read."))


@view_config(route_name="dav", request_method="PROPFIND", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_propfind(context, request):
    depth = request.headers.get("Depth", "infinity").strip().lower()
    if depth not in ("0", "1"):
        if context.is_folder:
            return refusal(request, 403, _("dav-depth-infinity", default="Only Depth 0 or 1 is answered here."),
                           condition="propfind-finite-depth")
        depth = "0"  # a file has no members: infinity is the same as 0
    body = _small_body(request)
    if body is None:
        return refusal(request, 413, _("dav-body-too-large", default="The request's XML is too large."))
    try:
        mode, names = _requested(xml.parse(body))
    except xml.BadXML:
        return _bad_xml(request)
    entries = [(context.href(context.filename) if not context.is_folder else context.href(""), context.is_folder)]
    if context.is_folder and depth == "1":
        entries.append((context.href(), False))
    responses = []
    for href, folder in entries:
        live = _live_props(request, context, folder)
        if mode == "propname":
            responses.append(xml.response_xml(href, [(200, [xml.prop_xml(xml.DAV, n) for n in live])]))
            continue
        if mode == "allprop":
            responses.append(xml.response_xml(href, [(200, [xml.prop_xml(xml.DAV, n, v) for n, v in live.items()])]))
            continue
        found, missing = [], []
        for ns, name in names:
            if ns == xml.DAV and name in live:
                found.append(xml.prop_xml(ns, name, live[name]))
            else:
                missing.append(xml.prop_xml(ns, name))
        responses.append(xml.response_xml(href, [(200, found), (404, missing)]))
    response = Response(body=xml.multistatus(responses), status=207, content_type="application/xml", charset="utf-8")
    return _headers(response)


def _submitted_tokens(request) -> list[str]:
    return _LOCK_TOKEN.findall(request.headers.get("If", "")[:2000])


def _lock_guard(request, context, lock) -> Response | None:
    """None when this request may change the document under ``lock``; else the refusal."""
    submitted = _submitted_tokens(request)
    if lock is None:
        if submitted:
            return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                           condition="lock-token-matches-request-uri")
        return refusal(request, 423, _("dav-not-locked", default="Lock the document (open it for editing) before saving it."),
                       condition="lock-token-submitted")
    if lock.lock_token in submitted and lock.user_id == request.user.id:
        return None
    if submitted:
        return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                       condition="lock-token-matches-request-uri")
    return refusal(request, 423, _("dav-locked-by", default="${name} is editing the document in Word.",),
                   condition="lock-token-submitted", name=lock.user.full_name)


@view_config(route_name="dav", request_method="PROPPATCH", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_proppatch(context, request):
    """Office sets a few properties of its own (its file attributes, times);
    they are answered as set and not kept — nothing of the document changes."""
    if not context.is_file:
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    if not may_write(request, context):
        return refusal(request, 403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."))
    lock = checkouts.active_checkout(request.dbsession, context.document, clock(request))
    if lock is not None and (refused := _lock_guard(request, context, lock)) is not None:
        return refused
    body = _small_body(request)
    if body is None:
        return refusal(request, 413, _("dav-body-too-large", default="The request's XML is too large."))
    try:
        root = xml.parse(body)
    except xml.BadXML:
        return _bad_xml(request)
    if root is None or xml.qname(root) != (xml.DAV, "propertyupdate"):
        return _bad_xml(request)
    ok, refused = [], []
    for action in root:
        if not isinstance(action.tag, str) or xml.qname(action) not in ((xml.DAV, "set"), (xml.DAV, "remove")):
            continue
        for prop in action:
            if not isinstance(prop.tag, str) or xml.qname(prop) != (xml.DAV, "prop"):
                continue
            for p in prop:
                if isinstance(p.tag, str):
                    ns, name = xml.qname(p)
                    (refused if ns == xml.DAV and name in LIVE else ok).append(xml.prop_xml(ns, name))
    propstats = [(403, refused), (424, ok)] if refused else [(200, ok)]
    response = Response(body=xml.multistatus([xml.response_xml(context.href(), propstats)]), status=207,
                        content_type="application/xml", charset="utf-8")
    return _headers(response)


# -- LOCK / UNLOCK -------------------------------------------------------------------------

def _timeout(request) -> int:
    """The first timeout the client asks for that we grant, within our maximum."""
    limit = request.registry["rsi_case.word_lock_max_seconds"]
    for part in request.headers.get("Timeout", "")[:200].split(","):
        m = _TIMEOUT.match(part)
        if m:
            seconds = int(m.group(1)) if m.group(1) else limit
            return max(60, min(seconds, limit))
    return min(DEFAULT_TIMEOUT, limit)


def _owner(root) -> str:
    for child in root:
        if isinstance(child.tag, str) and xml.qname(child) == (xml.DAV, "owner"):
            return " ".join("".join(child.itertext()).split())[:500]
    return ""


def _lock_answer(request, context, lock, status: int = 200) -> Response:
    response = Response(body=xml.lock_body(xml.activelock(lock.lock_token, lock.owner, lock.timeout_seconds,
                                                          context.href())),
                        status=status, content_type="application/xml", charset="utf-8")
    response.headers["Lock-Token"] = f"<{lock.lock_token}>"
    return _headers(response)


@view_config(route_name="dav", request_method="LOCK", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_lock(context, request):
    """LOCK checks the document out (exclusive write lock); LOCK without a
    body and with the lock's token in ``If`` refreshes it."""
    if not context.is_file:
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    if not may_write(request, context):
        _log(request, context, "document_lock", outcome="denied", reason="read-only")
        return refusal(request, 403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."))
    body = _small_body(request)
    if body is None:
        return refusal(request, 413, _("dav-body-too-large", default="The request's XML is too large."))
    try:
        root = xml.parse(body)
    except xml.BadXML:
        return _bad_xml(request)
    db = request.dbsession
    now = clock(request)
    timeout = _timeout(request)
    lock = checkouts.active_checkout(db, context.document, now)
    if root is None:  # a refresh
        if lock is None or lock.lock_token not in _submitted_tokens(request) or lock.user_id != request.user.id:
            _log(request, context, "document_lock", outcome="denied", reason="refresh-stale")
            return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                           condition="lock-token-matches-request-uri")
        checkouts.refresh(db, lock, timeout, now)
        renew(request, context.token, lock.expires_at)
        _log(request, context, "document_lock", refreshed=True, timeout=timeout)
        return _lock_answer(request, context, lock)
    if xml.qname(root) != (xml.DAV, "lockinfo"):
        return _bad_xml(request)
    scope = root.find("{DAV:}lockscope")
    if scope is None or scope.find("{DAV:}exclusive") is None:
        return refusal(request, 412, _("dav-shared-lock", default="Only exclusive locks are offered: one person edits a document at a time."))
    if request.headers.get("Depth", "infinity").strip().lower() not in ("0", "infinity"):
        return _bad_xml(request)
    try:
        lock = checkouts.checkout(db, context.document, user=request.user, timeout=timeout, owner=_owner(root),
                                  word_token_id=context.token.id, now=now)
    except checkouts.Locked as locked:
        _log(request, context, "document_lock", outcome="denied", reason="locked",
             holder=locked.checkout.user.login if locked.checkout else "")
        name = locked.checkout.user.full_name if locked.checkout else "?"
        return refusal(request, 423, _("dav-locked-by", default="${name} is editing the document in Word."),
                       condition="no-conflicting-lock", name=name)
    renew(request, context.token, lock.expires_at)
    _log(request, context, "document_lock", timeout=timeout)
    return _lock_answer(request, context, lock)


@view_config(route_name="dav", request_method="UNLOCK", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_unlock(context, request):
    token = _LOCK_TOKEN.findall(request.headers.get("Lock-Token", "")[:200])
    lock = checkouts.active_checkout(request.dbsession, context.document, clock(request))
    if lock is None or not token or token[0] != lock.lock_token:
        return refusal(request, 409, _("dav-unlock-unknown", default="The document is not locked with that lock."),
                       condition="lock-token-matches-request-uri")
    if lock.user_id != request.user.id:
        return refusal(request, 403, _("dav-unlock-others", default="Only the one who locked the document can unlock it here."))
    checkouts.release(request.dbsession, lock)
    _log(request, context, "document_unlock")
    return _headers(Response(status=204))


# -- PUT: a save from Word is a new version ----------------------------------------------

def _read_to_temp(request, directory) -> tuple[str | None, int]:
    """The body into a temporary file; (None, size) when it passes the upload limit."""
    limit = max_upload_bytes(request)
    fd, tmp = tempfile.mkstemp(prefix=".word-", dir=directory)
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := request.body_file.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        os.unlink(tmp)
        return None, size
    return tmp, size


def _word_extras(path) -> tuple[bool, bool]:
    """Whether the file holds tracked changes and comments (the zip guard has
    already checked the container's sizes; this reads two parts' bytes, it
    does not parse them)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            body = z.read("word/document.xml") if "word/document.xml" in names else b""
            comments = z.read("word/comments.xml") if "word/comments.xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return False, False
    tracked = b"<w:ins " in body or b"<w:del " in body
    return tracked, b"<w:comment " in comments


@view_config(route_name="dav", request_method="PUT", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_put(context, request):
    """A save from Word: checked (lock, size, type, zip guard, reading in the
    limited child process) before anything is kept; then the .docx goes into
    the attachment store as the new version's source file and its text,
    through mammoth and the sanitiser, becomes the version's body."""
    doc = context.document

    def refuse(status, message, reason, condition=None, **mapping):
        _log(request, context, "document_edit", outcome="failed", reason=reason, status=status)
        return refusal(request, status, message, condition=condition, **mapping)

    if not context.is_file:
        return refuse(403, _("dav-only-the-document", default="Only the document itself can be changed here."),
                      "other-name")
    if not may_write(request, context):
        return refuse(403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."),
                      "read-only")
    db = request.dbsession
    lock = checkouts.active_checkout(db, doc, clock(request))
    if (refused := _lock_guard(request, context, lock)) is not None:
        _log(request, context, "document_edit", outcome="failed", reason=f"lock-{refused.status_int}",
             status=refused.status_int)
        return refused
    limit = max_upload_bytes(request)
    if request.content_length is not None and request.content_length > limit:
        return refuse(413, _("dav-too-large", default="The file is larger than the limit of ${mb} MB; it was not saved."),
                      "too-large", mb=limit // (1024 * 1024))
    store = blob_store(request)
    store.root.mkdir(parents=True, exist_ok=True)
    tmp, size = _read_to_temp(request, store.root)
    if tmp is None:
        return refuse(413, _("dav-too-large", default="The file is larger than the limit of ${mb} MB; it was not saved."),
                      "too-large", mb=limit // (1024 * 1024))
    try:
        with open(tmp, "rb") as fh:
            head = fh.read(4)
        if not head.startswith(b"PK"):
            return refuse(415, _("dav-not-docx", default="The file is not a Word document (.docx); it was not saved."),
                          "not-docx")
        try:
            filetypes.check(context.canonical, tmp, request.registry["rsi_case.zip_limits"])
            memo = read_memo_file(tmp, context.canonical, limits=request.registry["rsi_case.parse_limits"],
                                  zip_limits=request.registry["rsi_case.zip_limits"])
        except (filetypes.FileTypeError, ImportFailed) as exc:
            status = 503 if str(exc.message) == "import-busy" else 400
            return refuse(status, _("dav-unreadable", default="The file was not saved: ${why}"), "unreadable",
                          why=_t(request, exc.message, **exc.mapping))
        tracked, comments = _word_extras(tmp)
        with open(tmp, "rb") as fh:
            sha, size = store.put(fh)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    note = _t(request, _("dav-saved-note", default="Saved from Word"))
    if tracked or comments:
        note += " · " + _t(request, _("dav-saved-extras", default="the Word file has tracked changes or comments; they are kept in the file, the page shows the text without them"))
    try:
        version = save_version(db, doc, user=request.user, state=state_of(doc), body_html=memo.body_html,
                               base=doc.version, note=note)
    except Conflict:  # pragma: no cover - the lock keeps every other save out
        return refuse(409, _("dav-conflict", default="The document changed while it was saved; save again."), "conflict")
    db.add(VersionSource(document_id=doc.id, version=version.number, sha256=sha, size=size,
                         content_type=filetypes.DOCX, tracked_changes=tracked, comments=comments))
    db.flush()
    renew(request, context.token, lock.expires_at)
    _log(request, context, "document_edit", version=version.number, status=doc.status, size=size,
         tracked_changes=tracked, comments=comments)
    response = _headers(Response(status=204))
    response.headers["ETag"] = f'"{doc.id}-{version.number}-w"'
    return response


# -- what Word may not do --------------------------------------------------------------------

@view_config(route_name="dav", request_method=("MKCOL", "COPY", "MOVE", "DELETE"), permission=P.DOCUMENT_VIEW,
             require_csrf=False)
def dav_refused(context, request):
    messages = {
        "MKCOL": _("dav-no-mkcol", default="Folders cannot be made here: a Word link holds one document."),
        "COPY": _("dav-no-copy", default="Documents are not copied through Word links; make a new document in the case."),
        "MOVE": _("dav-no-move", default="Documents are not moved or renamed through Word links."),
        "DELETE": _("dav-no-delete", default="Documents are not deleted through Word links; they stay in the case."),
    }
    response = refusal(request, 403, messages[request.method])
    response.headers["Allow"] = METHODS
    return response


def includeme(config):
    settings = config.get_settings()
    config.registry["rsi_case.word_lock_max_seconds"] = int(settings.get("rsi_case.word_lock_max_seconds", 3600))
    config.scan(__name__)

