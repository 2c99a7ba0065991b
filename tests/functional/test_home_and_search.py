import datetime as dt
import itertools

import pytest
import sqlalchemy as sa
from pyramid.request import Request
from pyramid.threadlocal import manager

from rsi_case.cases.models import Case
from rsi_case.cases.resources import CaseResource, visible_cases_clause
from rsi_case.documents.models import Document
from rsi_case.documents.resources import DocumentResource, visible_documents_clause
from rsi_case.security.models import User
from rsi_case.security.permissions import Permission as P


@pytest.fixture
def corpus(make_case, make_document):
    open_case = make_case(title="Fælles telefoni", number="24/2213", status="aaben")
    closed = make_case(title="Sikker mail", number="19/0100", status="lukket", closed_on=dt.date(2020, 1, 1))
    archived = make_case(title="Laboratoriesystem", number="09/2867", status="arkiveret", closed_on=dt.date(2011, 9, 30),
                         opened_on=dt.date(2009, 3, 2))
    docs = {
        "draft": make_document(open_case, title="Udkast til telefoniaftale", status="kladde"),
        "final": make_document(open_case, title="Aftale om fælles telefoni", status="endelig", number="12345/24"),
        "old": make_document(archived, title="Notat om laboratoriesystem", status="endelig", number="62947/09"),
        "closed": make_document(closed, title="Referat om sikker mail", status="endelig"),
    }
    return {"open": open_case, "closed": closed, "archived": archived, **docs}


def test_home_per_role(as_role, corpus, users, db):
    with db() as s:
        case = s.execute(sa.select(Case).where(Case.year == 2024)).scalar_one()
        case.responsible_id = users["sekretariat"]
    sek = as_role("sekretariat").get("/")
    assert "Mine åbne sager" in sek.text and "Fælles telefoni" in sek.text
    assert "Udkast til telefoniaftale" in sek.text  # latest drafts
    board = as_role("styregruppe").get("/")
    assert "Aftale om fælles telefoni" in board.text
    assert "Udkast til telefoniaftale" not in board.text
    assert "Notat om laboratoriesystem" not in board.text  # archived case
    arch = as_role("arkivar").get("/")
    assert 'name="q"' in arch.text and "Laboratoriesystem" in arch.text and "Sikker mail" in arch.text


@pytest.mark.parametrize("typed,target", [("24/2213", "/cases/24-2213"), (" 24-2213 ", "/cases/24-2213"),
                                          ("62947/09", "/documents/62947-09"), ("12345-24", "/documents/12345-24")])
def test_a_typed_number_jumps_to_the_record(as_role, corpus, typed, target):
    r = as_role("arkivar").get("/search", params={"q": typed}, status=303)
    assert r.location.endswith(target)


def test_search_never_reveals_what_the_user_may_not_see(as_role, corpus):
    board = as_role("styregruppe")
    # an archived case's number does not jump for the board, and its documents are not listed
    r = board.get("/search", params={"q": "09/2867"}, status=200)
    assert "Laboratoriesystem" not in r.text
    r = board.get("/search", params={"q": "telefoni"})
    assert "Aftale om fælles telefoni" in r.text and "Udkast til telefoniaftale" not in r.text


@pytest.mark.parametrize("q", ['"', "((", "AND", "%", "_", "\\", "a" * 10000, "\x01\x02", "' OR 1=1 --", "x"])
def test_nonsense_search_never_breaks(as_role, corpus, q):
    r = as_role("sekretariat").get("/search", params={"q": q})
    assert r.status_int == 200


def test_query_filters_agree_with_the_acls(app, corpus, users, db):
    """visible_*_clause (used by lists, counts, search, dashboard) must say
    exactly what the ACLs say, for every role and every record."""
    with db() as s:
        for role, uid in users.items():
            user = s.get(User, uid)
            request = Request.blank("/")
            request.registry = app.registry
            request.dbsession = s
            request.user = user
            manager.push({"request": request, "registry": app.registry})
            try:
                listed = set(s.execute(sa.select(Case.id).where(visible_cases_clause(user))).scalars())
                for case in s.execute(sa.select(Case)).scalars():
                    allowed = bool(request.has_permission(P.CASE_VIEW, CaseResource(request, case)))
                    assert allowed == (case.id in listed), (role, case.title)
                docs = set(s.execute(sa.select(Document.id).where(visible_documents_clause(user))).scalars())
                for doc in s.execute(sa.select(Document)).scalars():
                    allowed = bool(request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, doc)))
                    assert allowed == (doc.id in docs and doc.case_id in listed), (role, doc.title)
            finally:
                manager.pop()
