"""``GET /health``: 200 and a small JSON body when the database answers.

``search.state`` is ``ok`` only when the index opens and the outbox is
drained; ``catching_up`` (with ``queued`` and ``oldest_seconds``) while
saved changes wait to be indexed, ``rebuilding`` or ``unavailable`` when the
index itself is being rebuilt or cannot be opened. The application serves in
every one of them, so the status stays 200 unless the database is down.
``worker`` says who drains the outbox: this process (``mode``
``background``), or rsi-case-worker and the state of its lease."""

import sqlalchemy as sa
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config


@view_config(route_name="health", renderer="json", permission=NO_PERMISSION_REQUIRED, request_method="GET")
def health(request):
    try:
        request.dbsession.execute(sa.text("SELECT 1")).scalar_one()
        database = "ok"
    except Exception:  # report, never raise: this page must answer
        database = "unavailable"
    ok = database == "ok"
    body = {"status": "ok" if ok else "error", "database": database}
    indexer = request.registry.get("search.indexer")
    if indexer is not None:
        # the index is derived: when it is behind or being rebuilt the application
        # still serves, so this reports it without failing the check
        try:
            request.registry["search.store"].open().close()
            state = indexer.state if indexer.state != "unknown" else "ok"
        except Exception:
            state = "rebuilding" if indexer.state == "rebuilding" else "unavailable"
        try:
            lag = indexer.lag() if ok else None
        except Exception:
            lag = None
        if state == "ok" and (lag is None or lag.get("queued")):
            # changes saved but not yet searchable (e.g. after a restart): the
            # index answers, but not yet with everything — "ok" only once drained
            state = "catching_up" if lag is not None else "unknown"
        body["search"] = {"node": request.registry.get("search.node"), "state": state, **(lag or {})}
        body["worker"] = _worker(request, indexer, ok)
    if ok and request.registry.settings.get("rsi_case.mail.imap_host"):
        body["mail_intake"] = _mail_intake(request)
    if not ok:
        request.response.status = 503
    return body


def _worker(request, indexer, database_ok: bool) -> dict:
    """Who keeps the index up to date: this process's own thread (the
    embedded default), or rsi-case-worker (``mode = worker``), seen through
    its lease — ``running``, ``stale`` (its heartbeat stopped: it died or
    hangs; saves wait in the outbox), ``stopped`` or ``absent``."""
    if indexer.mode != "worker":
        return {"mode": indexer.mode}
    from .worker import lease

    if not database_ok:
        return {"mode": "worker", "state": "unknown"}
    ttl = float(request.registry.settings.get("rsi_case.worker.lease_seconds", lease.TTL_SECONDS))
    try:
        name = lease.search_index(request.registry["search.node"])
        return {"mode": "worker", **lease.status(request.dbsession.connection(), name, ttl)}
    except Exception:  # report, never raise
        return {"mode": "worker", "state": "unknown"}


def _mail_intake(request) -> dict:
    """The mail-in address's worker (rsi_case.mail.intake), seen through its
    lease: ``running`` with the last round's error if it failed, ``stale``,
    ``stopped`` or ``absent`` (no worker has fetched yet)."""
    from .worker import lease

    ttl = float(request.registry.settings.get("rsi_case.worker.lease_seconds", lease.TTL_SECONDS))
    try:
        return lease.status(request.dbsession.connection(), lease.MAIL_INTAKE, ttl)
    except Exception:  # report, never raise
        return {"state": "unknown"}


def includeme(config):
    config.scan(__name__)
