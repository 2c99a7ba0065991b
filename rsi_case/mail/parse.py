"""Reading a mail file (.eml, or Outlook's .msg) into plain data.

``read_mail`` runs in a limited child process (rsi_case.sandbox), like the
Word import: a hostile mail (a MIME bomb, a .msg that sends the OLE parser
into a loop) costs a child, never the web process. The child writes the
attachments' bytes into a folder the caller gave it and returns only JSON:
the headers, the body, and a list of the attachments with their names.

What a mail says about itself is decoded as a reader would see it: RFC 2047
headers ("=?utf-8?q?Sv=C3=A6r?="), bodies in any declared charset (and
Windows-1252 when the declared one is wrong or unknown), a text body turned
into paragraphs, an HTML body cleaned by the sanitiser with its inline
images (``cid:``) pointing at the attachments that carry them.

Problems that do not stop the filing (no date, no sender, a broken charset,
a part the parser could not read, an Outlook TNEF part) come back as
``notes``: message ids with their mapping, translated by the caller.
"""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.header
import email.policy
import email.utils
import html
import os
import re
import warnings

from .. import sandbox
from ..documents.sanitize import clean_html
from ..i18n import ngettext

MAX_PARTS = 500  # a mail with more parts than this is not a mail but an attack
MAX_SUBJECT = 300
BODY_LIMIT = 5_000_000  # characters of body kept (the rest is in the original)


REMOTE_IMAGES = ngettext(
    "${n} image in the mail was on the sender's web server; it is not fetched (a record does not change "
    "afterwards, and fetching it would tell the sender the mail was read).",
    "${n} images in the mail were on the sender's web server; they are not fetched (a record does not change "
    "afterwards, and fetching them would tell the sender the mail was read).")


class MailUnreadable(Exception):
    """The file is not a mail we can read at all."""


def _note(msgid: str, default: str, **mapping) -> dict:
    return {"msgid": msgid, "default": default, "mapping": {k: str(v) for k, v in mapping.items()}}


# -- addresses ------------------------------------------------------------------

def _bytes_text(data: bytes, charset: str | None) -> str:
    """Bytes of a header word in ``charset``; UTF-8, then Windows-1252, when
    the charset is unknown ("unknown-8bit": raw 8-bit bytes in a header) or wrong."""
    for candidate in (charset, "utf-8", "cp1252"):
        if not candidate or candidate == "unknown-8bit":
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _decode_words(value) -> str:
    """A header value as text, whatever state its encoded words are in."""
    if value is None:
        return ""
    if isinstance(value, str) and "=?" not in value and not re.search(r"[\udc80-\udcff]", value):
        return " ".join(value.split())
    try:
        parts = email.header.decode_header(value)
        text = "".join(_bytes_text(part, charset) if isinstance(part, bytes) else part for part, charset in parts)
    except (LookupError, ValueError, email.errors.HeaderParseError):
        text = str(value)
    if re.search(r"[\udc80-\udcff]", text):  # raw 8-bit bytes the parser kept as surrogates
        text = _bytes_text(text.encode("ascii", "surrogateescape"), None)
    return " ".join(text.split())


def _raw_text(value) -> str:
    """A header as text with its encoded words still encoded (so a comma
    inside an encoded name does not split the list): raw 8-bit bytes
    (a ``Header`` of "unknown-8bit", or surrogates) are decoded here."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        return "".join(_bytes_text(part, charset) if isinstance(part, bytes) else part
                       for part, charset in email.header.decode_header(value))
    text = str(value)
    if re.search(r"[\udc80-\udcff]", text):
        text = _bytes_text(text.encode("ascii", "surrogateescape"), None)
    return text


def parse_addresses(*values) -> list[dict]:
    """``Name <a@b>, "Last, First" <c@d>`` → [{"name", "address"}], each name decoded."""
    text = ", ".join(t for t in (_raw_text(v) for v in values) if t.strip())
    if not text.strip():
        return []
    out = []
    for name, address in email.utils.getaddresses([text.replace(";", ",")]):
        name, address = _decode_words(name).strip("'\" "), address.strip().strip("<>")
        if not name and not address:
            continue
        if address and "@" not in address and not name:  # a bare name
            name, address = address, ""
        out.append({"name": name[:200], "address": address.lower()[:254]})
    return out


def normalise_message_id(value) -> str | None:
    text = _decode_words(value).strip()
    match = re.search(r"<([^<>\s]+)>", text)
    text = match.group(1) if match else text.strip("<> ")
    return text[:500] or None


# -- bodies ---------------------------------------------------------------------

def text_to_html(text: str) -> str:
    """A plain-text body as paragraphs (blank lines) and line breaks; quoted
    lines ("> …") stay as they were written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>" for block in blocks)


def _part_text(part, notes: list) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        notes.append(_note("mail-note-charset", "Part of the mail was not in the character set it declared "
                                                "(${charset}); it was read as Windows-1252.", charset=charset))
        return payload.decode("cp1252", "replace")


# -- the parts of an .eml ---------------------------------------------------------

def _filename(part) -> str:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - a broken parameter is a missing name
        name = None
    return _decode_words(name) if name else ""


def _is_attachment(part) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment" or (bool(_filename(part)) and disposition != "inline")


def _eml(data: bytes, outdir: str) -> dict:
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    notes: list = []
    if not msg.keys():
        raise MailUnreadable("no headers")
    html_body = text_body = None
    attachments: list = []
    parts = 0
    for part in msg.walk():
        parts += 1
        if parts > MAX_PARTS:
            notes.append(_note("mail-note-parts", "The mail has more than ${n} parts; the rest are only in the "
                                                  "original.", n=MAX_PARTS))
            break
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822" or isinstance(part.get_payload(), list):
            continue
        if not _is_attachment(part) and ctype == "text/html" and html_body is None:
            html_body = _part_text(part, notes)
            continue
        if not _is_attachment(part) and ctype == "text/plain" and text_body is None:
            text_body = _part_text(part, notes)
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001 - an undecodable part is reported, not fatal
            payload = None
        if payload is None:
            notes.append(_note("mail-note-part-unreadable", "A part of the mail (${type}) could not be read; it is "
                                                            "kept in the original.", type=ctype))
            continue
        name = _filename(part)
        cid = normalise_message_id(part.get("Content-ID")) if part.get("Content-ID") else None
        attachments.append(_write(outdir, len(attachments), payload, name, ctype, cid,
                                  inline=bool(cid) and not _is_attachment(part)))
    # messages forwarded as attachments: their own text is part of this record
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and isinstance(part.get_payload(), list):
            inner = part.get_payload()[0]
            subject = _decode_words(inner.get("Subject"))
            notes.append(_note("mail-note-forwarded", "A forwarded mail (“${subject}”) is inside this mail; it is "
                                                      "kept in the original.", subject=subject or "…"))
    for bad in msg.defects[:3]:
        notes.append(_note("mail-note-defect", "The mail is not well formed (${defect}); what could be read was "
                                               "filed.", defect=type(bad).__name__))
    return {
        "message_id": normalise_message_id(msg.get("Message-ID")) if msg.get("Message-ID") else None,
        "subject": _decode_words(msg.get("Subject")),
        "from": parse_addresses(msg.get("From")) or parse_addresses(msg.get("Sender")),
        "to": parse_addresses(*(msg.get_all("To") or ())),
        "cc": parse_addresses(*(msg.get_all("Cc") or ())),
        "date": _date(msg.get("Date")),
        "in_reply_to": normalise_message_id(msg.get("In-Reply-To")) if msg.get("In-Reply-To") else None,
        "html": html_body, "text": text_body, "attachments": attachments, "notes": notes,
    }


def _date(value) -> str | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(_decode_words(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).isoformat()


def _write(outdir: str, index: int, payload: bytes, name: str, ctype: str, cid: str | None, inline: bool) -> dict:
    path = os.path.join(outdir, f"part-{index:04d}")
    with open(path, "wb") as fh:
        fh.write(payload)
    return {"path": path, "filename": name, "content_type": ctype, "content_id": cid, "inline": inline,
            "size": len(payload)}


# -- Outlook .msg -----------------------------------------------------------------

def _msg(path: str, outdir: str) -> dict:
    import extract_msg
    from extract_msg.enums import AttachmentType

    try:
        msg = extract_msg.openMsg(path, delayAttachments=False)
    except Exception as exc:  # noqa: BLE001 - anything the OLE reader raises means "not a readable .msg"
        raise MailUnreadable(str(exc)) from None
    notes: list = []
    try:
        html_body = None
        try:
            raw = msg.htmlBody
            if raw:
                html_body = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        except Exception:  # noqa: BLE001 - a broken RTF/HTML body falls back to the text body
            notes.append(_note("mail-note-html-unreadable", "The formatted body could not be read; the plain text "
                                                            "is shown."))
        text_body = msg.body
        attachments = []
        for att in msg.attachments[:MAX_PARTS]:
            name = _decode_words(att.longFilename or att.shortFilename or getattr(att, "name", "") or "")
            if att.type == AttachmentType.MSG:
                notes.append(_note("mail-note-forwarded", "A forwarded mail (“${subject}”) is inside this mail; "
                                                          "it is kept in the original.",
                                   subject=getattr(att.data, "subject", "") or name or "…"))
                continue
            data = att.data if att.type == AttachmentType.DATA else None
            if not isinstance(data, bytes):
                notes.append(_note("mail-note-part-unreadable", "A part of the mail (${type}) could not be read; it "
                                                                "is kept in the original.", type=name or "?"))
                continue
            cid = normalise_message_id(att.cid) if att.cid else None
            attachments.append(_write(outdir, len(attachments), data, name, att.mimetype or "", cid,
                                      inline=bool(cid) and bool(att.hidden)))
        date = msg.date
        header = msg.header if msg.headerInit else None
        return {
            "message_id": normalise_message_id(msg.messageId) if msg.messageId else None,
            "subject": _decode_words(msg.subject),
            "from": parse_addresses(msg.sender),
            "to": parse_addresses(msg.to),
            "cc": parse_addresses(msg.cc),
            "date": _date(header["Date"]) if header is not None and header["Date"] else (
                date.astimezone(dt.timezone.utc).isoformat() if isinstance(date, dt.datetime) and date.tzinfo
                else date.replace(tzinfo=dt.timezone.utc).isoformat() if isinstance(date, dt.datetime) else None),
            "in_reply_to": normalise_message_id(msg.inReplyTo) if msg.inReplyTo else None,
            "html": html_body, "text": text_body, "attachments": attachments, "notes": notes,
        }
    finally:
        msg.close()


# -- the whole ----------------------------------------------------------------------

def looks_like_msg(head: bytes) -> bool:
    return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE compound file


def read_mail(path: str, outdir: str) -> dict:
    """The mail at ``path`` as plain data (attachments written under ``outdir``)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if looks_like_msg(head):
        mail = _msg(path, outdir)
    else:
        with open(path, "rb") as fh:
            data = fh.read()
        if b"\x00" in data[:4096]:
            raise MailUnreadable("binary")
        mail = _eml(data, outdir)
    mail["subject"] = mail["subject"][:MAX_SUBJECT]
    mail["body_html"], remote = _without_remote_images(_body_html(mail))
    del mail["html"], mail["text"]
    if remote:  # a note with plural forms: rendered with rsi_case.i18n.pluralize
        mail["notes"].append({"plural": list(REMOTE_IMAGES), "n": remote, "mapping": {}})
    if not mail["from"]:
        mail["notes"].append(_note("mail-note-no-sender", "The mail names no sender."))
    if not mail["date"]:
        mail["notes"].append(_note("mail-note-no-date", "The mail has no readable date; the day it was filed is "
                                                        "used."))
    for tnef in [a for a in mail["attachments"] if is_tnef(a)]:
        if not _unpack_tnef(tnef, mail, outdir):
            mail["notes"].append(_note("mail-note-tnef", "The mail holds an Outlook winmail.dat part, which other "
                                                         "programs cannot open; it is kept in the original mail."))
    return mail


def is_tnef(att: dict) -> bool:
    return (att["content_type"] or "").lower() == "application/ms-tnef" or att["filename"].lower() == "winmail.dat"


TNEF_MAX_UNPACKED = 300 * 1024 * 1024  # as the zip guard's default: what a winmail.dat may unpack to


def _unpack_tnef(part: dict, mail: dict, outdir: str) -> bool:
    """Outlook's winmail.dat (TNEF): its files become the mail's attachments,
    within the parts and size limits; False when it cannot be read (it is
    then kept, with a note). The parse child's memory and time limits hold."""
    import logging

    from tnefparse import TNEF

    logging.getLogger("tnefparse").setLevel(logging.ERROR)
    try:
        with open(part["path"], "rb") as fh:
            parsed = TNEF(fh.read(), do_checksum=True)
        if not all(obj.good_checksum for obj in parsed.objects):
            return False  # damaged: its files would be attached with wrong bytes
        files = [(a.long_filename(), a.data) for a in parsed.attachments if a.data]
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - whatever the TNEF reader raises means "not readable"
        return False
    if not files:
        return False
    attachments = mail["attachments"]
    total = 0
    for name, data in files:
        if len(attachments) >= MAX_PARTS or total + len(data) > TNEF_MAX_UNPACKED:
            mail["notes"].append(_note("mail-note-tnef-limit", "Not every file in the Outlook winmail.dat part "
                                                               "was attached (too many, or too large); they are "
                                                               "kept in the original mail."))
            break
        total += len(data)
        name = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or "")
        name = os.path.basename(name.replace("\\", "/")).strip("\x00 ") or f"bilag-{len(attachments) + 1}"
        attachments.append(_write(outdir, len(attachments), bytes(data), name, "application/octet-stream", None,
                                  inline=False))
    return True


def _body_html(mail: dict) -> str:
    if mail["html"] and mail["html"].strip():
        body = mail["html"][:BODY_LIMIT]
        body = re.sub(r"(?is)<(head|style|script|title)\b.*?</\1\s*>", " ", body)
        return clean_html(_keep_cids(body))
    return clean_html(text_to_html((mail["text"] or "")[:BODY_LIMIT]))


def _without_remote_images(body: str) -> tuple[str, int]:
    """Images a mail loads from the web (tracking pixels, remote logos) are
    removed, their alt text kept."""
    count = 0

    def drop(match):
        nonlocal count
        count += 1
        alt = re.search(r'\balt="([^"]*)"', match.group(0))
        return f"[{alt.group(1)}]" if alt and alt.group(1).strip() else ""

    return re.sub(r'<img\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>', drop, body), count


def _keep_cids(body: str) -> str:
    """``src="cid:x"`` survives the sanitiser (which allows only web and mail
    links) as a relative placeholder the filing replaces by the attachment's
    address."""
    return re.sub(r'(?i)src\s*=\s*(["\'])cid:([^"\']+)\1',
                  lambda m: f'src="mail-cid/{html.escape(m.group(2).strip("<>"), quote=True)}"', body)


HEADER_LIMIT = 64 * 1024  # a header block larger than this is not read in the web or worker process


def read_headers(head: bytes) -> dict:
    """What the Indbakke shows of a mail it could not (or would not) read
    whole — subject, sender, date, Message-ID — from its header block alone,
    read in this process: a header block is small (``HEADER_LIMIT``) and
    holds no parts to unpack. Never raises: what cannot be read is empty."""
    try:
        msg = email.message_from_bytes(head[:HEADER_LIMIT].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\r\n\r\n",
                                       policy=email.policy.compat32)
        return {
            "message_id": normalise_message_id(msg.get("Message-ID")) if msg.get("Message-ID") else None,
            "subject": _decode_words(msg.get("Subject"))[:MAX_SUBJECT],
            "from": parse_addresses(msg.get("From")) or parse_addresses(msg.get("Sender")),
            "date": _date(msg.get("Date")),
        }
    except Exception:  # noqa: BLE001 - a header block that breaks the parser: nothing to show
        return {"message_id": None, "subject": "", "from": [], "date": None}


def read_mail_in_child(path: str, outdir: str) -> dict:
    """Run by the sandbox."""
    warnings.simplefilter("ignore")
    try:
        return {"mail": read_mail(path, outdir)}
    except MailUnreadable as exc:
        return {"unreadable": str(exc)[:200]}
    except RecursionError:
        return {"unreadable": "nesting"}


sandbox.preload(__name__)
sandbox.preload("extract_msg")  # 0.2 s of imports, paid once by the forkserver instead of per .msg
