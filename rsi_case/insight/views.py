"""*Indsigt i egne oplysninger*: the page where an administrator answers a
person's request under GDPR art. 15 — the records mentioning them, and who
viewed, searched, exported or downloaded them — and the same as a Word report.

The name is sent by POST (with the CSRF token), never in the address: a
name in a URL ends up in logs and browser histories. The lookup is itself
processing of personal data, so it is audited (its words under ``query``,
which only administrators and the one who typed them can read in the trail)."""

from __future__ import annotations

import datetime as dt

from pyramid.view import view_config, view_defaults

from ..export.documents import _esc, new_builder
from ..export.views import docx_response
from ..i18n import _, format_date, format_datetime, ngettext, pluralize, today as danish_today
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import AUDIT_ACTIONS
from . import services

RECORDS = ngettext("${n} record mentions the person", "${n} records mention the person")
EVENTS = ngettext("${n} audit entry on those records", "${n} audit entries on those records")
SEARCHES = ngettext("${n} search for the person", "${n} searches for the person")

FOUND = {
    "text": _("insight-found-text", default="text (search index)"),
    "mail_from": _("insight-found-mail-from", default="mail sender"),
    "mail_to": _("insight-found-mail-to", default="mail recipient"),
    "requester": _("insight-found-requester", default="requester for access"),
}
KINDS = {
    "case": _("insight-kind-case", default="case"),
    "document": _("insight-kind-document", default="document"),
    "decision": _("insight-kind-decision", default="decision"),
}


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def read_form(request) -> tuple[dict, dict]:
    post = request.POST
    values = {"name": post.get("name", "")[:services.MAX_NAME * 2], "email": post.get("email", "")[:services.MAX_EMAIL * 2]}
    errors = {}
    name = " ".join(values["name"].split())
    if not name:
        errors["name"] = _t(request, _("insight-name-missing", default="Write the person's name."))
    elif len(name) > services.MAX_NAME:
        errors["name"] = _t(request, _("field-too-long", default="At most ${n} characters.",
                                       mapping={"n": services.MAX_NAME}))
    elif len(name.replace(" ", "")) < 3 or not any(c.isalpha() for c in name):
        errors["name"] = _t(request, _("insight-name-short",
                                       default="Write at least three letters of the name: a shorter text would "
                                               "find nearly everything."))
    email = values["email"].strip()
    if email and (len(email) > services.MAX_EMAIL or not services.EMAIL.match(email)):
        errors["email"] = _t(request, _("insight-email-bad", default="“${value}” is not an e-mail address.",
                                        mapping={"value": email[:80]}))
    return values, errors


def _lookup(request, values):
    service = request.registry.get("search.service")
    return services.lookup(request.dbsession, service, request.user, values["name"], values["email"].strip())


def _summary(request, insight) -> list[str]:
    loc = request.localizer
    return [pluralize(loc, RECORDS, len(insight.records)), pluralize(loc, EVENTS, len(insight.touches)),
            pluralize(loc, SEARCHES, len(insight.searches))]


@view_defaults(route_name="insight", renderer="rsi_case:templates/insight/page.pt",
               permission=P.PERSONAL_DATA_INSIGHT)
class InsightPage:
    def __init__(self, context, request):
        self.request = request

    def page(self, values, errors=None, insight=None):
        request = self.request
        return {"values": values, "errors": errors or {}, "insight": insight,
                "summary": _summary(request, insight) if insight is not None else [],
                "found_labels": {k: _t(request, v) for k, v in FOUND.items()},
                "kind_labels": {k: _t(request, v) for k, v in KINDS.items()}}

    @view_config(request_method="GET")
    def get(self):
        return self.page({"name": "", "email": ""})

    @view_config(request_method="POST")
    def post(self):
        request = self.request
        values, errors = read_form(request)
        if errors:
            request.response.status_int = 400
            return self.page(values, errors)
        insight = _lookup(request, values)
        audit(request, "personal_data_insight", object_type="person",
              query=" ".join(f"{insight.name} {insight.email}".split()),
              records=len(insight.records), events=len(insight.touches), searches=len(insight.searches))
        return self.page(values, insight=insight)


def _when(value: dt.datetime) -> str:
    return format_datetime(value)


def insight_docx(request, insight) -> bytes:
    t = lambda term, **m: _t(request, term, **m)  # noqa: E731
    b = new_builder()
    b.paragraph(t(_("insight-report-title", default="Insight into personal data")), "Title")
    b.paragraph(t(_("insight-report-subject", default="Person: ${name}", mapping={"name": insight.name}))
                + (f" <{insight.email}>" if insight.email else ""))
    b.paragraph(t(_("insight-report-made", default="Made on ${date} by ${user}.",
                    mapping={"date": format_date(danish_today()), "user": request.user.full_name})))
    b.paragraph(t(_("insight-scope", default="The lookup covers every case, document and decision in the system, "
                                            "confidential ones included, the parties of filed mails, the requesters "
                                            "of requests for access, and the whole audit trail.")))
    for line in _summary(request, insight):
        b.paragraph(line)
    if insight.index_unavailable:
        b.paragraph(t(_("insight-index-unavailable", default="The search index did not answer: records found only "
                                                            "in their text are missing. Try again later.")))

    def table(head, rows):
        th = "".join(f"<th>{_esc(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        b.html(f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")

    b.heading(t(_("insight-records-heading", default="Records that mention the person")), 1)
    if insight.records:
        table([t(_("insight-col-kind", default="Kind")), t(_("insight-col-number", default="Number")),
               t(_("insight-col-title", default="Title")), t(_("insight-col-case", default="Case")),
               t(_("insight-col-found", default="Found in"))],
              [(t(KINDS[r.kind]), r.number, r.title, r.case_number,
                ", ".join(t(FOUND[f]) for f in sorted(r.found))) for r in insight.records])
    else:
        b.paragraph(t(_("insight-none", default="Nothing found.")))
    b.heading(t(_("insight-events-heading", default="Who viewed, exported or downloaded those records")), 1)
    if insight.touches:
        table([t(_("insight-col-when", default="When")), t(_("insight-col-who", default="Who")),
               t(_("insight-col-action", default="Action")), t(_("insight-col-number", default="Number")),
               t(_("insight-col-outcome", default="Outcome"))],
              [(_when(e.at), e.login, _action(request, e.action), e.object_ref, e.outcome) for e in insight.touches])
    else:
        b.paragraph(t(_("insight-none", default="Nothing found.")))
    b.heading(t(_("insight-searches-heading", default="Searches for the person")), 1)
    if insight.searches:
        table([t(_("insight-col-when", default="When")), t(_("insight-col-who", default="Who")),
               t(_("insight-col-action", default="Action")), t(_("insight-col-words", default="Words searched"))],
              [(_when(e.at), e.login, _action(request, e.action), e.query or e.object_ref) for e in insight.searches])
    else:
        b.paragraph(t(_("insight-none", default="Nothing found.")))
    return b.save()


def _action(request, code: str) -> str:
    term = AUDIT_ACTIONS.get(code)
    return _t(request, term) if term is not None else code


@view_config(route_name="insight_report", renderer="rsi_case:templates/insight/page.pt",
             permission=P.PERSONAL_DATA_INSIGHT, request_method="POST")
def insight_report(request):
    values, errors = read_form(request)
    if errors:
        request.response.status_int = 400
        return InsightPage(None, request).page(values, errors)
    insight = _lookup(request, values)
    audit(request, "personal_data_insight", object_type="person",
          query=" ".join(f"{insight.name} {insight.email}".split()),
          records=len(insight.records), events=len(insight.touches), searches=len(insight.searches), download=True)
    slug = "".join(c if c.isalnum() else "-" for c in insight.name)[:60].strip("-") or "person"
    return docx_response(request, insight_docx(request, insight), f"indsigt-{slug}.docx")

