"""API tokens for integrations: ``Authorization: Bearer rsi_…`` on ``/api/*``.

A token is shown once when it is made and stored only as its SHA-256 (it
carries 256 random bits, so a plain hash cannot be guessed back). It acts
as one user — the person who made it, or a service user an administrator
made it for — with a scope (``read``: safe methods only; ``write``: also
POST), an expiry, and it can be revoked. Every use is counted per minute
(``rsi_case.api_rate_per_minute``) in the database, so the limit holds across
processes and nodes; every refusal is in the audit trail, and every event a
token request records names the token.

A request to ``/api/*`` with an ``Authorization`` header is a token request
whatever else it carries: its cookie is never read and it gets no session. A
request anywhere else never accepts a token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import sqlalchemy as sa
from pyramid.response import Response
from pyramid.tweens import EXCVIEW

from ..db import utcnow, writer_engine
from ..i18n import _
from .audit import audit
from .models import ApiToken

PREFIX = "rsi_"
_TOKEN = re.compile(r"rsi_[A-Za-z0-9_-]{43}")
SCOPES = ("read", "write")
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_token(dbsession, *, user, created_by, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Make a token; the clear text is returned once and never stored."""
    if scope not in SCOPES:
        raise ValueError(scope)
    clear = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, created_by_id=created_by.id, name=name[:100], token_hash=token_hash(clear),
                   prefix=clear[:12], scope=scope, expires_at=utcnow() + dt.timedelta(days=days))
    dbsession.add(row)
    dbsession.flush()
    return row, clear


def scope_allows(token: ApiToken, request) -> bool:
    return token.scope == "write" or request.method in SAFE


def is_token_request(request) -> bool:
    return request.path_info.startswith("/api/") and "Authorization" in request.headers


def _bearer(request) -> str:
    value = request.headers.get("Authorization", "")
    scheme, _sep, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _json_refusal(request, status: int, message) -> Response:
    body = {"error": request.localizer.translate(message)}
    response = Response(json_body=body, status=status, charset="utf-8")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="rsi-sag"'
    return response


def _count_use(request, token_id: int, now: dt.datetime) -> int:
    """Count this request in the token's current minute, in a transaction of
    its own (it counts even if the request fails); return the count."""
    window = now - dt.timedelta(minutes=1)
    with writer_engine(request.registry["db.engine"]).begin() as conn:
        fresh = sa.or_(ApiToken.window_start.is_(None), ApiToken.window_start <= window)
        conn.execute(sa.update(ApiToken).where(ApiToken.id == token_id).values(
            window_count=sa.case((fresh, 1), else_=ApiToken.window_count + 1),
            window_start=sa.case((fresh, now), else_=ApiToken.window_start),
            last_used_at=now))
        return conn.execute(sa.select(ApiToken.window_count).where(ApiToken.id == token_id)).scalar_one()


def token_tween_factory(handler, registry):
    limit = int(registry.settings.get("rsi_case.api_rate_per_minute", 120))

    def token_tween(request):
        if not is_token_request(request):
            return handler(request)
        clear = _bearer(request)
        token = None
        if _TOKEN.fullmatch(clear):
            token = request.dbsession.execute(
                sa.select(ApiToken).where(ApiToken.token_hash == token_hash(clear))).scalar_one_or_none()
        now = utcnow()
        reason = ("unknown" if token is None else "revoked" if token.revoked_at is not None
                  else "expired" if token.expires_at <= now else "inactive" if not token.user.active else None)
        if reason is not None:
            request.api_token = None
            audit(request, "api_token_refused", object_type="token", object_ref=clear[:12] if token else "",
                  outcome="denied", reason=reason, path=request.path_info[:200])
            return _json_refusal(request, 401, _("api-token-refused",
                                                 default="The API token is not valid (unknown, revoked or expired)."))
        request.api_token = token
        if _count_use(request, token.id, now) > limit:
            audit(request, "api_token_refused", object_type="token", object_ref=token.prefix, outcome="denied",
                  reason="rate", path=request.path_info[:200])
            response = _json_refusal(request, 429, _("api-token-rate",
                                                     default="Too many requests with this token. Wait a minute."))
            response.headers["Retry-After"] = "60"
            return response
        return handler(request)

    return token_tween


def includeme(config):
    config.add_request_method(is_token_request, "api_token_request", reify=True)
    # set by the tween on token requests; None everywhere else
    config.add_request_method(lambda request: None, "api_token", reify=True)
    config.add_tween("rsi_case.security.tokens.token_tween_factory", under=EXCVIEW)
