"""The security policy: who is asking, and what they may do.

A browser is known by its server-side session (sessions.py): the cookie
holds only a random key, the row names the user. An integration is known by
an API token in ``Authorization: Bearer`` — on ``/api/*`` only, and there
the cookie is never looked at (tokens.py). The two never mix: a cookie
request never accepts a token, and a token request needs no CSRF token
because a browser never adds the header by itself.

A Word link (``/dav/<token>/…``, rsi_case.dav) is the third kind: Word has
no cookie, so the path's token names the user — on those paths only, where
no cookie is read; the feature that owns the paths registers how its token
is looked up (``rsi_case.path_token_user``), so this module imports nothing
of it. No other path ever looks at such a token.
"""

from __future__ import annotations

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.interfaces import ICSRFStoragePolicy
from zope.interface import implementer

from . import sessions, tokens
from .models import User


class SecurityPolicy:
    def __init__(self):
        self.acl = ACLHelper()

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return None if user is None else user.id

    def permits(self, request, context, permission):
        # (a request made outside the application's request factory has no token)
        token = getattr(request, "api_token", None)
        if token is not None and not tokens.scope_allows(token, request):
            return False
        return self.acl.permits(context, self.principals(request), permission)

    def principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, *user_principals(user)]
        return principals

    def remember(self, request, userid, method="password", **kw):
        """A fresh session (new key and CSRF token) for the user who signed in."""
        request.session.sign_in(userid, method)
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


PATH_TOKEN_PREFIX = "/dav/"


def is_path_token_request(request) -> bool:
    return request.path_info.startswith(PATH_TOKEN_PREFIX)


def _user(request):
    if request.path_token_request:
        find = request.registry.get("rsi_case.path_token_user")
        return find(request) if find is not None else None
    if request.api_token_request:
        token = request.api_token
        return token.user if token is not None and token.user.active else None
    uid = request.session.user_id
    if uid is None:
        return None
    user = request.dbsession.get(User, uid)
    if user is None or not user.active:
        return None
    return user


@implementer(ICSRFStoragePolicy)
class CSRFPolicy(SessionCSRFStoragePolicy):
    """The session's token for browsers; a request signed with an API token
    carries no cookie a forger could ride on, so it needs none."""

    def check_csrf_token(self, request, supplied_token):
        if request.api_token_request:
            return request.api_token is not None
        return super().check_csrf_token(request, supplied_token)


def includeme(config):
    settings = config.get_settings()
    secret = settings.get("rsi_case.secret", "")
    if not secret or secret == "CHANGE-ME":
        raise ValueError("rsi_case.secret must be set to a long random value")
    config.include(sessions)
    config.include(tokens)
    config.set_csrf_storage_policy(CSRFPolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.set_security_policy(SecurityPolicy())
    config.add_request_method(_user, "user", reify=True)
    config.add_request_method(is_path_token_request, "path_token_request", reify=True)
