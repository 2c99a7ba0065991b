"""Filing a mail into a case (journalisering): the mail becomes a document of
kind *e-mail*, its attachments the document's attachments, and the original
file is kept unchanged beside it.

A mail is filed once. The same bytes, or the same Message-ID, already filed
where the user can see it, is refused with where it is. Where the user
cannot see it (a confidential case), the mail is filed again: saying "it is
already filed" would tell them a record they may not know of exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa

from .. import numbering, sandbox
from ..documents import filetypes
from ..documents.models import Attachment, Document
from ..documents.resources import DocumentResource
from ..documents.services import (add_attachment, blob_store, create_document, document_number_taken,
                                  max_upload_bytes, spool_upload)
from ..documents.storage import TooLarge
from ..i18n import _, _local_tz, today as danish_today
from ..numbering import DocumentNumber
from ..security.models import User
from ..security.permissions import Permission as P
from .models import MailMessage
from .parse import read_mail_in_child

log = logging.getLogger(__name__)

MAIL_EXTENSIONS = (".eml", ".msg")
# never attached, whatever the mail says they are: programs and scripts
BLOCKED_EXTENSIONS = frozenset("""
.exe .com .bat .cmd .scr .pif .msi .msp .dll .cpl .jar .js .jse .vbs .vbe .wsf .wsh .ps1 .psm1 .hta .lnk .reg
.sh .app .apk .iso .img .vhd .vhdx .xll .docm .xlsm .pptm .dotm .xltm .chm .gadget .inf .scf .url
""".split())
IMAGE_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}


class MailRefused(Exception):
    """The file cannot be filed at all (Danish-ready message with mapping)."""

    def __init__(self, message, mapping=None):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}


@dataclasses.dataclass
class AlreadyFiled(Exception):
    document: Document

    def __str__(self) -> str:
        return f"already filed as {self.document.number}"


@dataclasses.dataclass
class Filed:
    document: Document
    mail: MailMessage
    attached: int
    notes: list


def _refused(msgid: str, default: str, **mapping) -> MailRefused:
    return MailRefused(_(msgid, default=default), mapping)


# -- receiving the file --------------------------------------------------------------

def receive(request, upload) -> tuple[Path, str, str, int]:
    """Copy an upload into a temporary file (in the store's folder), checking
    its size; returns (path, filename, sha256, size). The caller removes it."""
    if upload is None or not getattr(upload, "filename", None):
        raise _refused("upload-missing", "Choose a file to upload.")
    filename = filetypes.safe_filename(upload.filename)
    if os.path.splitext(filename)[1].lower() not in MAIL_EXTENSIONS:
        raise _refused("mail-not-a-mail", "“${name}” is not a mail file. Save the mail from your mail program as "
                                          ".eml or .msg (Outlook) and upload that.", name=filename)
    limit = max_upload_bytes(request)
    try:
        tmp, size, sha256 = spool_upload(request, upload, prefix=".mail-")
    except TooLarge:
        raise _refused("upload-too-large", "The file “${name}” is larger than the limit of ${limit} MB.",
                       name=filename, limit=limit // (1024 * 1024)) from None
    if size == 0:
        os.unlink(tmp)
        raise _refused("file-empty", "The file “${name}” is empty.", name=filename)
    return Path(tmp), filename, sha256, size


# -- duplicates -------------------------------------------------------------------------

def visible_duplicate(request, *, sha256: str, message_id: str | None) -> Document | None:
    """The document this mail was already filed as, if the user may see it."""
    clause = MailMessage.sha256 == sha256
    if message_id:
        clause = sa.or_(clause, MailMessage.message_id == message_id)
    docs = request.dbsession.execute(
        sa.select(Document).join(MailMessage, MailMessage.document_id == Document.id).where(clause)
        .order_by(Document.id)
    ).scalars().all()
    for doc in docs:
        if request.has_permission(P.DOCUMENT_VIEW, DocumentResource(request, doc)):
            return doc
    return None


# -- reading --------------------------------------------------------------------------------

def parse(request, path: Path, filename: str, workdir: str) -> dict:
    """The mail as data (rsi_case.mail.parse), read in a limited child process."""
    limits = sandbox.Limits.from_settings(request.registry.settings)
    try:
        result = sandbox.run(read_mail_in_child, str(path), workdir, limits=limits)
    except sandbox.Failed as exc:
        log.warning("reading the mail %r was stopped: %s", filename, exc)
        if exc.reason == "busy":
            raise _refused("import-busy", "The server is busy reading other files. Try again in a moment.") from None
        raise _refused("mail-unreadable", "“${name}” could not be read as a mail. The file may be damaged.",
                       name=filename) from None
    if "unreadable" in result:
        log.info("the mail %r could not be read: %s", filename, result["unreadable"])
        raise _refused("mail-unreadable", "“${name}” could not be read as a mail. The file may be damaged.",
                       name=filename)
    return result["mail"]


# -- who sent it -------------------------------------------------------------------------------

def own_domains(request) -> set[str]:
    configured = request.registry.settings.get("rsi_case.mail.own_domains", "")
    return {d.strip().lower().lstrip("@") for d in re.split(r"[\s,]+", configured) if d.strip()}


def direction_of(request, sender: str) -> str:
    """Outgoing when a user of the system or the organisation's own domain
    (``rsi_case.mail.own_domains``) sent it; incoming otherwise."""
    sender = (sender or "").lower()
    if not sender:
        return "indgaaende"
    if sender.rsplit("@", 1)[-1] in own_domains(request):
        return "udgaaende"
    known = request.dbsession.execute(
        sa.select(sa.literal(1)).where(sa.func.lower(User.email) == sender)).first()
    return "udgaaende" if known else "indgaaende"


# -- filing ---------------------------------------------------------------------------------------

def _sent_at(mail: dict) -> dt.datetime | None:
    return dt.datetime.fromisoformat(mail["date"]) if mail.get("date") else None


def _attachment_name(att: dict, index: int) -> str:
    name = filetypes.safe_filename(att["filename"]) if att["filename"] else ""
    if not name or name == "fil":
        ext = IMAGE_EXTENSIONS.get((att["content_type"] or "").lower(), ".bin")
        name = f"billede-{index}{ext}" if ext != ".bin" else f"del-{index}.bin"
    return name


def _store_attachments(request, mail: dict, notes: list) -> list[dict]:
    """Check and store each attachment; the refused ones become notes."""
    store = blob_store(request)
    limit = max_upload_bytes(request)
    zip_limits = request.registry["rsi_case.zip_limits"]
    stored = []
    for index, att in enumerate(mail["attachments"], start=1):
        name = _attachment_name(att, index)
        ext = os.path.splitext(name)[1].lower()
        if (att["content_type"] or "").lower() == "application/ms-tnef" or name.lower() == "winmail.dat":
            continue  # the parser has said so once
        if ext in BLOCKED_EXTENSIONS:
            notes.append({"msgid": "mail-note-blocked", "default": "“${name}” was not attached: programs and "
                          "scripts are never attached. It is kept in the original mail.", "mapping": {"name": name}})
            continue
        if att["size"] > limit:
            notes.append({"msgid": "mail-note-too-large", "default": "“${name}” was not attached: it is larger than "
                          "${limit} MB. It is kept in the original mail.",
                          "mapping": {"name": name, "limit": str(limit // (1024 * 1024))}})
            continue
        try:
            ctype = filetypes.check(name, att["path"], zip_limits)
        except filetypes.FileTypeError as exc:
            notes.append({"msgid": "mail-note-not-attached", "default": "“${name}” was not attached: ${reason} "
                          "It is kept in the original mail.",
                          "mapping": {"name": name, "reason": request.localizer.translate(exc.message, mapping=exc.mapping)}})
            continue
        with open(att["path"], "rb") as fh:
            sha, size = store.put(fh)
        stored.append({"sha256": sha, "size": size, "content_type": ctype, "filename": name,
                       "content_id": att["content_id"], "inline": att["inline"]})
    return stored


def _title(request, mail: dict) -> str:
    subject = " ".join((mail["subject"] or "").split())
    return subject[:300] if subject else request.localizer.translate(_("mail-no-subject", default="(no subject)"))


def file_mail(request, case, path: Path, filename: str, sha256: str, size: int, direction: str | None = None) -> Filed:
    """File the mail at ``path`` into ``case``. Raises AlreadyFiled or MailRefused.
    ``direction``: known by the caller (a mail sent from the case is outgoing), or read from the sender."""
    duplicate = visible_duplicate(request, sha256=sha256, message_id=None)
    if duplicate is not None:
        raise AlreadyFiled(duplicate)
    workdir = parts_folder(request)
    try:
        mail = parse(request, path, filename, workdir)
        return file_parsed(request, case, path, filename, sha256, mail, direction=direction)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def file_sent(request, case, message, filename: str = "sendt-mail.eml"):
    """A mail the application has just sent (an ``email.message.EmailMessage``), filed as
    an outgoing e-mail of ``case`` -- so the case keeps exactly what left. Returns its
    document, or None if it could not be filed (a new Message-ID cannot be a duplicate,
    and the mail has left anyway: the caller says it was sent)."""
    import hashlib

    raw = message.as_bytes()
    store = blob_store(request)
    store.root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".mail-", dir=store.root)
    with os.fdopen(fd, "wb") as out:
        out.write(raw)
    try:
        return file_mail(request, case, Path(tmp), filename, hashlib.sha256(raw).hexdigest(), len(raw),
                         direction="udgaaende").document
    except (AlreadyFiled, MailRefused):
        return None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def parts_folder(request) -> str:
    """A temporary folder (in the store's file system) for a mail's parts; the caller removes it."""
    return tempfile.mkdtemp(prefix=".mail-parts-", dir=blob_store(request).root)


def file_parsed(request, case, path: Path, filename: str, sha256: str, mail: dict,
                direction: str | None = None) -> Filed:
    """File a mail already read by :func:`parse` (its parts still in their
    folder): the mail-in address reads each mail once, to decide where it goes."""
    duplicate = visible_duplicate(request, sha256=sha256, message_id=mail["message_id"])
    if duplicate is not None:
        raise AlreadyFiled(duplicate)
    notes = list(mail["notes"])
    attachments = _store_attachments(request, mail, notes)
    with open(path, "rb") as fh:
        original_sha, original_size = blob_store(request).put(fh)
    return _create(request, case, mail, notes, attachments, filename=filename, sha256=original_sha,
                   size=original_size, direction=direction)


def _create(request, case, mail: dict, notes: list, attachments: list, *, filename: str, sha256: str,
            size: int, direction: str | None = None) -> Filed:
    dbsession, user = request.dbsession, request.user
    sent_at = _sent_at(mail)
    doc_date = sent_at.astimezone(_local_tz()).date() if sent_at else danish_today()
    sender = mail["from"][0] if mail["from"] else {"name": "", "address": ""}
    # the number first: the body's inline images point at this document's address
    year = danish_today().year
    seq = numbering.allocate(dbsession, numbering.DOCUMENT_SERIES, year,
                             lambda n: document_number_taken(dbsession, year, n))
    number = DocumentNumber(year, seq)
    body = _link_inline_images(request, mail["body_html"], number, attachments)
    doc = create_document(
        dbsession, case=case, user=user, number=number, body_html=body, kind="email", title=_title(request, mail),
        doc_date=doc_date, status="endelig", author_name=sender["name"] or sender["address"],
        author_email=sender["address"], note=request.localizer.translate(_("mail-filed-note", default="Filed mail")),
    )
    for att in attachments:
        add_attachment(dbsession, doc, sha256=att["sha256"], size=att["size"], content_type=att["content_type"],
                       filename=att["filename"], user=user)
    record = MailMessage(
        document=doc, message_id=mail["message_id"], in_reply_to=mail["in_reply_to"],
        direction=direction or direction_of(request, sender["address"]), sender_name=sender["name"],
        sender_address=sender["address"], recipients={"to": mail["to"], "cc": mail["cc"]}, sent_at=sent_at,
        notes=notes, filename=filename, content_type=_original_type(filename), size=size, sha256=sha256,
        filed_by_id=user.id if user else None,
        inline_images={a["content_id"]: a["sha256"] for a in attachments if a["content_id"]},
    )
    dbsession.add(record)
    dbsession.flush()
    return Filed(document=doc, mail=record, attached=len(attachments), notes=notes)


def _original_type(filename: str) -> str:
    return "application/vnd.ms-outlook" if filename.lower().endswith(".msg") else "message/rfc822"


def _link_inline_images(request, body: str, number: DocumentNumber, attachments: list) -> str:
    """``mail-cid/<content id>`` placeholders (rsi_case.mail.parse) → the
    address of the attachment that carries the image; an image whose part
    was not kept loses its ``src`` (never a link out of the system)."""
    cids = {a["content_id"]: a for a in attachments if a["content_id"]}

    def link(match):
        cid = html.unescape(match.group(1))
        if cid in cids:
            return 'src="{}"'.format(request.route_path("mail_inline", document=number.slug, cid=cid))
        return 'src=""'

    return re.sub(r'src="mail-cid/([^"]*)"', link, body)


def inline_attachment(dbsession, document: Document, cid: str) -> Attachment | None:
    """The attachment holding the inline image ``cid`` of a filed mail."""
    record = dbsession.execute(sa.select(MailMessage).where(MailMessage.document_id == document.id)).scalar_one_or_none()
    if record is None:
        return None
    sha256 = (record.inline_images or {}).get(cid)
    return next((a for a in document.attachments if a.sha256 == sha256), None) if sha256 else None
