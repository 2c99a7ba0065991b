"""Meetings: the year's meetings case, creating a meeting, its states, and
its agenda (order, late items, withdrawn items, papers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import sqlalchemy as sa

from ..cases.models import Case
from ..cases.services import create_case
from ..security.models import User
from .models import MEETING_STATES, AgendaItem, AgendaPaper, Meeting, MeetingCase, MeetingParticipant

NEXT_STATE = dict(zip(MEETING_STATES, MEETING_STATES[1:]))


def meetings_case(db, year: int, user) -> Case:
    """The case that holds ``year``'s meetings; created the first time."""
    row = db.get(MeetingCase, year)
    if row is not None:
        return db.get(Case, row.case_id)
    case = create_case(db, user=user, title=f"Styregruppemøder {year}", category="egen_drift", status="aaben",
                       description=f"Styregruppens møder i {year}: dagsordener, mødemapper, referater og beslutninger.",
                       responsible_id=user.id if user else None)
    db.add(MeetingCase(year=year, case_id=case.id))
    db.flush()
    return case


def register_meetings_case(db, year: int, case: Case) -> None:
    """Use an existing case (e.g. one moved in from an older system) for ``year``'s meetings."""
    db.add(MeetingCase(year=year, case_id=case.id))
    db.flush()


def create_meeting(db, user, *, title: str, starts_at: dt.datetime, ends_at: dt.datetime | None = None,
                   place: str = "", members=None) -> Meeting:
    case = meetings_case(db, starts_at.year, user)
    meeting = Meeting(case_id=case.id, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                      created_by_id=user.id if user else None)
    if members is None:  # the board, as it is today
        members = db.execute(sa.select(User).where(User.role == "styregruppe", User.active.is_(True))
                             .order_by(User.full_name)).scalars().all()
    for member in members:
        meeting.participants.append(MeetingParticipant(user_id=member.id, name=member.full_name, role="medlem"))
    db.add(meeting)
    db.flush()
    return meeting


def advance(meeting: Meeting) -> str:
    """planlagt → dagsorden udsendt → afholdt → referat godkendt."""
    nxt = NEXT_STATE.get(meeting.state)
    if nxt is None:
        raise ValueError(f"{meeting.state} is the last state")
    meeting.state = nxt
    return nxt


AGENDA_OPEN = ("planlagt", "dagsorden_udsendt")  # once the meeting is held, its agenda is what was dealt with
ATTENDANCE_OPEN = ("dagsorden_udsendt", "afholdt")  # recorded at the meeting, frozen with the minutes


def active_items(meeting: Meeting) -> list[AgendaItem]:
    return [i for i in meeting.items if not i.withdrawn]


def item_numbers(meeting: Meeting) -> dict[int, int]:
    """Item id → its number on the agenda (withdrawn items keep no number)."""
    return {item.id: n for n, item in enumerate(active_items(meeting), start=1)}


def add_item(db, meeting: Meeting, *, title: str, case: Case | None = None, recommendation: str = "") -> AgendaItem:
    """A new item goes last; once the agenda has been sent it is marked late."""
    position = max((i.position for i in meeting.items), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, title=title, case_id=case.id if case else None,
                      recommendation=recommendation, late=meeting.state != "planlagt")
    db.add(item)
    db.flush()
    return item


def move_item(meeting: Meeting, item: AgendaItem, step: int) -> bool:
    """Swap ``item`` with its neighbour (step -1 up, +1 down); False at an end."""
    items = sorted(meeting.items, key=lambda i: i.position)
    i = items.index(item)
    j = i + step
    if not 0 <= j < len(items):
        return False
    items[i].position, items[j].position = items[j].position, items[i].position
    return True


def set_papers(db, item: AgendaItem, document_ids: list[int]) -> None:
    keep = list(dict.fromkeys(document_ids))
    for paper in list(item.papers):
        if paper.document_id not in keep:
            item.papers.remove(paper)
    have = {p.document_id: p for p in item.papers}
    for n, doc_id in enumerate(keep, start=1):
        if doc_id in have:
            have[doc_id].position = n
        else:
            item.papers.append(AgendaPaper(document_id=doc_id, position=n))
    db.flush()


# -- the calendar feed's address -------------------------------------------------------

def calendar_token(secret: str, user: User) -> str:
    """A secret for a user's calendar address: Outlook cannot log in, so the
    address itself is the key. It changes with the user's password, which
    is how a user revokes a leaked address."""
    msg = f"calendar:{user.id}:{user.password_hash}".encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()[:40]


def user_for_token(db, secret: str, user_id: int, token: str) -> User | None:
    user = db.get(User, user_id)
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(calendar_token(secret, user), token) else None
