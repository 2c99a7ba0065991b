from __future__ import annotations

import math

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..forms import FieldError, make_form, render_with_error, validate
from ..i18n import _, today as danish_today
from ..numbering import CaseNumber
from ..parsing import ascii_int
from ..security.models import User
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import CASE_CATEGORIES, CASE_STATUSES
from .cards import rendered_cards
from .events import CaseRegionsTicked
from .models import Case, CaseGrant
from .resources import visible_cases_clause
from .schemas import case_schema
from .services import (CaseNumberTaken, allowed_statuses, change_status, create_case, make_confidential,
                       record_case_revision)

PAGE_SIZES = (25, 50, 100)
SORTS = {
    "number": (Case.year.desc(), Case.seq.desc()),
    "number_asc": (Case.year.asc(), Case.seq.asc()),
    "title": (Case.title.asc(), Case.year.desc(), Case.seq.desc()),
    "updated": (Case.updated_at.desc(), Case.id.desc()),
    "opened": (Case.opened_on.desc(), Case.year.desc(), Case.seq.desc()),
}


def _int(value, lo, hi):
    return ascii_int(str(value), lo, hi)


class CaseListQuery:
    """The case list's filters, read leniently from the query string: a value
    that makes no sense is dropped with a message, never an error page."""

    def __init__(self, params):
        self.messages = []
        self.status = params.get("status", "")
        if self.status not in CASE_STATUSES and self.status != "alle":
            self.status = ""
        self.category = params.get("category", "")
        if self.category not in CASE_CATEGORIES:
            self.category = ""
        self.year = None
        if params.get("year", "").strip():
            self.year = _int(params.get("year"), 1990, 2100)
            if self.year is None:
                self.messages.append(_("filter-bad-year", default="“${value}” is not a year; the year filter was ignored.",
                                       mapping={"value": params.get("year", "")[:20]}))
        self.responsible = _int(params.get("responsible", ""), 1, 2**31) if params.get("responsible") else None
        self.sort = params.get("sort", "number")
        if self.sort not in SORTS:
            self.sort = "number"
        self.size = _int(params.get("size", 25), 1, 1000)
        if self.size not in PAGE_SIZES:
            self.size = PAGE_SIZES[0]
        self.page = _int(params.get("page", 1), 1, 10**6) or 1

    def where(self):
        clauses = []
        if self.status and self.status != "alle":
            clauses.append(Case.status == self.status)
        if self.category:
            clauses.append(Case.category == self.category)
        if self.year:
            clauses.append(Case.year == self.year)
        if self.responsible:
            clauses.append(Case.responsible_id == self.responsible)
        return clauses

    def params(self, **change):
        values = {"status": self.status, "category": self.category, "year": self.year or "",
                  "responsible": self.responsible or "", "sort": self.sort, "size": self.size, "page": self.page}
        values.update(change)
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}


def _case_years_statement(visible):
    years = sa.select(sa.func.max(Case.year).label("year")).where(visible).cte("case_years", recursive=True)
    earlier = sa.select(sa.func.max(Case.year)).where(Case.year < years.c.year, visible).scalar_subquery()
    years = years.union_all(sa.select(earlier).where(years.c.year.is_not(None)))
    return sa.select(years.c.year).where(years.c.year.is_not(None)).order_by(years.c.year.desc())


_case_years_statements: dict = {}


def _case_years(dbsession, visible) -> list[int]:
    """The years that have (visible) cases, newest first.

    The same as ``SELECT DISTINCT year … ORDER BY year DESC``, but as a loose
    index scan: one probe of the (year, seq) index per year, each for the
    greatest year below the one before, instead of reading every case.  The
    statement is built once per visibility rule (building it costs more than
    running it).
    """
    compiled = visible.compile()
    key = (str(compiled), tuple(sorted((name, repr(value)) for name, value in compiled.params.items())))
    statement = _case_years_statements.get(key)
    if statement is None:
        if len(_case_years_statements) > 256:  # bounded: one entry per visibility rule
            _case_years_statements.clear()
        statement = _case_years_statements[key] = _case_years_statement(visible)
    return dbsession.execute(statement).scalars().all()


def page_ids_statement(where, q: CaseListQuery):
    """The ids of the page's cases, in the page's order.

    The page's ids first, then only those rows: ``OFFSET`` then skips entries
    of an index that covers the filter and the sort, not whole rows (each
    with its responsible user joined), so a middle page costs about what the
    first one does.  In number order the index is
    ``ix_cases_year_seq_confidential_id``: it holds the column the visibility
    rule reads, so neither database reads a row it throws away (PostgreSQL
    scanned and sorted the whole table for a deep page without it).
    """
    return (sa.select(Case.id).where(*where).order_by(*SORTS[q.sort])
            .limit(q.size).offset((q.page - 1) * q.size))


# everyone logged in may open the list: it shows only the cases they may see
@view_config(route_name="cases", renderer="rsi_case:templates/cases/list.pt", permission=P.VIEW,
             request_method="GET")
def case_list(request):
    q = CaseListQuery(request.GET)
    where = [visible_cases_clause(request.user), *q.where()]
    total = request.dbsession.execute(sa.select(sa.func.count()).select_from(Case).where(*where)).scalar_one()
    pages = max(1, math.ceil(total / q.size))
    if q.page > pages:
        q.page = pages
    rows = request.dbsession.execute(
        sa.select(Case).where(Case.id.in_(page_ids_statement(where, q).scalar_subquery())).order_by(*SORTS[q.sort])
    ).scalars().all()
    responsible = request.dbsession.execute(
        sa.select(User.id, User.full_name).where(User.role.in_(("sekretariat", "admin"))).order_by(User.full_name)
    ).all()
    years = _case_years(request.dbsession, visible_cases_clause(request.user))
    return {"q": q, "rows": rows, "total": total, "pages": pages, "responsible_people": responsible,
            "years": years, "sorts": list(SORTS), "page_sizes": PAGE_SIZES}


def _apply(case: Case, appstruct: dict) -> None:
    case.title = appstruct["title"]
    case.description = appstruct["description"]
    case.category = appstruct["category"]
    case.responsible_id = int(appstruct["responsible"]) if appstruct.get("responsible") else None
    case.lead_region = appstruct.get("lead_region")
    case.participating_regions = sorted(appstruct.get("participating_regions") or ())
    case.opened_on = appstruct["opened_on"]
    case.closed_on = appstruct.get("closed_on")


@view_defaults(route_name="case_new", renderer="rsi_case:templates/cases/form.pt", permission=P.CASE_CREATE)
class CaseCreate:
    def __init__(self, request):
        self.request = request
        historic = bool(request.has_permission(P.REGISTER_HISTORIC, request.context))
        share = bool(request.has_permission(P.CASE_SHARE, request.context))
        self.form = make_form(case_schema(with_historic_number=historic, with_confidential=share), request, autofocus=True,
                              bind={"statuses": ("aaben", "lukket", "arkiveret") if historic else ("aaben",)},
                              cancel_url=request.route_url("cases"))

    def page(self, form_html):
        return {"form": form_html, "case": None, "title": _("case-new-title", default="New case")}

    @view_config(request_method="GET")
    def get(self):
        user = self.request.user
        appstruct = {"opened_on": danish_today(), "status": "aaben"}
        if user.role in ("sekretariat", "admin"):
            appstruct["responsible"] = str(user.id)
        return self.page(self.form.render(appstruct))

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        number = CaseNumber.parse(appstruct["historic_number"]) if appstruct.get("historic_number") else None
        fields = {k: appstruct[k] for k in ("title", "description", "category", "status", "lead_region", "opened_on", "closed_on")}
        fields["responsible_id"] = int(appstruct["responsible"]) if appstruct.get("responsible") else None
        fields["participating_regions"] = sorted(appstruct.get("participating_regions") or ())
        try:
            case = create_case(self.request.dbsession, user=self.request.user, number=number, **fields)
        except CaseNumberTaken as exc:
            return self.page(render_with_error(self.form, self.request, FieldError(
                "historic_number", self.request.localizer.translate(exc.message, mapping=exc.mapping))))
        if appstruct.get("confidential"):
            make_confidential(case, self.request.user, fields["responsible_id"])
            record_case_revision(self.request.dbsession, case, self.request.user)
        audit(self.request, "case_create", object_type="case", object_ref=str(case.number), case=case,
              confidential=case.confidential, historic=number is not None)
        self.request.registry.notify(CaseRegionsTicked(self.request, case, fields["participating_regions"]))
        self.request.session.flash(self.request.localizer.translate(
            _("case-created", default="Case ${number} was created.", mapping={"number": str(case.number)})), "success")
        return HTTPSeeOther(self.request.route_url("case", case=case.number.slug))


@view_defaults(route_name="case_edit", renderer="rsi_case:templates/cases/form.pt", permission=P.CASE_EDIT)
class CaseEdit:
    def __init__(self, context, request):
        self.request = request
        self.case = context.case
        self.form = make_form(case_schema(), request, bind={"statuses": allowed_statuses(self.case.status)},
                              cancel_url=request.route_url("case", case=self.case.number.slug))

    def page(self, form_html):
        return {"form": form_html, "case": self.case,
                "title": _("case-edit-title", default="Edit case ${number}", mapping={"number": str(self.case.number)})}

    @view_config(request_method="GET")
    def get(self):
        c = self.case
        return self.page(self.form.render({
            "title": c.title, "description": c.description, "category": c.category, "status": c.status,
            "responsible": str(c.responsible_id) if c.responsible_id else None, "lead_region": c.lead_region,
            "participating_regions": set(c.participating_regions or ()), "opened_on": c.opened_on,
            "closed_on": c.closed_on,
        }))

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        before = self.case.status
        responsible_before = self.case.responsible_id
        _apply(self.case, appstruct)
        if self.case.confidential and self.case.responsible_id and self.case.responsible_id != responsible_before:
            # the new responsible person of a confidential case owns it too
            principal = f"user:{self.case.responsible_id}"
            if not any(g.principal == principal and g.role == "ejer" for g in self.case.grants):
                self.case.grants.append(CaseGrant(principal=principal, role="ejer", granted_by_id=self.request.user.id))
                audit(self.request, "grant_add", object_type="case", object_ref=str(self.case.number), case=self.case,
                      principal=principal, role="ejer")
        change_status(self.case, appstruct["status"])
        self.request.registry.notify(CaseRegionsTicked(self.request, self.case, self.case.participating_regions))
        record_case_revision(self.request.dbsession, self.case, self.request.user)
        audit(self.request, "case_edit", object_type="case", object_ref=str(self.case.number), case=self.case)
        if before != self.case.status:
            audit(self.request, "case_status", object_type="case", object_ref=str(self.case.number), case=self.case,
                  before=before, after=self.case.status)
        self.request.session.flash(self.request.localizer.translate(
            _("case-saved", default="Case ${number} was saved.", mapping={"number": str(self.case.number)})), "success")
        return HTTPSeeOther(self.request.route_url("case", case=self.case.number.slug))


@view_config(route_name="case", renderer="rsi_case:templates/cases/view.pt", permission=P.CASE_VIEW,
             request_method="GET")
def case_view(context, request):
    """The case page: its metadata, and the cards the features built on cases
    register (the documents, follow-or-explain, the action plan, decisions)."""
    case = context.case
    audit(request, "case_view", object_type="case", object_ref=str(case.number), case=case)
    return {"case": case, "cards": rendered_cards(request, case)}


@view_config(route_name="case_history", renderer="rsi_case:templates/cases/history.pt", permission=P.CASE_VIEW,
             request_method="GET")
def case_history(context, request):
    """The case's metadata as each save left it, newest first, with what changed."""
    from ..security.models import User
    from .models import CaseRevision

    revisions = request.dbsession.execute(sa.select(CaseRevision).where(CaseRevision.case_id == context.case.id)
                                          .order_by(CaseRevision.number.desc())).scalars().all()
    ids = {r.created_by_id for r in revisions} | {r.data.get("responsible_id") for r in revisions}
    names = dict(request.dbsession.execute(sa.select(User.id, User.full_name).where(User.id.in_(ids - {None}))).all())
    return {"case": context.case, "revisions": revisions, "names": names}
