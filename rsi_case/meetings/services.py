"""Meetings: the year's meetings case, creating a meeting, its states, and
its agenda (order, late items, withdrawn items, papers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import sqlalchemy as sa

from html import escape
from zoneinfo import ZoneInfo

from .. import numbering
from ..cases.models import Case
from ..cases.services import create_case
from ..export.documents import annex_title
from ..i18n import _, format_date
from ..security.models import User
from ..security.permissions import Permission as P
from .access import CLOSED_TITLE, annexes, meeting_readers
from .models import MEETING_STATES, AgendaItem, AgendaPaper, Decision, Meeting, MeetingCase, MeetingParticipant

LOCAL = ZoneInfo("Europe/Copenhagen")

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


class MinutesMissing(Exception):
    """The minutes cannot be approved before they are written."""


def advance(db, meeting: Meeting, user) -> str:
    """planlagt → dagsorden udsendt → afholdt → referat godkendt. When the
    meeting is held its decisions get their numbers; approving the minutes
    makes them final and frozen (and with them the decisions)."""
    nxt = NEXT_STATE.get(meeting.state)
    if nxt is None:
        raise ValueError(f"{meeting.state} is the last state")
    if nxt == "referat_godkendt":
        approve_minutes(db, meeting, user)
    meeting.state = nxt
    if nxt == "afholdt":
        number_decisions(db, meeting)
    return nxt


AGENDA_OPEN = ("planlagt", "dagsorden_udsendt")  # once the meeting is held, its agenda is what was dealt with
ATTENDANCE_OPEN = ("dagsorden_udsendt", "afholdt")  # recorded at the meeting, frozen with the minutes


PARTICIPANTS_OPEN = ("planlagt", "dagsorden_udsendt", "afholdt")  # until the minutes are approved


def add_participant(db, meeting: Meeting, *, name: str, role: str, user: User | None = None) -> MeetingParticipant:
    """An adviser, a guest or another member invited to this meeting."""
    participant = MeetingParticipant(user_id=user.id if user else None, name=name, role=role)
    meeting.participants.append(participant)
    db.flush()
    return participant


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


# -- decisions and minutes -----------------------------------------------------------------

DECISIONS_OPEN = ("dagsorden_udsendt", "afholdt")  # recorded at or after the meeting, frozen with the minutes
MINUTES_OPEN = ("afholdt",)  # made once the meeting is held, until they are approved


class DecisionError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def meeting_day(meeting: Meeting) -> dt.date:
    return meeting.starts_at.astimezone(LOCAL).date()


def record_decision(db, meeting: Meeting, item: AgendaItem, text: str, user) -> Decision | None:
    """Record (or correct) what was decided under ``item``. Once the meeting is
    held a new decision gets its number at once; an empty text removes a
    decision that has no number yet (a numbered one is kept: numbers are never
    taken back)."""
    text = (text or "").strip()
    decision = item.decision
    if item.withdrawn:
        raise DecisionError(_("decision-withdrawn-item", default="A withdrawn item takes no decision."))
    if not text:
        if decision is None:
            return None
        if decision.seq is not None:
            raise DecisionError(_("decision-numbered-kept", default=(
                "Decision ${number} has its number and cannot be removed; write what was decided instead "
                "(e.g. “The item was postponed”)."), mapping={"number": str(decision.number)}))
        db.delete(decision)
        db.flush()
        return None
    if decision is None:
        decision = Decision(meeting=meeting, item=item, case_id=item.case_id, text=text,
                            created_by_id=user.id if user else None, updated_by_id=user.id if user else None)
        db.add(decision)
    else:
        decision.text, decision.case_id = text, item.case_id
        decision.updated_by_id = user.id if user else None
    db.flush()
    if meeting.state == "afholdt":
        number_decisions(db, meeting)
    return decision


def _decision_number_taken(db, year: int, seq: int) -> bool:
    return db.execute(sa.select(Decision.id).where(Decision.year == year, Decision.seq == seq)).first() is not None


def number_decisions(db, meeting: Meeting) -> list[Decision]:
    """Give the meeting's unnumbered decisions their numbers, in agenda order,
    in the series of the year the meeting was held (a meeting on 30 December
    takes that year's numbers, whenever its minutes are written)."""
    db.flush()
    db.refresh(meeting, ["decisions"])
    year = meeting_day(meeting).year
    numbers = item_numbers(meeting)
    pending = sorted((d for d in meeting.decisions if d.seq is None and not d.item.withdrawn),
                     key=lambda d: numbers.get(d.item_id, 10 ** 6))
    for decision in pending:
        seq = numbering.allocate(db, numbering.DECISION_SERIES, year, lambda n: _decision_number_taken(db, year, n))
        decision.year, decision.seq = year, seq
    db.flush()
    return pending


MINUTES = {  # the words of generated minutes
    "when": _("minutes-when", default="${date}, ${start}${end}, ${place}"),
    "participants": _("minutes-participants", default="Participants"),
    "present": _("minutes-present", default="Present"),
    "absent": _("minutes-absent", default="Sent apologies"),
    "invited": _("minutes-invited", default="Invited"),
    "case": _("minutes-case", default="Case ${number} ${title}"),
    "closed": _("minutes-closed", default=(
        "The item is closed: its case, recommendation, papers and decision are read by those who may open the case.")),
    "late": _("minutes-late", default="Added to the agenda late."),
    "recommendation": _("minutes-recommendation", default="Recommendation"),
    "papers": _("minutes-papers", default="Papers"),
    "annex": _("minutes-annex", default="Annex ${n}"),
    "annex_follows": _("minutes-annex-follows", default="Annex ${n}: follows (still a draft)"),
    "decision": _("minutes-decision", default="Decision"),
    "decision_numbered": _("minutes-decision-numbered", default="Decision ${number}"),
    "no_decision": _("minutes-no-decision", default="(none recorded)"),
}


def minutes_html(meeting: Meeting, translate, reader) -> str:
    """The minutes (mødereferat) of ``meeting`` as a document body: who took
    part, then each item with its case, recommendation, papers and decision.
    ``reader`` (``access.Reader``) is everyone who reads the meetings case: an
    item is open in the minutes when it is open to them all, and a closed item
    keeps its number and says nothing else. A paper is named as they all read
    it: a draft never final keeps its place as a paper that follows, with no
    title; a final paper with a new draft on top by its final version's title
    (the same rule as the packs, ``access.annexes``)."""
    from sqlalchemy.orm import object_session

    from ..documents.models import DocumentVersion

    def paper_title(annex) -> str:
        doc = annex.document
        if doc.status == "kladde" and doc.final_version and not reader.may(P.DRAFTS_VIEW, annex.resource):
            version = object_session(doc).execute(sa.select(DocumentVersion.title).where(
                DocumentVersion.document_id == doc.id, DocumentVersion.number == doc.final_version)).scalar()
            return version or doc.title
        return doc.title

    def t(key, **mapping):
        return escape(translate(MINUTES[key], mapping=mapping or None))

    numbers = item_numbers(meeting)
    start = meeting.starts_at.astimezone(LOCAL)
    end = meeting.ends_at.astimezone(LOCAL).strftime("%H:%M") if meeting.ends_at else ""
    out = [f"<p>{t('when', date=format_date(start.date()), start=start.strftime('%H:%M'), end=f'–{end}' if end else '', place=meeting.place or '—')}</p>",
           f"<h2>{t('participants')}</h2>"]
    from ..vocab import PARTICIPANT_ROLES

    def named(p):
        return p.name if p.role == "medlem" else f"{p.name} ({translate(PARTICIPANT_ROLES[p.role])})"

    for key, names in (("present", [named(p) for p in meeting.participants if p.attended]),
                       ("absent", [named(p) for p in meeting.participants if p.attended is False]),
                       ("invited", [named(p) for p in meeting.participants if p.attended is None])):
        if names:
            out.append(f"<p><strong>{t(key)}:</strong> {escape(', '.join(names))}</p>")
    for item in active_items(meeting):
        n = numbers[item.id]
        if not reader.sees(item):
            out.append(f"<h2>{n}. {escape(translate(CLOSED_TITLE))}</h2><p><em>{t('closed')}</em></p>")
            continue
        out.append(f"<h2>{n}. {escape(item.title)}</h2>")
        if item.case is not None:
            out.append(f"<p><em>{t('case', number=str(item.case.number), title=item.case.title)}</em></p>")
        if item.late:
            out.append(f"<p><em>{t('late')}</em></p>")
        if item.recommendation:
            out.append(f"<p><strong>{t('recommendation')}:</strong> {escape(item.recommendation)}</p>")
        papers = annexes(None, item, n, reader)
        if papers:
            out.append(f"<p><strong>{t('papers')}:</strong></p><ul>")
            out.extend(f"<li>{t('annex', n=a.label)}: {escape(str(a.document.number))} {escape(annex_title(paper_title(a)))}</li>"
                       if a.readable else f"<li>{t('annex_follows', n=a.label)}</li>" for a in papers)
            out.append("</ul>")
        decision = item.decision
        if decision is None:
            out.append(f"<p><strong>{t('decision')}:</strong> {t('no_decision')}</p>")
            continue
        label = t("decision_numbered", number=str(decision.number)) if decision.number else t("decision")
        paragraphs = [p.strip() for p in decision.text.split("\n\n") if p.strip()] or [""]
        out.append(f"<p><strong>{label}:</strong> {escape(paragraphs[0])}</p>")
        out.extend(f"<p>{escape(p)}</p>" for p in paragraphs[1:])
    return "".join(out)


def minutes_title(meeting: Meeting, translate) -> str:
    return translate(_("minutes-title", default="Minutes of ${title} ${date}",
                       mapping={"title": meeting.title, "date": format_date(meeting_day(meeting))}))[:300]


def generate_minutes(db, meeting: Meeting, user, translate) -> tuple:
    """Write the minutes from the meeting and its decisions into the meetings
    case: a new document the first time, a new version of it afterwards (so
    what someone wrote in it by hand is kept in its history). Returns the
    document and whether anything changed. The minutes are the same whoever
    makes them: an item is open in them when everyone who reads the meetings
    case may open its case (``access.meeting_readers``)."""
    from ..documents.sanitize import clean_html
    from ..documents.services import create_document
    from ..documents.versions import save_version, state_of

    if meeting.minutes is not None and meeting.minutes.frozen:
        raise DecisionError(_("minutes-frozen", default="The minutes are approved and can no longer be changed."))
    body = clean_html(minutes_html(meeting, translate, meeting_readers(None, meeting)))
    title = minutes_title(meeting, translate)
    author = {"author_id": user.id if user else None, "author_name": user.full_name if user else "",
              "author_phone": user.phone if user else "", "author_email": user.email if user else ""}
    if meeting.minutes is None:
        doc = create_document(db, case=meeting.case, user=user, body_html=body, kind="moedereferat", title=title,
                              doc_date=meeting_day(meeting), status="kladde",
                              note=translate(_("minutes-generated", default="Made from the meeting and its decisions")),
                              **author)
        meeting.minutes_document_id = doc.id
        meeting.minutes = doc
        db.flush()
        return doc, True
    doc = meeting.minutes
    if doc.body_html == body and doc.title == title and doc.status == "kladde":
        return doc, False
    state = state_of(doc)
    state.update(title=title, status="kladde")
    save_version(db, doc, user=user, state=state, body_html=body, base=None,
                 note=translate(_("minutes-regenerated", default="Made again from the meeting and its decisions")))
    return doc, True


def approve_minutes(db, meeting: Meeting, user) -> None:
    """The minutes become final and frozen (a last version marks it)."""
    from ..documents.versions import save_version, state_of
    from ..export.documents import danish

    doc = meeting.minutes
    if doc is None:
        raise MinutesMissing()
    if doc.status != "endelig":
        state = state_of(doc)
        state["status"] = "endelig"
        save_version(db, doc, user=user, state=state, body_html=doc.body_html, base=None,
                     note=danish()(_("minutes-approved-note", default="The minutes were approved")))
    doc.frozen = True
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
    # compare_digest refuses non-ASCII text (TypeError): compare the bytes
    return user if hmac.compare_digest(calendar_token(secret, user).encode(), token.encode()) else None
