"""The cases API for integrations: ``POST /api/cases`` opens a case.

Called with an API token of scope *read and write* (or from a signed-in
browser with the CSRF token); the user behind the token needs
``cases:create``. The body is JSON ``{"title": ..., "category": ...,
"description": ...}``; the answer is the new case's number and address.
"""

from __future__ import annotations

from pyramid.view import view_config

from ..forms import clean_text
from ..i18n import _
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import CASE_CATEGORIES
from .services import create_case


def _bad(request, message):
    request.response.status = 400
    return {"error": request.localizer.translate(message)}


@view_config(route_name="api_cases", renderer="json", permission=P.CASE_CREATE, request_method="POST")
def api_case_create(request):
    try:
        body = request.json_body
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _bad(request, _("api-json-object", default="Send a JSON object."))
    title = clean_text(body.get("title")) if isinstance(body.get("title"), str) else ""
    category = body.get("category")
    description = clean_text(body.get("description")) if isinstance(body.get("description"), str) else ""
    if not title or len(title) > 300:
        return _bad(request, _("api-case-title", default="Give the case a title (at most 300 characters)."))
    if category not in CASE_CATEGORIES:
        return _bad(request, _("api-case-category", default="Unknown category."))
    case = create_case(request.dbsession, user=request.user, title=title, category=category,
                       description=description[:5000], status="aaben", responsible_id=request.user.id)
    audit(request, "case_create", object_type="case", object_ref=str(case.number), case=case, api=True)
    request.response.status = 201
    return {"number": str(case.number), "url": request.route_url("case", case=str(case.number).replace("/", "-"))}
