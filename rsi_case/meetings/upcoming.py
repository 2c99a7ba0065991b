"""The next board meeting, for the home page: the first meeting from today
on that is not yet held, among those the user may see (a meeting is seen by
whoever may open its meetings case: the board, the secretariat, the
archivists — not an outside user granted one case), with the pack as sent
when it has been sent and the user may read it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.resources import DocumentResource
from ..i18n import today as danish_today
from ..security.permissions import Permission as P
from .models import Meeting, PackSending
from .services import LOCAL, meeting_day

NOT_YET_HELD = ("planlagt", "dagsorden_udsendt")


def next_meeting(request, today: dt.date | None = None) -> dict | None:
    """``{"meeting", "day", "sending"}`` of the user's next meeting, or None.
    A meeting today counts until it is marked held; ``sending`` is the last
    pack sent (not an addendum), or None while none is sent or the user may
    not read it."""
    today = today or danish_today()
    from_midnight = dt.datetime.combine(today, dt.time(0), tzinfo=LOCAL).astimezone(dt.UTC)
    db = request.dbsession
    meeting = db.execute(
        sa.select(Meeting).join(Case, Case.id == Meeting.case_id)
        .where(visible_cases_clause(request.user), Meeting.starts_at >= from_midnight,
               Meeting.state.in_(NOT_YET_HELD))
        .order_by(Meeting.starts_at, Meeting.id).limit(1)).scalar_one_or_none()
    if meeting is None:
        return None
    sending = db.execute(
        sa.select(PackSending).where(PackSending.meeting_id == meeting.id, PackSending.kind == "pack")
        .order_by(PackSending.sent_at.desc(), PackSending.id.desc()).limit(1)).scalar_one_or_none()
    if sending is not None and not request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, sending.document)):
        sending = None
    return {"meeting": meeting, "day": meeting_day(meeting), "sending": sending}
