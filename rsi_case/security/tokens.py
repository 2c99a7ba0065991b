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


def _look_up_and_count(request, clear: str, now: dt.datetime) -> tuple[int | None, str | None, int]:
    """Find the token by its hash and, if it is usable, count this request in
    the token's current minute — in a transaction of its own, before the
    request's own transaction begins (on SQLite a writing request holds the
    write lock from its first statement, so counting afterwards would wait on
    ourselves). The use counts even if the request fails.
    Return (token id, reason for refusal or None, uses this minute)."""
    window = now - dt.timedelta(minutes=1)
    with writer_engine(request.registry["db.engine"]).begin() as conn:
        row = conn.execute(sa.select(ApiToken.id, ApiToken.revoked_at, ApiToken.expires_at)
                           .where(ApiToken.token_hash == token_hash(clear))).first()
        if row is None:
            return None, "unknown", 0
        expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
        if row.revoked_at is not None:
            return row.id, "revoked", 0
        if expires_at <= now:
            return row.id, "expired", 0
        fresh = sa.or_(ApiToken.window_start.is_(None), ApiToken.window_start <= window)
        conn.execute(sa.update(ApiToken).where(ApiToken.id == row.id).values(
            window_count=sa.case((fresh, 1), else_=ApiToken.window_count + 1),
            window_start=sa.case((fresh, now), else_=ApiToken.window_start),
            last_used_at=now))
        used = conn.execute(sa.select(ApiToken.window_count).where(ApiToken.id == row.id)).scalar_one()
        return row.id, None, used


def token_tween_factory(handler, registry):
    limit = int(registry.settings.get("rsi_case.api_rate_per_minute", 120))

    def token_tween(request):
        if not is_token_request(request):
            return handler(request)
        request.api_token = None
        clear = _bearer(request)
        now = utcnow()
        token_id, reason, used = (None, "unknown", 0)
        if _TOKEN.fullmatch(clear):
            token_id, reason, used = _look_up_and_count(request, clear, now)
        token = request.dbsession.get(ApiToken, token_id) if token_id is not None else None
        if reason is None and not token.user.active:
            reason = "inactive"
        if reason is not None:
            audit(request, "api_token_refused", object_type="token", object_ref=clear[:12] if token else "",
                  outcome="denied", reason=reason, path=request.path_info[:200])
            return _json_refusal(request, 401, _("api-token-refused",
                                                 default="The API token is not valid (unknown, revoked or expired)."))
        if used > limit:
            audit(request, "api_token_refused", object_type="token", object_ref=token.prefix, outcome="denied",
                  reason="rate", path=request.path_info[:200])
            response = _json_refusal(request, 429, _("api-token-rate",
                                                     default="Too many requests with this token. Wait a minute."))
            response.headers["Retry-After"] = "60"
            return response
        request.api_token = token
        return handler(request)

    return token_tween


def includeme(config):
    config.add_request_method(is_token_request, "api_token_request", reify=True)
    # set by the tween on token requests; None everywhere else
    config.add_request_method(lambda request: None, "api_token", reify=True)
    config.add_tween("rsi_case.security.tokens.token_tween_factory", under=EXCVIEW)
