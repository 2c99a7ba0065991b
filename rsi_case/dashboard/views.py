from __future__ import annotations

import sqlalchemy as sa
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import as_read_by, visible_documents_clause
from ..meetings.upcoming import next_meeting
from ..security.permissions import Permission as P


@view_config(route_name="home", renderer="rsi_case:templates/dashboard/home.pt", permission=P.VIEW,
             request_method="GET")
def home(request):
    user = request.user
    db = request.dbsession
    cases_visible = visible_cases_clause(user)
    docs_visible = visible_documents_clause(user)
    data = {"my_cases": [], "open_cases": [], "drafts": [], "final_documents": [], "recent_cases": [],
            "closed_cases": [], "counts": {}}
    if user.role in ("sekretariat", "admin"):
        data["my_cases"] = db.execute(
            sa.select(Case).where(cases_visible, Case.status == "aaben", Case.responsible_id == user.id)
            .order_by(Case.updated_at.desc()).limit(10)).scalars().all()
        data["open_cases"] = db.execute(
            sa.select(Case).where(cases_visible, Case.status == "aaben")
            .order_by(Case.updated_at.desc()).limit(10)).scalars().all()
        data["drafts"] = db.execute(
            sa.select(Document).join(Case).where(cases_visible, docs_visible, Document.status == "kladde")
            .order_by(Document.updated_at.desc()).limit(10)).scalars().all()
    if user.role == "bruger":
        data["recent_cases"] = db.execute(
            sa.select(Case).where(cases_visible).order_by(Case.updated_at.desc()).limit(20)).scalars().all()
    if user.role == "styregruppe":
        data["final_documents"] = as_read_by(db, user, db.execute(
            sa.select(Document).join(Case).where(docs_visible, cases_visible)
            .order_by(Document.doc_date.desc(), Document.id.desc()).limit(12)).scalars().all())
        data["recent_cases"] = db.execute(
            sa.select(Case).where(cases_visible, Case.status == "aaben")
            .order_by(Case.updated_at.desc()).limit(8)).scalars().all()
    if user.role == "arkivar":
        data["closed_cases"] = db.execute(
            sa.select(Case).where(cases_visible, Case.status.in_(("lukket", "arkiveret")))
            .order_by(Case.closed_on.desc().nulls_last(), Case.year.desc(), Case.seq.desc()).limit(12)).scalars().all()
    counts = db.execute(
        sa.select(Case.status, sa.func.count()).where(cases_visible).group_by(Case.status)).all()
    data["counts"] = dict(counts)
    data["next_meeting"] = next_meeting(request)  # for everyone who may see the board's meetings
    data["access_requests"] = None
    if user.role in ("sekretariat", "admin"):  # those who answer requests for access
        from ..aktindsigt.views import dashboard_requests

        data["access_requests"] = dashboard_requests(request)
    data["overdue_actions"] = None
    if user.role in ("sekretariat", "admin", "styregruppe"):  # those who follow the action plans up
        from ..actions import services as actions

        on = actions.today()
        data["overdue_actions"] = db.execute(
            sa.select(sa.func.count()).select_from(actions.Action).join(Case, Case.id == actions.Action.case_id)
            .where(*actions.Selection({}).where(user, on), actions.overdue_clause(on))).scalar_one()
    return data
