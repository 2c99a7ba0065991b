from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import NamedTuple

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..i18n import _, parse_date_input
from ..vocab import CASE_CATEGORIES, CASE_STATUSES, DOCUMENT_KINDS, DOCUMENT_STATUSES, REGIONS, SEARCH_TYPES
from .service import Filters, clean_query
from ..numbering import CaseNumber, DecisionNumber, DocumentNumber, typed_numbers
from ..parsing import ascii_int
from ..querystring import query_params
from ..security.audit import audit
from ..security.policy import user_principals
from ..security.permissions import Permission as P

class Numbered(NamedTuple):
    """A record a typed number names: its route, its number, its case's number."""

    route: str  # "case", "document" or "decision"
    number: CaseNumber | DocumentNumber | DecisionNumber
    case_number: CaseNumber  # (a decision: its meeting's case)


def _number_lookup(kind: str, role: str | None, n_principals: int):
    """The lookup of a ``kind`` number for a user of ``role`` (None: nobody
    may see anything) with ``n_principals`` principals: one SELECT of the number's unique index
    (``uq_cases_number``, ``uq_documents_number``, ``uq_decisions_number``)
    returning only the numbers, filtered by the same permission clauses as
    the lists (``visible_cases_clause`` and friends, held in step with the
    ACLs by tests). Built and compiled once per dialect, kind, role and
    number of principals (:func:`_compiled_lookup`), with the year, the
    running number and the principals (``principal_0`` …) as parameters:
    building the clauses took four fifths of a lookup, and an expanding
    ``IN`` parameter is re-rendered on every run. The
    clauses see a stand-in user with only ``role`` and ``active``: were one
    of them to ask for more of the user, it would fail loudly here rather
    than be cached for the wrong people. Each row: the record's year and
    running number, then its case's."""
    from ..meetings.access import visible_decisions
    from ..meetings.models import Decision, Meeting

    reader = SimpleNamespace(role=role, active=role is not None)
    principals = [sa.bindparam(f"principal_{i}") for i in range(n_principals)]
    if kind == "case":
        return sa.select(Case.year, Case.seq, Case.year.label("case_year"), Case.seq.label("case_seq")).where(
            Case.year == sa.bindparam("year"), Case.seq == sa.bindparam("seq"),
            visible_cases_clause(reader, principals=principals))
    if kind == "document":
        return (sa.select(Document.year, Document.seq, Case.year, Case.seq).join(Case, Case.id == Document.case_id)
                .where(Document.year == sa.bindparam("year"), Document.seq == sa.bindparam("seq"),
                       visible_documents_clause(reader), visible_cases_clause(reader, principals=principals)))
    stmt, _item_case = visible_decisions(reader, principals=principals)
    meeting_case = sa.select(Case).where(Case.id == Meeting.case_id)
    return stmt.with_only_columns(
        Decision.year, Decision.seq, meeting_case.with_only_columns(Case.year).scalar_subquery(),
        meeting_case.with_only_columns(Case.seq).scalar_subquery()).where(
        Decision.year == sa.bindparam("year"), Decision.seq == sa.bindparam("seq"))


NUMBER_KINDS = {CaseNumber: "case", DocumentNumber: "document", DecisionNumber: "decision"}


def numbered_record(db, user, q: str) -> Numbered | None:
    """The case, document or decision a typed number names, if ``user`` may
    see it (every way the text can be read as a number, short forms
    included), else None -- the same None for a number never used and for
    one the user may not see, from the same single query (one indexed
    lookup per reading, the permission clause inside it). The search page
    answers a typed number with this before any search (bench/search.py
    times it). Only numbers are read, no records: the caller needs the
    address and, for the audit trail, the case."""
    readings = typed_numbers(q)
    if not readings:
        return None
    role = user.role if user is not None and user.active else None
    principals = user_principals(user)
    params = {f"principal_{i}": p for i, p in enumerate(principals)}
    conn = db.connection()  # (the session's own connection and transaction)
    for number in readings:
        kind = NUMBER_KINDS[type(number)]
        row = _run_lookup(conn, _compiled_lookup(conn.dialect, kind, role, len(principals)),
                          {**params, "year": number.year, "seq": number.seq})
        if row is not None:
            return Numbered(kind, type(number)(row[0], row[1]), CaseNumber(row[2], row[3]))
    return None


class _Compiled(NamedTuple):
    sql: str
    names: tuple | None  # the parameters' order (a positional driver), else None (named)
    constants: dict  # the values the permission clauses bind themselves
    processors: dict  # name → the type's bind processor, where the dialect has one


@functools.lru_cache(maxsize=256)
def _compiled_lookup(dialect, kind: str, role: str | None, n_principals: int) -> _Compiled:
    """:func:`_number_lookup` compiled for ``dialect`` once: its SQL, the
    order of its parameters and the processing of their values."""
    compiled = _number_lookup(kind, role, n_principals).compile(
        dialect=dialect, compile_kwargs={"render_postcompile": True})
    processors = {}
    for name, bind in compiled.binds.items():
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    names = tuple(compiled.positiontup) if compiled.positional else None
    constants = {k: v for k, v in compiled.params.items() if v is not None}
    return _Compiled(compiled.string, names, constants, processors)


def _run_lookup(conn, compiled: _Compiled, values: dict):
    """The first row of ``compiled`` for ``values``, run on the driver's own
    cursor of ``conn``: SQLAlchemy's per-statement work (parameter
    processing, result metadata, the execution events) was six sevenths of
    a lookup, seven times the indexed read itself (bench/search.py's number
    jump). A driver error is raised as SQLAlchemy raises it (a
    ``DBAPIError``, so the unavailable page and the retries treat it alike),
    and a lost connection is invalidated as SQLAlchemy would."""
    params = {**compiled.constants, **values}
    for name, processor in compiled.processors.items():
        if name in params:
            params[name] = processor(params[name])
    args = tuple(params[name] for name in compiled.names) if compiled.names is not None else params
    dialect = conn.dialect
    dbapi_conn = conn.connection.driver_connection
    cursor = None
    try:
        cursor = dbapi_conn.cursor()
        cursor.execute(compiled.sql, args)
        return cursor.fetchone()
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
        if lost:
            conn.invalidate(exc)
        raise sa.exc.DBAPIError.instance(compiled.sql, args, exc, dialect.loaded_dbapi.Error,
                                         connection_invalidated=lost, dialect=dialect) from exc
    finally:
        if cursor is not None:
            try:
                cursor.close()
            except dialect.loaded_dbapi.Error:
                pass  # (the error above, if any, is the one to raise)


def jump_target(request, q: str):
    """Where the search page jumps for a typed number, and that record's case number."""
    found = numbered_record(request.dbsession, request.user, q)
    if found is None:
        return None, None
    return request.route_url(found.route, **{found.route: found.number.slug}), found.case_number


def read_filters(params) -> tuple[Filters, list]:
    """Filters from the query string; nonsense is dropped with a message."""
    messages = []
    f = Filters()
    for name, vocab in (("type", SEARCH_TYPES), ("kind", {**DOCUMENT_KINDS, "sag": None, "beslutning": None}), ("status", {**DOCUMENT_STATUSES, **CASE_STATUSES}),
                        ("category", CASE_CATEGORIES), ("region", REGIONS)):
        value = (params.get(name) or "").strip()
        if value in vocab:
            setattr(f, name, value)
    f.author = (params.get("author") or "").strip()[:200]
    f.year = ascii_int(params.get("year"), 1900, 2100)
    for name, attr in (("from", "date_from"), ("to", "date_to")):
        raw = (params.get(name) or "").strip()
        if raw:
            value = parse_date_input(raw[:40])
            if value is None:
                messages.append(_("filter-bad-date", default="“${value}” is not a date; that filter was ignored.",
                                  mapping={"value": raw[:40]}))
            setattr(f, attr, value)
    return f, messages


def principals_of(request):
    """The same principals the security policy and the query filters use."""
    return user_principals(request.user)


def run_search(request):
    """What both the page and the JSON API answer."""
    raw = request.GET.get("q", "")
    q = clean_query(raw)
    filters, messages = read_filters(request.GET)
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = ascii_int(request.GET.get("page"), 1, 10**5) or 1
    service = request.registry["search.service"]
    result = service.search(q, principals_of(request), filters, sort=sort, page=page)
    snippets = _snippets(request, service, result) if result.hits else {}
    return q, filters, sort, result, snippets, messages


def _snippets(request, service, result) -> dict:
    """Highlighted snippets from the database's text of the hits on this page
    (the database is the truth; the index stores no bodies)."""
    from ..documents.models import DocumentVersion
    from ..documents.sanitize import html_to_text
    from ..documents.versions import version_body

    db = request.dbsession
    doc_ids = [h.object_id for h in result.hits if h.type == "document" and not h.uid.endswith(":final")]
    case_ids = [h.object_id for h in result.hits if h.type == "case"]
    decision_ids = [h.object_id for h in result.hits if h.type == "decision"]
    texts = {}
    if decision_ids:
        from ..meetings.models import Decision

        for did, text in db.execute(sa.select(Decision.id, Decision.text).where(Decision.id.in_(decision_ids))):
            texts[f"decision:{did}"] = text
    if doc_ids:
        for did, body in db.execute(sa.select(Document.id, Document.body_html).where(Document.id.in_(doc_ids))):
            texts[f"doc:{did}"] = html_to_text(body)
    if case_ids:
        for cid, description in db.execute(sa.select(Case.id, Case.description).where(Case.id.in_(case_ids))):
            texts[f"case:{cid}"] = description or ""
    for h in result.hits:
        if h.uid.endswith(":final"):
            doc = db.get(Document, h.object_id)
            version = db.execute(sa.select(DocumentVersion).where(
                DocumentVersion.document_id == h.object_id, DocumentVersion.number == doc.final_version)).scalar_one_or_none() if doc else None
            texts[h.uid] = html_to_text(version_body(db, version)) if version else ""
    return {h.uid: service.highlight(result.text_query, result.schema, texts.get(h.uid, "")) for h in result.hits}


@view_config(route_name="search", renderer="rsi_case:templates/search/results.pt", permission=P.VIEW,
             request_method="GET")
def search(request):
    q = clean_query(request.GET.get("q", ""))
    if q:
        target, case = jump_target(request, q)
        # the fact of the search is for every reader of the log; its words, and
        # where it jumped, only for the searcher and administrators (audit.views.shown)
        audit(request, "search", object_type="search", object_ref=q[:64], query=q[:500],
              jump=str(case) if target and case is not None else "")
        if target and not request.GET.get("page"):
            return HTTPSeeOther(target)
    q, filters, sort, result, snippets, messages = run_search(request)
    return {"q": q, "filters": filters, "sort": sort, "result": result, "snippets": snippets, "messages": messages,
            "facet_names": FACET_NAMES, "hit_url": hit_url,
            "params": query_params(request, ("q", "type", "kind", "status", "category", "region", "author", "year",
                                             "from", "to", "sort"))}


FACET_NAMES = {"type": "type", "kind": "kind", "year": "year", "status": "status", "category": "category", "regions": "region",
               "author": "author"}


def hit_url(request, hit) -> str:
    if hit.type == "case":
        return request.route_url("case", case=hit.number.replace("/", "-"))
    if hit.type == "decision":
        return request.route_url("decision", decision=hit.number)
    return request.route_url("document", document=hit.number.replace("/", "-"))


@view_config(route_name="api_search", renderer="json", permission=P.VIEW, request_method="GET")
def api_search(request):
    q, filters, sort, result, snippets, messages = run_search(request)
    audit(request, "search", object_type="search", object_ref=q[:64], query=q[:500], api=True)
    if result.unavailable:
        request.response.status = 503
    return {
        "query": q, "total": result.total, "page": result.page, "pages": result.pages, "sort": sort,
        "unavailable": result.unavailable, "suggestion": result.suggestion,
        "searched_for": result.searched_for, "unknown_words": result.unknown_words,
        "ways_on": [{"kind": w.kind, "query": w.query, "total": w.total, "without_filters": w.without_filters}
                    for w in result.ways_on],
        "messages": [request.localizer.translate(m) for m in messages],
        "hits": [{
            "type": h.type, "number": h.number, "title": h.title, "kind": h.kind, "status": h.status,
            "case_number": h.case_number, "case_title": h.case_title,
            "date": h.date.date().isoformat() if h.date else None, "score": round(h.score, 4),
            "url": hit_url(request, h),
            "highlight": snippets.get(h.uid, ""),
        } for h in result.hits],
        "facets": {name: [[str(k), n] for k, n in values] for name, values in result.facets.items()},
    }
