"""Action plans: a case's actions and their progress (``/cases/{case}/actions``),
the overview across projects (``/actions``) and the status report for the
board in Word (``/actions/statusrapport.docx``, and per case).

Reading needs CASE_VIEW on the case; adding, changing and following up an
action needs CASE_EDIT (so an archived case is read-only for everyone). Every
list, count and report shows only cases the user may see, and an action's
plan document only to those who may read it."""

from __future__ import annotations

from types import SimpleNamespace

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..i18n import _, format_date
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import ACTION_STATUSES, CASE_CATEGORIES, CASE_STATUSES, REGIONS
from . import services
from .models import Action
from .report import ReportAction, ReportCase, status_report_docx, status_report_html

SECRETARIAT_LABEL = _("action-secretariat", default="The secretariat")


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def region_label(request, code) -> str:
    return _t(request, REGIONS[code]) if code in REGIONS else _t(request, SECRETARIAT_LABEL)


def _int(raw) -> int | None:
    return ascii_int(raw)


# -- a case's actions ------------------------------------------------------------------------

@view_defaults(route_name="case_actions", renderer="rsi_case:templates/actions/case.pt")
class CaseActions:
    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.case = context.case
        self.db = request.dbsession

    def page(self, form=None, typed=None, errors=None, message=None):
        """The page; ``form`` names the form that failed ("add", "edit-7", "note-7"),
        shown again with what was typed and a message per field."""
        db, request = self.db, self.request
        actions = services.case_actions(db, self.case)
        on = services.today()
        can_edit = bool(request.has_permission(P.CASE_EDIT, self.context))
        typed = typed or {}
        edit_values, note_values = {}, {}
        for a in actions:
            edit_values[a.id] = typed if form == f"edit-{a.id}" else {
                "title": a.title, "description": a.description, "region": a.region or "",
                "deadline": format_date(a.deadline), "document": str(a.document_id or "")}
            note_values[a.id] = typed if form == f"note-{a.id}" else {
                "noted_on": format_date(on), "text": "", "status": a.status}
        add_values = typed if form == "add" else {"title": "", "description": "", "region": "", "deadline": "",
                                                   "document": "", "status": "ikke_startet"}
        file_values = typed if form == "file" else {"file_title": _t(request, _(
            "action-file-default-title", default="Progress report: ${title}, ${date}",
            mapping={"title": self.case.title, "date": format_date(on)}))[:services.MAX_TITLE]}
        return {"edit_values": edit_values, "note_values": note_values, "add_values": add_values,
                "file_values": file_values,
                "can_file": bool(actions) and bool(request.has_permission(P.DOCUMENT_CREATE, self.context)),
                "case": self.case, "actions": actions, "can_edit": can_edit, "today": on,
                "overdue": {a.id for a in actions if services.is_overdue(a, on)},
                "plans": services.visible_plans(db, request.user, actions),
                "plan_choices": services.plan_documents(db, self.case, request.user) if can_edit else [],
                "statuses": ACTION_STATUSES, "regions": REGIONS, "secretariat": SECRETARIAT_LABEL,
                "form": form, "errors": errors or {}, "message": message}

    def refused(self, form, typed, errors, status=400, message=None):
        self.request.response.status_int = status
        return self.page(form, typed, errors, message or _(
            "action-not-saved", default="Nothing was saved. Please correct the highlighted fields; what you wrote is kept."))

    def back(self, message, action=None):
        self.request.session.flash(_t(self.request, message), "success")
        anchor = f"#action-{action.id}" if action is not None else ""
        return HTTPSeeOther(self.request.route_url("case_actions", case=self.case.number.slug) + anchor)

    def action(self) -> Action | None:
        action_id = _int(self.request.POST.get("action"))
        action = self.db.get(Action, action_id) if action_id else None
        return action if action is not None and action.case_id == self.case.id else None

    def plan_ids(self) -> set[int]:
        return {d.id for d in services.plan_documents(self.db, self.case, self.request.user)}

    @view_config(request_method="GET", permission=P.CASE_VIEW)
    def get(self):
        return self.page()

    @view_config(request_method="POST", request_param="add", permission=P.CASE_EDIT)
    def add(self):
        typed, fields, errors = services.read_action(self.request.POST, self.plan_ids(), with_status=True)
        if errors:
            return self.refused("add", typed, errors)
        action = services.create_action(self.db, self.case, self.request.user, fields)
        audit(self.request, "action_create", object_type="action", object_ref=str(action.id), case=self.case,
              region=action.region, deadline=action.deadline.isoformat(), status=action.status)
        return self.back(_("action-added", default="The action was added."), action)

    @view_config(request_method="POST", request_param="edit", permission=P.CASE_EDIT)
    def edit(self):
        action = self.action()
        if action is None:
            return self.gone()
        form = f"edit-{action.id}"
        typed, fields, errors = services.read_action(self.request.POST, self.plan_ids(), with_status=False)
        if errors:
            return self.refused(form, typed, errors)
        try:
            changed = services.edit_action(action, self.request.user, fields, _int(self.request.POST.get("version")))
        except services.Stale:
            return self.stale(action, form, typed)
        if not changed:
            self.request.session.flash(_t(self.request, _("action-unchanged", default="Nothing was changed.")), "info")
            return HTTPSeeOther(self.request.route_url("case_actions", case=self.case.number.slug) + f"#action-{action.id}")
        audit(self.request, "action_edit", object_type="action", object_ref=str(action.id), case=self.case,
              fields=",".join(changed))
        return self.back(_("action-saved", default="The action was saved."), action)

    @view_config(request_method="POST", request_param="note", permission=P.CASE_EDIT)
    def note(self):
        action = self.action()
        if action is None:
            return self.gone()
        form = f"note-{action.id}"
        typed, note, errors = services.read_note(self.request.POST, services.today())
        if not errors and not note[1] and not (note[2] and note[2] != action.status):
            errors = {"text": _("action-note-empty", default="Write what has happened, or choose a new status.")}
        if errors:
            return self.refused(form, typed, errors)
        noted_on, text, status = note
        try:
            saved = services.add_note(self.db, action, self.request.user, noted_on, text, status,
                                      _int(self.request.POST.get("version")))
        except services.Stale:
            return self.stale(action, form, typed)
        audit(self.request, "action_note", object_type="action", object_ref=str(action.id), case=self.case,
              noted_on=saved.noted_on.isoformat(), old=saved.old_status, new=saved.new_status)
        return self.back(_("action-note-saved", default="The progress note was saved."), action)

    @view_config(request_method="POST", request_param="file", permission=P.DOCUMENT_CREATE)
    def file(self):
        """File the case's status report, as it stands now, as a statusrapport
        document (a draft, with the Word file attached) in the case."""
        from ..documents.services import add_attachment, blob_store, create_document
        from ..export.views import DOCX

        request = self.request
        title = services.clean(request.POST.get("file_title"), services.MAX_TITLE)
        if not title or len(title) > services.MAX_TITLE:
            return self.refused("file", {"file_title": title}, {"file_title": _(
                "action-file-title", default="Give the report a title (at most ${n} characters).",
                mapping={"n": services.MAX_TITLE})})
        actions = services.case_actions(self.db, self.case)
        if not actions:
            request.session.flash(_t(request, _("action-file-none", default="The case has no actions to report on.")),
                                  "error")
            return HTTPSeeOther(request.route_url("case_actions", case=self.case.number.slug))
        on = services.today()
        cases, labels = _report_data(request, actions, reader=BOARD_READER)
        user = request.user
        doc = create_document(self.db, case=self.case, user=user, title=title, kind="statusrapport", doc_date=on,
                              status="kladde", author_id=user.id, author_name=user.full_name,
                              author_phone=user.phone, author_email=user.email,
                              body_html=status_report_html(cases, labels, translate=request.localizer.translate,
                                                           today=on))
        data = status_report_docx(cases, labels, user.full_name, f"{self.case.number} {self.case.title}",
                                  translate=request.localizer.translate, today=on)
        sha, size = blob_store(request).put_bytes(data)
        add_attachment(self.db, doc, sha256=sha, size=size, content_type=DOCX,
                       filename=f"Statusrapport {format_date(on)}.docx", user=user)
        audit(request, "document_create", object_type="document", object_ref=str(doc.number), case=self.case,
              source="statusrapport", actions=len(actions))
        request.session.flash(_t(request, _("action-filed", default="The progress report was filed in the case as "
                                                                   "document ${number} (a draft).",
                                            mapping={"number": str(doc.number)})), "success")
        return HTTPSeeOther(request.route_url("document", document=doc.number.slug))

    def stale(self, action, form, typed):
        audit(self.request, "action_edit", object_type="action", object_ref=str(action.id), case=self.case,
              outcome="failed", stale=True)
        return self.refused(form, typed, {}, status=409, message=_(
            "action-stale", default="Someone else changed the action after you opened the page. Nothing was saved: "
                                    "look at the action as it is now; what you wrote is kept below, so you can save again."))

    def gone(self):
        self.request.session.flash(_t(self.request, _(
            "action-unknown", default="That action does not exist in this case (any more).")), "error")
        return HTTPSeeOther(self.request.route_url("case_actions", case=self.case.number.slug))


# -- the overview across projects ----------------------------------------------------------

@view_config(route_name="actions", renderer="rsi_case:templates/actions/overview.pt", permission=P.VIEW,
             request_method="GET")
def overview(request):
    selection = services.Selection(request.GET)
    on = services.today()
    db = request.dbsession
    actions = services.overview(db, request.user, selection, on)
    return {"actions": actions, "selection": selection, "today": on,
            "overdue": {a.id for a in actions if services.is_overdue(a, on)},
            "totals": services.totals(db, request.user, selection, on),
            "notes": services.latest_notes(db, [a.id for a in actions]),
            "statuses": ACTION_STATUSES, "regions": REGIONS, "categories": CASE_CATEGORIES,
            "case_statuses": CASE_STATUSES, "secretariat": SECRETARIAT_LABEL, "limit": services.MAX_ROWS,
            "report_url": request.route_url("actions_report", _query=selection.params())}


# -- the status report ----------------------------------------------------------------------

def _describe(request, selection: services.Selection) -> str:
    parts = []
    if selection.cases == "alle":
        parts.append(_t(request, _("report-all-cases", default="all cases")))
    else:
        parts.append(_t(request, _("report-cases-in", default="cases with status ${status}",
                                   mapping={"status": _t(request, CASE_STATUSES[selection.cases])})))
    if selection.category:
        parts.append(_t(request, CASE_CATEGORIES[selection.category]))
    if selection.region:
        parts.append(region_label(request, None if selection.region == services.SECRETARIAT else selection.region))
    if selection.status:
        parts.append(_t(request, ACTION_STATUSES[selection.status]))
    if selection.overdue:
        parts.append(_t(request, _("report-overdue-only", default="overdue only")))
    return " · ".join(parts)


# whom a filed report names plans for: it becomes a document the board reads once it is final,
# so it names only final plans, by their final titles (documents.resources.as_read_by)
BOARD_READER = SimpleNamespace(role="styregruppe", active=True)


def _report_data(request, actions, reader=None) -> tuple[list[ReportCase], dict[str, str]]:
    """The report's cases and actions, with the plans ``reader`` (the user) may see."""
    db = request.dbsession
    on = services.today()
    notes = services.latest_notes(db, [a.id for a in actions])
    plans = services.visible_plans(db, reader or request.user, actions)
    by_case = {}
    for a in sorted(actions, key=lambda a: (a.case.year, a.case.seq, a.deadline, a.position, a.id)):
        rc = by_case.get(a.case_id)
        if rc is None:
            c = a.case
            rc = by_case[a.case_id] = ReportCase(
                number=str(c.number), title=c.title,
                lead_region=_t(request, REGIONS[c.lead_region]) if c.lead_region in REGIONS else "",
                category=_t(request, CASE_CATEGORIES[c.category]) if c.category in CASE_CATEGORIES else c.category)
        if a.document_id in plans:
            plan = plans[a.document_id]
            label = f"{plan.number} {plan.title}"
            if label not in rc.plans:
                rc.plans.append(label)
        note = notes.get(a.id)
        rc.actions.append(ReportAction(
            title=a.title, region=region_label(request, a.region), deadline=a.deadline, status=a.status,
            status_label=_t(request, ACTION_STATUSES[a.status]), overdue=services.is_overdue(a, on),
            note_on=note.noted_on if note else None, note_text=note.text if note else ""))
    return list(by_case.values()), {k: _t(request, v) for k, v in ACTION_STATUSES.items()}


def _report(request, actions, selection_text: str, filename: str, case=None):
    from ..export.views import docx_response

    cases, labels = _report_data(request, actions)
    data = status_report_docx(cases, labels, request.user.full_name, selection_text,
                              translate=request.localizer.translate, today=services.today())
    audit(request, "export", object_type="case" if case else "actions", object_ref=str(case.number) if case else "",
          case=case, format="docx-statusrapport", actions=len(actions), cases=len(cases))
    return docx_response(request, data, filename)


@view_config(route_name="actions_report", permission=P.VIEW, request_method="GET")
def report(request):
    """The overview's selection as a status report for the board."""
    selection = services.Selection(request.GET)
    actions = services.overview(request.dbsession, request.user, selection, services.today())
    return _report(request, actions, _describe(request, selection),
                   f"Statusrapport {format_date(services.today())}.docx")


@view_config(route_name="case_actions_report", permission=P.CASE_VIEW, request_method="GET")
def case_report(context, request):
    case = context.case
    actions = services.case_actions(request.dbsession, case)
    return _report(request, actions, f"{case.number} {case.title}",
                   f"{case.number.slug} Statusrapport {format_date(services.today())}.docx", case=case)


def case_card(request, case):
    """The action plan on the case page: shown when it has actions, or to
    those who may add them (an empty plan is an invitation, not news)."""
    plan = services.case_card(request.dbsession, case, services.today())
    if not plan["actions"] and not request.has_permission(P.CASE_EDIT, request.context):
        return None
    return {"action_plan": plan}
