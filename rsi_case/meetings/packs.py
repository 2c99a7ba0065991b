"""Meeting packs: built for a reader, sent to the board and kept as sent, and
compared with what was sent before.

A pack is built for a *reader* (``access.Reader``): the user of the request
(the pack and the per-item exports a user downloads), or, for the pack that
is sent, a plain board member with no grants of their own for the papers and
everyone who reads the meetings case for the items (``access.sent_pack_reader``).
The board reads final versions only, so a sent pack holds no drafts, and
nothing from a confidential case, whoever presses the button. An item closed
to the reader is in the pack as "Lukket punkt" under its number, and nothing
more — in the snapshot too, so no addendum can name it later.

Sending keeps the .docx as a final document in the meetings case and a
``PackSending`` row with a snapshot of what it held. Sending again compares
the board's pack of now with the last snapshot (``compare``, a pure
function) and sends a short addendum with only what is new or changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..db import utcnow
from ..documents.models import DocumentVersion
from ..documents.resources import shown_version
from ..export.documents import Addendum, PackInfo, PackItem, addendum_lines
from ..i18n import _, format_date
from ..security.audit import audit
from ..security.hosts import public_app_url
from ..security.permissions import Permission as P
from ..vocab import MEETING_STATES
from . import services
from .access import CLOSED_TITLE, Annex, Reader, annexes, sent_pack_reader
from .models import Meeting, PackSending

LOCAL = ZoneInfo("Europe/Copenhagen")
ITEM_FIELDS = ("title", "recommendation", "case")


@dataclasses.dataclass
class Pack:
    info: PackInfo
    items: list          # [PackItem] in agenda order
    snapshot: dict       # what the pack holds, as kept with a sending
    by_item: dict        # agenda item id -> PackItem
    memos: dict          # (agenda item id, document id) -> Memo
    closed: set = dataclasses.field(default_factory=set)  # ids of the items (withdrawn too) closed to the reader


def pack_info(request, meeting: Meeting, printed_by: str) -> PackInfo:
    local_start = meeting.starts_at.astimezone(LOCAL)
    return PackInfo(title=meeting.title, date=local_start.date(), start=local_start.strftime("%H:%M"),
                    place=meeting.place, state_label=request.localizer.translate(MEETING_STATES[meeting.state]),
                    meetings_case=str(meeting.case.number), participants=[p.name for p in meeting.participants],
                    printed_by=printed_by)


def awaited_for_board(request, meeting: Meeting) -> list[tuple[int, Annex]]:
    """The papers the board's pack, as sent now, says will follow: (item id, annex)."""
    reader = sent_pack_reader(request, meeting)
    numbers = services.item_numbers(meeting)
    closed = reader.closed_ids(meeting)
    return [(item.id, annex) for item in services.active_items(meeting) if item.id not in closed
            for annex in annexes(request, item, numbers[item.id], reader) if annex.awaited]


def awaited_token(rows) -> str:
    """What a sender has seen of the awaited papers (the page's list), to compare with what is awaited on sending."""
    import hashlib

    seen = ",".join(f"{item_id}:{annex.document.id}:{annex.label}" for item_id, annex in rows)
    return hashlib.sha256(seen.encode()).hexdigest()[:16] if rows else ""


def build(request, meeting: Meeting, reader: Reader, *, printed_by: str, only_item: int | None = None) -> Pack:
    """The meeting's items and papers as ``reader`` may read them (with
    ``only_item``, that item's papers only; the snapshot then lacks the others')."""
    from ..export.views import memo_of

    numbers = services.item_numbers(meeting)
    closed = reader.closed_ids(meeting)
    closed_title = request.localizer.translate(CLOSED_TITLE)
    items, by_item, memos, snap_items, snap_papers = [], {}, {}, [], []
    for item in services.active_items(meeting):
        n = numbers[item.id]
        if item.id in closed:  # its number and place, nothing else
            snap_items.append({"id": item.id, "number": n, "title": "", "recommendation": "", "late": bool(item.late),
                               "case": "", "closed": True})
            by_item[item.id] = PackItem(number=n, title=closed_title, late=item.late, closed=True)
            if only_item is None or item.id == only_item:
                items.append(by_item[item.id])
            continue
        case = item.case  # (an item open to the reader: its case, if any, is one the reader may open)
        snap_items.append({"id": item.id, "number": n, "title": item.title, "recommendation": item.recommendation,
                           "late": bool(item.late), "case": str(case.number) if case else ""})
        if only_item is not None and item.id != only_item:
            continue
        papers, labels, pending, drafts = [], [], [], []
        for annex in annexes(request, item, n, reader):
            doc = annex.document
            if not annex.readable:
                pending.append(annex.label)
                continue
            memo = memo_of(request, doc, shown_version(request, annex.resource, reader.may))
            papers.append(memo)
            labels.append(annex.label)
            if annex.awaited:
                drafts.append(annex.label)
            memos[(item.id, doc.id)] = memo
            snap_papers.append({"item": item.id, "document": doc.id, "number": memo.number, "title": memo.title,
                                "version_number": memo.version, "annex": annex.label})
        by_item[item.id] = PackItem(number=n, title=item.title, case_number=str(case.number) if case else "",
                                    case_title=case.title if case else "", recommendation=item.recommendation,
                                    late=item.late, papers=papers, labels=labels, pending=pending, drafts=drafts)
        items.append(by_item[item.id])
    if snap_papers:
        pairs = {(p["document"], p["version_number"]) for p in snap_papers}
        ids = {(d, n): i for i, d, n in request.dbsession.execute(
            sa.select(DocumentVersion.id, DocumentVersion.document_id, DocumentVersion.number)
            .where(sa.tuple_(DocumentVersion.document_id, DocumentVersion.number).in_(pairs)))}
        for p in snap_papers:
            p["version"] = ids.get((p["document"], p["version_number"]))
    return Pack(info=pack_info(request, meeting, printed_by), items=items,
                snapshot={"items": snap_items, "papers": snap_papers}, by_item=by_item, memos=memos, closed=closed)


# -- what changed since a sending (pure) -----------------------------------------------------

@dataclasses.dataclass
class Changes:
    new_items: list = dataclasses.field(default_factory=list)        # [item now]
    withdrawn_items: list = dataclasses.field(default_factory=list)  # [item then]
    changed_items: list = dataclasses.field(default_factory=list)    # [(then, now, [(field, before, after)])]
    renumbered: list = dataclasses.field(default_factory=list)       # [(then, now)]
    new_papers: list = dataclasses.field(default_factory=list)       # [paper now] (under items already sent)
    removed_papers: list = dataclasses.field(default_factory=list)   # [paper then] (under items still there)
    new_versions: list = dataclasses.field(default_factory=list)     # [(then, now)]

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in dataclasses.fields(self))


def compare(before: dict, after: dict) -> Changes:
    """What the board must read now that it did not read in ``before``.

    Items are matched by id (so a renamed item is changed, not new), papers by
    (item, document). The papers of a new item come with it and those of a
    withdrawn item go with it: they are not listed again. Of an item closed
    now nothing is said but its number: not what changed, not which papers
    it no longer has (a snapshot from before it was closed may name them)."""
    changes = Changes()
    then_items = {i["id"]: i for i in before.get("items", [])}
    now_items = {i["id"]: i for i in after.get("items", [])}
    for item in after.get("items", []):
        then = then_items.get(item["id"])
        if then is None:
            changes.new_items.append(item)
            continue
        fields = [(f, then.get(f, ""), item.get(f, "")) for f in ITEM_FIELDS if then.get(f, "") != item.get(f, "")]
        if fields and not item.get("closed"):
            changes.changed_items.append((then, item, fields))
        if then["number"] != item["number"]:
            changes.renumbered.append((then, item))
    changes.withdrawn_items = [i for i in before.get("items", []) if i["id"] not in now_items]
    then_papers = {(p["item"], p["document"]): p for p in before.get("papers", [])}
    now_papers = {(p["item"], p["document"]): p for p in after.get("papers", [])}
    for key, paper in now_papers.items():
        if paper["item"] not in then_items:
            continue
        then = then_papers.get(key)
        if then is None:
            changes.new_papers.append(paper)
        elif (then.get("version"), then["version_number"]) != (paper.get("version"), paper["version_number"]):
            changes.new_versions.append((then, paper))
    changes.removed_papers = [p for key, p in then_papers.items() if p["item"] in now_items and key not in now_papers
                              and not now_items[p["item"]].get("closed")]
    return changes


def addendum_of(changes: Changes, pack: Pack, since: dt.date, closed_title: str = "") -> Addendum:
    """The addendum to write: the lists from ``changes``, the texts from ``pack``
    (an item closed to the pack's reader by its number only, withdrawn or not)."""
    def title_then(item):
        return closed_title if item["id"] in pack.closed or item.get("closed") else item["title"]

    return Addendum(
        since=since,
        new_items=[pack.by_item[i["id"]] for i in changes.new_items],
        withdrawn=[(i["number"], title_then(i)) for i in changes.withdrawn_items],
        changed=[(now["number"], pack.by_item[now["id"]].title, fields) for _then, now, fields in changes.changed_items],
        renumbered=[(then["number"], now["number"], pack.by_item[now["id"]].title) for then, now in changes.renumbered],
        new_papers=[(p["annex"], pack.memos[(p["item"], p["document"])]) for p in changes.new_papers],
        removed_papers=[(p["annex"], p["number"], p["title"]) for p in changes.removed_papers],
        new_versions=[(now["annex"], pack.memos[(now["item"], now["document"])], then["version_number"])
                      for then, now in changes.new_versions])


# -- sending ------------------------------------------------------------------------------

class NotSent(Exception):
    """Nothing was sent; ``message`` says why (a TranslationString)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def sendings(db, meeting: Meeting) -> list[PackSending]:
    return db.execute(sa.select(PackSending).where(PackSending.meeting_id == meeting.id)
                      .order_by(PackSending.sent_at, PackSending.id)).scalars().all()


def last_sending(db, meeting: Meeting) -> PackSending | None:
    return db.execute(sa.select(PackSending).where(PackSending.meeting_id == meeting.id)
                      .order_by(PackSending.sent_at.desc(), PackSending.id.desc()).limit(1)).scalar_one_or_none()


def send(request, meeting: Meeting, now: dt.datetime | None = None) -> PackSending:
    """Send the board's pack (the first time) or an addendum with what changed
    since the last sending; keep it as sent. Raises NotSent."""
    from ..documents.services import add_attachment, blob_store, create_document
    from ..export.documents import meeting_pack_docx, pack_addendum_docx
    from ..export.views import DOCX, _filename, image_resolver

    db, user = request.dbsession, request.user
    now = now or utcnow()
    local_now = now.astimezone(LOCAL)
    translate = request.localizer.translate
    last = last_sending(db, meeting)
    if last is None and not services.active_items(meeting):
        raise NotSent(_("pack-send-empty", default="The agenda has no items: there is no meeting pack to send."))
    if last is None and meeting.state == "planlagt":  # the agenda goes out with its pack
        services.advance(db, meeting, user)
        audit(request, "meeting_state", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
              old="planlagt", new=meeting.state)
    reader = sent_pack_reader(request, meeting)
    pack = build(request, meeting, reader, printed_by=user.full_name)
    pack.info.sent = True
    options = {"translate": translate, "resolve_image": image_resolver(request, reader.may),
               "base_url": public_app_url(request), "today": local_now.date()}
    names = {"meeting": meeting.title, "date": format_date(pack.info.date), "start": pack.info.start,
             "sent_date": format_date(local_now), "sent_time": local_now.strftime("%H:%M"),
             "name": user.full_name}
    if last is None:
        kind = "pack"
        data = meeting_pack_docx(pack.info, pack.items, **options)
        title = translate(_("pack-document-title", default="Meeting pack for ${meeting} ${date}", mapping=names))
        body = _html(translate(_("pack-document-body", mapping=names, default=(
            "The meeting pack for ${meeting} ${date} at ${start} as it was sent to the board ${sent_date} at ${sent_time} "
            "by ${name}. The pack is attached as a Word file; it holds the papers as the board reads them (final versions)."))),
            [(translate(_("pack-document-agenda", default="Agenda")),
              [f"{i.number}. {i.title}" for i in pack.items])])
    else:
        changes = compare(last.snapshot, pack.snapshot)
        since = last.sent_at.astimezone(LOCAL)
        if not changes:
            raise NotSent(_("pack-send-unchanged", mapping={"date": format_date(since), "time": since.strftime("%H:%M")},
                            default="Nothing has changed since the pack sent ${date} at ${time}: nothing was sent."))
        kind = "addendum"
        addendum = addendum_of(changes, pack, since.date(), translate(CLOSED_TITLE))
        data = pack_addendum_docx(pack.info, addendum, **options)
        names["since"] = format_date(since)
        title = translate(_("pack-addendum-title", mapping=names,
                            default="Addendum to the meeting pack for ${meeting} ${date}: changes since ${since}"))
        body = _html(translate(_("pack-addendum-body", mapping=names, default=(
            "What is new or changed in the meeting pack for ${meeting} ${date} since the pack of ${since}, as it "
            "was sent to the board ${sent_date} at ${sent_time} by ${name}. The addendum is attached as a Word file."))),
            addendum_lines(addendum, translate))
    doc = create_document(db, case=meeting.case, user=user, today=local_now.date(), kind="dagsorden",
                          title=title[:300], status="endelig", body_html=body, author_id=user.id,
                          author_name=user.full_name, author_phone=user.phone, author_email=user.email)
    doc.created_at = doc.updated_at = now
    doc.frozen = True  # kept as sent: no one changes it, not even by a new version or another file
    filename = _filename(doc.number.slug, title)
    sha, size = blob_store(request).put_bytes(data)
    add_attachment(db, doc, sha256=sha, size=size, content_type=DOCX, filename=filename, user=user)
    sending = PackSending(meeting_id=meeting.id, kind=kind, sent_at=now, sent_by_id=user.id, document_id=doc.id,
                          sha256=sha, filename=filename, snapshot=pack.snapshot)
    db.add(sending)
    db.flush()
    audit(request, "document_create", object_type="document", object_ref=str(doc.number), case=meeting.case,
          kind="dagsorden", pack=kind)
    audit(request, "meeting_pack_send", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          kind=kind, document=str(doc.number), items=len(pack.snapshot["items"]),
          papers=len(pack.snapshot["papers"]))
    return sending


def _html(intro: str, sections) -> str:
    parts = [f"<p>{escape(intro, quote=False)}</p>"]
    for heading, lines in sections:
        parts.append(f"<h2>{escape(heading, quote=False)}</h2><ul>"
                     + "".join(f"<li>{escape(line, quote=False)}</li>" for line in lines) + "</ul>")
    return "".join(parts)


def page_values(context, request) -> dict:
    """The meeting page's pack section: the sendings, and whether this user may send."""
    from ..documents.resources import DocumentResource

    meeting = context.meeting
    rows = sendings(request.dbsession, meeting)
    can_send = bool(request.has_permission(P.CASE_EDIT, context)) and meeting.state in services.AGENDA_OPEN
    waiting = awaited_for_board(request, meeting) if can_send else []
    return {"sendings": [(s, request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, s.document)))
                         for s in rows],
            "last_sending": rows[-1] if rows else None,
            "can_send": can_send,
            # the papers that will follow, as the sender may read them (a title only where they may read the paper)
            "awaited": [(a.label, a.document if request.has_permission(P.DOCUMENT_VIEW, a.resource) else None)
                        for _item, a in waiting],
            "awaited_token": awaited_token(waiting)}
