"""``GET /health``: 200 and a small JSON body when the database answers."""

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
    if not ok:
        request.response.status = 503
    return {"status": "ok" if ok else "error", "database": database}


def includeme(config):
    config.scan(__name__)
