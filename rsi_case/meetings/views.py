"""Board meetings: the list, a new meeting, the meeting page (state,
participants and attendance, the agenda), and the calendar feed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..cases.models import Case
from ..cases.resources import case_visible, find_case, visible_cases_clause
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..export.documents import annex_title
from ..forms import clean_text
from ..i18n import _, parse_date_input
from ..numbering import CaseNumber, NumberError
from ..parsing import ascii_int, ascii_ints
from ..security.audit import audit
from ..security.hosts import public_app_url
from ..security.permissions import Permission as P
from ..vocab import MEETING_STATES
from . import access, packs, services
from .models import AgendaItem, Meeting

LOCAL = ZoneInfo("Europe/Copenhagen")


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _visible_meetings(request):
    return (sa.select(Meeting).join(Case, Case.id == Meeting.case_id)
            .where(visible_cases_clause(request.user)).order_by(Meeting.starts_at.desc()))


@view_config(route_name="meetings", renderer="rsi_case:templates/meetings/list.pt", permission=P.VIEW,
             request_method="GET")
def meeting_list(request):
    meetings = request.dbsession.execute(_visible_meetings(request).limit(200)).scalars().all()
    now = dt.datetime.now(dt.UTC)
    feed = None
    if request.user is not None:
        token = services.calendar_token(request.registry.settings["rsi_case.secret"], request.user)
        feed = request.route_url("calendar", user=request.user.id, token=token, _app_url=public_app_url(request))
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    return {"sections": [(_("meetings-coming", default="Coming"), upcoming),
                         (_("meetings-past", default="Held and past"), past)], "feed": feed,
            "can_create": bool(request.has_permission(P.CASE_CREATE, request.root))}


def _parse_when(date_raw: str, time_raw: str):
    day = parse_date_input(date_raw[:40]) if date_raw.strip() else None
    try:
        hh, mm = (ascii_int(x) for x in (time_raw.strip() or "").replace(".", ":").split(":", 1))
        clock = dt.time(hh, mm)
    except (ValueError, TypeError):
        clock = None
    if day is None or clock is None or not 2000 <= day.year <= 2100:
        return None
    return dt.datetime.combine(day, clock, tzinfo=LOCAL).astimezone(dt.UTC)


@view_config(route_name="meeting_new", renderer="rsi_case:templates/meetings/new.pt", permission=P.CASE_CREATE,
             request_method=("GET", "POST"))
def meeting_new(request):
    values = {"title": "Styregruppemøde", "date": "", "start": "13:00", "end": "16:00",
              "place": "Danske Regioner, Dampfærgevej 22, København Ø"}
    errors = {}
    if request.method == "POST":
        values = {k: clean_text(request.POST.get(k, ""))[:300] for k in values}
        starts = _parse_when(values["date"], values["start"])
        ends = _parse_when(values["date"], values["end"]) if values["end"] else None
        if not values["title"]:
            errors["title"] = _("meeting-title-needed", default="Give the meeting a title.")
        if starts is None:
            errors["date"] = _("meeting-when-needed", default="Write the date as dd-mm-yyyy and the time as hh:mm.")
        elif values["end"] and (ends is None or ends <= starts):
            errors["end"] = _("meeting-end-after-start", default="The meeting must end after it starts (hh:mm).")
        if not errors:
            meeting = services.create_meeting(request.dbsession, request.user, title=values["title"],
                                              starts_at=starts, ends_at=ends, place=values["place"])
            audit(request, "meeting_create", object_type="meeting", object_ref=str(meeting.id), case=meeting.case)
            request.session.flash(_t(request, _("meeting-created", default="The meeting was created.")), "success")
            return HTTPSeeOther(request.route_url("meeting", meeting=meeting.id))
        request.response.status_int = 400
    return {"values": values, "errors": errors}


def _meeting_page(context, request):
    meeting = context.meeting
    numbers = services.item_numbers(meeting)
    can_edit = bool(request.has_permission(P.CASE_EDIT, context))
    reader = access.Reader(request)
    closed = reader.closed_ids(meeting)  # shown as "Lukket punkt" under their numbers, nothing more
    documents = {}  # item id -> the documents of its case the user may see (to choose papers from)
    visible_papers = {}
    item_cases = {}  # item id -> its case (of an open item: one the user may open)
    for item in meeting.items:
        if item.id in closed:
            visible_papers[item.id] = []
            continue
        if item.case is not None:
            item_cases[item.id] = item.case
        # the papers as the pack has them: "Bilag 2.3" the same paper for everyone; one the user may not
        # read yet (a draft, for the board) by its label only, as one that follows
        visible_papers[item.id] = packs.annexes(request, item, numbers.get(item.id, "–"), reader)
        if can_edit and item.id in item_cases:
            documents[item.id] = request.dbsession.execute(
                sa.select(Document).where(Document.case_id == item.case_id, visible_documents_clause(request.user))
                .order_by(Document.year, Document.seq)).scalars().all()
    return {"meeting": meeting, "case": meeting.case, "numbers": numbers, "can_edit": can_edit,
            "agenda_open": can_edit and meeting.state in services.AGENDA_OPEN,
            "attendance_open": can_edit and meeting.state in services.ATTENDANCE_OPEN,
            "states": MEETING_STATES, "next_state": services.NEXT_STATE.get(meeting.state),
            "documents": documents, "papers": visible_papers, "item_cases": item_cases, "closed": closed,
            "closed_title": access.CLOSED_TITLE, "annex_title": annex_title, "local": LOCAL, "item_error": None, "item_values": {},
            "decisions_open": can_edit and meeting.state in services.DECISIONS_OPEN,
            "decision_error": None, "decision_values": {}, "edit_error": None, "edit_values": {},
            "participant_error": None, "participant_values": {},
            "participants_open": can_edit and meeting.state in services.PARTICIPANTS_OPEN,
            "participants_removable": can_edit and meeting.state in services.AGENDA_OPEN,
            "remove_label": _("participant-remove", default="Remove from the participants"),
            "minutes": meeting.minutes if meeting.minutes is not None and _may_read(request, meeting.minutes) else None,
            "can_generate_minutes": can_edit and meeting.state in services.MINUTES_OPEN,
            "move_labels": {"up": _("agenda-move-up", default="Move up"), "down": _("agenda-move-down", default="Move down")},
            **packs.page_values(context, request)}


def _may_read(request, document) -> bool:
    from ..documents.resources import DocumentResource

    return bool(request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, document)))


@view_config(route_name="meeting", renderer="rsi_case:templates/meetings/view.pt", permission=P.CASE_VIEW,
             request_method="GET")
def meeting_view(context, request):
    return _meeting_page(context, request)


def _refused(context, request, **form):
    """The meeting page again (400) with a form's Danish message and what was typed in it."""
    page = _meeting_page(context, request)
    page.update(form)
    request.response.status_int = 400
    return page


def _frozen(request, meeting, states):
    """A Danish answer when the meeting's state no longer allows the change."""
    if meeting.state in states:
        return None
    return _back(request, meeting, _("meeting-frozen", default="The meeting is ${state}: this can no longer be changed.",
                                     mapping={"state": request.localizer.translate(MEETING_STATES[meeting.state])}),
                 "error")


def _back(request, meeting, message=None, kind="success"):
    if message is not None:
        request.session.flash(_t(request, message), kind)
    return HTTPSeeOther(request.route_url("meeting", meeting=meeting.id) + "#dagsorden")


@view_config(route_name="meeting", request_param="advance", permission=P.CASE_EDIT, request_method="POST")
def meeting_advance(context, request):
    meeting = context.meeting
    if request.POST.get("from") != meeting.state or meeting.state not in services.NEXT_STATE:
        return _back(request, meeting, _("meeting-state-stale", default="The meeting's state had changed; look again."),
                     "error")
    old = meeting.state
    try:
        services.advance(request.dbsession, meeting, request.user)
    except services.MinutesMissing:
        return _back(request, meeting, _("minutes-needed", default=(
            "Write the minutes first (“Make the minutes”): approving the minutes makes them final.")), "error")
    audit(request, "meeting_state", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          old=old, new=meeting.state)
    return _back(request, meeting, _("meeting-advanced", default="The meeting's state was changed."))


@view_config(route_name="meeting", request_param="attendance", permission=P.CASE_EDIT, request_method="POST")
def meeting_attendance(context, request):
    meeting = context.meeting
    if (refused := _frozen(request, meeting, services.ATTENDANCE_OPEN)) is not None:
        return refused
    present = set(request.POST.getall("present"))
    for p in meeting.participants:
        p.attended = str(p.id) in present
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          attendance=len(present))
    return _back(request, meeting, _("meeting-attendance-saved", default="Attendance was saved."))


@view_config(route_name="meeting", request_param="add_participant", permission=P.CASE_EDIT, request_method="POST",
             renderer="rsi_case:templates/meetings/view.pt")
def participant_add(context, request):
    """Invite an adviser (e.g. an IT director), a guest or a member to this meeting."""
    from ..vocab import PARTICIPANT_ROLES

    meeting = context.meeting
    if (refused := _frozen(request, meeting, services.PARTICIPANTS_OPEN)) is not None:
        return refused
    name = " ".join(clean_text(request.POST.get("name", "")).split())[:200]
    role = request.POST.get("role", "")
    problem = None
    if not name:
        problem = _("participant-name-needed", default="Write the participant's name (and, for an adviser, the title).")
    elif role not in PARTICIPANT_ROLES:
        problem = _("participant-role-unknown", default="Choose whether the participant is a member, an adviser or a guest.")
    elif any(p.name.casefold() == name.casefold() for p in meeting.participants):
        problem = _("participant-twice", default="${name} is already on the list.", mapping={"name": name})
    if problem is not None:
        return _refused(context, request, participant_error=problem, participant_values={"name": name, "role": role})
    participant = services.add_participant(request.dbsession, meeting, name=name, role=role)
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          participant=participant.id, role=role)
    return _back(request, meeting, _("participant-added", default="${name} was added to the participants.",
                                     mapping={"name": name}))


@view_config(route_name="meeting", request_param="remove_participant", permission=P.CASE_EDIT, request_method="POST")
def participant_remove(context, request):
    meeting = context.meeting
    raw = request.POST.get("participant", "")
    found = [p for p in meeting.participants if p.id == ascii_int(raw)]
    if not found:
        raise HTTPNotFound()
    if (refused := _frozen(request, meeting, services.AGENDA_OPEN)) is not None:
        return refused  # once held, who was invited is part of the record
    meeting.participants.remove(found[0])
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          participant_removed=found[0].name)
    return _back(request, meeting, _("participant-removed", default="${name} was removed from the participants.",
                                     mapping={"name": found[0].name}))


@view_config(route_name="meeting", request_param="add_item", permission=P.CASE_EDIT, request_method="POST",
             renderer="rsi_case:templates/meetings/view.pt")
def agenda_add(context, request):
    meeting = context.meeting
    if (refused := _frozen(request, meeting, services.AGENDA_OPEN)) is not None:
        return refused
    title, recommendation, raw_case, case, problem = _item_fields(request)
    if problem is not None:
        return _refused(context, request, item_error=problem, item_values={
            "title": title, "case": raw_case, "recommendation": recommendation})
    item = services.add_item(request.dbsession, meeting, title=title, case=case, recommendation=recommendation)
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          item=item.id, late=item.late)
    return _back(request, meeting, _("agenda-item-added", default="The item was added to the agenda."))


def _item_fields(request):
    """An agenda item's title, recommendation and case from the form, and what is wrong with them."""
    title = clean_text(request.POST.get("title", ""))[:300].strip()
    recommendation = clean_text(request.POST.get("recommendation", ""))[:5000].strip()
    raw_case = request.POST.get("case", "").strip()[:40]
    case, problem = None, None
    if not title:
        problem = _("agenda-title-needed", default="Give the agenda item a title.")
    elif raw_case:
        try:
            case = find_case(request.dbsession, CaseNumber.parse(raw_case))
        except NumberError:
            case = None
        if case is None or not case_visible(request.dbsession, request.user, case.id):
            problem = _("agenda-case-unknown", default="There is no case ${number} that you may open.",
                        mapping={"number": raw_case[:20]})
    return title, recommendation, raw_case, case, problem


@view_config(route_name="meeting", request_param="edit_item", permission=P.CASE_EDIT, request_method="POST",
             renderer="rsi_case:templates/meetings/view.pt")
def agenda_edit(context, request):
    """Correct an item's title, case or recommendation until the meeting is held
    (a changed item is listed in the next addendum to a sent pack)."""
    meeting = context.meeting
    item = _item(context, request)
    if (refused := _frozen(request, meeting, services.AGENDA_OPEN)) is not None:
        return refused
    title, recommendation, raw_case, case, problem = _item_fields(request)
    if problem is not None:
        return _refused(context, request, edit_error=problem, edit_values={item.id: {
            "title": title, "case": raw_case, "recommendation": recommendation}})
    if item.case_id != (case.id if case else None):
        set_case = True
        services.set_papers(request.dbsession, item, [])  # the papers were the old case's
    else:
        set_case = False
    item.title, item.recommendation, item.case_id = title, recommendation, case.id if case else None
    if item.decision is not None:
        item.decision.case_id = item.case_id
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          item=item.id, edited=True, case_changed=set_case)
    return _back(request, meeting, _("agenda-item-saved", default="The item was saved."))


def _logged_under(request, item):
    """The case an event about ``item`` is logged against: the meetings case,
    or, for an item closed in the meetings case's records, the item's own case
    — so the event (which may name the decision's number) is as hidden in the
    audit trail as the item is in the minutes."""
    meeting = item.meeting
    return item.case if not access.meeting_readers(request, meeting).sees(item) else meeting.case


def _item(context, request, *, closed_too: bool = False) -> AgendaItem:
    """The agenda item the form names. An item closed to the user (``access``)
    is as unknown as one that does not exist — the same 404, so the answer
    tells nothing — except where ``closed_too`` (moving it: the order of the
    agenda is the meeting's, and says nothing about the item)."""
    raw = request.POST.get("item", "")
    item = request.dbsession.get(AgendaItem, number) if (number := ascii_int(raw)) is not None else None
    if item is None or item.meeting_id != context.meeting.id:
        raise HTTPNotFound()
    if not closed_too and not access.Reader(request).sees(item):
        raise HTTPNotFound()
    return item


@view_config(route_name="meeting", request_param="move", permission=P.CASE_EDIT, request_method="POST")
def agenda_move(context, request):
    item = _item(context, request, closed_too=True)
    if (refused := _frozen(request, context.meeting, services.AGENDA_OPEN)) is not None:
        return refused
    services.move_item(context.meeting, item, -1 if request.POST.get("move") == "up" else 1)
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(context.meeting.id), case=context.meeting.case,
          item=item.id, moved=request.POST.get("move"))
    return _back(request, context.meeting)


@view_config(route_name="meeting", request_param="withdraw", permission=P.CASE_EDIT, request_method="POST")
def agenda_withdraw(context, request):
    item = _item(context, request)
    if (refused := _frozen(request, context.meeting, services.AGENDA_OPEN)) is not None:
        return refused
    item.withdrawn = not item.withdrawn
    if item.withdrawn and item.decision is not None:  # (no number yet: the meeting is not held)
        request.dbsession.delete(item.decision)
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(context.meeting.id), case=context.meeting.case,
          item=item.id, withdrawn=item.withdrawn)
    return _back(request, context.meeting, _("agenda-item-withdrawn", default="The item was withdrawn.")
                 if item.withdrawn else _("agenda-item-restored", default="The item is on the agenda again."))


@view_config(route_name="meeting", request_param="papers", permission=P.CASE_EDIT, request_method="POST")
def agenda_papers(context, request):
    item = _item(context, request)
    if (refused := _frozen(request, context.meeting, services.AGENDA_OPEN)) is not None:
        return refused
    chosen = ascii_ints(request.POST.getall("document"))
    allowed = set()
    if item.case_id and chosen:
        allowed = set(request.dbsession.execute(sa.select(Document.id).where(
            Document.id.in_(chosen), Document.case_id == item.case_id, visible_documents_clause(request.user))).scalars())
    services.set_papers(request.dbsession, item, [d for d in chosen if d in allowed])
    audit(request, "meeting_edit", object_type="meeting", object_ref=str(context.meeting.id), case=context.meeting.case,
          item=item.id, papers=len(allowed))
    return _back(request, context.meeting, _("agenda-papers-saved", default="The item's papers were saved."))


# -- decisions and minutes ------------------------------------------------------------------

@view_config(route_name="meeting", request_param="decision", permission=P.CASE_EDIT, request_method="POST",
             renderer="rsi_case:templates/meetings/view.pt")
def decision_record(context, request):
    meeting = context.meeting
    item = _item(context, request)
    if (refused := _frozen(request, meeting, services.DECISIONS_OPEN)) is not None:
        return refused
    text = clean_text(request.POST.get("text", ""))[:10000]
    had = item.decision is not None
    try:
        decision = services.record_decision(request.dbsession, meeting, item, text, request.user)
    except services.DecisionError as exc:
        return _refused(context, request, decision_error=exc.message, decision_values={item.id: text})
    audit(request, "decision_record", object_type="meeting", object_ref=str(meeting.id), case=_logged_under(request, item),
          item=item.id, decision=str(decision.number) if decision is not None and decision.number else None,
          removed=decision is None and had)
    if decision is None:
        message = _("decision-removed", default="The decision was removed.") if had else None
    elif decision.number is not None:
        message = _("decision-saved-numbered", default="Decision ${number} was saved.",
                    mapping={"number": str(decision.number)})
    else:
        message = _("decision-saved", default="The decision was saved; it gets its number when the meeting is held.")
    return _back(request, meeting, message)


@view_config(route_name="meeting", request_param="minutes", permission=P.CASE_EDIT, request_method="POST")
def minutes_generate(context, request):
    meeting = context.meeting
    if (refused := _frozen(request, meeting, services.MINUTES_OPEN)) is not None:
        return refused
    if not request.has_permission(P.DOCUMENT_CREATE, context):  # e.g. the meetings case is closed
        return _back(request, meeting, _("minutes-case-closed", default=(
            "The meetings case ${number} takes no new documents; reopen it first."),
            mapping={"number": str(meeting.case.number)}), "error")
    try:
        doc, changed = services.generate_minutes(request.dbsession, meeting, request.user, request.localizer.translate)
    except services.DecisionError as exc:
        return _back(request, meeting, exc.message, "error")
    if changed:
        audit(request, "minutes_generate", object_type="document", object_ref=str(doc.number), case=meeting.case,
              meeting=meeting.id, version=doc.version)
        message = _("minutes-made", default="The minutes ${number} were made from the meeting and its decisions.",
                    mapping={"number": str(doc.number)})
    else:
        message = _("minutes-unchanged", default="The minutes already say what the meeting and its decisions say.")
    return _back(request, meeting, message)


# -- the meeting pack ------------------------------------------------------------------------

@view_config(route_name="meeting_pack", permission=P.CASE_VIEW, request_method="GET")
def meeting_pack(context, request):
    """One .docx for the whole meeting, with what this user may read."""
    from ..export.documents import meeting_pack_docx
    from ..export.views import _filename, docx_response, image_resolver

    meeting = context.meeting
    pack = packs.build(request, meeting, access.Reader(request), printed_by=request.user.full_name)
    data = meeting_pack_docx(pack.info, pack.items, translate=request.localizer.translate,
                             resolve_image=image_resolver(request), base_url=public_app_url(request))
    audit(request, "export", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          format="docx-pack", items=len(pack.items))
    return docx_response(request, data, _filename(meeting.case.number.slug,
                                                  f"Mødemappe {pack.info.date.strftime('%d-%m-%Y')}"))


# -- the calendar feed -------------------------------------------------------------------

@view_config(route_name="calendar", permission=NO_PERMISSION_REQUIRED, request_method="GET")
def calendar(request):
    """Board meetings as iCalendar, for Outlook: the address is the key
    (``services.calendar_token``); it shows the meetings its user may see."""
    from icalendar import Calendar, Event

    raw_user, token = request.matchdict["user"], request.matchdict["token"]
    user = services.user_for_token(request.dbsession, request.registry.settings["rsi_case.secret"],
                                   uid, token) if (uid := ascii_int(raw_user)) is not None else None
    if user is None:
        raise HTTPNotFound()
    meetings = request.dbsession.execute(
        sa.select(Meeting).join(Case, Case.id == Meeting.case_id).where(visible_cases_clause(user))
        .order_by(Meeting.starts_at)).scalars().all()
    cal = Calendar()
    cal.add("prodid", "-//RSI Sag//Styregruppemøder//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _t(request, _("calendar-name", default="Board meetings")))
    app_url = public_app_url(request)
    host = urlsplit(app_url).hostname or "rsi-sag"
    for m in meetings:
        event = Event()
        event.add("uid", f"meeting-{m.id}@{host}")
        event.add("summary", m.title)
        event.add("dtstart", m.starts_at.astimezone(dt.UTC))
        event.add("dtend", (m.ends_at or m.starts_at + dt.timedelta(hours=3)).astimezone(dt.UTC))
        event.add("dtstamp", m.updated_at.astimezone(dt.UTC))
        if m.place:
            event.add("location", m.place)
        event.add("url", request.route_url("meeting", meeting=m.id, _app_url=app_url))
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    response = Response(body=cal.to_ical(), content_type="text/calendar", charset="utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="styregruppemoeder.ics"'
    response.cache_control.private = True
    return response
