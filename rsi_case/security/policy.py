"""The security policy: a signed-cookie session that names the user and a
per-user session token, checked against the database on every request.

Logging out replaces the user's token, so a cookie copied before logout is
worthless afterwards.  The cookie holds only the user id and that token.
"""

from __future__ import annotations

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.session import JSONSerializer, SignedCookieSessionFactory
from pyramid.settings import asbool

from .models import User

SESSION_USER = "uid"
SESSION_TOKEN = "tok"


class SecurityPolicy:
    def __init__(self):
        self.acl = ACLHelper()

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return None if user is None else user.id

    def permits(self, request, context, permission):
        return self.acl.permits(context, self.principals(request), permission)

    def principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, *user_principals(user)]
        return principals

    def remember(self, request, userid, **kw):
        user = request.dbsession.get(User, userid)
        request.session.invalidate()  # a fresh session (and CSRF token) at login
        request.session[SESSION_USER] = user.id
        request.session[SESSION_TOKEN] = user.session_token
        request.session.new_csrf_token()
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        return []


def user_principals(user) -> list[str]:
    """The principals a user acts as, besides Everyone and Authenticated.
    The same list filters queries (lists, counts, search), so the two agree."""
    if user is None or not user.active:
        return []
    return [f"user:{user.id}", f"role:{user.role}", *(f"group:{g.id}" for g in user.groups)]


def _user(request):
    try:
        uid = request.session.get(SESSION_USER)
        token = request.session.get(SESSION_TOKEN)
    except Exception:  # pragma: no cover - a damaged cookie is no session
        return None
    if not isinstance(uid, int) or not isinstance(token, str):
        return None
    user = request.dbsession.get(User, uid)
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def includeme(config):
    settings = config.get_settings()
    secret = settings.get("rsi_case.secret", "")
    if not secret or secret == "CHANGE-ME":
        raise ValueError("rsi_case.secret must be set to a long random value")
    idle = int(settings.get("rsi_case.session_idle_minutes", 30)) * 60
    factory = SignedCookieSessionFactory(
        secret,
        cookie_name="rsi_session",
        httponly=True,
        samesite="Lax",
        secure=asbool(settings.get("rsi_case.secure_cookies", False)),
        timeout=idle,
        reissue_time=max(idle // 10, 1),
        serializer=JSONSerializer(),
    )
    config.set_session_factory(factory)
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.set_security_policy(SecurityPolicy())
    config.add_request_method(_user, "user", reify=True)
