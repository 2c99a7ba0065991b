"""Route factory for a meeting: its ACL is its meetings case's (whoever may
read the case reads its meetings; whoever may edit it prepares them)."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound

from ..resources import RootFactory
from ..security.permissions import case_acl
from .models import Meeting


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
    raw = request.matchdict.get("meeting", "")
    if not raw.isdigit() or len(raw) > 9:
        raise HTTPNotFound()
    meeting = request.dbsession.get(Meeting, int(raw))
    if meeting is None:
        raise HTTPNotFound()
    return MeetingResource(request, meeting)
