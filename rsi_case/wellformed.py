"""Requests that cannot be read are refused before anything reads them.

A path or query string with invalid UTF-8 (``/cases/%ff``, ``?q=%ff``), a
NUL character, a malformed ``Content-Length`` or a form body that cannot be
parsed (``multipart/form-data`` without a boundary, a charset other than
UTF-8, invalid UTF-8 in a urlencoded body) used to raise deep inside webob —
in a view, a route factory, or in the error page itself, which reads the
path — and each such request was a 500 with a traceback in the log. Here
each gets the Danish 400 page and exactly one log line.

Two tweens, on either side of the upload limit (``limits``): the request
line and headers are checked first, because the 413 page reads the path;
the body after the limit, so an oversize body is refused unread.

A refused request is made harmless before the error page renders: its path
becomes a readable one, its query string and body are dropped.

A file is accepted only in a field that takes files (``config.add_file_field``,
by the features with uploads): views read text fields as text, and a file
part under a text field's name (``title``) made them fail with a 500. Forms
read as multipart keep webob's lenient decoding otherwise (invalid UTF-8 in
a text part becomes U+FFFD); a browser never sends such a part.
"""

from __future__ import annotations

import io
import logging
import re
from urllib.parse import unquote_to_bytes

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.tweens import EXCVIEW

log = logging.getLogger(__name__)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")


def _utf8(wsgi_text: str) -> str | None:
    """A WSGI string (the raw bytes as latin-1) as UTF-8 text, or None."""
    try:
        return wsgi_text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _readable(wsgi_text: str) -> str:
    """The same, never failing: for the log and the refused request's path."""
    try:
        raw = wsgi_text.encode("latin-1")
    except UnicodeError:
        raw = wsgi_text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace").replace("\x00", "\ufffd")


def readable_path(request) -> str:
    """The request's path for logs and error pages, whatever bytes it holds."""
    environ = request.environ
    return _readable(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))


def _has_nul(pairs) -> bool:
    return any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in pairs)


def _utf8_form(body: bytes) -> bool:
    """Whether every name and value of a urlencoded body is UTF-8. webob decodes
    with errors="replace"; a browser sends UTF-8, so anything else is forged."""
    try:
        for pair in body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeError:
        return False
    return True


def line_problem(request) -> str | None:
    """What is wrong with the path, query string or headers, if anything."""
    environ = request.environ
    path = _utf8(environ.get("PATH_INFO", ""))
    if path is None:
        return "invalid UTF-8 in the path"
    if "\x00" in path:
        return "NUL in the path"
    try:
        params = request.GET
    except (UnicodeError, ValueError):
        return "invalid UTF-8 in the query string"
    if _has_nul(params.items()):
        return "NUL in the query string"
    length = environ.get("CONTENT_LENGTH")
    if length not in (None, "") and not _CONTENT_LENGTH.fullmatch(length):
        return "malformed Content-Length"
    return None


def body_problem(request) -> str | None:
    """What is wrong with a form body, if anything. Other bodies (JSON, a file
    PUT) are left to whatever view reads them; no view here does."""
    try:
        form = request.POST
    except Exception as exc:  # noqa: BLE001 — webob and cgi raise ValueError (no boundary),
        # UnicodeError, LookupError (unknown charset) and DeprecationWarning (a charset other
        # than UTF-8); whichever it is, the body cannot be read
        return f"unreadable form body ({type(exc).__name__})"
    if request.content_type == "application/x-www-form-urlencoded" and not _utf8_form(request.body):
        return "invalid UTF-8 in the form body"
    if _has_nul(form.items()):
        return "NUL in the form body"
    file_fields = request.registry["rsi_case.file_fields"]
    for name, value in form.items():
        if not isinstance(value, str) and name not in file_fields:
            return f"a file in the text field {name[:40]!r}"
    return None


def refuse(request, reason: str):
    """Log one line, make the request safe to render an error page for, and
    raise the 400 that the Danish error page answers."""
    environ = request.environ
    path = _readable(environ.get("PATH_INFO", ""))
    log.info("refused a malformed request (%s): %s %r", reason, _readable(str(request.method))[:10], path[:200])
    environ["PATH_INFO"] = path.encode("utf-8").decode("latin-1")
    environ["QUERY_STRING"] = ""
    environ["wsgi.input"] = io.BytesIO(b"")
    environ["CONTENT_LENGTH"] = "0"
    environ.pop("CONTENT_TYPE", None)
    for cached in ("webob._parsed_query_vars", "webob._parsed_post_vars"):
        environ.pop(cached, None)
    vars(request).pop("_charset", None)  # webob keeps the refused body's charset; the page reads the (now empty) form
    raise HTTPBadRequest()


def line_tween_factory(handler, registry):
    def wellformed_line_tween(request):
        problem = line_problem(request)
        if problem is not None:
            refuse(request, problem)
        return handler(request)

    return wellformed_line_tween


def body_tween_factory(handler, registry):
    def wellformed_body_tween(request):
        if request.method in BODY_METHODS:
            problem = body_problem(request)
            if problem is not None:
                refuse(request, problem)
        return handler(request)

    return wellformed_body_tween


def add_file_field(config, name: str) -> None:
    """Config directive: the form field ``name`` may carry an uploaded file."""
    config.registry["rsi_case.file_fields"].add(name)


def includeme(config):
    config.registry["rsi_case.file_fields"] = set()
    config.add_directive("add_file_field", add_file_field)
    limit = "rsi_case.limits.limit_tween_factory"
    config.add_tween("rsi_case.wellformed.line_tween_factory", under=EXCVIEW, over=limit)
    config.add_tween("rsi_case.wellformed.body_tween_factory", under=limit,
                     over="rsi_case.security.origin.origin_tween_factory")
