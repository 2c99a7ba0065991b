"""Finding a person in the records, and who touched those records.

Where a person is found:
- the search index, the name (and the e-mail address) searched as a phrase:
  cases, documents (their text and attachments) and decisions;
- the parties of filed mails (sender, to, cc; issue 18);
- the requester of a request for access.

Then the audit trail: every event on one of those records (views, edits,
exports, downloads), and every search whose words contained the name or the
address. Everything is filtered by what the reader may see; the permission is
given to administrators only, who see every case and every typed search, so
for them the answer is complete (docs/aktindsigt.md, "Indsigt i egne
oplysninger")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..aktindsigt.models import AccessRequest
from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import visible_documents_clause
from ..mail.models import MailMessage
from ..numbering import CaseNumber, DocumentNumber
from ..security.models import AuditEvent
from ..security.policy import user_principals

MAX_NAME = 200
MAX_EMAIL = 254
MAX_HITS = 500        # records from the search index, per term
MAX_EVENTS = 5000     # audit events shown (the newest)
EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
# a search, and an earlier lookup on this page: both typed the name
SEARCH_ACTIONS = ("search", "personal_data_insight")


def normal(text: str) -> str:
    """For comparing: NFC, case folded, white space as single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def contains(haystack: str, needles: list[str]) -> bool:
    hay = normal(haystack)
    return any(n and n in hay for n in needles)


@dataclasses.dataclass
class Record:
    kind: str          # "case", "document", "decision"
    id: int
    number: str
    title: str
    case_number: str
    found: set = dataclasses.field(default_factory=set)  # where: "text", "mail_from", "mail_to", "requester"


@dataclasses.dataclass
class Touch:
    at: dt.datetime
    login: str
    action: str
    object_type: str
    object_ref: str
    case_ref: str
    outcome: str
    query: str = ""


@dataclasses.dataclass
class Insight:
    name: str
    email: str
    records: list = dataclasses.field(default_factory=list)
    touches: list = dataclasses.field(default_factory=list)   # events on the records
    searches: list = dataclasses.field(default_factory=list)  # searches whose words named the person
    index_unavailable: bool = False
    truncated: bool = False


def _terms(name: str, email: str) -> list[str]:
    return [normal(t) for t in (name, email) if t and t.strip()]


def _phrase(term: str) -> str:
    # a phrase of the words typed (the index's own analysis decides what a word is)
    return '"' + term.replace('"', " ").strip() + '"'


def _from_index(service, user, terms: list[str], insight: Insight, found: dict) -> None:
    principals = user_principals(user)
    for term in terms:
        result = service.search(_phrase(term), principals, pagelen=MAX_HITS, facets=False, guidance=False)
        if result.unavailable:
            insight.index_unavailable = True
            return
        for hit in result.hits:
            key = (hit.type, hit.object_id)
            if key not in found:
                found[key] = Record(hit.type, hit.object_id, hit.number, hit.title, hit.case_number)
            found[key].found.add("text")


def _from_mails(db, user, terms: list[str], found: dict) -> None:
    doc_case = aliased(Case)
    stmt = (sa.select(MailMessage.document_id, MailMessage.sender_name, MailMessage.sender_address,
                      MailMessage.recipients, Document.year, Document.seq, Document.title, doc_case.year, doc_case.seq)
            .join(Document, Document.id == MailMessage.document_id)
            .join(doc_case, doc_case.id == Document.case_id)
            .where(visible_documents_clause(user), visible_cases_clause(user, case=doc_case))
            .execution_options(yield_per=1000))
    for doc_id, sender_name, sender_address, recipients, year, seq, title, cyear, cseq in db.execute(stmt):
        recipients = recipients or {}
        parties = [*recipients.get("to", ()), *recipients.get("cc", ())]
        where = set()
        if contains(f"{sender_name} {sender_address}", terms):
            where.add("mail_from")
        if any(contains(f"{p.get('name', '')} {p.get('address', '')}", terms) for p in parties if isinstance(p, dict)):
            where.add("mail_to")
        if where:
            key = ("document", doc_id)
            if key not in found:
                found[key] = Record("document", doc_id, str(DocumentNumber(year, seq)), title,
                                    str(CaseNumber(cyear, cseq)))
            found[key].found |= where


def _from_requests(db, user, terms: list[str], found: dict) -> None:
    stmt = (sa.select(AccessRequest.requester_name, AccessRequest.requester_contact, Case)
            .join(Case, Case.id == AccessRequest.case_id).where(visible_cases_clause(user)))
    for name, contact, case in db.execute(stmt):
        if contains(f"{name} {contact}", terms):
            key = ("case", case.id)
            if key not in found:
                found[key] = Record("case", case.id, str(case.number), case.title, str(case.number))
            found[key].found.add("requester")


def _visible_events(user):
    """As on the audit page: events about a case the reader may not see are not shown."""
    if user.role == "admin":
        return []
    return [sa.or_(AuditEvent.case_id.is_(None),
                   AuditEvent.case_id.in_(sa.select(Case.id).where(visible_cases_clause(user))))]


def _touch(e: AuditEvent) -> Touch:
    detail = e.detail or {}
    return Touch(e.at, e.login, e.action, e.object_type, e.object_ref, e.case_ref, e.outcome,
                 str(detail.get("query", "") or "") if e.action in SEARCH_ACTIONS else "")


def _events_on(db, user, records: list[Record]) -> list[Touch]:
    refs = {r.number for r in records if r.kind in ("case", "document")}
    decision_refs = {r.number for r in records if r.kind == "decision"}
    if not refs and not decision_refs:
        return []
    out = []
    refs = sorted(refs | decision_refs)
    for i in range(0, len(refs), 500):
        chunk = refs[i:i + 500]
        out.extend(_touch(e) for e in db.execute(
            sa.select(AuditEvent).where(AuditEvent.object_ref.in_(chunk), AuditEvent.action.not_in(SEARCH_ACTIONS),
                                        *_visible_events(user))
            .order_by(AuditEvent.id.desc()).limit(MAX_EVENTS)).scalars())
    return out


def _like_variants(term: str) -> set[str]:
    """The ways a term may be stored: as typed in any common case, and as it
    appears inside JSON text (non-ASCII letters as \\u escapes)."""
    forms = {term, term.lower(), term.upper(), term.title()}
    return forms | {json.dumps(f)[1:-1] for f in forms}


def _escape_like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _searches_for(db, user, raw_terms: list[str]) -> list[Touch]:
    """Searches whose words contained a term: narrowed in the database, then checked on the words themselves."""
    variants = set()
    for term in raw_terms:
        variants |= _like_variants(" ".join(term.split()))
    if not variants:
        return []
    detail_text = sa.cast(AuditEvent.detail, sa.Text)
    clauses = []
    for v in sorted(variants):
        pattern = f"%{_escape_like(v)}%"
        clauses.append(AuditEvent.object_ref.like(pattern, escape="!"))
        clauses.append(detail_text.like(pattern, escape="!"))
    terms = [normal(t) for t in raw_terms]
    out = []
    for e in db.execute(sa.select(AuditEvent).where(AuditEvent.action.in_(SEARCH_ACTIONS), sa.or_(*clauses),
                                                    *_visible_events(user))
                        .order_by(AuditEvent.id.desc()).limit(MAX_EVENTS)).scalars():
        words = str((e.detail or {}).get("query") or e.object_ref or "")
        if contains(words, terms):
            out.append(_touch(e))
    return out


def lookup(db, service, user, name: str, email: str = "") -> Insight:
    name, email = " ".join(name.split()), email.strip()
    insight = Insight(name, email)
    terms = _terms(name, email)
    found: dict = {}
    if service is not None:
        _from_index(service, user, terms, insight, found)
    else:
        insight.index_unavailable = True
    _from_mails(db, user, terms, found)
    _from_requests(db, user, terms, found)
    insight.records = sorted(found.values(), key=lambda r: (r.case_number, r.kind != "case", r.number))
    insight.touches = _events_on(db, user, insight.records)
    insight.touches.sort(key=lambda t: t.at, reverse=True)
    insight.searches = _searches_for(db, user, [t for t in (name, email) if t])
    insight.truncated = len(insight.touches) >= MAX_EVENTS or len(insight.searches) >= MAX_EVENTS
    return insight
