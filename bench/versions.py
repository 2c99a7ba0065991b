#!/usr/bin/env python
"""Document versions: does a document with 300 versions cost more than one with 10?

Builds one SQLite database through the real Alembic migrations, with a
secretariat user, one case and three documents that start from the same
30-page Danish strategy (about 15,000 words: headings, paragraphs, a few
lists and tables, generated reproducibly from a seed). Document A gets 10
versions, document B 300 and document C 50 (one full history page), each a
small realistic edit (a few words in one paragraph; now and then a paragraph
added or deleted, a list item or a table cell changed, the title changed),
saved through the service layer (``rsi_case.documents.versions.save_version``,
one transaction per version).

Then it drives the real WSGI application in-process with WebTest as the
logged-in secretariat user and measures, for A and B (and C for the history
page, to tell more rows on page 1 from more versions):

* the history page, page 1 (``GET /documents/<slug>/history``, 50 per page);
* a diff of two distant versions (``GET /documents/<slug>/diff?a=1&b=<newest>``);
* saving a new version (``POST /documents/<slug>/edit`` with a small edit;
  the form is read first, untimed, for ``base_version`` and the CSRF token,
  every save must answer 303, and the next save starts from the new version).

The reads are measured first, while A has exactly 10 versions and B 300; the
saves after them (each save adds a version, so A goes from 10 to
10 + warm-up + N versions). Each measurement runs N interleaved repetitions
(the order A/B changes from one repetition to the next, so drift on a
shared, noisy machine hits both alike) and the script prints the median and
p95 of each and the ratio B/A of the medians. A is the baseline, measured in
the same run: compare the ratios, not the absolute milliseconds, between
machines or runs. Every response is checked (status, rows, changes shown).

It also prints the database bytes a version costs: the growth of
``document_versions`` and ``text_blocks`` (tables and their indexes, from
SQLite's ``dbstat`` when it is compiled in, else the sum of the rows'
``length()``), per additional version, beside one full copy of the body (raw
and zlib-compressed).

Target (issue 4, "versions are cheap"): the history page and a save cost at
most 1.5x as much at 300 versions as at 10. The diff is reported, not judged:
it compares two whole bodies, and B's two versions differ in far more places.

    .venv/bin/python bench/versions.py             # defaults as in the issue
    .venv/bin/python bench/versions.py --repeat 40 --keep
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
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
import zlib
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
import webtest  # noqa: E402

from rsi_case import main as make_app  # noqa: E402
from rsi_case.cases.services import create_case  # noqa: E402
from rsi_case.db import get_engine, get_session_factory  # noqa: E402
from rsi_case.documents.history import HISTORY_PAGE  # noqa: E402
from rsi_case.documents.models import Document  # noqa: E402
from rsi_case.documents.sanitize import clean_html  # noqa: E402
from rsi_case.documents.services import create_document  # noqa: E402
from rsi_case.documents.versions import save_version, split_blocks, state_of  # noqa: E402
from rsi_case.models import User  # noqa: E402
from rsi_case.scripts.initdb import migrate  # noqa: E402
from rsi_case.security.passwords import hash_password  # noqa: E402

INI = ROOT / "development.ini"
PASSWORD = "benchmark-adgang-2026"
LOGIN = "bench"
WORDS_PER_PAGE = 500
TODAY = dt.date(2026, 11, 25)  # the data set is fixed, whatever day the bench runs

USERS = [
    # login, full name, role
    (LOGIN, "Mette Kjærgaard Holm", "sekretariat"),
    ("lhj", "Lone Hvidberg Jessen", "sekretariat"),
    ("tbn", "Thomas Bruun Nørgaard", "sekretariat"),
    ("akr", "Anne Kathrine Rask", "sekretariat"),
    ("admin", "Jesper Mølholm Kristensen", "admin"),
]

# -- a realistic 30-page strategy -------------------------------------------------

TITLE = "Strategi for fælles regional sundheds-it 2027–2030"
TITLES = [TITLE, f"{TITLE} – udkast", f"{TITLE} – høringsudgave", f"{TITLE} – revideret udkast",
          "Fælles strategi for sundheds-it i regionerne 2027–2030",
          "Strategi for fælles regional sundheds-it 2027–2031"]
CHAPTERS = [
    "Indledning", "Vision og strategiske mål", "Udgangspunktet: status for den fælles it-portefølje",
    "Sammenhængende patientforløb", "Data og digital infrastruktur", "Informationssikkerhed og databeskyttelse",
    "Fælles indkøb og leverandørstyring", "Drift og konsolidering", "Organisering, styring og samarbejde",
    "Økonomi og gevinstrealisering", "Implementering og tidsplan", "Risici og opfølgning",
]
SECTIONS = [
    "Baggrund", "Mål for strategiperioden", "Indsatser", "Forudsætninger", "Sådan måler vi fremdriften",
    "Samarbejde med kommunerne og almen praksis", "Erfaringer fra den forrige strategi", "Principper",
    "Roller og ansvar", "Sammenhæng med de nationale strategier", "Udfordringer", "Prioriteringer",
]
SUBJECTS = [
    "Regionerne", "Styregruppen", "Sekretariatet", "Region Midtjylland", "Region Syddanmark",
    "Region Hovedstaden", "Region Sjælland", "Region Nordjylland", "Projektorganisationen", "De fem regioner",
    "Den fælles driftsorganisation", "Programledelsen", "Regionernes it-chefer", "Lederregionen",
]
MODALS = ["vil", "skal", "bør", "kan", "vil fortsat", "skal i højere grad", "vil i strategiperioden"]
VERBS = [
    "styrke", "udbygge", "forenkle", "konsolidere", "modernisere", "understøtte", "samle", "standardisere",
    "sikre", "videreudvikle", "prioritere", "udbrede", "afprøve", "evaluere", "effektivisere", "fremtidssikre",
]
OBJECTS = [
    "den fælles it-infrastruktur", "integrationerne mellem de kliniske systemer", "datadelingen med almen praksis",
    "informationssikkerheden på sygehusene", "den digitale kontakt med patienterne", "de fælles driftscentre",
    "forbindelserne til Sundhedsdatanettet", "anvendelsen af telemedicin i eget hjem", "det fælles laboratoriesystem",
    "den regionale billeddiagnostik", "arbejdet med fælles kliniske databaser", "identitets- og adgangsstyringen",
    "de mobile arbejdspladser", "beredskabet ved nedbrud", "styringen af leverandørerne", "de fælles udbud",
    "porteføljen af ældre fagsystemer", "kvaliteten af registreringerne", "brugen af kunstig intelligens i klinikken",
    "overgangen til skybaserede løsninger", "den fælles servicedesk", "backup og gendannelse af data",
    "talegenkendelsen i journalen", "den præhospitale journal", "medicinoplysningerne i FMK",
    "booking af ambulante besøg", "videokonsultationerne", "de tværsektorielle forløbsplaner",
]
QUALIFIERS = [
    "inden udgangen af 2028", "i tæt samarbejde med de kliniske miljøer", "med udgangspunkt i de nationale standarder",
    "så patienterne oplever sammenhæng på tværs af sektorer", "uden at de samlede driftsudgifter stiger",
    "i overensstemmelse med databeskyttelsesforordningen", "som led i den årlige økonomiaftale",
    "efter princippet om følg eller forklar", "i hele strategiperioden", "på baggrund af en fælles behovsanalyse",
    "med en klar ansvarsfordeling mellem regionerne", "i takt med at de gamle kontrakter udløber",
    "så medarbejderne bruger mindre tid på dobbeltregistrering", "med særlig vægt på patientsikkerheden",
    "i dialog med leverandørerne", "før der træffes beslutning om nye investeringer", "", "",
]
AREAS = [
    "pilotprojekterne i Region Sjælland", "den forrige strategiperiode", "udbredelsen af Sundhedsplatformen",
    "de tværregionale projekter", "arbejdet med telemedicin i Region Syddanmark", "samarbejdet med kommunerne",
    "konsolideringen af datacentrene", "det fælles udbud af laboratoriesystemet", "de nordiske nabolande",
]
PREDICATES = [
    "kan forbedres markant med en fælles løsning", "bør prioriteres højere end hidtil",
    "kræver en fælles tilgang på tværs af regionerne", "har direkte betydning for patientsikkerheden",
    "giver de største gevinster, når de kliniske miljøer er med fra begyndelsen",
    "afhænger af stabile og veldokumenterede snitflader", "ikke kan løses af den enkelte region alene",
]
POPULATIONS = ["de ambulante patienter", "de kroniske patienter", "henvisningerne fra almen praksis",
               "de kliniske medarbejdere", "regionernes fagsystemer", "de planlagte operationer"]
GOALS = ["kan booke og flytte tider digitalt", "har adgang til deres data på sundhed.dk",
         "modtages elektronisk og struktureret", "logger ind med fælles single sign-on",
         "kører i de fælles driftscentre", "følges op med telemedicinske målinger"]
NOTES = ["Indarbejdet kommentarer fra Region Midtjylland", "Rettet efter styregruppemødet",
         "Opdateret økonomiafsnit", "Sproglig gennemskrivning", "Tilføjet afsnit om informationssikkerhed",
         "Høringssvar fra Region Nordjylland indarbejdet", "Tidsplanen opdateret", "Rettet stavefejl",
         "Bemærkninger fra it-cheferne", "Nye tal fra budgetopfølgningen"]
REGION_NAMES = ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland",
                "Region Nordjylland"]
MILESTONES = ["Strategien godkendes af styregruppen", "Fælles behovsanalyse afsluttet", "Udbud offentliggjort",
              "Kontrakt underskrevet", "Pilotdrift i første region", "Udrulning i alle regioner afsluttet",
              "Midtvejsevaluering", "Gamle systemer udfaset", "Slutevaluering forelagt styregruppen"]


def new_sentence(rng: random.Random) -> dict:
    t = rng.choices(range(6), (30, 12, 14, 14, 10, 20))[0]
    s = {"t": t, "S": rng.choice(SUBJECTS), "M": rng.choice(MODALS), "V": rng.choice(VERBS),
         "O": rng.choice(OBJECTS), "Q": rng.choice(QUALIFIERS)}
    if t == 3:
        s.update(A=rng.choice(AREAS), P=rng.choice(PREDICATES))
    if t == 4:
        s.update(N=rng.choice(range(50, 100, 5)), POP=rng.choice(POPULATIONS), G=rng.choice(GOALS),
                 Y=rng.randint(2027, 2030))
    return s


def _lower(subject: str) -> str:
    """A subject inside a sentence: "regionerne", but "Region Sjælland"."""
    return subject if subject.startswith("Region ") else subject[0].lower() + subject[1:]


def render_sentence(s: dict) -> str:
    q = f" {s['Q']}" if s["Q"] else ""
    t = s["t"]
    if t == 0:
        return f"{s['S']} {s['M']} {s['V']} {s['O']}{q}."
    if t == 1:
        # subordinate clause: the adverb before the modal ("at regionerne fortsat vil ...")
        modal, _sp, rest = s["M"].partition(" ")
        rest = f" {rest}" if rest else ""
        return f"Det er afgørende, at {_lower(s['S'])}{rest} {modal} {s['V']} {s['O']}{q}."
    if t == 2:
        # inverted word order: "I de kommende år skal regionerne i højere grad styrke ..."
        modal, _sp, rest = s["M"].partition(" ")
        rest = f" {rest}" if rest else ""
        opening = "I de kommende år" if "strategiperioden" in rest else "I strategiperioden"
        return f"{opening} {modal} {_lower(s['S'])}{rest} {s['V']} {s['O']}{q}."
    if t == 3:
        return f"Erfaringerne fra {s['A']} viser, at {s['O']} {s['P']}."
    if t == 4:
        return f"Målet er, at {s['N']} procent af {s['POP']} {s['G']} i {s['Y']}."
    return f"{s['S']} har allerede taget de første skridt til at {s['V']} {s['O']}, og arbejdet fortsætter{q}."


def edit_sentence(rng: random.Random, s: dict) -> None:
    """Change a few words: one slot of the sentence gets another value."""
    slots = {0: "MVOQ", 1: "MVOQ", 2: "MVOQ", 3: "AOP", 4: "NGY", 5: "VOQ"}[s["t"]]
    slot = rng.choice(slots)
    pool = {"M": MODALS, "V": VERBS, "O": OBJECTS, "Q": QUALIFIERS, "A": AREAS, "P": PREDICATES, "G": GOALS,
            "N": list(range(50, 100, 5)), "Y": list(range(2027, 2031))}[slot]
    s[slot] = rng.choice([v for v in pool if v != s[slot]])


def new_paragraph(rng: random.Random) -> dict:
    return {"k": "p", "s": [new_sentence(rng) for _ in range(rng.randint(4, 8))]}


def budget_table(rng: random.Random) -> dict:
    rows = [["Region", "2027", "2028", "2029", "2030"]]
    for region in REGION_NAMES:
        base = rng.randint(18, 60)
        rows.append([region] + [f"{base + rng.randint(-4, 8)},{rng.randint(0, 9)}" for _ in range(4)])
    rows.append(["I alt (mio. kr.)"] + [f"{rng.randint(150, 260)},{rng.randint(0, 9)}" for _ in range(4)])
    return {"k": "table", "rows": rows}


def milestone_table(rng: random.Random) -> dict:
    rows = [["Milepæl", "Tidspunkt", "Ansvarlig"]]
    quarter = 1
    for m in MILESTONES:
        owner = rng.choice(REGION_NAMES + ["Sekretariatet"])
        rows.append([m, f"{quarter % 4 + 1}. kvartal {2027 + quarter // 4}", owner])
        quarter += rng.randint(1, 2)
    return {"k": "table", "rows": rows}


def strategy(seed: int, words: int) -> list[dict]:
    """The body as a list of units (heading, paragraph, list, table)."""
    rng = random.Random(seed)
    units: list[dict] = []
    for c, chapter in enumerate(CHAPTERS, start=1):
        units.append({"k": "h2", "text": f"{c}. {chapter}"})
        units.append(new_paragraph(rng))
        for n, section in enumerate(rng.sample(SECTIONS, rng.randint(2, 4)), start=1):
            units.append({"k": "h3", "text": f"{c}.{n} {section}"})
            for _ in range(rng.randint(2, 4)):
                units.append(new_paragraph(rng))
            if rng.random() < 0.25:
                items = [render_sentence(new_sentence(rng)) for _ in range(rng.randint(4, 6))]
                units.append({"k": "ul", "items": items})
        if chapter == "Økonomi og gevinstrealisering":
            units.append(budget_table(rng))
        if chapter == "Implementering og tidsplan":
            units.append(milestone_table(rng))
    # fill up to the word count: more paragraphs in random sections
    while word_count(units) < words:
        paragraphs = [i for i, u in enumerate(units) if u["k"] == "p"]
        units.insert(rng.choice(paragraphs) + 1, new_paragraph(rng))
    return units


def render_unit(u: dict) -> str:
    k = u["k"]
    if k in ("h2", "h3"):
        return f"<{k}>{u['text']}</{k}>"
    if k == "p":
        return "<p>" + " ".join(render_sentence(s) for s in u["s"]) + "</p>"
    if k == "ul":
        return "<ul>" + "".join(f"<li>{item}</li>" for item in u["items"]) + "</ul>"
    head, *rows = u["rows"]
    return ("<table><tbody><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            + "</tbody></table>")


def render(units: list[dict]) -> str:
    return "\n".join(render_unit(u) for u in units)


def word_count(units: list[dict]) -> int:
    return len(re.sub(r"<[^>]+>", " ", render(units)).split())


def small_edit(rng: random.Random, units: list[dict], title: str, *, plain: bool = False) -> tuple[str, str]:
    """Change ``units`` in place as one save would; returns (title, note).
    ``plain``: only a few words in one paragraph."""
    paragraphs = [i for i, u in enumerate(units) if u["k"] == "p"]
    r = 1.0 if plain else rng.random()
    if r < 0.05:
        title = rng.choice([t for t in TITLES if t != title])
    elif r < 0.13:
        units.insert(rng.choice(paragraphs) + 1, new_paragraph(rng))
    elif r < 0.19 and len(paragraphs) > 100:
        del units[rng.choice(paragraphs)]
    elif r < 0.25:
        others = [u for u in units if u["k"] in ("ul", "table")]
        u = rng.choice(others)
        if u["k"] == "ul":
            u["items"][rng.randrange(len(u["items"]))] = render_sentence(new_sentence(rng))
        else:
            row = rng.randrange(1, len(u["rows"]))
            col = rng.randrange(1, len(u["rows"][row]))
            cell = u["rows"][row][col]
            if "kvartal" in cell:
                u["rows"][row][col] = f"{rng.randint(1, 4)}. kvartal {rng.randint(2027, 2030)}"
            elif cell[0].isdigit():
                u["rows"][row][col] = f"{rng.randint(18, 70)},{rng.randint(0, 9)}"
            else:
                u["rows"][row][col] = rng.choice(REGION_NAMES + ["Sekretariatet"])
    else:
        sentences = units[rng.choice(paragraphs)]["s"]
        for s in rng.sample(sentences, 2 if rng.random() < 0.2 else 1):
            edit_sentence(rng, s)
    note = rng.choice(NOTES) if rng.random() < 0.4 else ""
    return title, note


# -- building the database -----------------------------------------------------

def storage(engine) -> dict:
    """Bytes in document_versions and text_blocks, tables and indexes."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        blocks = conn.exec_driver_sql("SELECT COUNT(*), COALESCE(SUM(length(content)), 0) FROM text_blocks").one()
        try:
            rows = conn.exec_driver_sql(
                "SELECT s.tbl_name, SUM(d.pgsize), SUM(d.payload), COUNT(*) FROM dbstat AS d "
                "JOIN sqlite_schema AS s ON s.name = d.name "
                "WHERE s.tbl_name IN ('document_versions', 'text_blocks') GROUP BY s.tbl_name").all()
            tables = {table: {"pages": pages, "payload": payload, "n_pages": n_pages}
                      for table, pages, payload, n_pages in rows}
            return {"method": "dbstat", "tables": tables, "pages": sum(v["pages"] for v in tables.values()),
                    "payload": sum(v["payload"] for v in tables.values()), "blocks": tuple(blocks)}
        except sa.exc.OperationalError:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
            versions = conn.exec_driver_sql(
                "SELECT COALESCE(SUM(length(note) + length(summary) + length(title) + length(kind) + length(status) "
                "+ length(doc_date) + length(author_name) + length(author_phone) + length(author_email) "
                "+ length(block_ids) + length(created_at) + 6 * 8), 0) FROM document_versions").scalar_one()
            block_bytes = conn.exec_driver_sql(
                "SELECT COALESCE(SUM(length(digest) + length(content) + 8), 0) FROM text_blocks").scalar_one()
            return {"method": "length()", "pages": None, "payload": versions + block_bytes, "blocks": tuple(blocks)}


def build_database(path: Path, seed: int, words: int, counts: dict[str, int]) -> dict:
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{path}"})
    migrate(str(INI), engine)
    factory = get_session_factory(engine)
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    password_hash = hash_password(PASSWORD)
    with factory() as s, s.begin():
        users = [User(login=login, full_name=name, role=role, email=f"{login}@rsi-sag.dk",
                      phone=f"+45 38 66 50 {i:02d}", password_hash=password_hash, active=True, created_at=now)
                 for i, (login, name, role) in enumerate(USERS, start=1)]
        s.add_all(users)
        s.flush()
        user_ids = [u.id for u in users if u.role == "sekretariat"]
        case = create_case(s, user=users[-1], today=TODAY,
                           title="Fælles strategi for sundheds-it 2027–2030", category="tvaergaaende",
                           status="aaben", description="Regionernes fælles strategi: udkast, høring og godkendelse.",
                           responsible_id=users[0].id, opened_on=dt.date(2026, 3, 2))
        start = strategy(seed, words)
        body = render(start)
        if clean_html(body) != body:
            raise SystemExit("the generated body is not stable under the sanitiser; fix the generator")
        docs = {}
        for name in counts:
            doc = create_document(s, case=case, user=users[0], today=TODAY, title=TITLE, kind="strategi",
                                  doc_date=dt.date(2026, 11, 2), status="kladde", body_html=body,
                                  author_name=users[0].full_name, author_phone=users[0].phone,
                                  author_email=users[0].email)
            docs[name] = (doc.id, doc.number.slug)
    facts = {"words": word_count(start), "blocks": len(split_blocks(body)), "body_bytes": len(body.encode("utf-8")),
             "storage": {"start": storage(engine)}}
    facts["pages"] = facts["words"] / WORDS_PER_PAGE
    models = {}
    for name, n_versions in counts.items():
        # each document its own stream of edits, the same whatever the other's count
        rng = random.Random(f"{seed}-{name}")
        units, title = strategy(seed, words), TITLE
        doc_id, _slug = docs[name]
        for _ in range(n_versions - 1):
            title, note = small_edit(rng, units, title)
            with factory() as s, s.begin():
                doc = s.get(Document, doc_id)
                user = s.get(User, rng.choice(user_ids))
                save_version(s, doc, user=user, state={**state_of(doc), "title": title}, body_html=render(units),
                             base=doc.version, note=note)
        models[name] = (units, title, rng)
        facts["storage"][name] = storage(engine)
    with factory() as s:
        for name, (doc_id, _slug) in docs.items():
            doc = s.get(Document, doc_id)
            if doc.version != counts[name] or doc.body_html != render(models[name][0]):
                raise SystemExit(f"document {name}: {doc.version} versions, expected {counts[name]}")
        last = render(models["B"][0]).encode("utf-8")
        facts["body_bytes_last"] = len(last)
        facts["body_zlib_last"] = len(zlib.compress(last, 6))
        facts["row_bytes"] = row_bytes(s, docs)
    engine.dispose()
    facts["docs"] = docs
    facts["models"] = models
    facts["size_mb"] = path.stat().st_size / 2**20
    return facts


def row_bytes(s, docs) -> dict:
    """What one version of each document holds, in stored bytes of its row."""
    out = {}
    for name, (doc_id, _slug) in docs.items():
        row = s.execute(sa.text(
            "SELECT AVG(length(block_ids)), AVG(json_array_length(block_ids)), "
            "AVG(length(summary) + length(note) + length(title) + length(kind) + length(status) + length(doc_date) "
            "+ length(author_name) + length(author_phone) + length(author_email) + length(created_at)) "
            "FROM document_versions WHERE document_id = :d AND number > 1"), {"d": doc_id}).one()
        out[name] = {"block_ids": row[0] or 0, "blocks_per_version": row[1] or 0, "metadata": row[2] or 0}
    return out


# -- driving the application -------------------------------------------------

def app_for(tmp: Path, db_file: Path, **extra):
    settings = {
        "sqlalchemy.url": f"sqlite:///{db_file}",
        "rsi_case.root": str(ROOT),
        "rsi_case.var": str(tmp),
        "rsi_case.blobs": str(tmp / "blobs"),
        "rsi_case.secret": "benchmark-secret-" + "x" * 32,
        "pyramid.default_locale_name": "da",
        "pyramid.reload_templates": "false",
        "retry.attempts": "3",
        **extra,
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


HISTORY_ROW = re.compile(r'<td class="number"><a href="[^"]*/documents/[0-9-]+/versions/(\d+)"')


class Doc:
    """One document as the benchmark drives it: its slug, its newest version
    and the bench's own model of its body, to make the next small edit."""

    def __init__(self, name: str, slug: str, versions: int, model):
        self.name, self.slug, self.versions = name, slug, versions
        self.units, self.title, self.rng = model

    def history(self, browser):
        url = f"/documents/{self.slug}/history"
        started = time.perf_counter()
        r = browser.get(url, status="*")
        elapsed = time.perf_counter() - started
        if r.status_int != 200:
            raise SystemExit(f"{self.name}: GET {url} answered {r.status}")
        numbers = [int(n) for n in HISTORY_ROW.findall(r.text)]
        expected = list(range(self.versions, max(0, self.versions - HISTORY_PAGE), -1))
        if numbers != expected:
            raise SystemExit(f"{self.name}: GET {url} shows versions {numbers[:3]}…{numbers[-3:]} "
                             f"({len(numbers)} rows), expected {expected[0]}…{expected[-1]}")
        return elapsed

    def diff_url(self):
        return f"/documents/{self.slug}/diff?a=1&b={self.versions}"

    def diff(self, browser):
        url = self.diff_url()
        started = time.perf_counter()
        r = browser.get(url, status="*")
        elapsed = time.perf_counter() - started
        if r.status_int != 200:
            raise SystemExit(f"{self.name}: GET {url} answered {r.status}")
        if "<ins>" not in r.text and "<del>" not in r.text:
            raise SystemExit(f"{self.name}: GET {url} shows no changed words")
        return elapsed

    def save(self, browser, around=contextlib.nullcontext):
        """One small edit through the edit form; the form is read untimed.
        ``around``: a context manager around the POST alone (to count its queries)."""
        url = f"/documents/{self.slug}/edit"
        page = browser.get(url, status=200)
        form = page.forms["deform"]
        if int(form["base_version"].value) != self.versions:
            raise SystemExit(f"{self.name}: edit form starts from version {form['base_version'].value}, "
                             f"expected {self.versions}")
        if form["body"].value != render(self.units):
            raise SystemExit(f"{self.name}: the stored body is not the one the last save sent")
        self.title, note = small_edit(self.rng, self.units, self.title, plain=True)
        form["body"] = render(self.units)
        form["note"] = note
        fields = form.submit_fields("save")
        environ = {"HTTP_REFERER": str(page.request.url)}
        with around():
            started = time.perf_counter()
            r = browser.post(form.action or url, params=fields, content_type=form.enctype, extra_environ=environ,
                             status="*")
            elapsed = time.perf_counter() - started
        if r.status_int != 303 or not r.location.endswith(f"/documents/{self.slug}"):
            raise SystemExit(f"{self.name}: POST {url} answered {r.status} {r.location or ''}")
        self.versions += 1
        return elapsed


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@contextlib.contextmanager
def statements(app):
    """The SQL statements run inside the block (transaction control left out)."""
    engine = app.registry["db.engine"]
    seen = []

    def listener(conn, cursor, statement, *rest):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def count_queries(app, doc, label, browser) -> int:
    """Queries of one request; for a save, of the POST alone."""
    if label == "save":
        seen = []

        @contextlib.contextmanager
        def around():
            with statements(app) as found:
                yield
            seen.extend(found)

        doc.save(browser, around)
        return len(seen)
    with statements(app) as seen:
        getattr(doc, label)(browser)
    return len(seen)


def machine_info() -> list[str]:
    return [
        f"date: {dt.date.today().isoformat()}",
        f"platform: {platform.platform()}",
        f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"sqlite: {sqlite3.sqlite_version}, SQLAlchemy {sa.__version__}",
    ]


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def print_storage(facts: dict, counts: dict) -> None:
    st = facts["storage"]
    full, full_z = facts["body_bytes_last"], facts["body_zlib_last"]
    method = st["start"]["method"]
    by_pages = st["start"]["pages"] is not None
    print(f"Storage: growth of document_versions + text_blocks, tables and indexes ({method}), measured after "
          f"each document's versions were saved; one full copy of the body = {kb(full)} raw, "
          f"{kb(full_z)} zlib-compressed")
    print()
    print("| document | versions | bytes added by versions 2…n (pages) | per additional version (pages) "
          "| per additional version (row payload) | new blocks per version | % of a full copy | "
          "% of a zlib-compressed copy |")
    print("|---|---|---|---|---|---|---|---|")
    before = st["start"]
    per_version = {}
    for name, n in counts.items():
        after = st[name]
        extra = n - 1
        pages = (after["pages"] - before["pages"]) if by_pages else None
        payload = after["payload"] - before["payload"]
        new_blocks = after["blocks"][0] - before["blocks"][0]
        new_block_bytes = after["blocks"][1] - before["blocks"][1]
        per_version[name] = cost = (pages if by_pages else payload) / extra
        print(f"| {name} | {n} | {kb(pages) if by_pages else '–'} | {kb(pages / extra) if by_pages else '–'} "
              f"| {kb(payload / extra)} | {new_blocks / extra:.2f} ({new_block_bytes / max(1, new_blocks):.0f} bytes "
              f"each, compressed) | {100 * cost / full:.1f} % | {100 * cost / full_z:.1f} % |")
        before = after
    print()
    for name, rb in facts["row_bytes"].items():
        print(f"{name}: a version row holds {rb['blocks_per_version']:.0f} block ids in {rb['block_ids']:.0f} bytes "
              f"of JSON and {rb['metadata']:.0f} bytes of metadata, summary and note")
    many = max(counts, key=counts.get)
    n = counts[many]
    print(f"bytes per additional version ≈ {kb(per_version[many])} ({100 * per_version[many] / full:.1f} % of a full "
          f"copy, {100 * per_version[many] / full_z:.1f} % of a zlib-compressed copy); {n} versions of document "
          f"{many}: {per_version[many] * (n - 1) / 2**20:.2f} MB, against {n * full / 2**20:.1f} MB as full copies "
          f"or {n * full_z / 2**20:.1f} MB as zlib-compressed full copies")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--few", type=int, default=10, help="versions of document A, the baseline (default 10)")
    parser.add_argument("--many", type=int, default=300, help="versions of document B (default 300)")
    parser.add_argument("--words", type=int, default=15_000,
                        help="words in the strategy, about 500 a page (default 15000, 30 pages)")
    parser.add_argument("--repeat", "-n", type=int, default=20, help="measured repetitions of each (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured repetitions first (default 3)")
    parser.add_argument("--target", type=float, default=1.5,
                        help="largest acceptable ratio B/A for the history page and a save (default 1.5)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the text and the edits (default 2026)")
    parser.add_argument("--workdir", type=Path, help="build the database here instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (and print where)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not 2 <= args.few < args.many:
        parser.error("need 2 <= --few < --many")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rsi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    app = None
    try:
        db_file = workdir / "versions.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        # C: a third copy with exactly one full history page of versions, to
        # tell the cost of more rows on page 1 (10 at A, 50 at B) from the cost
        # of more versions (B has six times as many as C, on the same 50 rows)
        counts = {"A": args.few, "B": args.many, "C": HISTORY_PAGE}
        started = time.perf_counter()
        facts = build_database(db_file, args.seed, args.words, counts)
        print(f"strategy: {facts['words']:,} words (~{facts['pages']:.0f} pages), {facts['blocks']} blocks, "
              f"{kb(facts['body_bytes'])} of HTML; A {args.few} versions, B {args.many} versions, "
              f"C {HISTORY_PAGE} versions; {facts['size_mb']:.1f} MB, built in {time.perf_counter() - started:.1f} s",
              flush=True)
        (workdir / "app").mkdir(exist_ok=True)
        app, browser = app_for(workdir / "app", db_file)
        docs = {name: Doc(name, facts["docs"][name][1], n, facts["models"][name]) for name, n in counts.items()}
        urls = {
            "history": {n: f"/documents/{d.slug}/history" for n, d in docs.items()},
            "diff": {n: d.diff_url() for n, d in docs.items()},
        }
        versions_at = {"history": {n: d.versions for n, d in docs.items()},
                       "diff": {n: d.versions for n, d in docs.items()}}
        timings = {(label, name): [] for label in ("save", "history", "diff") for name in docs}

        def run(label, names):
            for rep in range(args.warmup + args.repeat):
                # the order rotates and alternates: AB, BA, BA, AB, ...; ABC, CBA, BCA, ACB, CAB, BAC
                shift = rep // 2 % len(names)
                order = names[shift:] + names[:shift]
                for name in (order if rep % 2 == 0 else order[::-1]):
                    elapsed = getattr(docs[name], label)(browser)
                    if rep >= args.warmup:
                        timings[(label, name)].append(elapsed * 1000)

        # reads first, while A and B have exactly their versions; then the saves.
        # One loop per measurement: a diff of B leaves much garbage behind, and
        # its collection would otherwise land in whatever request comes next
        run("history", ["A", "B", "C"])
        run("diff", ["A", "B"])
        queries = {(label, name): count_queries(app, docs[name], label, browser)
                   for label in ("history", "diff") for name in docs}
        versions_at["save"] = {n: d.versions for n, d in docs.items()}
        urls["save"] = {n: f"/documents/{d.slug}/edit" for n, d in docs.items()}
        run("save", ["A", "B"])
        for name in ("A", "B"):
            versions_at["save"][name] = f"{versions_at['save'][name]}→{docs[name].versions}"
        queries.update({("save", name): count_queries(app, docs[name], "save", browser) for name in "AB"})

        print()
        print(f"Versions: {args.repeat} interleaved repetitions after {args.warmup} warm-up, times in ms")
        print()
        header = ("| measurement | A URL | B URL | versions A/B | queries A/B | A median | A p95 | B median | B p95 "
                  "| ratio B/A (medians) | target |")
        print(header)
        print("|" + "---|" * (header.count("|") - 1))
        failed = 0
        names = {"save": "save a version (POST edit)", "history": f"history, page 1 ({HISTORY_PAGE} per page)",
                 "diff": "diff, version 1 → newest"}
        for label in ("save", "history", "diff"):
            a, b = timings[(label, "A")], timings[(label, "B")]
            ratio = statistics.median(b) / statistics.median(a)
            if label == "diff":
                verdict = "reported"
            else:
                ok = ratio <= args.target
                failed += not ok
                verdict = f"{'PASS' if ok else 'FAIL'} (≤ {args.target}×)"
            print(f"| {names[label]} | `{urls[label]['A']}` | `{urls[label]['B']}` "
                  f"| {versions_at[label]['A']}/{versions_at[label]['B']} "
                  f"| {queries[(label, 'A')]}/{queries[(label, 'B')]} "
                  f"| {statistics.median(a):.1f} | {percentile(a, 0.95):.1f} "
                  f"| {statistics.median(b):.1f} | {percentile(b, 0.95):.1f} | {ratio:.2f}× | {verdict} |")
        print()
        print("History page 1: rows on the page against versions of the document (same run)")
        print()
        print("| document | versions | rows on page 1 | queries | median | p95 | ratio B/this (medians) |")
        print("|---|---|---|---|---|---|---|")
        b_median = statistics.median(timings[("history", "B")])
        for name in ("A", "C", "B"):
            h = timings[("history", name)]
            print(f"| {name} | {versions_at['history'][name]} | {min(HISTORY_PAGE, versions_at['history'][name])} "
                  f"| {queries[('history', name)]} | {statistics.median(h):.1f} | {percentile(h, 0.95):.1f} "
                  f"| {b_median / statistics.median(h):.2f}× |")
        print()
        print_storage(facts, counts)
        print()
        for line in machine_info():
            print(line)
        if args.keep:
            print(f"database kept in {workdir}")
        return 1 if (failed and args.strict) else 0
    finally:
        if app is not None:
            app.registry["db.engine"].dispose()
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
