"""Route factories for cases: load the case named in the URL and give it an ACL."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound

from ..numbering import CaseNumber, NumberError
from ..resources import RootFactory
from ..security.permissions import case_acl
from ..security.policy import user_principals
from .models import Case, CaseGrant


class CaseResource:
    def __init__(self, request, case: Case):
        self.request = request
        self.case = case
        self.__name__ = case.number.slug
        self.__parent__ = RootFactory(request)

    def __acl__(self):
        return case_acl(self.case)


def find_case(dbsession, number: CaseNumber) -> Case | None:
    return dbsession.execute(
        sa.select(Case).where(Case.year == number.year, Case.seq == number.seq)
    ).scalar_one_or_none()


def case_factory(request):
    try:
        number = CaseNumber.parse(request.matchdict["case"])
    except NumberError:
        raise HTTPNotFound() from None
    case = find_case(request.dbsession, number)
    if case is None:
        raise HTTPNotFound()
    return CaseResource(request, case)


def case_visible(dbsession, user, case_id: int) -> bool:
    """Whether ``user`` may open the case ``case_id`` (the same rule as the lists)."""
    return dbsession.execute(sa.select(Case.id).where(Case.id == case_id, visible_cases_clause(user))).first() is not None


def granted_clause(principals, roles=None, case=Case):
    """Cases on which one of ``principals`` holds a local role."""
    where = [CaseGrant.case_id == case.id, CaseGrant.principal.in_(principals)]
    if roles is not None:
        where.append(CaseGrant.role.in_(roles))
    return sa.exists(sa.select(CaseGrant.id).where(*where))


def visible_cases_clause(user, case=Case, principals=None):
    """The case ACLs (security.permissions.case_acl) as a query filter, so lists,
    counts, search and the dashboard show exactly the cases a user may open
    (a test holds the two in step for every role and case). ``case`` may be an
    alias of Case, for a query that joins two cases. ``principals`` may be a
    bind parameter standing for the user's principals: the clause then
    depends on the user only through ``active`` and ``role``, so a statement
    made with it serves every user of that role (search.views.numbered_record
    keeps one per role)."""
    if user is None or not user.active:
        return sa.false()
    if user.role == "admin":
        return sa.true()
    granted = granted_clause(user_principals(user) if principals is None else principals, case=case)
    if user.role == "bruger":
        open_to_role = sa.false()
    elif user.role == "styregruppe":
        open_to_role = sa.and_(case.confidential.is_(False), case.status != "arkiveret")
    else:
        open_to_role = case.confidential.is_(False)
    return sa.or_(open_to_role, granted)
