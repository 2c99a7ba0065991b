"""Danish error pages: 400 (e.g. a missing CSRF token), 403, 404 and 500.

Anonymous visitors who hit a protected page are sent to the login page.
A 500 shows an incident id that is also in the server log; never a traceback.
"""

from __future__ import annotations

import logging
import uuid

from pyramid.csrf import get_csrf_token
from pyramid.exceptions import BadCSRFOrigin, BadCSRFToken
from pyramid.httpexceptions import HTTPBadRequest, HTTPRequestEntityTooLarge, HTTPSeeOther
from pyramid.view import (AppendSlashNotFoundViewFactory, exception_view_config, forbidden_view_config,
                          notfound_view_config)

from .i18n import _
from .security.audit import audit
from .wellformed import readable_path

log = logging.getLogger(__name__)

TEMPLATE = "rsi_case:templates/errors/error.pt"


def _page(request, status, title, message):
    request.response.status = status
    return {"title": title, "message": message, "status": status, "incident": None}


# a page asked for without its trailing slash is sent to the one with it
_append_slash = AppendSlashNotFoundViewFactory(lambda exc, request: None, redirect_class=HTTPSeeOther)


@notfound_view_config(renderer=TEMPLATE)
def notfound(exc, request):
    if request.path_token_request:
        # a Word link (rsi_case.dav): Word gets a plain 404, never a login page, and
        # never a redirect (its folder takes any name: "x" missing is not "x/")
        from pyramid.response import Response

        return Response(text="404 Not Found\n", status=404, content_type="text/plain", charset="utf-8")
    if (redirect := _append_slash(exc, request)) is not None:
        return redirect
    if request.user is None and not readable_path(request).startswith(("/static/", "/deform_static/", "/health")):
        # an anonymous visitor learns nothing about which numbers exist
        return HTTPSeeOther(request.route_url("login", _query={"came_from": request.path_qs}))
    return _page(request, 404, _("error-404-title", default="Page not found"),
                 _("error-404-text", default="We cannot find what you asked for. Check the number or the address and try again."))


def _refused_case(request):
    """(the case the refused object belongs to, whether its very existence is
    hidden from this user).

    A record the user may not read at all — a case they may not view (a
    confidential case outside their grants, a case not shared with a
    ``bruger``, an archived case for the board), or a document in it they may
    not read (a draft for the board) — does not exist for them: the answer is
    the same 404 as for a number never used, so refusals cannot be used to
    enumerate which numbers exist. Only a refused *action* on a record the
    user may read is a 403."""
    from pyramid.location import lineage

    from .security.permissions import Permission

    context = getattr(request, "context", None)
    case, hidden = None, False
    for node in lineage(context) if context is not None else ():
        if getattr(node, "document", None) is not None and not request.has_permission(Permission.DOCUMENT_VIEW, node):
            hidden = True
        found = getattr(node, "case", None)
        if found is not None and case is None:
            case = found
            if not request.has_permission(Permission.CASE_VIEW, node):
                hidden = True
    return case, hidden


def _api_refusal(request, status, message):
    from pyramid.response import Response

    return Response(json_body={"error": request.localizer.translate(message)}, status=status, charset="utf-8")


@forbidden_view_config(renderer=TEMPLATE)
def forbidden(exc, request):
    if request.path_token_request:
        # a Word link (rsi_case.dav): a refused permission is a plain 403, never a login page
        from pyramid.response import Response

        return Response(text="403 Forbidden\n", status=403, content_type="text/plain", charset="utf-8")
    if request.api_token_request:
        # an integration gets JSON, never a login page (its token's scope or user refused this)
        path = readable_path(request)
        audit(request, "denied", object_type="page", object_ref=path[:64], outcome="denied",
              method=request.method, path=path[:500])
        return _api_refusal(request, 403, _("api-forbidden", default="The API token may not do this."))
    if request.user is None:
        return HTTPSeeOther(request.route_url("login", _query={"came_from": request.path_qs}))
    case, hidden = _refused_case(request)
    # logged against the case, so the entry is as hidden as the case itself
    path = readable_path(request)
    audit(request, "denied", object_type="page", object_ref=path[:64], outcome="denied",
          method=request.method, path=path[:500], case=case)
    if hidden:
        return notfound(exc, request)
    return _page(request, 403, _("error-403-title", default="No access"),
                 _("error-403-text", default="You do not have access to do this. Ask the secretariat if you need it."))


@exception_view_config(BadCSRFToken, renderer=TEMPLATE)
@exception_view_config(BadCSRFOrigin, renderer=TEMPLATE)
def bad_csrf(exc, request):
    case, _hidden = _refused_case(request)
    path = readable_path(request)
    audit(request, "csrf_refused", object_type="page", object_ref=path[:64], outcome="denied",
          method=request.method, path=path[:500], case=case)
    get_csrf_token(request)
    return _page(request, 400, _("error-csrf-title", default="The form has expired"),
                 _("error-csrf-text", default="For your security the form could not be accepted (missing or outdated security token). Go back, reload the page and try again."))


@exception_view_config(HTTPRequestEntityTooLarge, renderer=TEMPLATE)
def too_large(exc, request):
    limit = request.registry["rsi_case.max_upload_bytes"] // (1024 * 1024)
    return _page(request, 413, _("error-413-title", default="The upload is too large"),
                 _("error-413-text", default="Files of at most ${limit} MB can be uploaded. Go back and choose a smaller file; nothing was saved.",
                   mapping={"limit": limit}))


@exception_view_config(HTTPBadRequest, renderer=TEMPLATE)
def bad_request(exc, request):
    return _page(request, 400, _("error-400-title", default="Invalid request"),
                 _("error-400-text", default="The request could not be understood. Go back and try again."))


@exception_view_config(Exception, renderer=TEMPLATE)
def server_error(exc, request):
    incident = uuid.uuid4().hex[:12]
    path = readable_path(request)
    log.exception("incident %s: unhandled error on %s %s", incident, request.method, path)
    try:
        case, _hidden = _refused_case(request)
    except Exception:  # the error may be the database itself
        case = None
    try:
        request.user  # noqa: B018 — the page's menu reads it
    except Exception:  # the database again: the error page is shown as to a visitor
        request.user = None
    audit(request, "error", object_type="page", object_ref=path[:64], outcome="error", incident=incident,
          method=request.method, case=case)
    request.response.status = 500
    return {
        "title": _("error-500-title", default="Something went wrong"),
        "message": _("error-500-text", default="An unexpected error occurred. Nothing has been saved from this request. If it happens again, give the secretariat the incident id below."),
        "status": 500,
        "incident": incident,
    }


def includeme(config):
    config.scan(__name__)
