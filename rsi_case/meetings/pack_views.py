"""The meeting pack beyond the whole-meeting .docx: one agenda item as Word,
sending the pack to the board (and addenda afterwards), and the packs as sent."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ..cases.resources import CaseResource
from ..documents.resources import DocumentResource
from ..i18n import _
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.hosts import public_app_url
from ..security.permissions import Permission as P
from . import access, packs, services
from .models import AgendaItem, PackSending
from .views import _back, _frozen


def _id(raw: str) -> int | None:
    return ascii_int(raw)


@view_config(route_name="meeting_item_export", permission=P.CASE_VIEW, request_method="GET")
def meeting_item_export(context, request):
    """One agenda item (by its id, which survives reordering) as in the pack: its
    front part and its papers as "Bilag N.k", with what this user may read. An
    item closed to the user has no export of its own: not found, as an item
    that is not on this agenda."""
    from ..export.documents import meeting_item_docx
    from ..export.views import _filename, docx_response, image_resolver

    meeting = context.meeting
    item_id = _id(request.matchdict["item"])
    item = request.dbsession.get(AgendaItem, item_id) if item_id is not None else None
    reader = access.Reader(request)
    if item is None or item.meeting_id != meeting.id or item.withdrawn or not reader.sees(item):
        raise HTTPNotFound()
    pack = packs.build(request, meeting, reader, printed_by=request.user.full_name, only_item=item.id)
    entry = pack.by_item[item.id]
    data = meeting_item_docx(pack.info, entry, translate=request.localizer.translate,
                             resolve_image=image_resolver(request), base_url=public_app_url(request))
    audit(request, "export", object_type="meeting", object_ref=str(meeting.id), case=meeting.case,
          format="docx-pack-item", item=item.id, papers=len(entry.papers))
    return docx_response(request, data, _filename(
        meeting.case.number.slug, f"Mødemappe {pack.info.date.strftime('%d-%m-%Y')} punkt {entry.number}"))


@view_config(route_name="meeting", request_param="send_pack", permission=P.CASE_EDIT, request_method="POST")
def pack_send(context, request):
    """Send the pack as the board reads it; afterwards, an addendum with what changed."""
    meeting = context.meeting
    if (refused := _frozen(request, meeting, services.AGENDA_OPEN)) is not None:
        return refused
    last = packs.last_sending(request.dbsession, meeting)
    if request.POST.get("last") != (str(last.id) if last else ""):  # two presses, or a page from before
        return _back(request, meeting, _("pack-send-stale", default="The pack had been sent meanwhile; look again."),
                     "error")
    if not request.has_permission(P.DOCUMENT_CREATE, CaseResource(request, meeting.case)):
        return _back(request, meeting, _("pack-send-case-closed", default=(
            "The meetings case ${number} takes no new documents, so the pack cannot be kept as sent."),
            mapping={"number": str(meeting.case.number)}), "error")
    waiting = packs.awaited_for_board(request, meeting)
    if request.POST.get("awaited", "") != packs.awaited_token(waiting):  # drafts the sender has not been shown
        return _back(request, meeting, _("pack-send-drafts", default=(
            "Nothing was sent: ${annexes} are drafts, which the board does not read yet; the pack says they will "
            "follow. Look at the list by the button and press it again to send."),
            mapping={"annexes": ", ".join(request.localizer.translate(_("minutes-annex", default="Annex ${n}",
                                                                        mapping={"n": a.label}))
                                          for _item, a in waiting) or "–"}), "error")
    try:
        sending = packs.send(request, meeting)
    except packs.NotSent as exc:
        return _back(request, meeting, exc.message, "error" if last is None else "info")
    if sending.kind == "pack":
        message = _("pack-sent", default="The meeting pack was sent and kept as document ${number}.",
                    mapping={"number": str(sending.document.number)})
    else:
        message = _("pack-addendum-sent", default="The changes were sent as an addendum, kept as document ${number}.",
                    mapping={"number": str(sending.document.number)})
    return _back(request, meeting, message)


@view_config(route_name="meeting_sending", permission=P.CASE_VIEW, request_method="GET")
def pack_sending_file(context, request):
    """A pack as it was sent: the very bytes, whatever happens to its document later."""
    from ..documents.views import file_response
    from ..export.views import DOCX

    sending_id = _id(request.matchdict["sending"])
    sending = request.dbsession.get(PackSending, sending_id) if sending_id is not None else None
    if sending is None or sending.meeting_id != context.meeting.id or not request.has_permission(
            P.DOCUMENT_VIEW, DocumentResource(request, sending.document)):
        raise HTTPNotFound()
    audit(request, "attachment_download", object_type="document", object_ref=str(sending.document.number),
          case=sending.document.case, filename=sending.filename, sending=sending.id)
    return file_response(request, sending.sha256, sending.filename, DOCX, download=True)
