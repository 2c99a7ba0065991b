"""Names of files the user downloads: cut at a word, never mid-word, the
extension kept, and sent as RFC 6266 says — ``filename*`` in UTF-8 for the
Danish letters, and a plain ASCII ``filename`` (æ → ae, ø → oe, å → aa) for
the rare client that reads only that one."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]+")
DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"})


def cut_at_word(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, cut at the last space
    before the limit (a single word longer than half the limit is cut where
    it must be), without a dangling dash or comma."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space >= limit // 2 else text[:limit]
    return cut.rstrip(" -–—,;:.·")


def download_name(stem: str, extension: str, limit: int = 100) -> str:
    """A safe file name: ``stem`` without characters file systems refuse, cut
    at a word to ``limit`` characters, then ``extension`` (".docx")."""
    stem = unicodedata.normalize("NFC", UNSAFE.sub(" ", stem or ""))
    return f"{cut_at_word(stem, limit)}{extension}"


def ascii_fallback(filename: str) -> str:
    """The name in plain ASCII for ``filename=`` (no quotes, no backslashes)."""
    plain = unicodedata.normalize("NFKD", filename.translate(DANISH_ASCII))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^\x20-\x7e]", "_", plain).replace('"', "").replace("\\", "_") or "download"


def content_disposition(filename: str, inline: bool = False) -> str:
    """The Content-Disposition header of a download (RFC 6266, RFC 5987 for ``filename*``)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
