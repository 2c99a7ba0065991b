"""Which files may be attached, their content types, and a check that the
bytes really are what the name says (a renamed .exe is not a PDF) — and, for
the zip-based formats, that the container is no zip bomb (rsi_case.zipguard)."""

from __future__ import annotations

import logging
import os
import re
import unicodedata

from .. import zipguard
from ..i18n import _

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

TYPES = {
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
# shown in the browser; everything else is always a download
INLINE = {"application/pdf", "image/png", "image/jpeg", "image/gif"}

_ZIPPED = {".docx", ".xlsx", ".pptx", ".odt", ".ods"}
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}


class FileTypeError(ValueError):
    def __init__(self, message, mapping=None):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}


def safe_filename(name: str) -> str:
    """The name as the user knows it, minus any path and control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 200:  # shorten the stem, never the extension (it decides the type)
        stem, ext = os.path.splitext(name)
        ext = ext if len(ext) <= 16 else ""
        name = stem[: 200 - len(ext)].rstrip(" .") + ext
    return name or "fil"


def content_type_for(filename: str) -> str | None:
    return TYPES.get(os.path.splitext(filename)[1].lower())


def allowed_list() -> str:
    return ", ".join(sorted({ext.lstrip(".") for ext in TYPES}))


def check(filename: str, path, zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> str:
    """Return the content type for ``filename`` whose bytes are at ``path``."""
    ext = os.path.splitext(filename)[1].lower()
    ctype = TYPES.get(ext)
    if ctype is None:
        raise FileTypeError(
            _("file-type-not-allowed", default="Files of type “${ext}” cannot be attached. Allowed: ${allowed}."),
            {"ext": ext or filename, "allowed": allowed_list()},
        )
    with open(path, "rb") as fh:
        head = fh.read(16)
    if not head:
        raise FileTypeError(_("file-empty", default="The file “${name}” is empty."), {"name": filename})
    if ext in _ZIPPED:
        ok = head.startswith(b"PK")
        if ok:
            _check_container(filename, path, zip_limits)
    elif ext in _MAGIC:
        ok = any(head.startswith(m) for m in _MAGIC[ext])
    else:  # text: must decode as UTF-8 or Windows-1252 and hold no NULs
        with open(path, "rb") as fh:
            sample = fh.read(64 * 1024)
        ok = b"\x00" not in sample
    if not ok:
        raise FileTypeError(
            _("file-unreadable", default="The file “${name}” does not look like a valid ${ext} file. It may be damaged or renamed."),
            {"name": filename, "ext": ext.lstrip(".").upper()},
        )
    return ctype


def _check_container(filename: str, path, zip_limits: zipguard.ZipLimits) -> None:
    try:
        zipguard.check(path, zip_limits)
    except zipguard.ZipRefused as exc:
        if exc.reason != "damaged":
            log.warning("upload %r refused by the zip guard: %s: %s", filename, exc.reason, exc.detail)
        message, mapping = exc.message_for(filename)
        raise FileTypeError(message, mapping) from None
