"""The accessibility statement (tilgængelighedserklæring).

Public bodies in Denmark must meet WCAG 2.1 AA (lov om tilgængelighed af
offentlige organers websteder og mobilapplikationer) and publish a statement
in the form the Danish Agency for Digital Government (Digitaliseringsstyrelsen,
also the supervisory authority) asks for: compliance status, non-accessible
content, how the statement was prepared, feedback and contact, and the
enforcement procedure. It is public — no login — and every page's footer
links to it.

The contact address is the setting ``rsi_case.accessibility_contact`` (an
e-mail address; without it the statement names the secretariat).
"""

from __future__ import annotations

import datetime as dt

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..security.hosts import public_app_url

# when the statement was written and last reviewed: change these when it is reviewed again
PREPARED = dt.date(2026, 12, 4)
REVIEWED = dt.date(2026, 12, 4)


@view_config(route_name="accessibility", renderer="rsi_case:templates/accessibility/statement.pt",
             permission=NO_PERMISSION_REQUIRED, request_method="GET")
def statement(request):
    contact = (request.registry.settings.get("rsi_case.accessibility_contact") or "").strip()
    return {"prepared": PREPARED, "reviewed": REVIEWED, "contact": contact, "site": public_app_url(request)}


def includeme(config):
    config.scan(__name__)
