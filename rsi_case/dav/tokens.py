"""The key in a Word link: ``/dav/<token>/<document>/<file>``.

Desktop Word (and LibreOffice) fetch the document themselves, without the
browser's cookie, so the link carries who is asking. The token

* is minted by a POST with the CSRF token from the document page (a GET
  never mints one), shown once in the link, stored as its SHA-256;
* names one user and one document and a purpose (``edit`` or ``view``);
* lives ``rsi_case.word_token_minutes`` (10) from when it was made, and as
  long as the user's lock on the document is held (each LOCK, refresh and
  save moves the expiry to the lock's expiry plus that grace), never longer
  than ``rsi_case.word_token_max_hours`` (12) in all;
* is looked at on ``/dav/…`` paths only, and there only for the document
  it names: on every other path a request is a browser request with a
  cookie, whatever its path or query string carries (security.policy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import sqlalchemy as sa

from ..db import utcnow
from .models import WordToken

PREFIX = "/dav/"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_PATH = re.compile(r"^/dav/([^/]*)/([^/]*)(?:/|$)")
PURPOSES = ("edit", "view")


class Lifetimes:
    def __init__(self, settings):
        self.grace = dt.timedelta(minutes=float(settings.get("rsi_case.word_token_minutes", 10)))
        self.absolute = dt.timedelta(hours=float(settings.get("rsi_case.word_token_max_hours", 12)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def clock(request) -> dt.datetime:
    """Now, as the Word endpoint sees it (a test may move it)."""
    return request.registry.get("rsi_case.clock", utcnow)()


def mint(request, document, purpose: str, attachment=None) -> tuple[WordToken, str]:
    """A new token for the request's user and ``document`` (or one of its
    attached Office files); the clear text is returned once."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    clear = secrets.token_urlsafe(32)
    now = clock(request)
    lifetimes: Lifetimes = request.registry["rsi_case.word_token_lifetimes"]
    row = WordToken(token_hash=token_hash(clear), prefix=clear[:8], user_id=request.user.id,
                    document_id=document.id, attachment_id=attachment.id if attachment is not None else None,
                    purpose=purpose, created_at=now, expires_at=now + lifetimes.grace)
    request.dbsession.add(row)
    request.dbsession.flush()
    return row, clear


def renew(request, token: WordToken, until: dt.datetime) -> None:
    """Keep the token alive while its lock is held: until the lock's expiry plus the grace."""
    lifetimes: Lifetimes = request.registry["rsi_case.word_token_lifetimes"]
    created = token.created_at if token.created_at.tzinfo else token.created_at.replace(tzinfo=dt.UTC)
    new = min(until + lifetimes.grace, created + lifetimes.absolute)
    if new > token.expires_at:
        token.expires_at = new


def is_dav_request(request) -> bool:
    return request.path_info.startswith(PREFIX)


def token_of(request) -> WordToken | None:
    """The valid token the path names, for the document the path names; else None.
    (The document's number in the path is checked in the route factory.)"""
    m = _PATH.match(request.path_info)
    if m is None or not _TOKEN.fullmatch(m.group(1)):
        return None
    row = request.dbsession.execute(
        sa.select(WordToken).where(WordToken.token_hash == token_hash(m.group(1)))).scalar_one_or_none()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    if expires <= clock(request) or not row.user.active:
        return None
    return row


def dav_user(request):
    token = request.word_token
    return token.user if token is not None else None


def includeme(config):
    config.registry["rsi_case.word_token_lifetimes"] = Lifetimes(config.get_settings())
    config.add_request_method(token_of, "word_token", reify=True)
    # the security policy asks this for requests on /dav/… (and only those)
    config.registry["rsi_case.path_token_user"] = dav_user
