"""*Mine sessioner* (one's sessions, and ending them) and one's API tokens."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..db import utcnow
from ..i18n import _
from ..parsing import ascii_int
from . import sessions, tokens
from .audit import audit
from .models import ApiToken, WebSession
from .permissions import Permission as P

TOKEN_DAYS = (30, 90, 365)
# how a session was signed in, as Mine sessioner says it
SIGN_IN_METHODS = {
    "password": _("signin-method-password", default="Password"),
    "oidc": _("signin-method-oidc", default="Organisation account"),
    "passkey": _("signin-method-passkey", default="Passkey"),
    "password+passkey": _("signin-method-password-passkey", default="Password and passkey"),
    "password+totp": _("signin-method-password-totp", default="Password and app code"),
    "password+recovery": _("signin-method-password-recovery", default="Password and recovery code"),
}


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def own_row(request, model, raw):
    """The user's own ``model`` row named by ``raw`` (a posted id): anyone
    else's, or none, does not exist for them (404)."""
    row_id = ascii_int(raw)
    row = request.dbsession.get(model, row_id) if row_id is not None else None
    if row is None or row.user_id != request.user.id:
        raise HTTPNotFound()
    return row


def browser_label(user_agent: str) -> str:
    """"Firefox på Windows" from a User-Agent string (a rough guess is enough)."""
    ua = user_agent or ""
    browser = next((name for key, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                                           ("Chromium/", "Chromium"), ("Safari/", "Safari")) if key in ua), "")
    system = next((name for key, name in (("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"),
                                          ("Android", "Android"), ("Mac OS X", "macOS"), ("Linux", "Linux")) if key in ua), "")
    return " / ".join(p for p in (browser, system) if p) or ua[:60] or "—"


@view_defaults(route_name="account_sessions", renderer="rsi_case:templates/security/sessions.pt", permission=P.ACCOUNT)
class MySessions:
    def __init__(self, request):
        self.request = request

    @view_config(request_method="GET")
    def get(self):
        request = self.request
        lifetimes = request.registry["rsi_case.session_lifetimes"]
        rows = sessions.user_sessions(request.dbsession, request.user.id, sessions.clock(request), lifetimes.idle)
        return {"rows": rows, "current": request.session.row_id, "browser": browser_label,
                "method": lambda code: _t(request, SIGN_IN_METHODS[code]) if code in SIGN_IN_METHODS else code,
                "idle_minutes": int(lifetimes.idle.total_seconds() // 60),
                "max_hours": lifetimes.absolute.total_seconds() / 3600}

    @view_config(request_method="POST", request_param="end")
    def end(self):
        request = self.request
        row = own_row(request, WebSession, request.POST.get("end"))
        request.dbsession.delete(row)
        audit(request, "session_end", object_type="user", object_ref=request.user.login, session=row.id)
        if row.id == request.session.row_id:
            request.session.invalidate()
            return HTTPSeeOther(request.route_url("login"))
        request.session.flash(_t(request, _("session-ended", default="The session was ended.")), "success")
        return HTTPSeeOther(request.route_url("account_sessions"))

    @view_config(request_method="POST", request_param="end_others")
    def end_others(self):
        request = self.request
        count = sessions.end_user_sessions(request.dbsession, request.user.id, keep=request.session.row_id)
        audit(request, "session_end", object_type="user", object_ref=request.user.login, others=count)
        request.session.flash(_t(request, _("sessions-ended", default="Your other sessions were ended.")), "success")
        return HTTPSeeOther(request.route_url("account_sessions"))


@view_defaults(route_name="account_tokens", renderer="rsi_case:templates/security/tokens.pt", permission=P.ACCOUNT)
class MyTokens:
    def __init__(self, request):
        self.request = request

    def page(self, **values):
        request = self.request
        rows = request.dbsession.execute(sa.select(ApiToken).where(ApiToken.user_id == request.user.id)
                                         .order_by(ApiToken.created_at.desc())).scalars().all()
        page = {"rows": rows, "now": utcnow(), "new_token": None, "error": None, "days": TOKEN_DAYS,
                "name": "", "scope": "read"}
        page.update(values)
        return page

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    @view_config(request_method="POST", request_param="create")
    def create(self):
        request = self.request
        name, scope, days = (request.POST.get(k, "") for k in ("name", "scope", "days"))
        name = name.strip()[:100] if isinstance(name, str) else ""
        days_n = ascii_int(days) if isinstance(days, str) else None
        if not name or scope not in tokens.SCOPES or days_n not in TOKEN_DAYS:
            request.response.status = 400
            return self.page(name=name, scope=scope if scope in tokens.SCOPES else "read", error=_(
                "token-form-invalid", default="Give the token a name, a scope and a lifetime."))
        row, clear = tokens.new_token(request.dbsession, user=request.user, created_by=request.user, name=name,
                                      scope=scope, days=days_n)
        audit(request, "api_token_create", object_type="token", object_ref=row.prefix, scope=scope, days=days_n,
              name=name)
        return self.page(new_token=clear)

    @view_config(request_method="POST", request_param="revoke")
    def revoke(self):
        request = self.request
        row = own_row(request, ApiToken, request.POST.get("revoke"))
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit(request, "api_token_revoke", object_type="token", object_ref=row.prefix)
        request.session.flash(_t(request, _("token-revoked", default="The token was revoked.")), "success")
        return HTTPSeeOther(request.route_url("account_tokens"))


def includeme(config):
    config.scan(__name__)

