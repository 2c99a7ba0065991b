"""The decisions register: every numbered decision of the board, filterable
by year, category, case and region, searchable in full text (through the
search index, where decisions are their own type), each with its meeting,
case and papers — trimmed to what the reader may see."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.view import view_config
from sqlalchemy.orm import selectinload

from ..cases.resources import case_visible, find_case
from ..i18n import _
from ..numbering import CaseNumber, NumberError
from ..search.service import Filters, clean_query
from ..parsing import ascii_int
from ..querystring import query_params
from ..security.audit import audit
from ..security.permissions import Permission as P
from ..vocab import CASE_CATEGORIES, REGIONS
from . import services
from .access import Reader, visible_decisions
from .models import AgendaItem, Decision, Meeting

PAGE_SIZE = 50
MAX_TEXT_HITS = 2000  # a full-text query narrows the register to at most this many decisions


def _year(raw) -> int | None:
    return ascii_int(raw, 1900, 2200)


def read_filters(request):
    """The register's filters from the query string; nonsense is dropped with a Danish message."""
    params, messages = request.GET, []
    values = {k: (params.get(k) or "").strip()[:200] for k in ("q", "year", "from", "to", "category", "region", "case")}
    f = {"q": clean_query(values["q"]), "year": _year(values["year"]), "from": _year(values["from"]),
         "to": _year(values["to"]), "category": values["category"] if values["category"] in CASE_CATEGORIES else "",
         "region": values["region"] if values["region"] in REGIONS else "", "case": None}
    for name in ("year", "from", "to"):
        if values[name] and f[name] is None:
            messages.append(_("register-bad-year", default="“${value}” is not a year; that filter was ignored.",
                              mapping={"value": values[name][:20]}))
    if values["case"]:
        try:
            number = CaseNumber.parse(values["case"])
        except NumberError as exc:
            messages.append(_("register-bad-case", default="${problem} That filter was ignored.",
                              mapping={"problem": request.localizer.translate(exc.msg, mapping=exc.mapping)}))
        else:
            case = find_case(request.dbsession, number)
            if case is not None and case_visible(request.dbsession, request.user, case.id):
                f["case"] = case
            else:
                messages.append(_("agenda-case-unknown", default="There is no case ${number} that you may open.",
                                  mapping={"number": values["case"][:20]}))
    return f, values, messages


def _text_hits(request, q: str, f):
    """(ids of the decisions matching ``q`` in the search index -- None: search
    is unavailable --, whether there were more, the search result)."""
    service = request.registry["search.service"]
    from ..security.policy import user_principals

    filters = Filters(type="decision", category=f["category"], region=f["region"], year=f["year"] or None)
    result = service.search(q, user_principals(request.user), filters, pagelen=MAX_TEXT_HITS, facets=False,
                            guidance=False)
    if result.unavailable:
        return None, False, result
    return [h.object_id for h in result.hits], result.total > MAX_TEXT_HITS, result


@view_config(route_name="decisions", renderer="rsi_case:templates/decisions/list.pt", permission=P.VIEW,
             request_method="GET")
def decisions_register(request):
    f, values, messages = read_filters(request)
    stmt, item_case = visible_decisions(request.user)
    if f["year"]:
        stmt = stmt.where(Decision.year == f["year"])
    if f["from"]:
        stmt = stmt.where(Decision.year >= f["from"])
    if f["to"]:
        stmt = stmt.where(Decision.year <= f["to"])
    if f["category"]:
        stmt = stmt.where(item_case.category == f["category"])
    if f["region"]:
        # the lead region, or one of the taking part (a JSON list: matched as its text, codes are fixed words)
        stmt = stmt.where(sa.or_(item_case.lead_region == f["region"],
                                 sa.cast(item_case.participating_regions, sa.String).like(f'%"{f["region"]}"%')))
    if f["case"] is not None:
        stmt = stmt.where(Decision.case_id == f["case"].id)
    ranked, unavailable, capped, searched = None, False, False, None
    if f["q"]:
        ranked, capped, searched = _text_hits(request, f["q"], f)
        if ranked is None:
            unavailable, ranked = True, []
        stmt = stmt.where(Decision.id.in_(ranked))
        audit(request, "search", object_type="search", object_ref=f["q"][:64], query=f["q"][:500], register=True)
    total = request.dbsession.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    years = _year_counts(request, stmt)
    page = ascii_int(request.GET.get("page"), 1, 10 ** 5) or 1
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    # each row shows its item's number on the agenda: the meetings' items come with them, not one query a row
    options = (selectinload(Decision.meeting).selectinload(Meeting.items),
               selectinload(Decision.item).selectinload(AgendaItem.papers), selectinload(Decision.case))
    # a register: newest first, also when words narrow it (the search page ranks by relevance)
    rows = request.dbsession.execute(stmt.options(*options).order_by(Decision.year.desc(), Decision.seq.desc())
                                     .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars().all()
    return {"decisions": [_row(request, d) for d in rows], "total": total, "page": page, "pages": pages,
            "filters": f, "values": values, "messages": messages, "years": years, "unavailable": unavailable,
            "capped": capped, "searched": searched, "categories": CASE_CATEGORIES, "regions": REGIONS, "local": services.LOCAL,
            "params": query_params(request, ("q", "year", "from", "to", "category", "region", "case"))}


def _year_counts(request, stmt):
    """Decisions per year among those the filters and words select (the
    register's ``stmt``: what the reader may see, narrowed by every filter),
    as search counts its facets."""
    sub = stmt.with_only_columns(Decision.year).subquery()
    return request.dbsession.execute(sa.select(sub.c.year, sa.func.count()).group_by(sub.c.year)
                                     .order_by(sub.c.year.desc())).all()


def _row(request, decision: Decision) -> dict:
    """A decision with what the reader may follow from it: its meeting, case and papers."""
    from ..documents.resources import DocumentResource

    item = decision.item
    papers = [p.document for p in item.papers
              if request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, p.document))]
    numbers = services.item_numbers(decision.meeting)
    return {"decision": decision, "meeting": decision.meeting, "item": item, "item_number": numbers.get(item.id),
            "case": decision.case, "papers": papers, "day": services.meeting_day(decision.meeting)}


@view_config(route_name="decision", renderer="rsi_case:templates/decisions/view.pt", permission=P.CASE_VIEW,
             request_method="GET")
def decision_view(context, request):
    row = _row(request, context.decision)
    minutes = context.meeting.minutes
    from ..documents.resources import DocumentResource

    if minutes is not None and not request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, minutes)):
        minutes = None
    return {**row, "minutes": minutes, "local": services.LOCAL}


def case_card(request, case):
    """The decisions made in ``case`` (the case page's card), newest first:
    those of meetings the reader may see (``visible_decisions``), and of
    those only the ones whose agenda item is open to the reader (``Reader``:
    a decision under a closed item is not shown, not even counted)."""
    stmt, _item_case = visible_decisions(request.user)
    rows = request.dbsession.execute(
        stmt.where(Decision.case_id == case.id)
        .options(selectinload(Decision.meeting), selectinload(Decision.item).selectinload(AgendaItem.case))
        .order_by(Decision.year.desc(), Decision.seq.desc())).scalars().all()
    reader = Reader(request)
    shown = [d for d in rows if reader.sees(d.item)]
    if not shown:
        return None
    return {"decisions": [{"decision": d, "meeting": d.meeting, "item": d.item,
                           "day": services.meeting_day(d.meeting)} for d in shown]}
