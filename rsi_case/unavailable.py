"""A Danish 503 when the database cannot answer for a while.

A lost connection (a restarted or failed-over server), a serialization
failure, a deadlock or SQLite's "database is locked" is retried whole by
pyramid_retry (rsi_case.db marks them retryable): the user notices nothing.
Only when every attempt failed does this page answer — 503 with
``Retry-After``, saying that nothing of the request was saved, which is
true because the request's transaction rolled back (every write of a
request is one transaction).

The page is standalone: it does not use the layout, which asks the database
who the user is.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from pyramid.view import exception_view_config

log = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds

# SQLSTATE classes that mean "not now", not "wrong": connection exceptions (08),
# transaction rollback — serialization failure, deadlock (40), too many
# connections and similar (53), server shutting down / admin shutdown (57P)
TRANSIENT_SQLSTATE = ("08", "40", "53", "57P")
SQLITE_TRANSIENT = ("database is locked", "database is busy", "disk i/o error", "unable to open database file")


def transient(exc: BaseException) -> bool:
    """Whether a database error is one that passes (try again), not a bug."""
    if isinstance(exc, sa.exc.TimeoutError):  # no pooled connection came free in time
        return True
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(TRANSIENT_SQLSTATE)
    return isinstance(exc, sa.exc.OperationalError) and any(m in str(exc.orig).lower() for m in SQLITE_TRANSIENT)


@exception_view_config(sa.exc.DBAPIError, renderer="rsi_case:templates/errors/unavailable.pt")
@exception_view_config(sa.exc.TimeoutError, renderer="rsi_case:templates/errors/unavailable.pt")
def database_unavailable(exc, request):
    if not transient(exc):
        return _server_error(exc, request)
    attempts = request.environ.get("retry.attempts", 1)
    log.warning("database unavailable after %s attempt(s) on %s %s: %s", attempts, request.method, request.path,
                str(exc).splitlines()[0][:300])
    request.response.status = 503
    request.response.headers["Retry-After"] = str(RETRY_AFTER)
    request.response.cache_control.no_store = True
    return {"retry_after": RETRY_AFTER}


def _server_error(exc, request):
    """Any other database error is a bug: the ordinary 500 page with an incident id.

    The request's session is rolled back first: after a failed flush it refuses
    every query (PendingRollbackError), and the page asks who the user is. The
    request's transaction is aborted by pyramid_tm all the same."""
    from pyramid.renderers import render_to_response

    from .errors import server_error

    session = request.environ.get("app.dbsession") or request.__dict__.get("dbsession")
    if session is not None:
        try:
            session.rollback()
        except Exception:  # the page must still answer
            log.debug("could not roll the session back", exc_info=True)

    return render_to_response("rsi_case:templates/errors/error.pt", server_error(exc, request), request=request,
                              response=request.response)


def includeme(config):
    config.scan(__name__)
