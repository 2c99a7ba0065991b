"""How a person signs in: which ways are open to whom, and the last step
that every way ends in.

* ``rsi_case.auth.local`` — local passwords: ``all`` (default), ``admins``
  (only administrators: break-glass while everybody else uses single
  sign-on) or ``off``.
* ``rsi_case.auth.second_factor`` — who must have a second factor after the
  password: ``admin`` (default: administrators), ``all`` or ``off``. Whoever
  has enrolled one is always asked for it. Until someone who must have one
  has one, the sign-in stops at the enrolment page.

A password that was right but still needs the second step leaves only a
*pending* mark in the session (who, when; it lapses after five minutes),
never a signed-in session.
"""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import remember

from ..db import utcnow
from . import sessions, throttle
from .audit import audit
from .totp import has_passkey, has_totp

PENDING = "signin_pending"
PENDING_FOR = dt.timedelta(minutes=5)
LOCAL_MODES = ("all", "admins", "off")
SECOND_FACTOR_MODES = ("admin", "all", "off")


class Settings:
    def __init__(self, settings):
        self.local = settings.get("rsi_case.auth.local", "all").strip()
        self.second_factor = settings.get("rsi_case.auth.second_factor", "admin").strip()
        if self.local not in LOCAL_MODES:
            raise ValueError(f"rsi_case.auth.local must be one of {LOCAL_MODES}, not {self.local!r}")
        if self.second_factor not in SECOND_FACTOR_MODES:
            raise ValueError(f"rsi_case.auth.second_factor must be one of {SECOND_FACTOR_MODES}")

    @property
    def passwords_shown(self) -> bool:
        return self.local != "off"

    def password_allowed(self, user) -> bool:
        return self.local == "all" or (self.local == "admins" and user.role == "admin")

    def second_factor_required(self, user) -> bool:
        return self.second_factor == "all" or (self.second_factor == "admin" and user.role == "admin")


def auth_settings(request) -> Settings:
    return request.registry["rsi_case.auth"]


def needs_second_step(request, user) -> bool:
    db = request.dbsession
    return auth_settings(request).second_factor_required(user) or has_totp(db, user) or has_passkey(db, user)


def begin_second_step(request, user, came_from: str) -> HTTPSeeOther:
    request.session[PENDING] = {"uid": user.id, "at": utcnow().timestamp(), "came_from": came_from[:2000]}
    return HTTPSeeOther(request.route_url("login_second_factor"))


def pending_user(request):
    """The user whose password was right and who still owes the second step."""
    from .models import User

    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("uid"), int):
        return None
    if utcnow().timestamp() - float(pending.get("at", 0)) > PENDING_FOR.total_seconds():
        return None
    user = request.dbsession.get(User, pending["uid"])
    return user if user is not None and user.active else None


def safe_came_from(request, value) -> str:
    """Where to go after signing in: only a path on this site: never //host, a scheme or a backslash trick."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return request.route_url("home")
    if not value.startswith("/") or value.startswith("//") or "\\" in value or "\n" in value or "\r" in value:
        return request.route_url("home")
    if value.startswith(("/login", "/logout")):
        return request.route_url("home")
    return request.application_url + value


def complete(request, user, method: str, came_from: str, **detail) -> HTTPSeeOther:
    """Sign the user in: a fresh session, the audit event, the redirect."""
    now = sessions.clock(request)
    sessions.purge_expired(request.dbsession, now, request.registry["rsi_case.session_lifetimes"].idle)
    throttle.record_success(request.dbsession, user.login, request.remote_addr)
    user.last_login_at = utcnow()
    headers = remember(request, user.id, method=method)
    request.user = user
    audit(request, "login", object_type="user", object_ref=user.login, method=method, **detail)
    return HTTPSeeOther(safe_came_from(request, came_from), headers=headers)


def includeme(config):
    config.registry["rsi_case.auth"] = Settings(config.get_settings())
