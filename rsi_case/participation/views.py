"""Follow or explain: the regions' participation per case, and the matrix of
projects × regions for the board."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..i18n import _, format_date, parse_date_input
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import CASE_STATUSES, PARTICIPATION_STATES, REGIONS
from . import services
from .models import RegionParticipation

MAX_REASON = 2000


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _rows(request, case, submitted=None, errors=None):
    have = services.current(request.dbsession, case)
    rows = []
    for code, label in REGIONS.items():
        row = have.get(code)
        if submitted is not None:
            values = submitted[code]
        else:
            values = {"state": row.state if row else "", "reason": row.reason if row else "",
                      "expected_on": format_date(row.expected_on) if row is not None and row.expected_on else ""}
        rows.append({"code": code, "label": label, "current": row, "values": values,
                     "errors": (errors or {}).get(code, {})})
    return rows


def follow_case_form(event) -> None:
    """The case form's ticked regions, reflected in the follow-or-explain box (cases.events)."""
    request, case = event.request, event.case
    for region, old, new in services.follow_ticks(request.dbsession, case, request.user, event.regions):
        audit(request, "participation_change", object_type="case", object_ref=str(case.number), case=case,
              region=region, old=old, new=new, source="case_form")


@view_defaults(route_name="case_participation", renderer="rsi_case:templates/participation/edit.pt")
class ParticipationPage:
    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.case = context.case

    def page(self, rows, error=False):
        return {"case": self.case, "rows": rows, "states": PARTICIPATION_STATES, "error": error,
                "history": services.history(self.request.dbsession, self.case),
                "can_edit": bool(self.request.has_permission(P.CASE_EDIT, self.context)),
                "joint": services.is_joint_project(self.case)}

    @view_config(request_method="GET", permission=P.CASE_VIEW)
    def get(self):
        return self.page(_rows(self.request, self.case))

    @view_config(request_method="POST", permission=P.CASE_EDIT)
    def post(self):
        request = self.request
        submitted, entries, errors = {}, {}, {}
        for code in REGIONS:
            state = request.POST.get(f"{code}-state", "").strip()
            reason = request.POST.get(f"{code}-reason", "")[:MAX_REASON * 2]
            raw_date = request.POST.get(f"{code}-expected_on", "")[:40]
            submitted[code] = {"state": state, "reason": reason, "expected_on": raw_date}
            if not state:  # not decided yet: left as it is
                continue
            problems = {}
            if state not in PARTICIPATION_STATES:
                problems["state"] = _("participation-state-unknown", default="Choose one of the states.")
            expected = parse_date_input(raw_date) if raw_date.strip() else None
            if raw_date.strip() and (expected is None or not 2000 <= expected.year <= 2100):
                problems["expected_on"] = _("date-invalid", default="“${value}” is not a date. Write day-month-year, e.g. 15-12-2009.",
                                            mapping={"value": raw_date.strip()})
                expected = None
            if len(reason.strip()) > MAX_REASON:
                problems["reason"] = _("participation-reason-long", default="The reason is too long (at most ${n} characters).",
                                       mapping={"n": MAX_REASON})
            entry = services.Entry(state, reason.strip(), expected)
            if state in PARTICIPATION_STATES:
                for field, message in services.problems(entry).items():
                    problems.setdefault(field, message)
            if problems:
                errors[code] = problems
            else:
                entries[code] = entry
        if errors:
            request.response.status_int = 400
            return self.page(_rows(request, self.case, submitted, errors), error=True)
        changes = services.save(request.dbsession, self.case, request.user, entries)
        for change in changes:
            audit(request, "participation_change", object_type="case", object_ref=str(self.case.number),
                  case=self.case, region=change.region, old=change.old_state, new=change.state)
        message = (_("participation-saved", default="The regions' participation was saved (${n} changed).",
                     mapping={"n": len(changes)}) if changes else
                   _("participation-unchanged", default="Nothing was changed."))
        request.session.flash(_t(request, message), "success" if changes else "info")
        return HTTPSeeOther(request.route_url("case_participation", case=self.case.number.slug))


@view_config(route_name="participation", renderer="rsi_case:templates/participation/matrix.pt",
             permission=P.VIEW, request_method="GET")
def matrix(request):
    """Projects × regions, for the board: only cases the user may see."""
    status = request.GET.get("status", "aaben")
    stmt = (sa.select(Case).where(visible_cases_clause(request.user),
                                  Case.category.not_in(services.JOINT_CATEGORIES_EXCLUDED))
            .order_by(Case.year.desc(), Case.seq.desc()))
    if status in CASE_STATUSES:
        stmt = stmt.where(Case.status == status)
    else:
        status = "alle"
    cases = request.dbsession.execute(stmt.limit(500)).scalars().all()
    states = {}
    if cases:
        for row in request.dbsession.execute(sa.select(RegionParticipation).where(
                RegionParticipation.case_id.in_([c.id for c in cases]))).scalars():
            states[(row.case_id, row.region)] = row
    totals = {code: {s: 0 for s in (*PARTICIPATION_STATES, "")} for code in REGIONS}
    for case in cases:
        for code in REGIONS:
            row = states.get((case.id, code))
            totals[code][row.state if row else ""] += 1
    return {"cases": cases, "states": states, "regions": REGIONS, "labels": PARTICIPATION_STATES,
            "totals": totals, "status": status}


def case_card(request, case):
    """Follow or explain on the case page: each region's state, for a joint project only."""
    if not services.is_joint_project(case):
        return None
    return {"participation": services.current(request.dbsession, case)}
