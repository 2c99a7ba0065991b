from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa
from pyramid.response import Response
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..i18n import _, _local_tz, parse_date_input, today as danish_today
from ..numbering import CaseNumber, DocumentNumber, NumberError
from ..parsing import ascii_int
from ..security.audit import ACTIONS, audit
from ..security.models import AuditEvent
from ..security.permissions import Permission as P

PAGE = 100
CSV_COLUMNS = ("tidspunkt_utc", "bruger", "handling", "objekttype", "objekt", "sag", "adresse", "udfald", "detaljer")


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Danish time, as UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=_local_tz()).astimezone(dt.UTC)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula
    (a typed login or search query can start with = + - @)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# What a user typed into a search box or a filter: it may name what only the
# typist may see (a confidential document number, a word only that case
# holds), so it is theirs and the administrators' to read. Every other reader
# of the log sees that the event happened — who, when, from where, with what
# outcome — but not the words (docs/security.md, "The audit trail").
TYPED_ACTIONS = frozenset({"search"})   # object_ref is the typed text
TYPED_DETAIL = frozenset({"query", "jump", "filters"})
WORDS_HIDDEN = "…"


def sees_words(reader, event) -> bool:
    """``reader`` is a (user id, role) pair: the CSV is written after the request's session has ended."""
    return reader is not None and (reader[1] == "admin" or event.user_id == reader[0])


def reader_of(request):
    user = request.user
    return (user.id, user.role) if user is not None else None


class Shown:
    """An audit event as ``reader`` may read it (the page and the CSV alike)."""

    __slots__ = ("at", "login", "action", "object_type", "object_ref", "case_ref", "address", "outcome", "detail",
                 "words_hidden")

    def __init__(self, event, reader):
        for name in ("at", "login", "action", "object_type", "object_ref", "case_ref", "address", "outcome"):
            setattr(self, name, getattr(event, name))
        detail = dict(event.detail or {})
        self.words_hidden = False
        if not sees_words(reader, event):
            typed = {k for k in detail if k in TYPED_DETAIL}
            if typed or event.action in TYPED_ACTIONS:
                self.words_hidden = True
            for key in typed:
                detail[key] = WORDS_HIDDEN
            if event.action in TYPED_ACTIONS:
                self.object_ref = WORDS_HIDDEN
        self.detail = detail


class AuditQuery:
    """Filters read leniently from the query string; nonsense is dropped with a message."""

    def __init__(self, params, case=None):
        self.messages = []
        self.case = case
        self.user = (params.get("user") or "").strip()[:64]
        self.object = (params.get("object") or "").strip()[:40]
        self.action = params.get("action") or ""
        if self.action not in ACTIONS:
            self.action = ""
        self.date_from = self._date(params.get("from"))
        self.date_to = self._date(params.get("to"))
        self.before = ascii_int(params.get("before"))

    def _date(self, raw):
        raw = (raw or "").strip()
        if not raw:
            return None
        value = parse_date_input(raw[:40])
        if value is None:
            self.messages.append(_("filter-bad-date", default="“${value}” is not a date; that filter was ignored.",
                                   mapping={"value": raw[:40]}))
        return value

    def object_refs(self):
        """A typed case or document number in any accepted form, as stored."""
        refs = {self.object}
        for parse in (CaseNumber.parse, DocumentNumber.parse):
            try:
                refs.add(str(parse(self.object)))
            except NumberError:
                pass
        return refs

    def where(self, user):
        clauses = []
        if user.role != "admin":
            # events about cases the reader may not see are not shown either
            clauses.append(sa.or_(AuditEvent.case_id.is_(None),
                                  AuditEvent.case_id.in_(sa.select(Case.id).where(visible_cases_clause(user)))))
        if self.case is not None:
            clauses.append(AuditEvent.case_id == self.case.id)
        if self.user:
            clauses.append(AuditEvent.login == self.user.lower())
        if self.object:
            refs = self.object_refs()
            clauses.append(sa.or_(AuditEvent.object_ref.in_(refs), AuditEvent.case_ref.in_(refs)))
            if user.role != "admin":
                # others' typed words are not shown, so they cannot be found by filtering either
                clauses.append(sa.or_(AuditEvent.action.not_in(TYPED_ACTIONS), AuditEvent.user_id == user.id))
        if self.action:
            clauses.append(AuditEvent.action == self.action)
        # the dates typed are Danish days, as the times on the page are Danish time
        if self.date_from:
            clauses.append(AuditEvent.at >= _day_start(self.date_from))
        if self.date_to:
            clauses.append(AuditEvent.at < _day_start(self.date_to + dt.timedelta(days=1)))
        return clauses

    def params(self, **change):
        values = {"user": self.user, "object": self.object, "action": self.action,
                  "from": self.date_from.strftime("%d-%m-%Y") if self.date_from else "",
                  "to": self.date_to.strftime("%d-%m-%Y") if self.date_to else ""}
        values.update(change)
        return {k: v for k, v in values.items() if v}


def _page(request, case=None):
    q = AuditQuery(request.GET, case)
    where = q.where(request.user)
    if q.before:
        where.append(AuditEvent.id < q.before)
    rows = request.dbsession.execute(
        sa.select(AuditEvent).where(*where).order_by(AuditEvent.id.desc()).limit(PAGE + 1)).scalars().all()
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    next_before = rows[-1].id if more and rows else None
    rows = [Shown(e, reader_of(request)) for e in rows]
    audit(request, "audit_view", object_type="case" if case else "audit",
          object_ref=str(case.number) if case else "", case=case, filters=q.params())
    seen_by = []
    if case is not None:
        seen_by = request.dbsession.execute(
            sa.select(AuditEvent.login, sa.func.count(), sa.func.max(AuditEvent.at))
            .where(AuditEvent.case_id == case.id, AuditEvent.action.in_(
                ("case_view", "document_view", "attachment_download", "export")), AuditEvent.outcome == "ok")
            .group_by(AuditEvent.login).order_by(sa.func.max(AuditEvent.at).desc())).all()
    return {"q": q, "rows": rows, "more": more, "next_before": next_before,
            "actions": ACTIONS, "case": case, "seen_by": seen_by}


@view_config(route_name="audit", renderer="rsi_case:templates/audit/list.pt", permission=P.AUDIT_VIEW,
             request_method="GET")
def audit_list(request):
    return _page(request)


@view_config(route_name="case_audit", renderer="rsi_case:templates/audit/list.pt", permission=P.AUDIT_VIEW,
             request_method="GET")
def case_audit(context, request):
    return _page(request, context.case)


@view_config(route_name="audit_csv", permission=P.AUDIT_VIEW, request_method="GET")
def audit_csv(request):
    q = AuditQuery(request.GET)
    stmt = (sa.select(AuditEvent).where(*q.where(request.user)).order_by(AuditEvent.id.asc())
            .execution_options(yield_per=1000))
    audit(request, "audit_export", object_type="audit", filters=q.params())
    engine = request.registry["db.engine"]
    reader = reader_of(request)

    def rows():
        # streamed after the request's own transaction has ended: a connection of its own
        from sqlalchemy.orm import Session

        with Session(engine) as db:
            yield from _csv_chunks(db)

    def _csv_chunks(db):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        buf.write("\ufeff")  # Excel opens UTF-8 with æøå correctly
        writer.writerow(CSV_COLUMNS)
        for event in db.execute(stmt).scalars():
            event = Shown(event, reader)
            writer.writerow([_cell(v) for v in (
                event.at.strftime("%Y-%m-%d %H:%M:%S"), event.login, event.action, event.object_type,
                event.object_ref, event.case_ref, event.address, event.outcome,
                ";".join(f"{k}={v}" for k, v in sorted((event.detail or {}).items())))])
            if buf.tell() > 64 * 1024:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue().encode("utf-8")

    name = f"revisionsspor-{danish_today():%Y%m%d}.csv"
    return Response(app_iter=rows(), content_type="text/csv", charset="utf-8",
                    content_disposition=f'attachment; filename="{name}"')


