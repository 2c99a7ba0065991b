"""Requests for access (aktindsigt): the list, registering one, and the
decision on each document of the cases it concerns."""

from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..cases.resources import case_visible, find_case
from ..i18n import _, format_date, ngettext, parse_date_input, pluralize, today
from ..numbering import CaseNumber, NumberError
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import ACCESS_DECISIONS, ACCESS_GROUNDS
from . import extension_views, services, workdays

MAX_NAME = 200
MAX_CONTACT = 300
MAX_SUBJECT = 5000
MAX_NOTE = 2000
_SPLIT = re.compile(r"[\s,;]+")


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


DAYS_LEFT = ngettext("${n} working day left", "${n} working days left")
DECISIONS_SAVED = ngettext("${n} decision saved.", "${n} decisions saved.")
PASSAGES_WITHHELD = ngettext("${n} passage withheld", "${n} passages withheld")
DAYS_OVERDUE = ngettext("overdue by ${n} working day", "overdue by ${n} working days")


def deadline_state(request, access, on=None) -> dict:
    """How the deadline stands, for the lists and the pages: working days left, whether it
    has passed, and the words for it (with Danish plural forms)."""
    left = services.days_left(access, on)
    is_open = access.status == "aaben"
    if not is_open:
        label = _t(request, _("access-answered", default="answered"))
    elif left < 0:
        label = pluralize(request.localizer, DAYS_OVERDUE, -left)
    elif left == 0:
        label = _t(request, _("access-due-today", default="due today"))
    else:
        label = pluralize(request.localizer, DAYS_LEFT, left)
    return {"left": left, "overdue": is_open and left < 0, "due_soon": is_open and 0 <= left <= 2, "label": label}


@view_config(route_name="access_requests", renderer="rsi_case:templates/aktindsigt/list.pt",
             permission=P.CASE_CREATE, request_method="GET")
def request_list(request):
    rows = [{"r": r, "state": deadline_state(request, r)} for r in services.all_requests(request.dbsession, request.user)]
    return {"rows": rows}


def _parse_cases(request, raw: str) -> tuple[list, str | None]:
    """The case numbers typed (separated by spaces, commas or lines); a number that
    names no case the user may see gets the same answer as one that names no case."""
    cases, seen = [], set()
    for token in [t for t in _SPLIT.split(raw) if t][:services.MAX_CASES + 1]:
        try:
            number = CaseNumber.parse(token)
        except NumberError as exc:
            return [], _t(request, exc.msg, **exc.mapping)
        case = find_case(request.dbsession, number)
        if case is None or not case_visible(request.dbsession, request.user, case.id):
            return [], _t(request, _("access-case-unknown", default="There is no case ${number} that you may see.",
                                     mapping={"number": str(number)}))
        if case.id not in seen:
            seen.add(case.id)
            cases.append(case)
    if not cases:
        return [], _t(request, _("access-cases-missing", default="Name at least one case the request concerns."))
    if len(cases) > services.MAX_CASES:
        return [], _t(request, _("access-cases-too-many", default="At most ${n} cases in one request.",
                                 mapping={"n": services.MAX_CASES}))
    return cases, None


@view_defaults(route_name="access_request_new", renderer="rsi_case:templates/aktindsigt/new.pt",
               permission=P.CASE_CREATE)
class RegisterRequest:
    def __init__(self, context, request):
        self.request = request

    def page(self, values, errors=None):
        return {"values": values, "errors": errors or {}}

    @view_config(request_method="GET")
    def get(self):
        cases = self.request.GET.get("cases", "")[:400]
        return self.page({"requester_name": "", "requester_contact": "", "press": False,
                          "received_on": format_date(today()), "subject": "", "cases": cases})

    @view_config(request_method="POST")
    def post(self):
        request = self.request
        post = request.POST
        values = {"requester_name": post.get("requester_name", "")[:MAX_NAME * 2],
                  "requester_contact": post.get("requester_contact", "")[:MAX_CONTACT * 2],
                  "press": post.get("press") == "1",
                  "received_on": post.get("received_on", "")[:40],
                  "subject": post.get("subject", "")[:MAX_SUBJECT * 2],
                  "cases": post.get("cases", "")[:4000]}
        errors = {}
        name = values["requester_name"].strip()
        if not name:
            errors["requester_name"] = _t(request, _("access-name-missing", default="Who asks? Write the requester's name."))
        elif len(name) > MAX_NAME:
            errors["requester_name"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                                     mapping={"n": MAX_NAME}))
        if len(values["requester_contact"].strip()) > MAX_CONTACT:
            errors["requester_contact"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                                        mapping={"n": MAX_CONTACT}))
        received = parse_date_input(values["received_on"]) if values["received_on"].strip() else None
        if received is None or not 2000 <= received.year <= 2100:
            errors["received_on"] = _t(request, _(
                "date-invalid", default="“${value}” is not a date. Write day-month-year, e.g. 15-12-2009.",
                mapping={"value": values["received_on"].strip()}))
        elif received > today():
            errors["received_on"] = _t(request, _("access-received-future",
                                                  default="A request cannot be received in the future."))
        subject = values["subject"].strip()
        if not subject:
            errors["subject"] = _t(request, _("access-subject-missing", default="Write what the request asks for."))
        elif len(subject) > MAX_SUBJECT:
            errors["subject"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                              mapping={"n": MAX_SUBJECT}))
        cases, problem = _parse_cases(request, values["cases"])
        if problem:
            errors["cases"] = problem
        if errors:
            request.response.status_int = 400
            return self.page(values, errors)
        access = services.register(request.dbsession, request.user, requester_name=name,
                                   requester_contact=values["requester_contact"].strip(), press=values["press"],
                                   received_on=received, subject=subject, cases=cases)
        case = access.case
        audit(request, "access_request_register", object_type="case", object_ref=str(case.number), case=case,
              concerns=[str(c.number) for c in cases], deadline=access.deadline.isoformat())
        request.session.flash(_t(request, _(
            "access-registered", default="The request was registered as case ${number}; the answer is due on ${deadline}.",
            mapping={"number": str(case.number), "deadline": format_date(access.deadline)})), "success")
        return HTTPSeeOther(request.route_url("case_access_request", case=case.number.slug))


@view_defaults(route_name="case_access_request", renderer="rsi_case:templates/aktindsigt/request.pt",
               permission=P.CASE_EDIT)
class RequestPage:
    """The request's page on its own case: the requester, the deadline, and a
    decision for every document of the cases it concerns that the user may see."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.access = services.for_case(request.dbsession, context.case)
        if self.access is None:
            raise HTTPNotFound()

    def page(self, submitted=None, errors=None):
        request, access = self.request, self.access
        db = request.dbsession
        docs = services.documents(db, request.user, access)
        have = services.decisions(db, access)
        rows = []
        for doc in docs:
            current = have.get(doc.id)
            if submitted is not None and doc.id in submitted:
                values = submitted[doc.id]
            else:
                values = {"decision": current.decision if current else "", "ground": current.ground if current else "",
                          "note": current.note if current else "", "extended": bool(current and current.extended),
                          "extracted": bool(current and current.extracted)}
            rows.append({"doc": doc, "current": current, "values": values,
                         "changed": services.changed_since_decided(current, doc),
                         "errors": (errors or {}).get(doc.id, {})})
        concerned = services.concerned_cases(db, request.user, access)
        from .redaction_views import counts  # withheld passages per document (issue 19, point 3)

        return {"redactions": counts(db, access), "passages_withheld": PASSAGES_WITHHELD, "access": access, "case": self.context.case, "rows": rows, "concerned": concerned,
                "state": deadline_state(request, access),
                "decisions": ACCESS_DECISIONS, "grounds": ACCESS_GROUNDS, "error": bool(errors),
                "extension": extension_views.panel(request, access),
                "missing": sum(1 for r in rows if r["current"] is None),
                "working_days": workdays.DEADLINE_WORKING_DAYS,
                "labels": {"decision": _t(request, _("access-decision-label", default="decision")),
                           "ground": _t(request, _("access-ground-label", default="ground")),
                           "note": _t(request, _("access-note-label", default="note"))}}

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    @view_config(request_method="POST")
    def post(self):
        request, access = self.request, self.access
        if access.status != "aaben":  # answered: the decisions are those of the approved, filed answer
            request.session.flash(_t(request, _("access-decisions-locked", default=(
                "The request has been answered: its decisions are those of the approved answer and can no longer "
                "be changed. A new decision (after a complaint, say) is a new request."))), "error")
            return HTTPSeeOther(request.route_url("case_access_request", case=self.context.case.number.slug))
        docs = {d.id: d for d in services.documents(request.dbsession, request.user, access)}
        submitted, entries, errors = {}, {}, {}
        for doc_id in docs:
            decision = request.POST.get(f"d{doc_id}-decision", "").strip()[:40]
            values = {"decision": decision, "ground": request.POST.get(f"d{doc_id}-ground", "").strip()[:40],
                      "note": request.POST.get(f"d{doc_id}-note", "")[:MAX_NOTE * 2],
                      "extended": request.POST.get(f"d{doc_id}-extended") == "1",
                      "extracted": request.POST.get(f"d{doc_id}-extracted") == "1"}
            submitted[doc_id] = values
            if not decision:
                continue  # not decided yet
            entry = services.Entry(decision, values["ground"], values["note"].strip(), values["extended"],
                                   values["extracted"])
            problems = {field: _t(request, PROBLEMS[msgid])
                        for field, msgid in services.problems(entry).items()}
            if len(entry.note) > MAX_NOTE:
                problems["note"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                                 mapping={"n": MAX_NOTE}))
            if problems:
                errors[doc_id] = problems
            else:
                entries[doc_id] = entry
        if errors:
            request.response.status_int = 400
            return self.page(submitted, errors)
        changes = services.decide(request.dbsession, access, request.user, entries, docs)
        for change in changes:
            audit(request, "access_decision", object_type="document", object_ref=str(change.document.number),
                  case=self.context.case, old=change.old, new=change.new)
        if changes:
            request.session.flash(pluralize(request.localizer, DECISIONS_SAVED, len(changes)), "success")
        else:
            request.session.flash(_t(request, _("participation-unchanged", default="Nothing was changed.")), "info")
        return HTTPSeeOther(request.route_url("case_access_request", case=self.context.case.number.slug))


PROBLEMS = {
    "access-decision-unknown": _("access-decision-unknown", default="Choose one of the decisions."),
    "access-ground-unknown": _("access-ground-unknown", default="Choose one of the grounds of the act."),
    "access-ground-missing": _("access-ground-missing", default="A refusal or partial access needs the ground in the act."),
    "access-ground-not-wanted": _("access-ground-not-wanted",
                                  default="Full access, or a document not covered, has no ground for refusal."),
}


def case_card(request, case):
    """On the request's own case page: the deadline and the way to the decisions."""
    if case.category != "aktindsigt" or not request.has_permission(P.CASE_EDIT, request.context):
        return None
    access = services.for_case(request.dbsession, case)
    if access is None:
        return None
    return {"access": access, "state": deadline_state(request, access)}


def dashboard_requests(request) -> list[dict]:
    """Open requests with their days left, for the secretariat's dashboard."""
    return [{"r": r, "state": deadline_state(request, r)} for r in services.open_requests(request.dbsession, request.user, 10)]
