"""The WebDAV endpoint Word opens: ``/dav/<token>/<NNNNN-YY>/<NNNNN-YY>.docx``.

Our own small views rather than wsgidav mounted as a sub-application
(docs/word.md says why): one resource per document, the methods Office
needs — OPTIONS, HEAD, GET, PUT, PROPFIND (depth 0/1), PROPPATCH, LOCK,
UNLOCK. Every request is a Pyramid request: the route factory finds the
token and the document (or 404), the views declare permissions against the
document's ACL, the lock is the document's check-out in the database, every
change is audited, and a save is a new version through the same code as
the browser's.

The folder ``/dav/<token>/<NNNNN-YY>/`` holds the document and the link's
scratch space (rsi_case.dav.scratch): temporary and lock files clients keep
beside a file they edit, with MKCOL, DELETE, COPY and MOVE there. The
document itself is never made, deleted, moved or renamed (403/405 with the
reason); a MOVE or COPY of a temporary file onto its name is a save.
Conditions (the ``If`` header, RFC 4918 §10.4) and locks work the same on
both (``preconditions``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import uuid
import zipfile
from html import escape
from urllib.parse import quote, unquote, urlsplit

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ..documents import checkouts, filetypes
from ..documents.importer import ImportFailed, read_memo_file
from ..documents.models import VersionSource
from ..documents.resources import DocumentResource, shown_version
from ..documents.services import blob_store, max_upload_bytes, replace_attachment_file
from ..documents.versions import Conflict, save_version, state_of
from ..i18n import _
from ..numbering import DocumentNumber, NumberError
from ..security.audit import audit
from ..security.permissions import Permission as P
from . import conditions, properties, scratch, xml
from .models import DavScratch
from .tokens import clock, renew

METHODS = "OPTIONS, HEAD, GET, PUT, PROPFIND, PROPPATCH, LOCK, UNLOCK, MKCOL, DELETE, COPY, MOVE"
_LOCK_TOKEN = re.compile(r"<(opaquelocktoken:[^>\s]{1,100})>")
_TIMEOUT = re.compile(r"^\s*(?:Second-([0-9]{1,9})|Infinite)\s*$", re.I)
DEFAULT_TIMEOUT = 600


class DavResource(DocumentResource):
    """The document as Word sees it, through one token: the document's ACL
    (the parent chain is the document's), plus which token and which name —
    the link's folder (``""``), the document's own name, or a name in the
    folder's scratch space (rsi_case.dav.scratch)."""

    def __init__(self, request, document, token, filename: str):
        super().__init__(request, document)
        self.token = token
        self.filename = filename  # normalised: no leading or trailing slash
        self._folder = None
        self.attachment = token.attachment  # a link to an attached Office file, not the document

    @property
    def target(self):
        """What the link opens and locks: the document, or the attached file."""
        return self.attachment if self.attachment is not None else self.document

    @property
    def property_owner(self) -> dict:
        if self.attachment is not None:
            return {"attachment_id": self.attachment.id}
        return {"document_id": self.document.id}

    @property
    def canonical(self) -> str:
        if self.attachment is not None:
            return self.attachment.filename
        return f"{self.document.number.slug}.docx"

    @property
    def is_folder(self) -> bool:
        return self.filename == ""

    @property
    def is_file(self) -> bool:
        return self.filename == self.canonical

    @property
    def is_scratch(self) -> bool:
        return not (self.is_folder or self.is_file)

    @property
    def scratch(self) -> dict:
        """The token's scratch folder, by path (read once per request; reset after a change)."""
        if self._folder is None:
            self._folder = scratch.rows(self.request.dbsession, self.token)
        return self._folder

    def forget(self) -> None:
        self._folder = None

    @property
    def item(self):
        """The scratch row at this name, if there is one."""
        return self.scratch.get(self.filename) if self.is_scratch else None

    def href(self, name: str | None = None, collection: bool = False) -> str:
        name = self.canonical if name is None else name
        return (f"{self.request.script_name}/dav/{quote(self.request.matchdict['token'])}/"
                f"{self.document.number.slug}/{quote(name)}{'/' if collection and name else ''}")

    def relative(self, url_path: str) -> str | None:
        """A path (unquoted) in this link's folder, relative to it; None when it is outside."""
        base = f"{self.request.script_name}/dav/{self.request.matchdict['token']}/{self.document.number.slug}"
        if url_path.rstrip("/") == base:
            return ""
        if not url_path.startswith(base + "/"):
            return None
        try:
            return scratch.normalize(url_path[len(base) + 1:])
        except scratch.BadPath:
            return None


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
    if token.attachment_id is not None and (token.attachment is None
                                            or token.attachment.document_id != document.id):
        raise HTTPNotFound()
    try:
        name = scratch.normalize(request.matchdict.get("filename", ""))
    except scratch.BadPath:
        raise HTTPNotFound() from None
    context = DavResource(request, document, token, name)
    if not request.has_permission(P.DOCUMENT_VIEW, context):
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
    if context.attachment is not None:
        detail.setdefault("attachment", context.attachment.id)
    audit(request, action, object_type="document", object_ref=str(context.document.number), case=context.case,
          outcome=outcome, via="word", token=context.token.prefix, **detail)


def may_write(request, context) -> bool:
    return context.token.purpose == "edit" and bool(request.has_permission(P.DOCUMENT_EDIT, context))


# -- what Word reads ----------------------------------------------------------------------

class Served:
    """The bytes Word gets for the document: the .docx Word last saved, when
    the newest version (the one this user reads) came from Word; else the
    memo export of that version. (ServedAttachment for an attached file.)"""

    content_type = filetypes.DOCX

    def __new__(cls, request, context):
        if cls is Served and context.attachment is not None:
            return ServedAttachment(request, context)
        return super().__new__(cls)

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


class ServedAttachment(Served):
    """An attached Office file: its newest revision's bytes, as uploaded or saved."""

    def __init__(self, request, context):
        att = context.attachment
        self.version = max((r.number for r in att.revisions), default=1)
        self.modified = att.uploaded_at
        self.created = att.revisions[-1].uploaded_at if att.revisions else att.uploaded_at
        self.content_type = att.content_type
        self._request, self._att = request, att
        self._data = None

    @property
    def etag(self) -> str:
        return f'"a{self._att.id}-{self.version}"'

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = blob_store(self._request).read(self._att.sha256)
        return self._data

    @property
    def size(self) -> int:
        return self._att.size


# -- conditions: the If header, and who holds which lock -----------------------------------

def _now(request):
    return clock(request)


def _doc_lock(request, context):
    return checkouts.active_checkout(request.dbsession, context.target, _now(request))


def _state(request, context, relative: str | None) -> conditions.State:
    """What an ``If`` condition is tested against for a name in the link's folder."""
    if relative is None or relative == "":
        return conditions.State(None if relative is None else '"folder"', frozenset())
    if relative == context.canonical:
        lock = _doc_lock(request, context)
        return conditions.State(Served(request, context).etag, frozenset({lock.lock_token} if lock else ()))
    now = _now(request)
    row = context.scratch.get(relative)
    tokens = frozenset(r.lock_token for r in scratch.covering(context.scratch, relative, now))
    return conditions.State(scratch.etag(row) if row is not None else None, tokens)


def _if_lists(request):
    return conditions.parse(request.headers.get("If"))


def _url_path(value: str) -> str:
    return unquote(urlsplit(value).path)


def preconditions(request, context, targets: list[str], *, subtree: bool = False) -> Response | None:
    """None when the request may change ``targets`` (names in the link's
    folder); else the refusal: 400 for an unreadable ``If``, 412 when it is
    false, 423 when a lock covering a target (or, with ``subtree``, anything
    under it) was not submitted. The document's own lock is its check-out:
    only its holder's token counts, and the document is only saved under it."""
    try:
        lists = _if_lists(request)
    except conditions.BadIf:
        return refusal(request, 400, _("dav-bad-if", default="The request's If header could not be read."))
    if not conditions.evaluate(lists, request.path_info,
                               lambda path: _state(request, context, context.relative(path))):
        return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                       condition="lock-token-matches-request-uri")
    submitted = conditions.submitted(lists)
    now = _now(request)
    for target in targets:
        if target == context.canonical:
            lock = _doc_lock(request, context)
            if lock is None:
                return refusal(request, 423, _("dav-not-locked", default="Lock the document (open it for editing) before saving it."),
                               condition="lock-token-submitted")
            if lock.lock_token not in submitted or lock.user_id != request.user.id:
                return refusal(request, 423, _("dav-locked-by", default="${name} is editing the document in Word."),
                               condition="lock-token-submitted", name=lock.user.full_name)
            continue
        held = scratch.covering(context.scratch, target, now)
        if subtree:
            held += [r for r in scratch.within(context.scratch, target) if scratch.lock_active(r, now)]
        if any(r.lock_token not in submitted for r in held):
            return refusal(request, 423, _("dav-scratch-locked", default="The file is locked; name its lock to change it."),
                           condition="lock-token-submitted")
    return None


def _writable(request, context) -> Response | None:
    if not may_write(request, context):
        return refusal(request, 403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."))
    return None


# -- OPTIONS, HEAD, GET ---------------------------------------------------------------------

@view_config(route_name="dav", request_method="OPTIONS", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_options(context, request):
    response = Response(status=200)
    response.headers["Allow"] = METHODS
    response.content_length = 0
    return _headers(response)


def _file_response(request, context, with_body: bool) -> Response:
    served = Served(request, context)
    response = Response(status=200, content_type=served.content_type)
    if with_body:
        response.body = served.data
    else:
        response.content_length = served.size
    response.headers["ETag"] = served.etag
    response.last_modified = served.modified
    return _headers(response)


def _scratch_response(request, context, with_body: bool) -> Response:
    row = context.item
    if row is None:
        return refusal(request, 404, _("dav-no-such-file", default="There is no such file in the folder of the Word link."))
    if row.is_collection:
        if with_body:
            return refusal(request, 405, _("dav-folder-get", default="This is the folder of the Word link; open the file in it."))
        return _headers(Response(status=200, content_type="text/plain"))
    response = Response(status=200, content_type=row.content_type)
    if with_body:
        response.body = row.data or b""
    else:
        response.content_length = row.size
    response.headers["ETag"] = scratch.etag(row)
    response.last_modified = row.modified_at
    return _headers(response)


@view_config(route_name="dav", request_method="HEAD", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_head(context, request):
    if context.is_folder:
        return _headers(Response(status=200, content_type="text/plain"))
    if context.is_scratch:
        return _scratch_response(request, context, with_body=False)
    return _file_response(request, context, with_body=False)


@view_config(route_name="dav", request_method="GET", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_get(context, request):
    if context.is_folder:
        return refusal(request, 405, _("dav-folder-get", default="This is the folder of the Word link; open the file in it."))
    if context.is_scratch:
        return _scratch_response(request, context, with_body=True)
    response = _file_response(request, context, with_body=True)
    if context.attachment is not None:
        _log(request, context, "attachment_download", filename=context.attachment.filename,
             attachment=context.attachment.id)
    else:
        _log(request, context, "export", format="docx", version=Served(request, context).version)
    return response


# -- PROPFIND / PROPPATCH -------------------------------------------------------------------

LIVE = ("creationdate", "displayname", "getcontentlength", "getcontenttype", "getetag", "getlastmodified",
        "resourcetype", "supportedlock", "lockdiscovery")


def _lockdiscovery(request, context, name: str) -> str:
    now = _now(request)
    if name == context.canonical:
        lock = _doc_lock(request, context)
        if lock is None:
            return ""
        remaining = max(1, int((lock.expires_at - now).total_seconds()))
        return xml.activelock(lock.lock_token, lock.owner, remaining, context.href())
    found = []
    for row in scratch.covering(context.scratch, name, now):
        remaining = max(1, int((scratch._aware(row.lock_expires) - now).total_seconds()))
        found.append(xml.activelock(row.lock_token, row.lock_owner, remaining,
                                    context.href(row.path, collection=row.is_collection), depth=row.lock_depth))
    return "".join(found)


def _live_props(request, context, name: str) -> dict[str, str]:
    doc = context.document
    if name == "":
        return {"creationdate": xml.iso_date(doc.created_at), "displayname": doc.number.slug,
                "getlastmodified": xml.http_date(doc.updated_at), "resourcetype": "<D:collection/>",
                "supportedlock": "", "lockdiscovery": ""}
    if name != context.canonical:
        row = context.scratch[name]
        props = {"creationdate": xml.iso_date(row.created_at), "displayname": escape(name.rsplit("/", 1)[-1]),
                 "getlastmodified": xml.http_date(row.modified_at),
                 "resourcetype": "<D:collection/>" if row.is_collection else "",
                 "supportedlock": xml.SUPPORTED_LOCK, "lockdiscovery": _lockdiscovery(request, context, name)}
        if not row.is_collection:
            props.update({"getcontentlength": str(row.size), "getcontenttype": escape(row.content_type),
                          "getetag": escape(scratch.etag(row))})
        return props
    served = Served(request, context)
    return {
        "creationdate": xml.iso_date(served.created),
        "displayname": context.canonical,
        "getcontentlength": str(served.size),
        "getcontenttype": escape(served.content_type),
        "getetag": served.etag.replace('"', "&quot;"),
        "getlastmodified": xml.http_date(served.modified),
        "resourcetype": "",
        "supportedlock": xml.SUPPORTED_LOCK,
        "lockdiscovery": _lockdiscovery(request, context, name),
    }


def _dead_props(request, context, name: str) -> dict[tuple[str, str], str]:
    db = request.dbsession
    if name == "":
        return {}
    if name == context.canonical:
        return properties.dead(db, **context.property_owner)
    return properties.dead(db, scratch_id=context.scratch[name].id)


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


def _propfind_entry(request, context, name: str, mode: str, names) -> str:
    collection = name == "" or (name != context.canonical and context.scratch[name].is_collection)
    href = context.href(name, collection=collection)
    live = _live_props(request, context, name)
    dead = _dead_props(request, context, name)
    if mode == "propname":
        return xml.response_xml(href, [(200, [xml.prop_xml(xml.DAV, n) for n in live]
                                        + [xml.prop_xml(ns, n) for ns, n in dead])])
    if mode == "allprop":
        return xml.response_xml(href, [(200, [xml.prop_xml(xml.DAV, n, v) for n, v in live.items()]
                                        + list(dead.values()))])
    found, missing = [], []
    for ns, n in names:
        if ns == xml.DAV and n in live:
            found.append(xml.prop_xml(ns, n, live[n]))
        elif (ns, n) in dead:
            found.append(dead[(ns, n)])
        else:
            missing.append(xml.prop_xml(ns, n))
    return xml.response_xml(href, [(200, found), (404, missing)])


@view_config(route_name="dav", request_method="PROPFIND", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_propfind(context, request):
    name = context.filename
    if context.is_scratch and context.item is None:
        return refusal(request, 404, _("dav-no-such-file", default="There is no such file in the folder of the Word link."))
    collection = context.is_folder or (context.is_scratch and context.item.is_collection)
    depth = request.headers.get("Depth", "infinity").strip().lower()
    if depth not in ("0", "1"):
        if collection:
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
    entries = [name]
    if collection and depth == "1":
        if context.is_folder:
            entries.append(context.canonical)
        entries += [row.path for row in scratch.members(context.scratch, name)]
    responses = [_propfind_entry(request, context, entry, mode, names) for entry in entries]
    response = Response(body=xml.multistatus(responses), status=207, content_type="application/xml", charset="utf-8")
    return _headers(response)


@view_config(route_name="dav", request_method="PROPPATCH", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_proppatch(context, request):
    """Office sets a few properties of its own (its file attributes, times):
    they are kept as dead properties of the document (rsi_case.dav.properties),
    nothing of the document's text or versions changes."""
    if context.is_folder:
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    if (refused := _writable(request, context)) is not None:
        return refused
    if context.is_scratch and context.item is None:
        return refusal(request, 404, _("dav-no-such-file", default="There is no such file in the folder of the Word link."))
    if context.is_file:
        lock = _doc_lock(request, context)
        refused = preconditions(request, context, [context.filename]) if lock is not None else None
    else:
        refused = preconditions(request, context, [context.filename])
    if refused is not None:
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
    where = context.property_owner if context.is_file else {"scratch_id": context.item.id}
    propstats = properties.apply(request.dbsession, properties.updates(root), LIVE, **where)
    response = Response(body=xml.multistatus([xml.response_xml(context.href(context.filename), propstats)]),
                        status=207, content_type="application/xml", charset="utf-8")
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


def _lockinfo(request):
    """(the LOCK body's root or None for a refresh, a refusal or None)."""
    body = _small_body(request)
    if body is None:
        return None, refusal(request, 413, _("dav-body-too-large", default="The request's XML is too large."))
    try:
        root = xml.parse(body)
    except xml.BadXML:
        return None, _bad_xml(request)
    if root is None:
        return None, None
    if xml.qname(root) != (xml.DAV, "lockinfo"):
        return None, _bad_xml(request)
    scope = root.find("{DAV:}lockscope")
    if scope is None or scope.find("{DAV:}exclusive") is None:
        return None, refusal(request, 412, _("dav-shared-lock", default="Only exclusive locks are offered: one person edits a document at a time."))
    return root, None


@view_config(route_name="dav", request_method="LOCK", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_lock(context, request):
    """LOCK checks the document out (exclusive write lock); LOCK without a
    body and with the lock's token in ``If`` refreshes it. In the scratch
    folder the same exclusive locks hold a temporary file or folder."""
    if context.is_folder:
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    if not may_write(request, context):
        if context.is_file:
            _log(request, context, "document_lock", outcome="denied", reason="read-only")
        return refusal(request, 403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."))
    root, refused = _lockinfo(request)
    if refused is not None:
        return refused
    if context.is_scratch:
        return _scratch_lock(request, context, root)
    db = request.dbsession
    now = clock(request)
    timeout = _timeout(request)
    lock = checkouts.active_checkout(db, context.target, now)
    if root is None:  # a refresh
        if lock is None or lock.lock_token not in _submitted_tokens(request) or lock.user_id != request.user.id:
            _log(request, context, "document_lock", outcome="denied", reason="refresh-stale")
            return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                           condition="lock-token-matches-request-uri")
        checkouts.refresh(db, lock, timeout, now)
        renew(request, context.token, lock.expires_at)
        _log(request, context, "document_lock", refreshed=True, timeout=timeout)
        return _lock_answer(request, context, lock)
    if request.headers.get("Depth", "infinity").strip().lower() not in ("0", "infinity"):
        return _bad_xml(request)
    try:
        lock = checkouts.checkout(db, context.target, user=request.user, timeout=timeout, owner=_owner(root),
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


def _submitted_tokens(request) -> set[str]:
    try:
        return conditions.submitted(_if_lists(request))
    except conditions.BadIf:
        return set()


def _scratch_lock_answer(request, context, row, status: int) -> Response:
    body = xml.lock_body(xml.activelock(row.lock_token, row.lock_owner, row.lock_timeout,
                                        context.href(row.path, collection=row.is_collection), depth=row.lock_depth))
    response = Response(body=body, status=status, content_type="application/xml", charset="utf-8")
    response.headers["Lock-Token"] = f"<{row.lock_token}>"
    return _headers(response)


def _scratch_lock(request, context, root) -> Response:
    """A lock in the scratch folder: a refresh (through any name the lock
    covers), a new lock on a file or folder (depth infinity covers its
    contents), or a lock on an unused name, which makes an empty file (201)."""
    db = request.dbsession
    now = _now(request)
    name = context.filename
    timeout = _timeout(request)
    held = scratch.covering(context.scratch, name, now)
    if root is None:
        submitted = _submitted_tokens(request)
        mine = [r for r in held if r.lock_token in submitted]
        if not mine:
            return refusal(request, 412, _("dav-lock-stale", default="The lock named in the request is no longer held (it was released or has expired). Open the document again."),
                           condition="lock-token-matches-request-uri")
        row = mine[0]
        row.lock_timeout, row.lock_expires = timeout, now + dt.timedelta(seconds=timeout)
        db.flush()
        return _scratch_lock_answer(request, context, row, 200)
    depth = request.headers.get("Depth", "infinity").strip().lower()
    if depth not in ("0", "infinity"):
        return _bad_xml(request)
    row = context.item
    below = [r for r in scratch.within(context.scratch, name) if scratch.lock_active(r, now)] \
        if row is not None and row.is_collection and depth == "infinity" else []
    if held or below:
        return refusal(request, 423, _("dav-scratch-locked", default="The file is locked; name its lock to change it."),
                       condition="no-conflicting-lock")
    status = 200
    if row is None:
        if (refused := _new_name_allowed(request, context, name, entries=1)) is not None:
            return refused
        row = DavScratch(token_id=context.token.id, path=name, is_collection=False, data=b"", size=0,
                         content_type="application/octet-stream", created_at=now, modified_at=now)
        db.add(row)
        status = 201
    row.lock_token = f"opaquelocktoken:{uuid.uuid4()}"
    row.lock_owner = _owner(root)
    row.lock_depth = depth if row.is_collection else "0"
    row.lock_timeout, row.lock_expires = timeout, now + dt.timedelta(seconds=timeout)
    db.flush()
    return _scratch_lock_answer(request, context, row, status)


@view_config(route_name="dav", request_method="UNLOCK", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_unlock(context, request):
    token = _LOCK_TOKEN.findall(request.headers.get("Lock-Token", "")[:200])
    if context.is_scratch:
        held = [r for r in scratch.covering(context.scratch, context.filename, _now(request))
                if token and r.lock_token == token[0]]
        if not held:
            return refusal(request, 409, _("dav-unlock-unknown", default="The document is not locked with that lock."),
                           condition="lock-token-matches-request-uri")
        held[0].lock_token, held[0].lock_expires = None, None
        request.dbsession.flush()
        return _headers(Response(status=204))
    lock = checkouts.active_checkout(request.dbsession, context.target, clock(request))
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


def _refuse_save(request, context, status, message, reason, condition=None, **mapping):
    _log(request, context, "document_edit", outcome="failed", reason=reason, status=status)
    return refusal(request, status, message, condition=condition, **mapping)


def _too_large(request, context):
    limit = max_upload_bytes(request)
    return _refuse_save(request, context, 413, _("dav-too-large", default="The file is larger than the limit of ${mb} MB; it was not saved."),
                        "too-large", mb=limit // (1024 * 1024))


def _save_guard(request, context) -> Response | None:
    """Whether a save onto the document may go on: an edit token and the
    document's lock, named in the request (else refused and logged)."""
    if not may_write(request, context):
        return _refuse_save(request, context, 403, _("dav-read-only", default="The document is open read-only: it cannot be changed from Word."),
                            "read-only")
    if (refused := preconditions(request, context, [context.canonical])) is not None:
        _log(request, context, "document_edit", outcome="failed", reason=f"lock-{refused.status_int}",
             status=refused.status_int)
        return refused
    return None


def save_word_file(request, context, tmp: str, status: int = 204) -> Response:
    """A .docx (in a temporary file in the store's folder, removed here)
    becomes the document's new version: checked (type, zip guard, reading in
    the limited child process) before anything is kept; then the file goes
    into the attachment store as the version's source file and its text,
    through mammoth and the sanitiser, becomes the version's body. PUT, and
    MOVE or COPY from the scratch folder onto the document, all come here."""
    doc = context.document
    db = request.dbsession
    store = blob_store(request)
    try:
        with open(tmp, "rb") as fh:
            head = fh.read(4)
        if not head.startswith(b"PK"):
            return _refuse_save(request, context, 415, _("dav-not-docx", default="The file is not a Word document (.docx); it was not saved."),
                                "not-docx")
        try:
            filetypes.check(context.canonical, tmp, request.registry["rsi_case.zip_limits"])
            memo = read_memo_file(tmp, context.canonical, limits=request.registry["rsi_case.parse_limits"],
                                  zip_limits=request.registry["rsi_case.zip_limits"])
        except (filetypes.FileTypeError, ImportFailed) as exc:
            status_bad = 503 if str(exc.message) == "import-busy" else 400
            return _refuse_save(request, context, status_bad, _("dav-unreadable", default="The file was not saved: ${why}"),
                                "unreadable", why=_t(request, exc.message, **exc.mapping))
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
        return _refuse_save(request, context, 409, _("dav-conflict", default="The document changed while it was saved; save again."), "conflict")
    db.add(VersionSource(document_id=doc.id, version=version.number, sha256=sha, size=size,
                         content_type=filetypes.DOCX, tracked_changes=tracked, comments=comments))
    db.flush()
    lock = _doc_lock(request, context)
    if lock is not None:
        renew(request, context.token, lock.expires_at)
    _log(request, context, "document_edit", version=version.number, status=doc.status, size=size,
         tracked_changes=tracked, comments=comments)
    response = _headers(Response(status=status))
    response.headers["ETag"] = f'"{doc.id}-{version.number}-w"'
    return response


def save_attachment_file(request, context, tmp: str, status: int = 204) -> Response:
    """A saved Office file (in a temporary file in the store's folder, removed
    here) becomes a new revision of the attachment: the same checks as an
    upload (the file type by its bytes, the zip guard of issue 8) before it
    is kept; the earlier revisions stay."""
    att = context.attachment
    store = blob_store(request)
    try:
        with open(tmp, "rb") as fh:
            if not fh.read(4).startswith(b"PK"):
                return _refuse_save(request, context, 415, _("dav-not-office", default="The file is not an Office file of the attachment's type; it was not saved."),
                                    "not-office")
        try:
            content_type = filetypes.check(att.filename, tmp, request.registry["rsi_case.zip_limits"])
        except filetypes.FileTypeError as exc:
            return _refuse_save(request, context, 400, _("dav-unreadable", default="The file was not saved: ${why}"),
                                "unreadable", why=_t(request, exc.message, **exc.mapping))
        with open(tmp, "rb") as fh:
            sha, size = store.put(fh)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    rev = replace_attachment_file(request.dbsession, att, sha256=sha, size=size, content_type=content_type,
                                  filename=att.filename, user=request.user)
    lock = _doc_lock(request, context)
    if lock is not None:
        renew(request, context.token, lock.expires_at)
    _log(request, context, "attachment_add", filename=att.filename, attachment=att.id, revision=rev.number,
         size=size)
    response = _headers(Response(status=status))
    response.headers["ETag"] = f'"a{att.id}-{rev.number}"'
    return response


def _save(request, context, tmp: str) -> Response:
    if context.attachment is not None:
        return save_attachment_file(request, context, tmp)
    return save_word_file(request, context, tmp)


@view_config(route_name="dav", request_method="PUT", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_put(context, request):
    """A save from Word (a new version, save_word_file), or a file into the scratch folder."""
    if context.is_folder:
        return _refuse_save(request, context, 403, _("dav-only-the-document", default="Only the document itself can be changed here."),
                            "other-name")
    if context.is_scratch:
        return _scratch_put(request, context)
    if (refused := _save_guard(request, context)) is not None:
        return refused
    limit = max_upload_bytes(request)
    if request.content_length is not None and request.content_length > limit:
        return _too_large(request, context)
    store = blob_store(request)
    store.root.mkdir(parents=True, exist_ok=True)
    tmp, _size = _read_to_temp(request, store.root)
    if tmp is None:
        return _too_large(request, context)
    return _save(request, context, tmp)


# -- the scratch folder: PUT, MKCOL, DELETE, COPY, MOVE -------------------------------------

def _no_room(request):
    return refusal(request, 507, _("dav-scratch-full", default="The folder of the Word link is full: remove temporary files, or open the document again."))


def _new_name_allowed(request, context, name: str, *, entries: int = 0, size: int = 0,
                      replacing=()) -> Response | None:
    """A new name in the scratch folder: its folder must exist (409) and there must be room (507)."""
    if name == context.canonical or name == "":
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    parent = scratch.parent_of(name)
    if parent and not (parent in context.scratch and context.scratch[parent].is_collection):
        return refusal(request, 409, _("dav-no-parent", default="The folder for that name does not exist."))
    try:
        scratch.make_room(context.scratch, request.registry["rsi_case.word_scratch_limits"], entries=entries,
                          size=size, replacing=replacing)
    except scratch.NoRoom:
        return _no_room(request)
    return None


def _scratch_put(request, context) -> Response:
    if (refused := _writable(request, context)) is not None:
        return refused
    limits = request.registry["rsi_case.word_scratch_limits"]
    if request.content_length is not None and request.content_length > limits.file_bytes:
        return refusal(request, 413, _("dav-scratch-too-large", default="The file is larger than the folder of the Word link takes."))
    data = request.body_file.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        return refusal(request, 413, _("dav-scratch-too-large", default="The file is larger than the folder of the Word link takes."))
    db = request.dbsession
    now = _now(request)
    scratch.purge_expired(db, now)
    context.forget()
    row = context.item
    if row is not None and row.is_collection:
        return refusal(request, 405, _("dav-put-on-folder", default="That name is a folder."))
    if (refused := preconditions(request, context, [context.filename])) is not None:
        return refused
    if (refused := _new_name_allowed(request, context, context.filename, entries=0 if row else 1, size=len(data),
                                     replacing=[row] if row else [])) is not None:
        return refused
    kind = (request.content_type or "application/octet-stream")[:127]
    if row is None:
        db.add(DavScratch(token_id=context.token.id, path=context.filename, is_collection=False, data=data,
                          size=len(data), content_type=kind, created_at=now, modified_at=now))
        status = 201
    else:
        row.data, row.size, row.content_type, row.modified_at = data, len(data), kind, now
        row.serial += 1
        status = 204
    db.flush()
    context.forget()
    response = _headers(Response(status=status))
    response.headers["ETag"] = scratch.etag(context.item)
    return response


def _only_scratch(request, context, what) -> Response | None:
    """The document and the link's folder are never made, deleted, moved (refused with the reason)."""
    messages = {
        "MKCOL": _("dav-no-mkcol", default="Folders cannot be made here: a Word link holds one document."),
        "COPY": _("dav-no-copy", default="Documents are not copied through Word links; make a new document in the case."),
        "MOVE": _("dav-no-move", default="Documents are not moved or renamed through Word links."),
        "DELETE": _("dav-no-delete", default="Documents are not deleted through Word links; they stay in the case."),
    }
    if context.is_scratch:
        return None
    status = 405 if what == "MKCOL" else 403
    response = refusal(request, status, messages[what])
    response.headers["Allow"] = METHODS
    return response


@view_config(route_name="dav", request_method="MKCOL", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_mkcol(context, request):
    if (refused := _only_scratch(request, context, "MKCOL")) is not None:
        return refused
    if (refused := _writable(request, context)) is not None:
        return refused
    if request.body_file.read(1):
        return refusal(request, 415, _("dav-mkcol-body", default="A new folder takes no request body."))
    if context.item is not None:
        return refusal(request, 405, _("dav-exists", default="That name is already in use."))
    if (refused := preconditions(request, context, [context.filename])) is not None:
        return refused
    if (refused := _new_name_allowed(request, context, context.filename, entries=1)) is not None:
        return refused
    now = _now(request)
    scratch.purge_expired(request.dbsession, now)
    request.dbsession.add(DavScratch(token_id=context.token.id, path=context.filename, is_collection=True,
                                     data=None, size=0, created_at=now, modified_at=now))
    request.dbsession.flush()
    return _headers(Response(status=201))


@view_config(route_name="dav", request_method="DELETE", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_delete(context, request):
    if (refused := _only_scratch(request, context, "DELETE")) is not None:
        return refused
    if (refused := _writable(request, context)) is not None:
        return refused
    if context.item is None:
        return refusal(request, 404, _("dav-no-such-file", default="There is no such file in the folder of the Word link."))
    if (refused := preconditions(request, context, [context.filename], subtree=True)) is not None:
        return refused
    scratch.remove(request.dbsession, scratch.within(context.scratch, context.filename))
    return _headers(Response(status=204))


def _destination(request, context) -> tuple[str | None, Response | None]:
    header = request.headers.get("Destination", "")
    if not header or len(header) > 2000:
        return None, refusal(request, 400, _("dav-no-destination", default="The request names no destination."))
    target = context.relative(_url_path(header))
    if target is None:
        return None, refusal(request, 403, _("dav-destination-elsewhere", default="Files are only copied or moved within the folder of the same Word link."))
    return target, None


def _copy_or_move(request, context, method: str) -> Response:
    target, refused = _destination(request, context)
    if refused is not None:
        return refused
    if (refused := _writable(request, context)) is not None:
        return refused
    overwrite = request.headers.get("Overwrite", "T").strip().upper() != "F"
    if target == context.canonical:
        return _onto_document(request, context, method, overwrite)
    if method == "MOVE" and context.is_file:
        return _only_scratch(request, context, "MOVE")
    if context.is_folder or target == "":
        return refusal(request, 403, _("dav-only-the-document", default="Only the document itself can be changed here."))
    source = context.item
    if context.is_scratch and source is None:
        return refusal(request, 404, _("dav-no-such-file", default="There is no such file in the folder of the Word link."))
    if target == context.filename or target.startswith(context.filename + "/"):
        return refusal(request, 403, _("dav-onto-itself", default="A file cannot be copied or moved onto itself."))
    existing = context.scratch.get(target)
    if existing is not None and not overwrite:
        return refusal(request, 412, _("dav-exists", default="That name is already in use."))
    moving = scratch.within(context.scratch, context.filename) if source is not None else []
    if method == "COPY" and source is not None and source.is_collection \
            and request.headers.get("Depth", "infinity").strip() == "0":
        moving = [source]
    names = [target] + ([context.filename] if method == "MOVE" else [])
    if (refused := preconditions(request, context, names, subtree=True)) is not None:
        return refused
    replacing = scratch.within(context.scratch, target) if existing is not None else []
    added = len(moving) if source is not None else 1
    size = sum(r.size for r in moving) if source is not None else Served(request, context).size
    if (refused := _new_name_allowed(request, context, target, entries=0 if method == "MOVE" else added,
                                     size=0 if method == "MOVE" else size, replacing=replacing)) is not None:
        return refused
    db = request.dbsession
    now = _now(request)
    scratch.remove(db, replacing)
    if source is None:  # a copy of the document itself (a client's backup copy)
        data = Served(request, context).data
        db.add(DavScratch(token_id=context.token.id, path=target, is_collection=False, data=data, size=len(data),
                          content_type=filetypes.DOCX, created_at=now, modified_at=now))
    else:
        for row in moving:
            new_path = target + row.path[len(context.filename):]
            if method == "MOVE":
                row.path, row.modified_at = new_path, now
                row.lock_token, row.lock_expires = None, None  # a lock stays with its name, not the file
            else:
                copy = DavScratch(token_id=row.token_id, path=new_path, is_collection=row.is_collection,
                                  data=row.data, size=row.size, content_type=row.content_type, created_at=now,
                                  modified_at=now)
                db.add(copy)
                db.flush()
                properties.copy(db, row.id, copy.id)
    db.flush()
    context.forget()
    return _headers(Response(status=204 if existing is not None else 201))


def _onto_document(request, context, method: str, overwrite: bool) -> Response:
    """A temporary file moved or copied onto the document's own name is a
    save: the same checks and the same new version as a PUT."""
    source = context.item
    if not context.is_scratch or source is None or source.is_collection:
        return _only_scratch(request, context, method)
    if not overwrite:
        return refusal(request, 412, _("dav-exists", default="That name is already in use."))
    if (refused := _save_guard(request, context)) is not None:
        return refused
    if method == "MOVE" and (refused := preconditions(request, context, [context.filename])) is not None:
        return refused
    store = blob_store(request)
    store.root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".word-", dir=store.root)
    with os.fdopen(fd, "wb") as out:
        out.write(source.data or b"")
    response = _save(request, context, tmp)
    if method == "MOVE" and response.status_int < 300:
        scratch.remove(request.dbsession, [source])
    return response


@view_config(route_name="dav", request_method="COPY", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_copy(context, request):
    return _copy_or_move(request, context, "COPY")


@view_config(route_name="dav", request_method="MOVE", permission=P.DOCUMENT_VIEW, require_csrf=False)
def dav_move(context, request):
    return _copy_or_move(request, context, "MOVE")


def includeme(config):
    settings = config.get_settings()
    config.registry["rsi_case.word_lock_max_seconds"] = int(settings.get("rsi_case.word_lock_max_seconds", 3600))
    config.include(".scratch")
    config.scan(__name__)
