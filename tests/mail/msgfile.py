"""Writing Outlook .msg files for the tests: an OLE compound file of MAPI
properties ([MS-OXMSG]), written with extract-msg's own OLE writer — the
layout Outlook saves when a mail is dragged out of it (subject, bodies,
the transport headers of a received mail, recipients, attachments)."""

from __future__ import annotations

import struct

from extract_msg.ole_writer import OleWriter

PT_LONG, PT_BOOLEAN, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x001F, 0x0102


def _entries(props: list[tuple[int, int, int | bytes]]) -> bytes:
    """Fixed-size properties in a __properties_version1.0 stream (16 bytes each)."""
    out = b""
    for prop_id, prop_type, value in props:
        tag = (prop_id << 16) | prop_type
        if prop_type in (PT_UNICODE, PT_BINARY):
            out += struct.pack("<III", tag, 0x6, len(value) + (2 if prop_type == PT_UNICODE else 0)) + b"\0" * 4
        else:
            out += struct.pack("<IIQ", tag, 0x6, int(value))
    return out


def _strings(writer: OleWriter, prefix: list[str], props: list[tuple[int, int, int | bytes]]) -> None:
    for prop_id, prop_type, value in props:
        if prop_type in (PT_UNICODE, PT_BINARY):
            writer.addEntry(prefix + [f"__substg1.0_{prop_id:04X}{prop_type:04X}"], value)


def u(text: str) -> bytes:
    return text.encode("utf-16-le")


def write_msg(path, *, subject: str, sender_name: str, sender_email: str, headers: str | None = None,
              body: str = "", html: str | None = None, to: list[tuple[str, str]] = (), cc: list[tuple[str, str]] = (),
              attachments: list[dict] = (), message_id: str | None = None) -> None:
    """``attachments``: dicts with filename, data, mimetype, and optionally content_id + hidden (inline)."""
    writer = OleWriter()
    props = [
        (0x001A, PT_UNICODE, u("IPM.Note")),
        (0x0037, PT_UNICODE, u(subject)),
        (0x0C1A, PT_UNICODE, u(sender_name)),
        (0x5D01, PT_UNICODE, u(sender_email)),
        (0x0E04, PT_UNICODE, u("; ".join(n for n, _a in to))),
        (0x0E03, PT_UNICODE, u("; ".join(n for n, _a in cc))),
        (0x1000, PT_UNICODE, u(body)),
        (0x0E07, PT_LONG, 0x1),  # PR_MESSAGE_FLAGS: read, sent
    ]
    if html is not None:
        props.append((0x1013, PT_BINARY, html.encode("utf-8")))
    if headers is not None:
        props.append((0x007D, PT_UNICODE, u(headers)))
    if message_id is not None:
        props.append((0x1035, PT_UNICODE, u(message_id)))
    recipients = [(n, a, 1) for n, a in to] + [(n, a, 2) for n, a in cc]
    header = b"\0" * 8 + struct.pack("<IIII", len(recipients), len(attachments), len(recipients), len(attachments))
    header += b"\0" * 8
    writer.addEntry(["__properties_version1.0"], header + _entries(props))
    _strings(writer, [], props)
    writer.addEntry(["__nameid_version1.0"], storage=True)
    for name in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(["__nameid_version1.0", name], b"")
    for index, (name, address, kind) in enumerate(recipients):
        folder = f"__recip_version1.0_#{index:08X}"
        rprops = [(0x3001, PT_UNICODE, u(name)), (0x39FE, PT_UNICODE, u(address)), (0x3003, PT_UNICODE, u(address)),
                  (0x0C15, PT_LONG, kind)]
        writer.addEntry([folder], storage=True)
        writer.addEntry([folder, "__properties_version1.0"], b"\0" * 8 + _entries(rprops))
        _strings(writer, [folder], rprops)
    for index, att in enumerate(attachments):
        folder = f"__attach_version1.0_#{index:08X}"
        aprops = [(0x3707, PT_UNICODE, u(att["filename"])), (0x3704, PT_UNICODE, u(att["filename"][:12])),
                  (0x3701, PT_BINARY, att["data"]), (0x370E, PT_UNICODE, u(att.get("mimetype", ""))),
                  (0x3705, PT_LONG, 1)]
        if att.get("content_id"):
            aprops.append((0x3712, PT_UNICODE, u(att["content_id"])))
        if att.get("hidden"):
            aprops.append((0x7FFE, PT_BOOLEAN, 1))
        writer.addEntry([folder], storage=True)
        writer.addEntry([folder, "__properties_version1.0"], b"\0" * 8 + _entries(aprops))
        _strings(writer, [folder], aprops)
    writer.write(str(path))
