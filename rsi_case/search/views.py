from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import as_read_by, title_for, visible_documents_clause
from ..i18n import _
from ..numbering import CaseNumber, DocumentNumber, NumberError
from ..security.audit import audit
from ..security.permissions import Permission as P

MAX_QUERY = 500
MAX_WORDS = 8


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def jump_target(request, q: str):
    """The case or document a typed number names, if the user may see it."""
    for parse, model, clause, route, key in (
        (CaseNumber.parse, Case, visible_cases_clause, "case", "case"),
        (DocumentNumber.parse, Document, visible_documents_clause, "document", "document"),
    ):
        try:
            number = parse(q)
        except NumberError:
            continue
        where = [model.year == number.year, model.seq == number.seq, clause(request.user)]
        if model is Document:
            stmt = sa.select(Document).join(Case).where(*where, visible_cases_clause(request.user))
        else:
            stmt = sa.select(Case).where(*where)
        found = request.dbsession.execute(stmt).scalar_one_or_none()
        if found is not None:
            return request.route_url(route, **{key: found.number.slug}), (found if model is Case else found.case)
    return None, None


@view_config(route_name="search", renderer="rsi_case:templates/search/results.pt", permission=P.VIEW,
             request_method="GET")
def search(request):
    raw = request.GET.get("q", "")
    q = unicodedata.normalize("NFC", "".join(ch for ch in raw if ch.isprintable()))[:MAX_QUERY].strip()
    result = {"q": q, "cases": [], "documents": [], "message": None}
    if not q:
        return result
    target, case = jump_target(request, q)
    # a jump is logged against its case: readers of the log who may not see
    # that case (a confidential one) do not learn that the number exists
    audit(request, "search", object_type="search", object_ref=q[:64], query=q[:500], jumped=bool(target), case=case)
    if target:
        return HTTPSeeOther(target)
    words = [w for w in re.split(r"[\s\"'()]+", q) if len(w) >= 2][:MAX_WORDS]
    if not words:
        result["message"] = _("search-too-short", default="Type at least two letters.")
        return result
    case_where = [Case.title.ilike(f"%{_escape_like(w)}%", escape="\\") for w in words]
    title = title_for(request.user)  # the board searches the final version's title, not a draft's
    doc_where = [title.ilike(f"%{_escape_like(w)}%", escape="\\") for w in words]
    result["cases"] = request.dbsession.execute(
        sa.select(Case).where(visible_cases_clause(request.user), *case_where)
        .order_by(Case.year.desc(), Case.seq.desc()).limit(50)).scalars().all()
    result["documents"] = as_read_by(request.dbsession, request.user, request.dbsession.execute(
        sa.select(Document).join(Case).where(visible_cases_clause(request.user),
                                             visible_documents_clause(request.user), *doc_where)
        .order_by(Document.doc_date.desc()).limit(50)).scalars().all())
    return result
