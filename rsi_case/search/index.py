"""The Whoosh index: derived from the database, disposable, rebuilt by itself.

Layout under ``var/index/``: one folder per generation (``gen-<n>``) and a
file ``CURRENT`` naming the one in use. A rebuild fills a new generation and
then replaces ``CURRENT`` atomically, so readers never see half an index, and
a crash mid-rebuild leaves the old generation serving. Only one process
writes at a time (an exclusive lock file); the others queue their work in the
outbox and leave it to the writer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import logging
import os
import re
import shutil
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from whoosh import analysis as whoosh_analysis, fields, index as whoosh_index

from ..cases.models import Case
from ..documents.models import Document, DocumentVersion
from ..documents.sanitize import element_text, html_to_text
from ..documents.versions import version_body
from ..mail.models import MailMessage
from ..numbering import CaseNumber, DecisionNumber
from .analysis import danish_analyzer, normalize

log = logging.getLogger(__name__)

SEPARATOR = " "


def number_keys(number) -> list[str]:
    """Every way a person may type a number: 09/2867, 09-2867, 2867, 2009/2867."""
    if isinstance(number, CaseNumber):
        return [str(number), number.slug, str(number.seq), f"{number.year}/{number.seq}", f"{number.seq:04d}"]
    if isinstance(number, DecisionNumber):
        return [str(number), f"B-{number.year}-{number.seq}", f"{number.year}-{number.seq:03d}"]
    return [str(number), number.slug, str(number.seq), f"{number.seq:05d}", f"{number.seq}/{number.year % 100:02d}"]


class PartyTokenizer(whoosh_analysis.Tokenizer):
    """Names and addresses of a mail's sender and recipients. Indexed: each
    word of a name, and of an address the whole address, its local part, its
    domain and the domain's words (``aase.oestergaard@rm.example`` →
    ``aase.oestergaard@rm.example``, ``aase.oestergaard``, ``aase``,
    ``oestergaard``, ``rm.example``, ``rm``, ``example``). A query word is one
    token as typed: ``fra:rm.example`` finds that domain and no other
    ``.example``, a whole address only that address. No stemming: a name is
    not a Danish word."""

    WORD = re.compile(r"\w+")
    CHUNK = re.compile(r"[\w.@+-]*\w")

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        token = whoosh_analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in self.CHUNK.finditer(value):
            chunk = match.group(0)
            if mode == "query":
                texts = [chunk] if ("@" in chunk or "." in chunk) else self.WORD.findall(chunk)
            else:
                texts = self._index_texts(chunk)
            for text in texts:
                token.text, token.boost, token.stopped = text, 1.0, False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
                yield token

    def _index_texts(self, chunk: str) -> list[str]:
        texts = []
        if "@" in chunk:
            local, _at, domain = chunk.rpartition("@")
            texts += [chunk, local, domain]
        elif "." in chunk:
            texts.append(chunk)
        for word in self.WORD.findall(chunk):
            if word not in texts:
                texts.append(word)
        return texts


def party_analyzer():
    return PartyTokenizer() | whoosh_analysis.LowercaseFilter()


def make_schema(lexicon=None) -> fields.Schema:
    text = danish_analyzer(lexicon)
    return fields.Schema(
        # the document's own headings (and bold one-line paragraphs, the headings
        # of memos written without heading styles), also in ``body``: a word in a
        # heading says what a section of a long document is about
        headings=fields.TEXT(analyzer=text, phrase=True),
        uid=fields.ID(unique=True, stored=True),
        type=fields.ID(stored=True),
        object_id=fields.NUMERIC(stored=True, bits=64),
        number=fields.ID(stored=True),
        numbers=fields.KEYWORD(lowercase=True, commas=False, scorable=True),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=3.0, phrase=True),
        body=fields.TEXT(analyzer=text, phrase=True),
        attachments=fields.TEXT(analyzer=text, phrase=True),
        case_number=fields.ID(stored=True),
        case_title=fields.TEXT(analyzer=text, stored=True, field_boost=1.5),
        kind=fields.ID(stored=True, sortable=True),
        status=fields.ID(stored=True, sortable=True),
        category=fields.ID(stored=True, sortable=True),
        regions=fields.KEYWORD(stored=True, commas=True, lowercase=False),
        author=fields.ID(stored=True, sortable=True),
        year=fields.NUMERIC(stored=True, sortable=True),
        date=fields.DATETIME(stored=True, sortable=True),
        version=fields.NUMERIC(stored=True),
        acl=fields.KEYWORD(commas=False, lowercase=False),
        # a filed mail's parties (issue 18): `fra:` and `til:` in a query
        sender=fields.TEXT(analyzer=party_analyzer()),
        recipients=fields.TEXT(analyzer=party_analyzer()),
    )


#: Bump when the analysis changes what goes into the index in a way the
#: schema's fields do not show (a filter's behaviour, the base lexicon's use).
ANALYSIS_VERSION = 2
FORMAT_FILE = "FORMAT"


@functools.lru_cache(maxsize=1)
def index_format() -> str:
    """What an index built now looks like: the analysis version, the fields
    with their types, analyzers and boosts, and the shipped base lexicon. An
    index of another format is rebuilt (a field added, an analyzer changed:
    its old entries would answer queries wrongly, not just slowly)."""
    from .analysis import Lexicon

    schema = make_schema(Lexicon(()))
    parts = [f"analysis={ANALYSIS_VERSION}"]
    for name in schema.names():
        field = schema[name]
        analyzer = getattr(field, "analyzer", None)
        chain = [type(item).__name__ for item in getattr(analyzer, "items", [analyzer] if analyzer else [])]
        boost = getattr(getattr(field, "format", None), "field_boost", 1.0)
        parts.append(f"{name}:{type(field).__name__}:{'|'.join(chain)}:{boost}:{field.scorable}:{field.stored}")
    lexicon = Path(__file__).with_name("lexicon_base.json")
    parts.append(hashlib.sha256(lexicon.read_bytes()).hexdigest() if lexicon.exists() else "-")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def headings_text(html: str | None) -> str:
    """The headings of a body, one a line: h1-h6, and paragraphs that are
    bold from end to end and short (how a memo written without Word's
    heading styles marks its sections)."""
    if not html or "<" not in html:
        return ""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # (stored bodies are sanitised and parse; be safe)
        return ""
    lines = []
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p"):
        text = element_text(el)
        if not text:
            continue
        if el.tag == "p":
            children = list(el)
            all_bold = children and all(c.tag in ("strong", "b") and not (c.tail or "").strip() for c in children)
            if not all_bold or (el.text or "").strip() or len(text) > 120:
                continue
        lines.append(text)
    return "\n".join(lines)


# -- who may see an entry ------------------------------------------------------

STAFF = ("role:sekretariat", "role:arkivar", "role:admin")


def case_readers(case: Case) -> list[str]:
    """Principals that may view ``case`` (mirrors security.permissions.case_acl)."""
    granted = [g.principal for g in case.grants]
    if case.confidential:
        return sorted({*granted, "role:admin"})
    readers = set(STAFF) | set(granted)
    if case.status != "arkiveret":
        readers.add("role:styregruppe")
    return sorted(readers)


def document_readers(case: Case, doc: Document, *, final_entry: bool) -> list[str]:
    """The current text of a draft is not the board's; the board's entry of a
    document with a new draft is its last final version."""
    readers = set(case_readers(case))
    if final_entry:
        return ["role:styregruppe"] if "role:styregruppe" in readers else []
    if doc.status == "kladde":
        readers.discard("role:styregruppe")
    return sorted(readers)


def case_regions(case: Case) -> list[str]:
    """The regions in a case: the lead region and those taking part."""
    return sorted({*(case.participating_regions or []), *([case.lead_region] if case.lead_region else [])})


def _date(value) -> dt.datetime | None:
    return dt.datetime.combine(value, dt.time()) if value else None


def case_entry(case: Case) -> dict:
    return {
        "uid": f"case:{case.id}", "type": "case", "object_id": case.id, "number": str(case.number),
        "numbers": SEPARATOR.join(number_keys(case.number)), "title": normalize(case.title),
        "body": normalize(case.description or ""), "case_number": str(case.number), "case_title": normalize(case.title),
        "kind": "sag", "status": case.status, "category": case.category,
        "regions": ",".join(case_regions(case)),
        "author": case.responsible.full_name if case.responsible else "", "year": case.opened_on.year,
        "date": _date(case.opened_on), "version": 0, "acl": SEPARATOR.join(case_readers(case)),
    }


def _party_text(parties) -> str:
    return " ".join(f"{p.get('name', '')} {p.get('address', '')}" for p in parties or ())


def mail_parties(db: Session, doc: Document) -> dict:
    """The sender and the recipients (to and cc) of a filed mail, as text."""
    if doc.kind != "email":
        return {}
    mail = db.execute(sa.select(MailMessage).where(MailMessage.document_id == doc.id)).scalar_one_or_none()
    if mail is None:
        return {}
    recipients = mail.recipients or {}
    return {"sender": f"{mail.sender_name} {mail.sender_address}".strip(),
            "recipients": _party_text([*recipients.get("to", ()), *recipients.get("cc", ())])}


def document_entries(db: Session, doc: Document, attachment_text: str = "") -> list[dict]:
    case = doc.case
    entries = []
    parties = mail_parties(db, doc)

    def entry(uid, title, kind, status, doc_date, author, body, version, acl):
        return {
            "uid": uid, "type": "document", "object_id": doc.id, "number": str(doc.number),
            "numbers": SEPARATOR.join(number_keys(doc.number)), "title": normalize(title),
            "body": normalize(html_to_text(body)), "headings": normalize(headings_text(body)),
            "attachments": normalize(attachment_text),
            "case_number": str(case.number), "case_title": normalize(case.title), "kind": kind, "status": status,
            "category": case.category,
            "regions": ",".join(case_regions(case)),
            "author": author or "", "year": doc_date.year, "date": _date(doc_date), "version": version,
            "acl": SEPARATOR.join(acl), **parties,
        }

    entries.append(entry(f"doc:{doc.id}", doc.title, doc.kind, doc.status, doc.doc_date, doc.author_name,
                         doc.body_html, doc.version, document_readers(case, doc, final_entry=False)))
    if doc.status == "kladde" and doc.final_version:
        final = db.execute(sa.select(DocumentVersion).where(
            DocumentVersion.document_id == doc.id, DocumentVersion.number == doc.final_version)).scalar_one_or_none()
        if final is not None:
            readers = document_readers(case, doc, final_entry=True)
            if readers:
                entries.append(entry(f"doc:{doc.id}:final", final.title, final.kind, final.status, final.doc_date,
                                     final.author_name, version_body(db, final), final.number, readers))
    return entries


def decision_readers(meeting_case: Case, item_case: Case | None) -> list[str]:
    """A decision is read by those who read its meeting — and, when it is
    about a case, who also read that case (a confidential case's decisions
    stay with the case's own readers)."""
    readers = set(case_readers(meeting_case))
    if item_case is not None:
        readers &= set(case_readers(item_case))
    return sorted(readers)


def decision_entry(decision) -> dict:
    from ..meetings.services import meeting_day

    meeting, case = decision.meeting, decision.case
    shown = case or meeting.case
    day = meeting_day(meeting)
    return {
        "uid": f"decision:{decision.id}", "type": "decision", "object_id": decision.id, "number": str(decision.number),
        "numbers": SEPARATOR.join(number_keys(decision.number)), "title": normalize(decision.item.title),
        "body": normalize(f"{decision.text}\n{decision.item.recommendation or ''}"),
        "case_number": str(shown.number), "case_title": normalize(shown.title), "kind": "beslutning",
        "status": "", "category": case.category if case else "", "regions": ",".join(case_regions(case)) if case else "",
        "author": "", "year": decision.year, "date": _date(day), "version": 0,
        "acl": SEPARATOR.join(decision_readers(meeting.case, case)),
    }


# -- the index on disk -----------------------------------------------------------

class IndexUnavailable(Exception):
    pass


class IndexStore:
    """Generations of the index under one folder, with the writer lock."""

    def __init__(self, root: str | Path, lexicon=None):
        self.root = Path(root)
        self.lexicon = lexicon
        self._lock = threading.Lock()

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    def current_dir(self) -> Path | None:
        try:
            name = self.current_file.read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def open(self, check: bool = True):
        """Open the index in use; IndexUnavailable if it is missing or damaged.
        ``check`` opens every segment once to be sure (a few hundred ms at
        100,000 documents); without it only the table of contents is read."""
        path = self.current_dir()
        if path is None:
            raise IndexUnavailable("missing")
        try:
            ix = whoosh_index.open_dir(str(path))
            if check:
                with ix.searcher() as s:
                    s.doc_count()
            return ix
        except Exception as exc:  # EmptyIndexError, a truncated TOC (struct.error), …
            raise IndexUnavailable(f"damaged: {exc.__class__.__name__}: {exc}") from exc

    def unfinished_generation(self) -> Path | None:
        """The newest generation a rebuild started but did not publish."""
        current = self.current_dir()
        candidates = [p for p in self.root.glob("gen-*")
                      if p != current and (p / "rebuild-checkpoint.json").exists()
                      and self.format_of(p) == index_format()]  # (a rebuild in an older format starts over)
        return max(candidates, key=lambda p: int(p.name.split("-", 1)[1]), default=None)

    def new_generation(self, lexicon=None) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name.split("-", 1)[1]) for p in self.root.glob("gen-*") if p.name.split("-", 1)[1].isdigit()]
        path = self.root / f"gen-{max(numbers, default=0) + 1}"
        path.mkdir()
        whoosh_index.create_in(str(path), make_schema(lexicon if lexicon is not None else self.lexicon))
        (path / FORMAT_FILE).write_text(index_format())
        return path

    @staticmethod
    def format_of(path: Path | None) -> str | None:
        """The format an index generation was built in (None: before formats were stamped)."""
        try:
            return (path / FORMAT_FILE).read_text().strip() if path is not None else None
        except FileNotFoundError:
            return None

    def outdated(self) -> bool:
        """Whether the index in use was built in another format than this code builds."""
        path = self.current_dir()
        return path is not None and self.format_of(path) != index_format()

    def publish(self, path: Path) -> None:
        """Make ``path`` the index in use (atomically) and drop the others."""
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(path.name)
        os.replace(tmp, self.current_file)
        for old in self.root.glob("gen-*"):
            if old != path:
                shutil.rmtree(old, ignore_errors=True)

    @contextlib.contextmanager
    def writer_lock(self, blocking: bool = False):
        """The single-writer lock, across threads and processes. Yields False
        when another writer holds it (and ``blocking`` is off)."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not self._lock.acquire(blocking=blocking):
            yield False
            return
        try:
            with open(self.root / "writer.lock", "a+") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
                except BlockingIOError:
                    yield False
                    return
                try:
                    yield True
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            self._lock.release()


def load_cases(db: Session, ids) -> list[Case]:
    return db.execute(sa.select(Case).where(Case.id.in_(ids)).options(
        selectinload(Case.grants))).scalars().all()


def load_documents(db: Session, ids) -> list[Document]:
    return db.execute(sa.select(Document).where(Document.id.in_(ids)).options(
        selectinload(Document.attachments), selectinload(Document.case).selectinload(Case.grants))
    ).scalars().all()


def load_decisions(db: Session, ids) -> list:
    """Numbered decisions among ``ids`` (an unnumbered one is not yet a record)."""
    from ..meetings.models import Decision, Meeting

    return db.execute(sa.select(Decision).where(Decision.id.in_(ids), Decision.seq.isnot(None)).options(
        selectinload(Decision.meeting).selectinload(Meeting.case).selectinload(Case.grants),
        selectinload(Decision.item), selectinload(Decision.case).selectinload(Case.grants))).scalars().all()


def attachment_text(store, doc: Document, extract) -> str:
    parts = []
    for att in doc.attachments:
        parts.append(att.filename)
        parts.append(extract(store, att))
    return "\n".join(p for p in parts if p)


