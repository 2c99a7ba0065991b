"""The text of attached files, for the index: .docx, .pdf, .txt/.csv. A file
whose text cannot be read is still found by its name. Extracted text is
cached under the index folder, so a rebuild does not parse every file again.

Word and PDF files are parsed in a limited child process (rsi_case.sandbox):
a file that would run for minutes or take gigabytes is stopped there, and
only its name is indexed. A .docx passes the zip guard first and its text
is read as a stream (lxml's iterparse, each element dropped once read), so
memory follows the text kept — at most MAX_CHARS — not the size of the XML.
"""

from __future__ import annotations

import codecs
import logging
import posixpath
import warnings
import zipfile

from .. import sandbox, zipguard

log = logging.getLogger(__name__)

MAX_CHARS = 2_000_000  # per file: a 300-page annex is far below this

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_SANDBOXED = (".docx", ".pdf")
_TEXT = (".txt", ".csv")


class NoText(Exception):
    """The file's text was not read; ``reason`` goes to the log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# -- in the child process ------------------------------------------------------------

def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part, as the package's relationships name it."""
    from lxml import etree

    try:
        info = zf.getinfo("_rels/.rels")
    except KeyError:
        return "word/document.xml"
    if info.file_size > 1024 * 1024:
        raise ValueError("_rels/.rels is larger than 1 MB")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(zf.read(info), parser)
    for rel in root.iter(_RELS):
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _wordml_text(stream, limit: int = MAX_CHARS) -> str:
    """Paragraphs of WordprocessingML, one per line (table cells included), read
    element by element: each is cleared once its end is seen and dropped from
    its parent, so the tree never holds more than the path to the current one."""
    from lxml import etree

    lines: list[str] = []
    run: list[str] = []
    total = 0
    t, tab, brk, cr, hyphen, p = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "p")
    for _event, el in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True,
                                      load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True):
        tag = el.tag
        if tag == t:
            run.append(el.text or "")
        elif tag == tab:
            run.append("\t")
        elif tag in (brk, cr):
            run.append("\n")
        elif tag == hyphen:
            run.append("-")
        elif tag == p:
            line = "".join(run)
            run.clear()
            lines.append(line)
            total += len(line) + 1
            if total >= limit:
                break
        el.clear()
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]
    if run:
        lines.append("".join(run))
    return "\n".join(lines)[:limit]


def _docx(path: str, zip_limits: zipguard.ZipLimits) -> str:
    zipguard.check(path, zip_limits)
    with zipfile.ZipFile(path) as zf, zf.open(_main_part(zf)) as stream:
        return _wordml_text(stream)


def _pdf(path: str) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is not news for the server log
    parts: list[str] = []
    total = 0
    with open(path, "rb") as fh:
        for page in PdfReader(fh).pages:
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text) + 1
            if total >= MAX_CHARS:
                break
    return "\n".join(parts)[:MAX_CHARS]


def extract_in_child(kind: str, path: str, zip_limits: zipguard.ZipLimits) -> dict:
    """Run by the sandbox: ``{"text": …}``, or ``{"refused": …}`` when the zip
    guard refused the file (a damaged file raises: the sandbox reports it)."""
    warnings.simplefilter("ignore")
    try:
        text = _docx(path, zip_limits) if kind == ".docx" else _pdf(path)
    except zipguard.ZipRefused as exc:
        return {"refused": f"{exc.reason}: {exc.detail}"}
    return {"text": text}


sandbox.preload(__name__)


# -- in the web process (or the indexer) ----------------------------------------------

def _text_file(path) -> str:
    """The start of a text file (UTF-8, else Windows-1252), MAX_CHARS at most."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_CHARS * 4)
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text[:MAX_CHARS]


def extract_file(filename: str, path, *, limits: sandbox.Limits = sandbox.DEFAULT_LIMITS,
                 zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS, wait: float | None = None) -> str:
    """The text of the file at ``path`` (named ``filename``); raises NoText
    when it was refused, ran out of time or memory, or is damaged."""
    name = filename.lower()
    if name.endswith(_TEXT):
        return _text_file(path)
    kind = next((ext for ext in _SANDBOXED if name.endswith(ext)), None)
    if kind is None:
        return ""
    try:
        result = sandbox.run(extract_in_child, kind, str(path), zip_limits, limits=limits, wait=wait)
    except sandbox.Failed as exc:
        raise NoText(f"{exc.reason} ({exc.detail})" if exc.detail else exc.reason) from None
    if "refused" in result:
        raise NoText(f"refused by the zip guard: {result['refused']}")
    return str(result.get("text", ""))[:MAX_CHARS]


def cached_text(store, attachment, cache_dir, *, limits: sandbox.Limits = sandbox.DEFAULT_LIMITS,
                zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> str:
    """The attachment's text, extracted once and kept in ``cache_dir`` (derived
    data, like the index: it may be deleted at any time). A file whose text
    could not be read is cached as empty, so its reason is logged once, and
    extraction is tried again only when the cache is deleted."""
    sha = attachment.sha256
    if len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
        return ""
    cache = cache_dir / sha[:2] / f"{sha}.txt"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    if not store.exists(attachment.sha256):
        return ""
    try:
        # the indexer has no user waiting: it waits longer than a request for a free child
        text = extract_file(attachment.filename, store.path(sha), limits=limits, zip_limits=zip_limits,
                            wait=max(120.0, 6 * limits.seconds))
    except NoText as exc:
        if exc.reason.startswith(("busy", "unavailable")):  # this machine's trouble, not the file's: try again later
            log.warning("no text from attachment %r (%s…) this time: %s", attachment.filename, sha[:12], exc.reason)
            return ""
        log.warning("no text from attachment %r (%s…), found by its name only: %s",
                    attachment.filename, sha[:12], exc.reason)
        text = ""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(text, encoding="utf-8")
    except OSError:
        pass
    return text
