"""The text of attached files, for the index: .docx (python-docx), .pdf
(pypdf), .txt/.csv. A file whose text cannot be read is still found by its
name. Extracted text is cached under the index folder, so a rebuild does not
parse every file again."""

from __future__ import annotations

import io
import logging
import zipfile

log = logging.getLogger(__name__)

MAX_CHARS = 2_000_000  # per file: a 300-page annex is far below this


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract_text(filename: str, data: bytes) -> str:
    name = filename.lower()
    try:
        if name.endswith(".docx") and zipfile.is_zipfile(io.BytesIO(data)):
            text = _docx(data)
        elif name.endswith(".pdf"):
            text = _pdf(data)
        elif name.endswith((".txt", ".csv")):
            text = _text(data)
        else:
            return ""
    except Exception as exc:  # a damaged file: found by its name only
        log.info("no text from %s: %s", filename, exc)
        return ""
    return text[:MAX_CHARS]


def cached_text(store, attachment, cache_dir) -> str:
    """The attachment's text, extracted once and kept in ``cache_dir`` (derived
    data, like the index: it may be deleted at any time)."""
    sha = attachment.sha256
    if len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
        return ""
    cache = cache_dir / sha[:2] / f"{sha}.txt"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    if not store.exists(attachment.sha256):
        return ""
    text = extract_text(attachment.filename, store.read(attachment.sha256))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(text, encoding="utf-8")
    except OSError:
        pass
    return text
