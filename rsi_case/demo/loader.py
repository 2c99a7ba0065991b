"""Load the demo organisation (rsi_case.demo.content) into an empty database.

Cases and documents keep their historic numbers; the number series are then
set past the highest number used, as after a migration from an older system.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import transaction

from .. import numbering
from ..cases.services import create_case
from ..db import get_session_factory, get_tm_session, writer_engine
from ..documents.services import add_attachment, create_document
from ..documents.storage import BlobStore
from ..numbering import CaseNumber, DocumentNumber
from ..cases.models import CaseGrant
from ..cases.resources import find_case
from ..security.models import Group, User
from ..security.passwords import hash_password
from . import access, content, history
from .wordmemo import build_memo


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _memo_docx(doc: dict, case_number: str, author: User) -> bytes:
    """A Word original for an old memo, as it came from the previous system."""
    import re

    import lxml.html

    root = lxml.html.fragment_fromstring(doc["body"], create_parent="div")
    paragraphs = []
    for el in root:
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if el.tag in ("h2", "h3"):
            paragraphs.append(("h2", text))
        elif el.tag in ("ul", "ol"):
            paragraphs.extend(("bullet", " ".join(li.text_content().split())) for li in el.iter("li"))
        elif el.tag == "table":
            rows = [";".join(" ".join(c.text_content().split()).replace(";", ",").replace("|", "/")
                             for c in tr.iter("td", "th")) for tr in el.iter("tr")]
            width = max(len(r.split(";")) for r in rows)
            rows = [r + ";" * (width - len(r.split(";"))) for r in rows]
            paragraphs.append(("table", "|".join(rows)))
        else:
            paragraphs.append(("p", re.sub(r"\*\*", "", text)))
    return build_memo(title=doc["title"], paragraphs=paragraphs, date=_date(doc["date"]), case_number=case_number,
                      document_number=doc["number"], author=author.full_name, phone=author.phone, email=author.email,
                      kind_word="NOTAT")


def load_demo(engine, settings, today: dt.date | None = None) -> None:
    """Load the demo; its calendar follows ``today`` (default: today in
    Denmark), the day the demo is loaded (demo/meetings.py)."""
    from ..i18n import today as danish_today

    today = today or danish_today()
    blobs = BlobStore(settings.get("rsi_case.blobs") or "var/blobs")
    factory = get_session_factory(writer_engine(engine))
    tm = transaction.TransactionManager(explicit=True)
    with tm:
        db = get_tm_session(factory, tm)
        users = {}
        for u in content.USERS:
            user = User(login=u["login"], full_name=u["full_name"], role=u["role"], email=u.get("email", ""),
                        phone=u.get("phone", ""), password_hash=hash_password(content.PASSWORD))
            db.add(user)
            users[u["login"]] = user
        db.flush()
        admin = users["admin"]
        for c in content.CASES:
            number = CaseNumber.parse(c["number"])
            case = create_case(
                db, user=admin, number=number, title=c["title"], description=c.get("description", ""),
                category=c["category"], status=c["status"],
                responsible_id=users[c["responsible"]].id if c.get("responsible") else None,
                lead_region=c.get("lead_region"), participating_regions=sorted(c.get("participating_regions") or []),
                opened_on=_date(c["opened"]), closed_on=_date(c.get("closed")),
            )
            latest = None
            for d in c["documents"]:
                author = users[d["author"]]
                doc = create_document(
                    db, case=case, user=author, number=DocumentNumber.parse(d["number"]), body_html=d["body"],
                    title=d["title"], kind=d["kind"], doc_date=_date(d["date"]), status=d["status"],
                    author_id=author.id, author_name=author.full_name, author_phone=author.phone,
                    author_email=author.email,
                )
                stamp = dt.datetime.combine(doc.doc_date, dt.time(10, 0), tzinfo=dt.UTC)
                doc.created_at = doc.updated_at = stamp
                latest = max(latest or stamp, stamp)
                if d["kind"] == "notat" and d["status"] == "endelig" and _date(d["date"]).year < 2016:
                    data = _memo_docx(d, c["number"], author)
                    sha, size = blobs.put_bytes(data)
                    add_attachment(db, doc, sha256=sha, size=size,
                                   content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   filename=f"Notat {d['number'].replace('/', '-')}.docx", user=author)
            opened = dt.datetime.combine(case.opened_on, dt.time(9, 0), tzinfo=dt.UTC)
            case.created_at = opened
            case.updated_at = latest or opened
        _load_access(db, users, blobs, admin)
        history.apply(db, users)
        _load_participation(db, users)
        from . import meetings as demo_meetings

        demo_meetings.load(db, users, today)
        from . import actions as demo_actions

        demo_actions.load(db, users)
        # continue every series after the highest historic number, as after a migration
        from ..cases.models import Case
        from ..documents.models import Document

        for series, model in ((numbering.CASE_SERIES, Case), (numbering.DOCUMENT_SERIES, Document)):
            for year, highest in db.execute(sa.select(model.year, sa.func.max(model.seq)).group_by(model.year)):
                numbering.set_next_value(db, series, year, highest + 1)
        demo_meetings.load_next(db, users, today)  # after the story: the next meetings, as new records
        from . import packs as demo_packs

        demo_packs.load(db, users, blobs)  # numbered after the historic documents
        # the board's decisions and minutes (new records: numbered after the historic ones)
        from . import decisions as demo_decisions

        demo_decisions.load(db, users)
        from . import aktindsigt as demo_aktindsigt

        demo_aktindsigt.load(db, users, today)  # a request for access, due in three working days
        from . import aktindsigt_year as demo_aktindsigt_year

        demo_aktindsigt_year.load(db, users, today)  # (issue 19) the year's earlier requests, for the report
        summary = demo_summary(db, today)
    print(summary)


def demo_summary(db, today: dt.date | None = None) -> str:
    """What a newcomer will see, counted from the database (the meetings cases included),
    and the number the next new case gets: the demo continues each year's series."""
    from ..cases.models import Case
    from ..documents.models import Document
    from ..i18n import today as danish_today

    users = db.execute(sa.select(sa.func.count()).select_from(User)).scalar_one()
    cases = db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one()
    confidential = db.execute(sa.select(sa.func.count()).select_from(Case).where(Case.confidential)).scalar_one()
    documents = db.execute(sa.select(sa.func.count()).select_from(Document)).scalar_one()
    year = (today or danish_today()).year
    following = CaseNumber(year, numbering.next_value(db, numbering.CASE_SERIES, year))
    return (f"Demodata indlæst: {users} brugere, {cases} sager (heraf {confidential} fortrolig), "
            f"{documents} dokumenter. Næste nye sag får nummer {following}.")


def _load_participation(db, users: dict) -> None:
    from ..participation import services as follow_or_explain
    from .participation import PARTICIPATION

    for number, spec in PARTICIPATION.items():
        case = find_case(db, CaseNumber.parse(number))
        entries = {region: follow_or_explain.Entry(state, reason, _date(expected))
                   for region, (state, reason, expected) in spec["regions"].items()}
        stamp = dt.datetime.combine(_date(spec["on"]), dt.time(11, 0), tzinfo=dt.UTC)
        for change in follow_or_explain.save(db, case, users[spec["by"]], entries):
            change.changed_at = stamp
        for row in follow_or_explain.current(db, case).values():
            row.updated_at = stamp


def _load_access(db, users: dict, blobs, admin) -> int:
    """Groups, outside users, local grants and the confidential case."""
    for u in access.USERS:
        user = User(login=u["login"], full_name=u["full_name"], role=u["role"], email=u["email"], phone=u["phone"],
                    password_hash=hash_password(content.PASSWORD))
        db.add(user)
        users[u["login"]] = user
    db.flush()
    groups = {}
    for g in access.GROUPS:
        group = Group(name=g["name"], title=g["title"], members=[users[m] for m in g["members"]])
        db.add(group)
        groups[g["name"]] = group
    db.flush()

    def principal(ref):
        kind, name = ref.split(":", 1)
        return f"group:{groups[name].id}" if kind == "group" else f"user:{users[name].id}"

    for number, grants in access.GRANTS.items():
        case = find_case(db, CaseNumber.parse(number))
        for ref, role in grants:
            case.grants.append(CaseGrant(principal=principal(ref), role=role, granted_by_id=admin.id))
    c = access.CONFIDENTIAL_CASE
    case = create_case(
        db, user=admin, number=CaseNumber.parse(c["number"]), title=c["title"], description=c["description"],
        category=c["category"], status=c["status"], responsible_id=users[c["responsible"]].id,
        lead_region=c["lead_region"], participating_regions=c["participating_regions"],
        opened_on=_date(c["opened"]), closed_on=None,
    )
    case.confidential = True
    for login in c["owners"]:
        case.grants.append(CaseGrant(principal=f"user:{users[login].id}", role="ejer", granted_by_id=admin.id))
    for d in c["documents"]:
        author = users[d["author"]]
        doc = create_document(
            db, case=case, user=author, number=DocumentNumber.parse(d["number"]), body_html=d["body"],
            title=d["title"], kind=d["kind"], doc_date=_date(d["date"]), status=d["status"], author_id=author.id,
            author_name=author.full_name, author_phone=author.phone, author_email=author.email)
        doc.created_at = doc.updated_at = dt.datetime.combine(doc.doc_date, dt.time(10, 0), tzinfo=dt.UTC)
    case.created_at = dt.datetime.combine(case.opened_on, dt.time(9, 0), tzinfo=dt.UTC)
    case.updated_at = dt.datetime.combine(_date(c["documents"][-1]["date"]), dt.time(10, 0), tzinfo=dt.UTC)
    return len(c["documents"])
