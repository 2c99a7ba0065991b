"""The year's report on requests for access (issue 19, point 5): how many came
(press / others), how many are answered, open and overdue, the working days
it took to answer, the share answered within the original 7 working days and
within a deadline extended and told to the requester, and the decisions and
grounds used.

Only requests whose case the reader may see are counted: a request for a
confidential case is invisible to everyone else, in the counts too; a
decision counts only when its document and the document's case are visible
to the reader."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import statistics
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy.orm import aliased

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..i18n import _, ngettext, pluralize, today as danish_today
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import ACCESS_DECISIONS, ACCESS_GROUNDS
from . import extension, workdays
from .models import AccessDecision, AccessRequest

_YEAR = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 2000, 2100

REQUESTS = ngettext("${n} request received in ${year}", "${n} requests received in ${year}")


@dataclasses.dataclass
class YearReport:
    year: int
    received: int = 0
    press: int = 0
    others: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    extended: int = 0
    on_time: int = 0              # answered within the original 7 working days
    within_extension: int = 0     # answered late by the original deadline, but within an extension told
    late: int = 0                 # answered after the deadline in force
    days: list = dataclasses.field(default_factory=list)  # working days to answer, one per answered request
    decisions: dict = dataclasses.field(default_factory=dict)  # decision -> count
    grounds: dict = dataclasses.field(default_factory=dict)    # ground -> count

    @property
    def median(self):
        return statistics.median(self.days) if self.days else None

    @property
    def mean(self):
        return statistics.fmean(self.days) if self.days else None

    @property
    def longest(self):
        return max(self.days) if self.days else None

    def share(self, n: int):
        return n / self.answered if self.answered else None


def visible_requests(user):
    return (sa.select(AccessRequest).join(Case, Case.id == AccessRequest.case_id)
            .where(visible_cases_clause(user)))


def years(db, user) -> list[int]:
    """The years in which requests the reader may see were received, newest first."""
    dates = db.execute(visible_requests(user).with_only_columns(AccessRequest.received_on)).scalars()
    return sorted({d.year for d in dates}, reverse=True)


def year_report(db, user, year: int, on: dt.date | None = None) -> YearReport:
    on = on or danish_today()
    report = YearReport(year)
    requests = db.execute(visible_requests(user).where(
        AccessRequest.received_on >= dt.date(year, 1, 1), AccessRequest.received_on <= dt.date(year, 12, 31))
        .order_by(AccessRequest.id)).scalars().all()
    extended = extension.extended_ids(db, [r.id for r in requests])
    for r in requests:
        report.received += 1
        if r.press:
            report.press += 1
        else:
            report.others += 1
        if r.id in extended:
            report.extended += 1
        if r.status == "besvaret":
            report.answered += 1
            if r.answered_on is None:
                continue
            report.days.append(max(0, workdays.working_days_between(r.received_on, r.answered_on)))
            if r.answered_on <= workdays.deadline(r.received_on):
                report.on_time += 1
            elif r.id in extended and r.answered_on <= r.deadline:
                report.within_extension += 1
            else:
                report.late += 1
        else:
            report.open += 1
            if r.deadline < on:
                report.overdue += 1
    ids = [r.id for r in requests]
    if ids:
        doc_case = aliased(Case)
        rows = db.execute(
            sa.select(AccessDecision.decision, AccessDecision.ground, sa.func.count())
            .join(Document, Document.id == AccessDecision.document_id)
            .join(doc_case, doc_case.id == Document.case_id)
            .where(AccessDecision.request_id.in_(ids), visible_documents_clause(user),
                   visible_cases_clause(user, case=doc_case))
            .group_by(AccessDecision.decision, AccessDecision.ground)).all()
        for decision, ground, n in rows:
            report.decisions[decision] = report.decisions.get(decision, 0) + n
            if ground:
                report.grounds[ground] = report.grounds.get(ground, 0) + n
    return report


def parse_year(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not _YEAR.fullmatch(raw):
        return None
    year = int(raw)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _half_up(value, places: str = "1"):
    """Rounded as people round (9,25 -> 9,3; 12,5 % -> 13 %), not to the even neighbour."""
    return Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return str(_half_up(value, "0.1")).replace(".", ",")


def _percent(value) -> str:
    return "–" if value is None else f"{_half_up(value * 100)} %"


def lines(request, report: YearReport) -> list[tuple[str, str, str]]:
    """(section, label, value) rows: the page's tables and the CSV alike."""
    t = lambda term: _t(request, term)  # noqa: E731
    requests = _t(request, _("report-section-requests", default="Requests"))
    answer = _t(request, _("report-section-answer", default="Time to answer"))
    out = [
        (requests, t(_("report-received", default="Received")), str(report.received)),
        (requests, t(_("report-press", default="from the press")), str(report.press)),
        (requests, t(_("report-others", default="from others")), str(report.others)),
        (requests, t(_("report-answered", default="Answered")), str(report.answered)),
        (requests, t(_("report-open", default="Still open")), str(report.open)),
        (requests, t(_("report-overdue", default="of which overdue")), str(report.overdue)),
        (requests, t(_("report-extended", default="Deadline extended")), str(report.extended)),
        (answer, t(_("report-median", default="Working days to answer, median")), _number(report.median)),
        (answer, t(_("report-mean", default="Working days to answer, mean")), _number(report.mean)),
        (answer, t(_("report-max", default="Working days to answer, longest")), _number(report.longest)),
        (answer, t(_("report-on-time", default="Answered within 7 working days")),
         f"{report.on_time} ({_percent(report.share(report.on_time))})"),
        (answer, t(_("report-within-extension", default="Answered within an extended deadline told to the requester")),
         f"{report.within_extension} ({_percent(report.share(report.within_extension))})"),
        (answer, t(_("report-late", default="Answered late")), f"{report.late} ({_percent(report.share(report.late))})"),
    ]
    decisions = t(_("report-section-decisions", default="Decisions on documents"))
    for code, label in ACCESS_DECISIONS.items():
        out.append((decisions, t(label), str(report.decisions.get(code, 0))))
    grounds = t(_("report-section-grounds", default="Grounds used"))
    for code, label in ACCESS_GROUNDS.items():
        if report.grounds.get(code):
            out.append((grounds, t(label), str(report.grounds[code])))
    return out


def _read_year(request):
    """The year asked for (this year when none), or a 400 with a Danish message."""
    raw = request.GET.get("year")
    if raw is None or not raw.strip():
        return danish_today().year, None
    year = parse_year(raw)
    if year is None:
        return None, _t(request, _("report-bad-year", default="“${value}” is not a year between ${first} and ${last}.",
                                   mapping={"value": raw.strip()[:20], "first": FIRST_YEAR, "last": LAST_YEAR}))
    return year, None


@view_config(route_name="access_requests_report", renderer="rsi_case:templates/aktindsigt/report.pt",
             permission=P.CASE_CREATE, request_method="GET")
def report_page(request):
    db, user = request.dbsession, request.user
    year, problem = _read_year(request)
    known = years(db, user)
    if problem:
        request.response.status_int = 400
        return {"year": None, "problem": problem, "years": known, "report": None, "main_lines": [], "summary": "",
                "raw_year": (request.GET.get("year") or "")[:20]}
    report = year_report(db, user, year)
    choices = sorted(set(known) | {year}, reverse=True)
    main = [line for line in lines(request, report) if line[0] in (
        _t(request, _("report-section-requests", default="Requests")),
        _t(request, _("report-section-answer", default="Time to answer")))]
    return {"year": year, "problem": None, "years": choices, "report": report, "main_lines": main,
            "summary": pluralize(request.localizer, REQUESTS, report.received, year=year), "raw_year": str(year)}


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@view_config(route_name="access_requests_report_csv", permission=P.CASE_CREATE, request_method="GET")
def report_csv(request):
    year, problem = _read_year(request)
    if problem:
        return Response(problem, status=400, content_type="text/plain", charset="utf-8")
    report = year_report(request.dbsession, request.user, year)
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 with æøå correctly
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([_t(request, _("report-col-section", default="Section")),
                     _t(request, _("report-col-what", default="What")),
                     _t(request, _("report-col-value", default="Value"))])
    for row in lines(request, report):
        writer.writerow([_cell(v) for v in row])
    audit(request, "export", object_type="report", object_ref=f"aktindsigt-{year}", report="access_requests",
          year=year)
    return Response(buf.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8",
                    content_disposition=f'attachment; filename="aktindsigt-aarsrapport-{year}.csv"')
