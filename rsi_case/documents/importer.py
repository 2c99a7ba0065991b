"""Import a Word memo: the body becomes clean HTML (mammoth, then our
sanitiser); the title, kind, date, case number, document number and author
come from the memo's header block where it has them.

Nothing here writes to the database: the user sees what was recognised and
confirms before a document is created.

The web process never parses the file itself: ``read_memo_file`` and
``stated_number_file`` run the parsing in a limited child process
(rsi_case.sandbox) and get back plain data; the zip guard refuses a bomb
before python-docx or mammoth opens it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import re
import warnings
import zipfile

import lxml.html
import mammoth

from .. import sandbox, zipguard
from ..i18n import _, parse_danish_date  # noqa: F401 (parse_danish_date is part of this module's API)
from ..numbering import CaseNumber, DocumentNumber, NumberError
from .sanitize import clean_html, element_text

KIND_WORDS = {
    "notat": "notat", "strategi": "strategi", "handlingsplan": "handlingsplan", "dagsorden": "dagsorden",
    "mødereferat": "moedereferat", "referat": "moedereferat", "beslutningsoplæg": "beslutningsoplaeg",
    "indstilling": "beslutningsoplaeg", "statusrapport": "statusrapport", "bilag": "bilag",
}

_LABEL = r"\s*[:.]?\s*"
RE_DATE = re.compile(r"^\s*dato" + _LABEL + r"(?P<v>.+?)\s*$", re.I)
RE_CASE = re.compile(r"sag(?:s)?\s*(?:nr|nummer)\.?" + _LABEL + r"(?P<v>\d{2,4}\s*[/-]\s*\d{1,6})", re.I)
RE_DOC = re.compile(r"dok(?:ument)?\.?\s*(?:nr|nummer)\.?" + _LABEL + r"(?P<v>\d{1,6}\s*[/-]\s*\d{2,4})", re.I)
RE_AUTHOR = re.compile(r"^\s*(?:forfatter|sagsbehandler|udarbejdet af|fra|af)\s*[:.]\s*(?P<v>[^\d@]{3,80}?)\s*$", re.I)
RE_PHONE = re.compile(r"(?:tlf|telefon|direkte|mobil)\.?\s*(?:nr\.?)?" + _LABEL + r"(?P<v>\+?[\d][\d \-]{6,18}\d)", re.I)
RE_EMAIL = re.compile(r"(?:e-?mail|mail)" + _LABEL + r"(?P<v>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
HEADER_LABELS = re.compile(
    r"^\s*(dato|sag(s)?\s*(nr|nummer)|dok(ument)?\.?\s*(nr|nummer)|forfatter|sagsbehandler|udarbejdet af|"
    r"tlf|telefon|direkte|mobil|e-?mail|mail|j\.?\s*nr)\b", re.I)


log = logging.getLogger(__name__)


class ImportFailed(Exception):
    def __init__(self, message, mapping=None):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}


@dataclasses.dataclass
class ImportedMemo:
    title: str = ""
    kind: str = "notat"
    body_html: str = ""
    doc_date: dt.date | None = None
    case_number: CaseNumber | None = None
    document_number: DocumentNumber | None = None
    author_name: str = ""
    author_phone: str = ""
    author_email: str = ""
    warnings: list = dataclasses.field(default_factory=list)


def _header_lines(docx_document) -> list[str]:
    """Text of the page headers, and of the paragraphs and tables near the top."""
    lines: list[str] = []

    def add_table(table):
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
            lines.append(" ".join(c.text for c in row.cells))

    for section in docx_document.sections:
        for part in (section.header, section.first_page_header):
            try:
                if part.is_linked_to_previous and part is not section.header:
                    continue
                lines.extend(p.text for p in part.paragraphs)
                for table in part.tables:
                    add_table(table)
            except Exception:  # a broken header part is not worth failing over
                continue
    lines.extend(p.text for p in docx_document.paragraphs[:40])
    for table in docx_document.tables[:3]:
        add_table(table)
    # a line may hold several fields ("Dato: … Sag nr.: …"): split at tabs too
    out = []
    for line in lines:
        parts = [part for part in re.split(r"\t|\s{3,}", line) if part.strip()]
        out.extend(parts)
        if len(parts) > 1:
            out.append(line)
    return [line.strip() for line in out if line and line.strip()]


def _kind(docx_document) -> str | None:
    """The kind line ("NOTAT") in a page header, or as the first line of the
    body after the header block. Later lines are ordinary text: a section
    called "Indstilling" or "Bilag" does not make the memo a decision paper."""
    for section in docx_document.sections:
        try:
            texts = [p.text.strip().lower() for p in section.header.paragraphs]
        except Exception:  # a broken header part is not worth failing over
            continue
        for text in texts:
            if text in KIND_WORDS:
                return KIND_WORDS[text]
    for paragraph in docx_document.paragraphs[:40]:
        text = " ".join(paragraph.text.split())
        if not text or HEADER_LABELS.match(text):
            continue
        return KIND_WORDS.get(text.lower())
    return None


def _recognise(memo: ImportedMemo, lines: list[str]) -> None:
    for line in lines:
        if memo.doc_date is None and (m := RE_DATE.match(line)):
            memo.doc_date = parse_danish_date(m.group("v"))
        if memo.case_number is None and (m := RE_CASE.search(line)):
            try:
                memo.case_number = CaseNumber.parse(m.group("v"))
            except NumberError:
                pass
        if memo.document_number is None and (m := RE_DOC.search(line)):
            try:
                memo.document_number = DocumentNumber.parse(m.group("v"))
            except NumberError:
                pass
        if not memo.author_name and (m := RE_AUTHOR.match(line)):
            memo.author_name = m.group("v").strip()
        if not memo.author_phone and (m := RE_PHONE.search(line)):
            memo.author_phone = re.sub(r"\s+", " ", m.group("v")).strip()
        if not memo.author_email and (m := RE_EMAIL.search(line)):
            memo.author_email = m.group("v")


def _tidy_body(html: str, memo: ImportedMemo) -> str:
    """Drop the header block, the kind line and the title from the body, and
    shift headings down one level (h1 is the page's own title)."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    title_taken = kind_taken = False
    # only the top of the body (before its first real paragraph) is header
    # material; further down, "Dato for næste møde …" and a section called
    # "Indstilling" are text the reader needs
    for el in list(root):
        text = element_text(el)
        if el.tag == "table":
            cells = [element_text(td) for td in el.iter("td", "th")]
            rows = len(list(el.iter("tr")))
            if sum(1 for c in cells if HEADER_LABELS.match(c)) >= min(2, max(rows, 1)):
                root.remove(el)
                continue
            break
        if el.tag in ("p", "h1", "h2", "h3"):
            if not text and not len(el):
                root.remove(el)
                continue
            if HEADER_LABELS.match(text) and len(text) < 120:
                root.remove(el)
                continue
            if not kind_taken and text.lower() in KIND_WORDS:
                root.remove(el)
                kind_taken = True
                continue
            if not title_taken and memo.title and text == memo.title:
                root.remove(el)
                title_taken = True
                continue
        break
    # images are not carried over (a warning says so): no empty <img> left behind
    for img in list(root.iter("img")):
        if not img.get("src"):
            img.drop_tree()
    for el in list(root.iter("p")):
        if not len(el) and not (el.text or "").strip() and el.getparent() is root:
            el.drop_tree()
    for level in (3, 2, 1):
        for el in root.iter(f"h{level}"):
            el.tag = f"h{level + 1}"
    parts = [lxml.html.tostring(el, encoding="unicode") for el in root]
    return (root.text or "") + "".join(parts)


def _guard(data: bytes, filename: str, zip_limits: zipguard.ZipLimits) -> None:
    try:
        zipguard.check(io.BytesIO(data), zip_limits)
    except zipguard.ZipRefused as exc:
        message, mapping = exc.message_for(filename or "notat.docx")
        raise ImportFailed(message, mapping) from None


def stated_document_number(data: bytes, zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> DocumentNumber | None:
    """The document number the memo's header states (python-docx only, no
    conversion): what the import may register the document under."""
    import docx  # python-docx

    try:
        _guard(data, "", zip_limits)
        document = docx.Document(io.BytesIO(data))
    except Exception:
        return None
    memo = ImportedMemo()
    _recognise(memo, _header_lines(document))
    return memo.document_number


def read_memo(data: bytes, filename: str = "", zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> ImportedMemo:
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed(_("import-not-docx", default="“${name}” is not a Word document (.docx). Save it as .docx in Word and try again."),
                           {"name": filename or "?"})
    _guard(data, filename, zip_limits)
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, Exception) as exc:  # noqa: B014
        raise ImportFailed(_("import-corrupt", default="“${name}” could not be read. The Word file may be damaged."),
                           {"name": filename or "?"}) from exc

    memo = ImportedMemo()
    lines = _header_lines(document)
    _recognise(memo, lines)
    memo.kind = _kind(document) or memo.kind

    images = []

    def skip_image(image):
        images.append(image)
        return {}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map="p[style-name='Title'] => h1:fresh\np[style-name='Titel'] => h1:fresh",
            convert_image=mammoth.images.img_element(skip_image),
        )
    except Exception as exc:
        raise ImportFailed(_("import-corrupt", default="“${name}” could not be read. The Word file may be damaged."),
                           {"name": filename or "?"}) from exc
    html = clean_html(result.value)
    if images:
        memo.warnings.append(_("import-images-skipped", default="${count} image(s) in the Word file were not carried over; the original file is attached.",
                               mapping={"count": len(images)}))

    # title: the first heading, else the file's properties, else the first line
    try:
        root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    except Exception:  # pragma: no cover - clean_html output always parses
        root = None
    if root is not None:
        for el in root.iter("h1", "h2", "h3"):
            text = element_text(el)
            if text and text.lower() not in KIND_WORDS and not HEADER_LABELS.match(text):
                memo.title = text
                break
    if not memo.title:
        memo.title = (document.core_properties.title or "").strip()
    if not memo.title and root is not None:
        for el in root.iter("p"):
            text = element_text(el)
            if text and not HEADER_LABELS.match(text) and text.lower() not in KIND_WORDS:
                memo.title = text[:200]
                break
    if not memo.title:
        memo.title = re.sub(r"\.docx$", "", filename or "", flags=re.I) or "Importeret dokument"
    memo.title = memo.title[:300]
    if not memo.author_name:
        memo.author_name = (document.core_properties.author or "").strip()[:200]
    memo.body_html = clean_html(_tidy_body(html, memo))
    return memo


# -- the same, in a limited child process ----------------------------------------------

def _ts_to_json(ts) -> dict:
    return {"msgid": str(ts), "default": getattr(ts, "default", None), "mapping": dict(getattr(ts, "mapping", None) or {})}


def _ts_from_json(data: dict):
    return _(data["msgid"], default=data["default"], mapping=data["mapping"] or None)


def _memo_to_json(memo: ImportedMemo) -> dict:
    out = dataclasses.asdict(memo)
    out["doc_date"] = memo.doc_date.isoformat() if memo.doc_date else None
    out["case_number"] = str(memo.case_number) if memo.case_number else None
    out["document_number"] = str(memo.document_number) if memo.document_number else None
    out["warnings"] = [_ts_to_json(w) for w in memo.warnings]
    return out


def _memo_from_json(data: dict) -> ImportedMemo:
    data = dict(data)
    data["doc_date"] = dt.date.fromisoformat(data["doc_date"]) if data["doc_date"] else None
    data["case_number"] = CaseNumber.parse(data["case_number"]) if data["case_number"] else None
    data["document_number"] = DocumentNumber.parse(data["document_number"]) if data["document_number"] else None
    data["warnings"] = [_ts_from_json(w) for w in data["warnings"]]
    return ImportedMemo(**data)


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def read_memo_in_child(path: str, filename: str, zip_limits: zipguard.ZipLimits) -> dict:
    """Run by the sandbox: the memo as plain data, or why it was refused."""
    warnings.simplefilter("ignore")
    try:
        return {"memo": _memo_to_json(read_memo(_read(path), filename, zip_limits))}
    except ImportFailed as exc:
        if sandbox.out_of_memory(exc):  # "could not be read" because the memory ran out: say so
            raise MemoryError from exc
        return {"refused": _ts_to_json(exc.message), "mapping": exc.mapping}


def stated_number_in_child(path: str, zip_limits: zipguard.ZipLimits) -> dict:
    warnings.simplefilter("ignore")
    number = stated_document_number(_read(path), zip_limits)
    return {"number": str(number) if number else None}


sandbox.preload(__name__)


def _sandboxed(func, filename: str, *args, limits: sandbox.Limits):
    try:
        return sandbox.run(func, *args, limits=limits)
    except sandbox.Failed as exc:
        name = filename or "?"
        if exc.reason in ("timeout", "memory"):
            log.warning("reading the Word file %r was stopped: %s", name, exc)
        else:
            log.info("the Word file %r could not be read: %s", name, exc)
        if exc.reason == "timeout":
            raise ImportFailed(_("import-timeout", default="Reading “${name}” took more than ${seconds} seconds, "
                                                           "so it was stopped. The file cannot be imported."),
                               {"name": name, "seconds": f"{limits.seconds:g}".replace(".", ",")}) from None
        if exc.reason == "memory":
            raise ImportFailed(_("import-memory", default="Reading “${name}” needs more than ${mb} MB of memory, "
                                                          "so it was stopped. The file cannot be imported."),
                               {"name": name, "mb": limits.memory_mb}) from None
        if exc.reason == "busy":
            raise ImportFailed(_("import-busy", default="The server is busy reading other files. Try again in a "
                                                        "moment."), {"name": name}) from None
        raise ImportFailed(_("import-corrupt", default="“${name}” could not be read. The Word file may be damaged."),
                           {"name": name}) from None


def read_memo_file(path, filename: str, *, limits: sandbox.Limits = sandbox.DEFAULT_LIMITS,
                   zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> ImportedMemo:
    """read_memo of the file at ``path``, parsed in a limited child process."""
    result = _sandboxed(read_memo_in_child, filename, str(path), filename, zip_limits, limits=limits)
    if "refused" in result:
        raise ImportFailed(_ts_from_json(result["refused"]), result["mapping"])
    return _memo_from_json(result["memo"])


def stated_number_file(path, filename: str, *, limits: sandbox.Limits = sandbox.DEFAULT_LIMITS,
                       zip_limits: zipguard.ZipLimits = zipguard.DEFAULT_LIMITS) -> DocumentNumber | None:
    """stated_document_number of the file at ``path``, in a limited child
    process; ImportFailed when it could not be read in time."""
    result = _sandboxed(stated_number_in_child, filename, str(path), zip_limits, limits=limits)
    return DocumentNumber.parse(result["number"]) if result["number"] else None
