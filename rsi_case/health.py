"""``GET /health``: 200 and a small JSON body when the database answers.

``search.state`` is ``ok`` only when the index opens and the outbox is
drained; ``catching_up`` (with ``queued`` and ``oldest_seconds``) while
saved changes wait to be indexed, ``rebuilding`` or ``unavailable`` when the
index itself is being rebuilt or cannot be opened. The application serves in
every one of them, so the status stays 200 unless the database is down."""

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
        body["search"] = {"state": state, **(lag or {})}
    if not ok:
        request.response.status = 503
    return body


def includeme(config):
    config.scan(__name__)
