"""Server-side sessions: the cookie holds only an opaque random key.

A signed cookie cannot be revoked, has no absolute lifetime the server
controls, and its contents can be read by whoever holds it. So the session
lives in the database (table ``web_sessions``): who, since when, last seen,
from which address and browser, and the session's data (the CSRF token,
flash messages, sign-in steps) as JSON. The cookie ``rsi_session`` holds a
random key of 256 bits; the table holds only the key's SHA-256.

* Idle timeout (``rsi_case.session_idle_minutes``, 30) and an absolute
  lifetime counted from sign-in (``rsi_case.session_max_hours``, 12).
* Ending a session is deleting its row: from *Mine sessioner*, by an
  administrator, and for all of a user's sessions when their password, role
  or groups change or they are deactivated (:func:`end_user_sessions`).
* Nothing is written for a request that changed nothing: ``last_seen_at`` is
  moved at most once a minute, data only when it changed. Writes happen in a
  transaction of their own when the response is ready, so they work the same
  in every process and on every node.

The object handed to views is a Pyramid ``ISession`` (flash messages, the
CSRF token and ``request.session[...]`` keep working).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import sqlalchemy as sa
from pyramid.interfaces import ISession
from pyramid.settings import asbool
from zope.interface import implementer

from ..db import utcnow, writer_engine
from .models import WebSession

COOKIE = "rsi_session"
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")
SEEN_EVERY = dt.timedelta(seconds=60)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


class Lifetimes:
    def __init__(self, settings):
        self.idle = dt.timedelta(minutes=float(settings.get("rsi_case.session_idle_minutes", 30)))
        self.absolute = dt.timedelta(hours=float(settings.get("rsi_case.session_max_hours", 12)))
        self.secure = asbool(settings.get("rsi_case.secure_cookies", False))


def clock(request) -> dt.datetime:
    """Now, as the sign-in code sees it (a test may move it)."""
    return request.registry.get("rsi_case.clock", utcnow)()


@implementer(ISession)
class DBSession(dict):
    """A session whose row is read when the request starts and written, if
    anything changed, when the response is ready."""

    def __init__(self, request, row=None, persist=True):
        super().__init__(row.data if row is not None else {})
        self.request = request
        self.persist = persist
        self.row_id = row.id if row is not None else None
        self.user_id = row.user_id if row is not None else None
        self.method = row.method if row is not None else ""
        now = clock(request)
        self.created = (row.created_at if row is not None else now).timestamp()
        self.last_seen_at = row.last_seen_at if row is not None else now
        self.new = row is None
        self._dirty = False
        self._drop_ids: list[int] = []
        self._cookie_dropped = False
        if persist:
            request.add_response_callback(self._save)

    # -- ISession ----------------------------------------------------------
    def changed(self):
        self._dirty = True

    def invalidate(self):
        """Forget everything; the next write makes a new row with a new key."""
        if self.row_id is not None:
            self._drop_ids.append(self.row_id)
        self.row_id = None
        self.user_id = None
        self.method = ""
        self.new = True
        self._dirty = False
        self._cookie_dropped = True
        dict.clear(self)

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value)
        self._dirty = True

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        self._dirty = True

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key, *default):
        self._dirty = self._dirty or key in self
        return dict.pop(self, key, *default)

    def popitem(self):
        self._dirty = True
        return dict.popitem(self)

    def update(self, *args, **kw):
        dict.update(self, *args, **kw)
        self._dirty = True

    def clear(self):
        dict.clear(self)
        self._dirty = True

    def flash(self, msg, queue="", allow_duplicate=True):
        storage = list(self.get("_f_" + queue, []))
        if allow_duplicate or msg not in storage:
            storage.append(msg)
            self["_f_" + queue] = storage

    def pop_flash(self, queue=""):
        return list(self.pop("_f_" + queue, []))

    def peek_flash(self, queue=""):
        return list(self.get("_f_" + queue, []))

    def new_csrf_token(self):
        token = secrets.token_hex(20)
        self["_csrft_"] = token
        return token

    def get_csrf_token(self):
        token = self.get("_csrft_")
        if token is None:
            token = self.new_csrf_token()
        return token

    # -- sign-in -----------------------------------------------------------
    def sign_in(self, user_id: int, method: str) -> None:
        """A new session (new key, new CSRF token) for a user who just signed in."""
        self.invalidate()
        self.user_id = user_id
        self.method = method
        self.created = clock(self.request).timestamp()
        self.new_csrf_token()

    # -- writing -----------------------------------------------------------
    def _save(self, request, response):
        now = clock(request)
        lifetimes: Lifetimes = request.registry["rsi_case.session_lifetimes"]
        statements = []
        if self._drop_ids:
            statements.append(sa.delete(WebSession).where(WebSession.id.in_(self._drop_ids)))
        if self.row_id is None and (len(self) or self.user_id is not None):
            key = secrets.token_urlsafe(32)
            statements.append(sa.insert(WebSession).values(
                key_hash=key_hash(key), user_id=self.user_id, created_at=now, last_seen_at=now,
                expires_at=now + lifetimes.absolute, address=(request.remote_addr or "")[:64],
                user_agent=(request.user_agent or "")[:300], method=self.method, data=dict(self)))
            response.set_cookie(COOKIE, key, path="/", httponly=True, samesite="Lax", secure=lifetimes.secure)
        elif self.row_id is not None and (self._dirty or now - self.last_seen_at >= SEEN_EVERY):
            values = {"last_seen_at": now}
            if self._dirty:
                values["data"] = dict(self)
            statements.append(sa.update(WebSession).where(WebSession.id == self.row_id).values(**values))
        elif self._cookie_dropped and self.row_id is None:
            response.delete_cookie(COOKIE, path="/")
        if statements:
            with writer_engine(request.registry["db.engine"]).begin() as conn:
                for statement in statements:
                    conn.execute(statement)


def session_factory(request) -> DBSession:
    """The request's session: the row named by the cookie if it is still
    valid, else a new empty one. A request signed with an API token never
    has one (its session is never stored and no cookie is read or set), nor
    does Word on a Word link's path (rsi_case.dav)."""
    if getattr(request, "api_token_request", False) or getattr(request, "path_token_request", False):
        return DBSession(request, persist=False)
    key = request.cookies.get(COOKIE, "")
    if not _KEY.fullmatch(key):
        return DBSession(request)
    row = request.dbsession.execute(
        sa.select(WebSession).where(WebSession.key_hash == key_hash(key))
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if row is None:
        return DBSession(request)
    now = clock(request)
    lifetimes: Lifetimes = request.registry["rsi_case.session_lifetimes"]
    request.dbsession.expunge(row)
    if row.expires_at <= now or now - row.last_seen_at > lifetimes.idle:
        session = DBSession(request)
        session._drop_ids.append(row.id)
        session._cookie_dropped = True
        return session
    return DBSession(request, row)


def end_user_sessions(dbsession, user_id: int, keep: int | None = None) -> int:
    """End every session of a user (but ``keep``, the one making the change):
    after a password change, deactivation or a change of role or groups."""
    stmt = sa.delete(WebSession).where(WebSession.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(WebSession.id != keep)
    return dbsession.execute(stmt).rowcount


def purge_expired(dbsession, now: dt.datetime, idle: dt.timedelta) -> None:
    """Remove sessions that can no longer be used (run at each sign-in)."""
    dbsession.execute(sa.delete(WebSession).where(
        sa.or_(WebSession.expires_at <= now, WebSession.last_seen_at < now - idle)))


def user_sessions(dbsession, user_id: int, now: dt.datetime, idle: dt.timedelta) -> list[WebSession]:
    return dbsession.execute(
        sa.select(WebSession).where(WebSession.user_id == user_id, WebSession.expires_at > now,
                                    WebSession.last_seen_at >= now - idle)
        .order_by(WebSession.last_seen_at.desc())).scalars().all()


def includeme(config):
    config.registry["rsi_case.session_lifetimes"] = Lifetimes(config.get_settings())
    config.set_session_factory(session_factory)
