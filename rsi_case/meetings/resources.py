"""Route factory for a meeting: its ACL is its meetings case's (whoever may
read the case reads its meetings; whoever may edit it prepares them)."""

from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound

from ..cases.resources import case_visible
from ..numbering import DecisionNumber, NumberError
from ..parsing import id_or_404
from ..resources import RootFactory
from ..security.permissions import case_acl
from .models import Decision, Meeting


class MeetingResource:
    def __init__(self, request, meeting: Meeting):
        self.request = request
        self.meeting = meeting
        self.case = meeting.case
        self.__name__ = str(meeting.id)
        self.__parent__ = RootFactory(request)

    def __acl__(self):
        return case_acl(self.case)


def meeting_factory(request):
    meeting = request.dbsession.get(Meeting, id_or_404(request.matchdict.get("meeting")))
    if meeting is None:
        raise HTTPNotFound()
    return MeetingResource(request, meeting)


class DecisionResource:
    """A numbered decision: read by whoever reads its meeting (the meetings
    case's ACL). A decision about a case the user may not open does not exist
    for them (404), as in the register and in search."""

    def __init__(self, request, decision: Decision):
        self.request = request
        self.decision = decision
        self.meeting = decision.meeting
        self.case = decision.meeting.case
        self.__name__ = str(decision.number)
        self.__parent__ = RootFactory(request)

    def __acl__(self):
        return case_acl(self.case)


def decision_factory(request):
    try:
        number = DecisionNumber.parse(request.matchdict.get("decision", "")[:40])
    except NumberError:
        raise HTTPNotFound() from None
    decision = request.dbsession.execute(sa.select(Decision).where(
        Decision.year == number.year, Decision.seq == number.seq)).scalar_one_or_none()
    if decision is None:
        raise HTTPNotFound()
    if decision.case_id is not None and not case_visible(request.dbsession, request.user, decision.case_id):
        raise HTTPNotFound()
    return DecisionResource(request, decision)
