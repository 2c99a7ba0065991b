#!/usr/bin/env python
"""Case list and case view: does a large database cost more than a small one?

Builds two SQLite databases through the real Alembic migrations -- "small"
(100 cases) and "large" (10,000 cases, 100,000 documents) -- each with one
"big case" holding exactly 200 documents, and drives the real WSGI
application in-process with WebTest as a logged-in secretariat user.

For every page it measures N interleaved repetitions on both databases (the
order small/large alternates from one repetition to the next, so drift in a
shared, noisy machine hits both alike) and prints the median and p95 of each
and the ratio large/small of the medians.  The small database is the
baseline, measured in the same run: compare the ratios, not the absolute
milliseconds, between machines or runs.

Target (the "foundation" issue): the large database costs at most 1.5x the
small one for the same page.

    .venv/bin/python bench/case_list.py             # defaults as in the issue
    .venv/bin/python bench/case_list.py --repeat 60 --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
import webtest  # noqa: E402

from rsi_case import main as make_app  # noqa: E402
from rsi_case.db import get_engine  # noqa: E402
from rsi_case.models import Attachment, Case, Document, NumberSeries, User  # noqa: E402
from rsi_case.scripts.initdb import migrate  # noqa: E402
from rsi_case.security.passwords import hash_password  # noqa: E402
from rsi_case.vocab import CASE_CATEGORIES, DOCUMENT_KINDS, FILED_KINDS, REGIONS  # noqa: E402

INI = ROOT / "development.ini"
PASSWORD = "benchmark-adgang-2026"
LOGIN = "bench"
PAGE_SIZE = 25  # the case list's default page size (cases.views.PAGE_SIZES[0])
FILTER = {"status": "aaben", "category": "indkoeb"}
FIRST_YEAR, LAST_YEAR = 2009, 2026
TODAY = dt.date(2026, 11, 25)  # the data set is fixed, whatever day the bench runs

# -- realistic data ----------------------------------------------------------

USERS = [
    # login, full name, role
    (LOGIN, "Mette Kjærgaard Holm", "sekretariat"),
    ("lhj", "Lone Hvidberg Jessen", "sekretariat"),
    ("tbn", "Thomas Bruun Nørgaard", "sekretariat"),
    ("akr", "Anne Kathrine Rask", "sekretariat"),
    ("mso", "Martin Søgaard Olesen", "sekretariat"),
    ("admin", "Jesper Mølholm Kristensen", "admin"),
    ("arkivar", "Birgitte Lundgaard Sørensen", "arkivar"),
    ("formand", "Karen Damgaard Lauritsen", "styregruppe"),
    ("rh-direktoer", "Peter Winther Falk", "styregruppe"),
]

CASE_TITLES = {
    "konsolidering": ["Konsolidering af {obj}", "Fælles plan for konsolidering af {obj}",
                      "Sammenlægning af {obj}", "Afvikling af lokale {obj}"],
    "indkoeb": ["Fælles udbud af {obj}", "Rammeaftale om {obj}", "Genudbud af {obj}",
                "Markedsdialog om {obj}", "Forlængelse af kontrakt om {obj}"],
    "videreudvikling": ["Videreudvikling af {obj}", "Fælles kravspecifikation for {obj}",
                        "Ny version af {obj}", "Integration mellem {obj} og Sundhedsjournalen"],
    "drift": ["Fælles drift af {obj}", "Driftsaftale om {obj}", "Overvågning og support af {obj}",
              "Beredskabsplan for {obj}"],
    "tvaergaaende": ["Tværregional løsning for {obj}", "Fælles standard for {obj}",
                     "Samarbejde med kommunerne om {obj}", "National udrulning af {obj}"],
    "egen_drift": ["Sekretariatets budget {year}", "Årsrapport {year}", "Styregruppemøder {year}",
                   "Forretningsorden og kommissorium {year}", "Rekruttering til sekretariatet {year}"],
}
OBJECTS = [
    "laboratoriesystem", "PACS/RIS", "medicinmodul (FMK)", "EPJ-integrationer", "datacentre",
    "forbindelser til Sundhedsdatanettet", "telemedicinsk sårvurdering", "patientkalender",
    "booking af ambulante besøg", "talegenkendelse", "billeddiagnostik", "præhospital journal",
    "digital patientinformation", "blodbankssystem", "patologisystem", "hjemmemonitorering af KOL-patienter",
    "mobile arbejdspladser", "identitets- og adgangsstyring", "printløsninger", "sikker e-mail",
    "backup og gendannelse", "netværk på sygehusene", "trådløst netværk", "sundhedsfaglig dokumentation",
    "elektronisk henvisning", "vagtplanlægning", "indkøbssystem", "ERP-platform", "servicedesk",
    "klinisk kvalitetsdatabase", "videokonsultationer", "hjertemonitorering", "dosisdispensering",
]
SUFFIXES = ["", "", "", " – fase 2", " – fase 3", " (forprojekt)", " i Region Hovedstaden",
            " i Region Syddanmark", " i Region Nordjylland", " i Region Midtjylland", " i Region Sjælland"]
DESCRIPTIONS = [
    "Sagen samler beslutningsoplæg, referater og statusrapporter for projektet.",
    "Regionerne har aftalt at løse opgaven i fællesskab efter princippet om følg eller forklar.",
    "Sekretariatet koordinerer arbejdet og rapporterer til styregruppen hvert kvartal.",
    "Projektet gennemføres med en lederregion og deltagelse af de øvrige regioner.",
    "",
]
DOC_TITLES = {
    "notat": ["Notat om tidsplan", "Notat om økonomi og finansiering", "Notat om risici",
              "Notat om juridiske forhold", "Notat om organisering"],
    "strategi": ["Strategi for {obj}", "Udkast til strategi"],
    "handlingsplan": ["Handlingsplan {year}", "Revideret handlingsplan"],
    "dagsorden": ["Dagsorden til styregruppemøde {date}", "Dagsorden til projektgruppemøde {date}"],
    "moedereferat": ["Referat af styregruppemøde {date}", "Referat af projektgruppemøde {date}"],
    "beslutningsoplaeg": ["Beslutningsoplæg: {obj}", "Indstilling om igangsætning"],
    "statusrapport": ["Statusrapport {quarter}. kvartal {year}", "Afsluttende statusrapport"],
    "bilag": ["Bilag: tidsplan", "Bilag: økonomioverblik", "Bilag: kravspecifikation", "Bilag: deltagerliste"],
}
SENTENCES = [
    "Styregruppen besluttede på mødet at igangsætte en fælles analyse af behovet i de fem regioner.",
    "Projektgruppen har kortlagt de eksisterende løsninger, deres alder og de årlige driftsudgifter.",
    "Region Syddanmark er lederregion og har stillet en projektleder til rådighed.",
    "De samlede licens- og driftsudgifter forventes reduceret med mindst 15 procent over fem år.",
    "Tidsplanen forudsætter, at udbudsmaterialet sendes i høring blandt regionerne inden sommerferien.",
    "Region Hovedstaden har oplyst, at regionen først kan deltage efter idriftsættelsen af Sundhedsplatformen.",
    "Sekretariatet anbefaler, at styregruppen godkender indstillingen med de foreslåede ændringer.",
    "Der er identificeret tre væsentlige risici: leverandørafhængighed, tidsplan og datamigrering.",
    "Udgifterne fordeles mellem regionerne efter bloktilskudsnøglen.",
    "Projektet følger den fælles model for gevinstrealisering, som styregruppen vedtog i 2013.",
    "Erfaringerne fra pilotdriften viser, at brugerne hurtigt tager løsningen til sig.",
    "Den juridiske vurdering konkluderer, at behandlingen af personoplysninger har hjemmel i sundhedsloven.",
    "Kontrakten kan forlænges to gange med et år ad gangen.",
    "Alle regioner har leveret de aftalte data til den fælles kvalitetsdatabase.",
    "Næste statusrapport forelægges styregruppen på mødet i december.",
    "Driftscentrene forbindes til Sundhedsdatanettet med to fysisk adskilte forbindelser.",
]
HEADINGS = ["Baggrund", "Indstilling", "Økonomi", "Tidsplan", "Risici", "Status", "Beslutning", "Næste skridt"]
AUTHORS = [name for _login, name, role in USERS if role == "sekretariat"] + [
    "Henrik Lykke Bech", "Rikke Skovgaard Thomsen", "Søren Ahlmann Vinther", "Pia Kragh Madsen"]


def body_pool(rng: random.Random, n: int = 400) -> list[str]:
    """Document bodies: a heading or two and a few paragraphs (1-3 KB of HTML)."""
    pool = []
    for _ in range(n):
        parts = []
        for heading in rng.sample(HEADINGS, rng.randint(2, 4)):
            parts.append(f"<h2>{heading}</h2>")
            for _p in range(rng.randint(1, 2)):
                parts.append("<p>" + " ".join(rng.sample(SENTENCES, rng.randint(2, 4))) + "</p>")
        if rng.random() < 0.3:
            parts.append("<ul>" + "".join(f"<li>{s}</li>" for s in rng.sample(SENTENCES, 3)) + "</ul>")
        pool.append("\n".join(parts))
    return pool


def random_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59),
                       tzinfo=dt.UTC)


def case_status(rng: random.Random, year: int) -> str:
    # old cases are mostly archived, new ones mostly open; every status occurs in every era
    if year <= 2016:
        weights = (8, 27, 65)
    elif year <= 2022:
        weights = (35, 40, 25)
    else:
        weights = (75, 22, 3)
    return rng.choices(("aaben", "lukket", "arkiveret"), weights)[0]


# -- building a database -----------------------------------------------------

def fresh_database(url: str) -> None:
    """An empty database at ``url``: an SQLite file removed, a PostgreSQL
    database dropped and created again (the role needs CREATEDB)."""
    u = sa.make_url(url)
    if u.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{u.database}{suffix}").unlink(missing_ok=True)
        return
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{u.database}"')
    admin.dispose()


def database_size_mb(engine: sa.Engine) -> float:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return Path(engine.url.database).stat().st_size / 2**20
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() / 2**20


def build_database(url: str, n_cases: int, n_docs: int, big_docs: int, seed: int) -> dict:
    """Migrate the empty database at ``url`` to head and fill it in one transaction; returns facts about it."""
    if n_cases < 2 or n_docs < big_docs:
        raise SystemExit("need at least 2 cases and at least as many documents as the big case holds")
    rng = random.Random(seed)
    engine = get_engine({"sqlalchemy.url": url})
    migrate(str(INI), engine)

    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    password_hash = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once, share it
    users = [dict(id=i, login=login, full_name=name, role=role, email=f"{login}@rsi-sag.dk",
                  phone=f"+45 38 66 50 {i:02d}", password_hash=password_hash, active=True,
                  session_token=f"bench-token-{i}", created_at=now, last_login_at=None)
             for i, (login, name, role) in enumerate(USERS, start=1)]
    responsible_ids = [u["id"] for u in users if u["role"] in ("sekretariat", "admin")]
    secretariat_ids = [u["id"] for u in users if u["role"] == "sekretariat"]

    # cases: spread over the years, numbered (year, seq) in the order they were opened
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    # the subject categories, with their weights below (a request for access is a case the workflow
    # makes, not one of the archive's subjects): the same corpus for the same seed as before it came
    categories = ["konsolidering", "indkoeb", "videreudvikling", "drift", "tvaergaaende", "egen_drift"]
    assert set(categories) <= set(CASE_CATEGORIES)
    regions = list(REGIONS)
    drafts = []
    for _ in range(n_cases):
        year = rng.choice(years)
        opened = random_date(rng, dt.date(year, 1, 2), min(dt.date(year, 12, 22), TODAY))
        drafts.append((year, opened, rng.random()))
    drafts.sort()
    cases, next_seq = [], {}
    for case_id, (year, opened, _r) in enumerate(drafts, start=1):
        seq = next_seq.get(year, 1)
        next_seq[year] = seq + 1
        category = rng.choices(categories, (14, 22, 20, 18, 14, 12))[0]
        status = case_status(rng, year)
        closed = None
        if status != "aaben":
            closed = random_date(rng, opened + dt.timedelta(days=30), max(opened + dt.timedelta(days=30),
                                 min(opened + dt.timedelta(days=4 * 365), TODAY)))
            closed = min(closed, TODAY)
        title = rng.choice(CASE_TITLES[category]).format(obj=rng.choice(OBJECTS), year=year)
        if category != "egen_drift":
            title += rng.choice(SUFFIXES)
        lead = rng.choice(regions) if rng.random() < 0.8 else None
        participating = sorted(rng.sample(regions, rng.randint(0, 5))) if lead else []
        created = at(opened, rng)
        updated = at(closed or random_date(rng, opened, TODAY), rng)
        cases.append(dict(
            id=case_id, year=year, seq=seq, title=title, description=rng.choice(DESCRIPTIONS),
            category=category, status=status,
            responsible_id=rng.choice(responsible_ids) if rng.random() < 0.95 else None,
            lead_region=lead, participating_regions=participating, opened_on=opened, closed_on=closed,
            created_at=created, updated_at=max(created, updated), created_by_id=rng.choice(secretariat_ids),
        ))

    # the big case: a long-running open case from the middle of the period, the
    # same in both databases (its fields and its documents come from their own
    # random stream), so that the case view compares like with like
    big = min(cases, key=lambda c: (abs(c["year"] - 2015), c["seq"]))
    big_rng = random.Random(seed + 1)
    big_opened = dt.date(big["year"], 1, 2) if big["year"] <= 2015 else big["opened_on"]
    big.update(status="aaben", closed_on=None, category="drift", opened_on=big_opened,
               title="Fælles drift af forbindelser til Sundhedsdatanettet",
               description="Driften af regionernes forbindelser til Sundhedsdatanettet samles i én fælles "
                           "driftsaftale med Region Sjælland som driftsansvarlig region.",
               responsible_id=secretariat_ids[0], lead_region="sjaelland",
               participating_regions=sorted(regions), created_at=at(big_opened, big_rng),
               updated_at=at(TODAY, big_rng), created_by_id=secretariat_ids[0])

    # documents: 200 in the big case, the rest spread over the other cases
    by_id = {c["id"]: c for c in cases}
    others = [c["id"] for c in cases if c["id"] != big["id"]]
    owners = [big["id"]] * big_docs + [rng.choice(others) for _ in range(n_docs - big_docs)]
    kinds = [k for k in DOCUMENT_KINDS if k not in FILED_KINDS]  # (a mail is filed with its headers: not generated here)
    bodies = body_pool(random.Random(seed + 2))
    doc_drafts = []
    for case_id in owners:
        c = by_id[case_id]
        r = big_rng if case_id == big["id"] else rng
        end = c["closed_on"] or min(c["opened_on"] + dt.timedelta(days=12 * 365), TODAY)
        doc_drafts.append((random_date(r, c["opened_on"], end), r.random(), case_id))
    doc_drafts.sort()
    documents, doc_seq = [], {}
    for doc_id, (day, _r, case_id) in enumerate(doc_drafts, start=1):
        seq = doc_seq.get(day.year, 1)
        doc_seq[day.year] = seq + 1
        r = big_rng if case_id == big["id"] else rng
        kind = r.choice(kinds)
        title = r.choice(DOC_TITLES[kind]).format(
            obj=r.choice(OBJECTS), year=day.year, quarter=(day.month - 1) // 3 + 1, date=day.strftime("%d.%m.%Y"))
        author = r.choice(AUTHORS)
        created = at(day, r)
        final = day < TODAY - dt.timedelta(days=60) and r.random() < 0.9
        writer = r.choice(secretariat_ids)
        documents.append(dict(
            id=doc_id, case_id=case_id, year=day.year, seq=seq, kind=kind, title=title, doc_date=day,
            status="endelig" if final else "kladde", author_id=writer if r.random() < 0.5 else None,
            author_name=author, author_phone=f"+45 38 66 {r.randint(10, 99)} {r.randint(10, 99)}",
            author_email=author.split()[0].lower() + "@rsi-sag.dk", body_html=r.choice(bodies),
            created_at=created, updated_at=created + dt.timedelta(hours=r.randint(0, 72)),
            created_by_id=writer, updated_by_id=writer,
        ))

    attachments = []
    for d in documents:
        r = big_rng if d["case_id"] == big["id"] else rng
        if r.random() < 0.15:
            for _ in range(r.randint(1, 2)):
                name = r.choice(("tidsplan.pdf", "budget.xlsx", "notat.docx", "præsentation.pptx"))
                attachments.append(dict(
                    document_id=d["id"], filename=name, content_type="application/octet-stream",
                    size=r.randint(20_000, 4_000_000),
                    sha256=hashlib.sha256(f"{d['id']}-{len(attachments)}".encode()).hexdigest(),
                    uploaded_at=d["created_at"], uploaded_by_id=d["created_by_id"]))

    series = [dict(series="case", year=y, next_value=v) for y, v in next_seq.items()]
    series += [dict(series="document", year=y, next_value=v) for y, v in doc_seq.items()]

    # one transaction, executemany per table (Core, no ORM)
    with engine.begin() as conn:
        conn.execute(sa.insert(User.__table__), users)
        conn.execute(sa.insert(Case.__table__), cases)
        for start in range(0, len(documents), 20_000):
            conn.execute(sa.insert(Document.__table__), documents[start:start + 20_000])
        if attachments:
            conn.execute(sa.insert(Attachment.__table__), attachments)
        conn.execute(sa.insert(NumberSeries.__table__), series)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:  # the planner's statistics and the visibility map (index-only scans), as autovacuum
        # makes them soon after such a load (PostgreSQL 13+ vacuums after inserts too)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    size_mb = database_size_mb(engine)
    engine.dispose()

    filtered = sum(1 for c in cases if all(c[k] == v for k, v in FILTER.items()))
    return {"cases": len(cases), "documents": len(documents), "attachments": len(attachments),
            "filtered": filtered, "big_case": f"{big['year'] % 100:02d}-{big['seq']:04d}",
            "big_docs": big_docs, "size_mb": size_mb}


# -- driving the application -------------------------------------------------

def app_for(tmp: Path, url: str):
    settings = {
        "sqlalchemy.url": url,
        "rsi_case.root": str(ROOT),
        "rsi_case.var": str(tmp),
        "rsi_case.blobs": str(tmp / "blobs"),
        "rsi_case.secret": "benchmark-secret-" + "x" * 32,
        "pyramid.default_locale_name": "da",
        "pyramid.reload_templates": "false",
        "retry.attempts": "3",
        # the pages only: no index rebuilt by a background thread while they are timed and their queries counted
        "rsi_case.search.mode": "off",
    }
    app = make_app({}, **settings)
    # lint=False: WebTest's WSGI checks are not part of what a user waits for
    browser = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"}, lint=False)
    page = browser.get("/login")
    form = page.forms[0]
    form["login"] = LOGIN
    form["password"] = PASSWORD
    form.submit(status=303)
    return app, browser


def pages_for(facts: dict) -> list[tuple[str, str, int, re.Pattern]]:
    """(label, url, expected rows, row pattern) for one database."""
    def middle(total):
        pages = max(1, math.ceil(total / PAGE_SIZE))
        return (pages + 1) // 2, pages

    def rows_on(total, page):
        return max(0, min(PAGE_SIZE, total - (page - 1) * PAGE_SIZE))

    mid, _ = middle(facts["cases"])
    fmid, _ = middle(facts["filtered"])
    query = "&".join(f"{k}={v}" for k, v in FILTER.items())
    return [
        ("list, first page", "/cases", rows_on(facts["cases"], 1), CASE_ROW),
        ("list, middle page", f"/cases?page={mid}", rows_on(facts["cases"], mid), CASE_ROW),
        ("filtered, first page", f"/cases?{query}", rows_on(facts["filtered"], 1), CASE_ROW),
        ("filtered, middle page", f"/cases?{query}&page={fmid}", rows_on(facts["filtered"], fmid), CASE_ROW),
        (f"case view, {facts['big_docs']} docs", f"/cases/{facts['big_case']}", facts["big_docs"], DOC_ROW),
    ]


# one per table row: the case number cell of the case list, the document number cell of the aktliste
CASE_ROW = re.compile(r'<td class="number[^"]*"><a href="[^"]*/cases/\d\d-\d{4}"')
DOC_ROW = re.compile(r'<td class="number[^"]*"><a href="[^"]*/documents/\d{5,6}-\d\d"')


def check(response, label: str, url: str, expected_rows: int, row: re.Pattern) -> None:
    """A benchmark of an error page or an empty page is worthless."""
    if response.status_int != 200:
        raise SystemExit(f"{label}: GET {url} answered {response.status}")
    rows = len(row.findall(response.text))
    if rows != expected_rows:
        raise SystemExit(f"{label}: GET {url} shows {rows} rows, expected {expected_rows}")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def count_queries(app, browser, url) -> int:
    engine = app.registry["db.engine"]
    seen = []

    def listener(conn, cursor, statement, *rest):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        browser.get(url, status=200)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def machine_info(server_version: str = "") -> list[str]:
    return [
        f"date: {dt.date.today().isoformat()}",
        f"platform: {platform.platform()}",
        f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"sqlite: {sqlite3.sqlite_version}, SQLAlchemy {sa.__version__}",
        *([f"database: {server_version}"] if server_version else []),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small-cases", type=int, default=100, help="cases in the small database (default 100)")
    parser.add_argument("--small-docs", type=int, default=1_000,
                        help="documents in the small database, the big case's included (default 1000)")
    parser.add_argument("--large-cases", type=int, default=10_000, help="cases in the large database (default 10000)")
    parser.add_argument("--large-docs", type=int, default=100_000,
                        help="documents in the large database, the big case's included (default 100000)")
    parser.add_argument("--big-case-docs", type=int, default=200,
                        help="documents in the big case, in both databases (default 200)")
    parser.add_argument("--repeat", "-n", type=int, default=30, help="measured repetitions per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured repetitions first (default 3)")
    parser.add_argument("--target", type=float, default=1.5, help="largest acceptable ratio large/small (default 1.5)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data (default 2026)")
    parser.add_argument("--workdir", type=Path, help="build the databases here instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards (and print where)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a page misses the target")
    parser.add_argument("--database-url", metavar="URL",
                        help="a PostgreSQL server to measure instead of SQLite, e.g. "
                             "postgresql+psycopg://rsi_test:rsi_test@127.0.0.1:5432/rsi_test: the two databases "
                             "are made beside the named one, as <name>_bench_small and <name>_bench_large "
                             "(dropped and created again; the role needs CREATEDB)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rsi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    apps = {}
    try:
        sizes = {"small": (args.small_cases, args.small_docs), "large": (args.large_cases, args.large_docs)}
        facts, urls = {}, {}
        for name, (n_cases, n_docs) in sizes.items():
            if args.database_url:
                base = sa.make_url(args.database_url)
                url = base.set(database=f"{base.database}_bench_{name}").render_as_string(hide_password=False)
            else:
                url = f"sqlite:///{workdir / f'{name}.sqlite'}"
            fresh_database(url)
            started = time.perf_counter()
            facts[name] = build_database(url, n_cases, n_docs, args.big_case_docs, args.seed)
            f = facts[name]
            print(f"{name}: {f['cases']} cases ({f['filtered']} match {FILTER}), {f['documents']} documents, "
                  f"{f['attachments']} attachments, big case {f['big_case']}, {f['size_mb']:.1f} MB, "
                  f"built in {time.perf_counter() - started:.1f} s", flush=True)
            (workdir / name).mkdir(exist_ok=True)
            apps[name] = app_for(workdir / name, url)
            urls[name] = pages_for(f)

        labels = [page[0] for page in urls["small"]]
        timings = {(name, label): [] for name in sizes for label in labels}

        def hit(name, i, record):
            label, url, rows, row = urls[name][i]
            _app, browser = apps[name]
            started = time.perf_counter()
            response = browser.get(url, status="*")
            elapsed = time.perf_counter() - started
            check(response, label, url, rows, row)
            if record:
                timings[(name, label)].append(elapsed * 1000)

        for rep in range(args.warmup + args.repeat):
            record = rep >= args.warmup
            for i in range(len(labels)):
                order = ("small", "large") if (rep + i) % 2 == 0 else ("large", "small")
                for name in order:
                    hit(name, i, record)

        queries = {(name, label): count_queries(apps[name][0], apps[name][1], url)
                   for name in sizes for label, url, *_rest in urls[name]}

        print()
        print(f"Case list and case view: {args.repeat} interleaved repetitions after {args.warmup} warm-up, "
              f"page size {PAGE_SIZE}, times in ms")
        print()
        header = ("| page | small URL | large URL | rows small/large | queries small/large | small median "
                  "| small p95 | large median | large p95 | ratio (medians) | target |")
        print(header)
        print("|" + "---|" * (header.count("|") - 1))
        failed = 0
        for i, label in enumerate(labels):
            s, lg = timings[("small", label)], timings[("large", label)]
            ratio = statistics.median(lg) / statistics.median(s)
            ok = ratio <= args.target
            failed += not ok
            print(f"| {label} | `{urls['small'][i][1]}` | `{urls['large'][i][1]}` "
                  f"| {urls['small'][i][2]}/{urls['large'][i][2]} "
                  f"| {queries[('small', label)]}/{queries[('large', label)]} "
                  f"| {statistics.median(s):.1f} | {percentile(s, 0.95):.1f} "
                  f"| {statistics.median(lg):.1f} | {percentile(lg, 0.95):.1f} | {ratio:.2f}× "
                  f"| {'PASS' if ok else 'FAIL'} (≤ {args.target}×) |")
        print()
        print("small: " + ", ".join(f"{k}={v}" for k, v in facts["small"].items() if k != "size_mb"))
        print("large: " + ", ".join(f"{k}={v}" for k, v in facts["large"].items() if k != "size_mb"))
        engine = apps["large"][0].registry["db.engine"]
        server = ""
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                server = conn.exec_driver_sql("SELECT version()").scalar().split(" on ")[0]
        for line in machine_info(server):
            print(line)
        if args.keep:
            print(f"databases kept in {workdir}")
        return 1 if (failed and args.strict) else 0
    finally:
        for app, _browser in apps.values():
            app.registry["db.engine"].dispose()
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
