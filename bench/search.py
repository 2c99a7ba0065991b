#!/usr/bin/env python
"""Search: latency of the search service on a generated Danish corpus, with
SQLite FTS5 on the same corpus and queries as the same-run baseline.

For each size (``--docs``, default 10,000 and 100,000 documents) it

* builds a SQLite database through the real Alembic migrations (cases,
  documents and users from ``bench/case_list.py``'s generator, ~10
  documents per case, dates 2009-2026, every document kind, realistic
  authors), gives every document a ~500-word Danish body made of sentences
  from the demo corpus (``rsi_case/demo/content.py``) with numbers and
  dates mixed in, and makes a share of the cases confidential with grants;
* rebuilds the index with ``Indexer.rebuild`` in a subprocess, with as many
  analysis processes as ``rsi-case-reindex`` uses by default (this machine's
  CPUs, at most 2; ``RSI_REBUILD_PROCS`` overrides): wall time, documents/s,
  size on disk, peak RSS of the rebuild process and of all its processes
  together (sampled every 0.5 s);
* builds an FTS5 table (title, body; ``unicode61 remove_diacritics 0``) and
  an ACL table over the same documents;
* builds a tantivy index (PyPI ``tantivy``, the compiled engine Paperless-ngx
  moved to from Whoosh) of the same documents: title and body with a Danish
  analyser (our token pattern, lowercase, our Danish stop list, tantivy's
  Snowball "danish" stemmer; no compound or hyphen-part splitting), the
  number keys, the ACL principals and the facet values as fast fields;
* runs every query class N times, interleaved with its FTS5 and tantivy
  counterparts (the order rotating), through ``SearchService.search`` as the
  search page calls it (facets on, page 1 of 20), and prints median and p95
  of each and the ratios;
* measures the delay from a save (ORM commit, outbox row) to the moment the
  service finds the document (``Indexer.drain`` + searcher refresh);
* with ``--database-url``, builds the same corpus (same seed; checked equal)
  in a scratch PostgreSQL database, rebuilds a second index from it, and
  times the service against it in the same interleaved loop (a fourth
  engine): the classes that read the database (the number jump, the texts
  for highlights) and save → searchable show what PostgreSQL costs; the
  others are the index alone and should match.  The scratch database is
  dropped afterwards unless ``--keep``.

Targets (issue 5): at 10,000 documents median <= 20 ms and p95 <= 100 ms for
every class; at 100,000 median <= 100 ms and p95 <= 500 ms, overall median
within 2x of FTS5's; 100,000-document rebuild < 10 min, peak < 500 MB.
Issue 13: every class at or below FTS5's median in the same run, p95 <= 100
ms at 10,000 and <= 500 ms at 100,000 documents.

    .venv/bin/python bench/search.py --quick
    .venv/bin/python bench/search.py --docs 10000 --repeat 30 --keep
    .venv/bin/python bench/search.py --docs 10000 --workdir /tmp/sb --keep --reuse   # iterate on queries
    .venv/bin/python bench/search.py --docs 10000 --repeat 20 \
        --database-url postgresql+psycopg://rsi_test:rsi_test@127.0.0.1:5432/rsi_test   # and PostgreSQL beside
    .venv/bin/python bench/search.py --docs 10000 --classes number --saves 0   # one class (or a few)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

import case_list  # noqa: E402  (the data generator of the case-list benchmark)
from rsi_case.db import get_engine  # noqa: E402
from rsi_case.search.service import POSTING_CACHE_MB  # noqa: E402

TAG = re.compile(r"<[^>]+>")
STAFF_PRINCIPALS = ["system.Everyone", "system.Authenticated", "user:2", "role:sekretariat"]
FEW_PRINCIPALS = ["system.Everyone", "system.Authenticated", "user:8", "role:styregruppe"]
CONFIDENTIAL_SHARE = 0.05


# -- corpus ------------------------------------------------------------------

def demo_sentences() -> list[str]:
    from rsi_case.demo.content import CASES

    out = []
    for case in CASES:
        for d in case["documents"]:
            text = html.unescape(TAG.sub(" ", d["body"]))
            for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)):
                if len(s.split()) >= 4:
                    out.append(s.strip())
    return sorted(set(out))


def make_body(rng: random.Random, sentences: list[str], words: int) -> str:
    parts, n = [], 0
    while n < words:
        para = []
        for _ in range(rng.randint(3, 6)):
            s = rng.choice(sentences)
            if rng.random() < 0.15:
                s += f" Beløbet er {rng.randint(10, 9999)}.{rng.randint(100, 999)} kr. pr. {rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2009, 2026)}."
            para.append(s)
            n += len(s.split())
        if rng.random() < 0.25:
            parts.append(f"<h2>{html.escape(rng.choice(case_list.HEADINGS))}</h2>")
        parts.append("<p>" + html.escape(" ".join(para)) + "</p>")
    return "\n".join(parts)


def build(url: str, n_docs: int, seed: int) -> dict:
    """The corpus in the empty database at ``url`` (an SQLite file or a
    PostgreSQL database): the same seed makes the same rows on either."""
    started = time.perf_counter()
    n_cases = max(2, n_docs // 10)
    case_list.fresh_database(url)
    facts = case_list.build_database(url, n_cases, n_docs, min(10, n_docs), seed)
    rng = random.Random(seed + 7)
    sentences = demo_sentences()
    engine = get_engine({"sqlalchemy.url": url})
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM attachments")  # no blobs in the benchmark: text only
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM documents ORDER BY id")]
        for start in range(0, len(ids), 5000):
            rows = [{"i": i, "b": make_body(rng, sentences, max(80, int(rng.gauss(500, 150))))}
                    for i in ids[start:start + 5000]]
            conn.execute(sa.text("UPDATE documents SET body_html = :b, final_version = NULL WHERE id = :i"), rows)
        case_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM cases ORDER BY id")]
        secret = rng.sample(case_ids, max(1, int(len(case_ids) * CONFIDENTIAL_SHARE)))
        conn.execute(sa.text("UPDATE cases SET confidential = :t WHERE id = :i"),
                     [{"t": True, "i": i} for i in secret])
        now = dt.datetime(2026, 11, 25, 12, 0)
        grants = []
        for cid in secret:
            for principal in rng.sample(["user:2", "user:3", "user:4", "user:5", "user:8", "user:9"], 2):
                grants.append({"c": cid, "p": principal, "r": "laeser", "t": now})
        conn.execute(sa.text("INSERT INTO case_grants (case_id, principal, role, granted_at) VALUES (:c, :p, :r, :t)"),
                     grants)
        words = conn.exec_driver_sql("SELECT sum(length(body_html)) FROM documents").scalar()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:  # statistics and visibility map after the updates, as autovacuum makes them
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    size_mb = case_list.database_size_mb(engine)
    engine.dispose()
    facts.update(confidential_cases=len(secret), grants=len(grants), body_mb=words / 2**20,
                 build_s=time.perf_counter() - started, size_mb=size_mb)
    return facts


def corpus_fingerprint(url: str) -> tuple:
    """What must be equal for two databases to hold the same corpus."""
    engine = get_engine({"sqlalchemy.url": url})
    with engine.connect() as conn:
        fp = (*conn.exec_driver_sql("SELECT count(*), sum(length(body_html)), sum(id * length(title)) "
                                    "FROM documents").one(),
              *conn.exec_driver_sql("SELECT count(*), sum(id) FROM cases WHERE confidential").one(),
              *conn.exec_driver_sql("SELECT count(*) FROM case_grants").one())
    engine.dispose()
    return tuple(int(v) for v in fp)


def drop_database(url: str) -> None:
    u = sa.make_url(url)
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)')
    admin.dispose()


# -- the rebuild, in its own process -------------------------------------------

def vm_hwm_mb() -> float:
    """This process's own peak RSS (VmHWM is reset by exec; ru_maxrss is not)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rebuild_child(url: str, index_root: str) -> None:
    from rsi_case.documents.storage import BlobStore
    from rsi_case.search.index import IndexStore
    from rsi_case.search.indexer import Indexer
    from rsi_case.scripts.reindex import DEFAULT_PROCS

    engine = get_engine({"sqlalchemy.url": url})
    before = vm_hwm_mb()
    procs = int(os.environ.get("RSI_REBUILD_PROCS", DEFAULT_PROCS))
    indexer = Indexer(engine, IndexStore(index_root), BlobStore(str(Path(index_root).parent / "blobs")), mode="off",
                      rebuild_procs=procs)
    # the analysis processes' memory counts too: sample the whole process tree
    tree_peak = [0.0]
    stop = threading.Event()

    def tree_rss_mb() -> float:
        total = 0
        me = os.getpid()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            pid, ppid = int(fields["Pid"]), int(fields["PPid"])
            if pid == me or ppid == me:
                total += int(fields.get("VmRSS", "0 kB").split()[0])
        return total / 1024

    def watch():
        while not stop.wait(0.5):
            tree_peak[0] = max(tree_peak[0], tree_rss_mb())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    last = [t0]

    def progress(done, total):
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  rebuild: {done}/{total} in {last[0] - t0:.0f} s", file=sys.stderr, flush=True)

    done = indexer.rebuild(progress=progress)
    wall = time.perf_counter() - t0
    stop.set()
    watcher.join()
    peak = vm_hwm_mb()
    print(json.dumps({"entries": done, "wall_s": wall, "rss_before_mb": before, "peak_rss_mb": peak,
                      "procs": procs, "tree_peak_rss_mb": max(tree_peak[0], peak)}))


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- FTS5 baseline -------------------------------------------------------------

def build_fts(db: Path) -> float:
    from sqlalchemy.orm import selectinload

    from rsi_case.cases.models import Case
    from rsi_case.documents.sanitize import html_to_text
    from rsi_case.search.index import document_readers

    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.executescript("""
        DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS doc_acl;
        CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 0');
        CREATE TABLE doc_acl (doc_id INTEGER NOT NULL, principal TEXT NOT NULL, PRIMARY KEY (principal, doc_id))
            WITHOUT ROWID;
    """)
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{db}"})
    from rsi_case.documents.models import Document

    last = 0
    while True:
        with Session(engine) as s:
            docs = s.execute(sa.select(Document).where(Document.id > last).order_by(Document.id).limit(2000)
                             .options(selectinload(Document.case).selectinload(Case.grants))).scalars().all()
            if not docs:
                break
            con.executemany("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                            [(d.id, d.title, html_to_text(d.body_html)) for d in docs])
            con.executemany("INSERT INTO doc_acl VALUES (?, ?)",
                            [(d.id, p) for d in docs for p in document_readers(d.case, d, final_entry=False)])
            last = docs[-1].id
    con.commit()
    con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    con.commit()
    con.close()
    engine.dispose()
    return time.perf_counter() - t0


class Fts:
    def __init__(self, db: Path):
        self.con = sqlite3.connect(db, check_same_thread=False)

    def search(self, match: str | None, principals, kind=None, date_from=None, date_to=None, facets=True,
               snippets=False, number=None):
        con = self.con
        if number is not None:  # a number is a lookup in the documents table, not text
            year, seq = number
            return con.execute("SELECT d.id, d.title FROM documents d JOIN doc_acl a ON a.doc_id = d.id "
                               f"AND a.principal IN ({','.join('?' * len(principals))}) "
                               "WHERE d.year = ? AND d.seq = ? LIMIT 1", [*principals, year, seq]).fetchall()
        where = ["fts MATCH ?"]
        args = [match]
        where.append(f"EXISTS (SELECT 1 FROM doc_acl a WHERE a.doc_id = fts.rowid AND a.principal IN "
                     f"({','.join('?' * len(principals))}))")
        args += principals
        join = ""
        if kind or date_from or facets:
            join = "JOIN documents d ON d.id = fts.rowid JOIN cases c ON c.id = d.case_id"
        if kind:
            where.append("d.kind = ?")
            args.append(kind)
        if date_from:
            where.append("d.doc_date BETWEEN ? AND ?")
            args += [date_from.isoformat(), date_to.isoformat()]
        cond = " AND ".join(where)
        cols = "fts.rowid, fts.title" + (", snippet(fts, 1, '<mark>', '</mark>', ' … ', 24)" if snippets else "")
        hits = con.execute(f"SELECT {cols} FROM fts {join} WHERE {cond} ORDER BY rank LIMIT 20", args).fetchall()
        if facets:
            con.execute(f"CREATE TEMP TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY)")
            con.execute("DELETE FROM m")
            con.execute(f"INSERT INTO m SELECT fts.rowid FROM fts {join} WHERE {cond}", args)
            out = {}
            for name, col in (("kind", "d.kind"), ("year", "d.year"), ("status", "d.status"),
                              ("category", "c.category"), ("author", "d.author_name"), ("region", "c.lead_region")):
                out[name] = con.execute(f"SELECT {col}, count(*) FROM m JOIN documents d ON d.id = m.id "
                                        f"JOIN cases c ON c.id = d.case_id GROUP BY 1").fetchall()
            total = con.execute("SELECT count(*) FROM m").fetchone()[0]
        else:
            total = con.execute(f"SELECT count(*) FROM fts {join} WHERE {cond}", args).fetchone()[0]
        return hits, total


# -- tantivy (a compiled engine) on the same documents ---------------------------

TANTIVY_FACETS = ("kind", "year", "status", "category", "author", "region")


def tantivy_analyzer():
    """Our Danish analysis as far as tantivy's building blocks go: the same
    token pattern (numbers and hyphen groups stay whole), lowercase, the same
    Danish stop list (a stop word leaves a gap), Snowball Danish. What it
    lacks: compound parts and hyphen parts (``samarbejdsprojekter`` is not
    found by ``projekt``, ``sundheds-it`` not by ``sundhedsit``), and the
    text normalisation is done before it (``normalize``)."""
    import tantivy

    from rsi_case.search.analysis import DANISH_STOPWORDS, TOKEN_PATTERN

    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.custom_stopword(sorted(DANISH_STOPWORDS)))
            .filter(tantivy.Filter.stemmer("danish")).build())


def tantivy_schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("doc_id", stored=True)
    sb.add_text_field("title", stored=True, tokenizer_name="da")
    sb.add_text_field("body", stored=True, tokenizer_name="da")  # stored: snippets come from it
    sb.add_text_field("numbers", tokenizer_name="raw")
    sb.add_text_field("acl", tokenizer_name="raw")
    for name in ("kind", "status", "category", "author", "region"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("day", indexed=True, fast=True)
    return sb.build()


def build_tantivy(db: Path, path: Path) -> float:
    import tantivy
    from sqlalchemy.orm import selectinload

    from rsi_case.cases.models import Case
    from rsi_case.documents.models import Document
    from rsi_case.documents.sanitize import html_to_text
    from rsi_case.search.analysis import normalize
    from rsi_case.search.index import case_regions, document_readers, number_keys

    t0 = time.perf_counter()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(tantivy_schema(), path=str(path))
    index.register_tokenizer("da", tantivy_analyzer())
    writer = index.writer(heap_size=128_000_000)
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{db}"})
    last = 0
    while True:
        with Session(engine) as s:
            docs = s.execute(sa.select(Document).where(Document.id > last).order_by(Document.id).limit(2000)
                             .options(selectinload(Document.case).selectinload(Case.grants))).scalars().all()
            if not docs:
                break
            for d in docs:
                day = d.doc_date
                writer.add_document(tantivy.Document(
                    doc_id=d.id, title=normalize(d.title), body=normalize(html_to_text(d.body_html)),
                    numbers=[k.lower() for k in number_keys(d.number)],
                    acl=document_readers(d.case, d, final_entry=False), kind=d.kind, status=d.status,
                    category=d.case.category, author=d.author_name or "", region=case_regions(d.case) or [""],
                    year=day.year, day=day.year * 10000 + day.month * 100 + day.day))
            last = docs[-1].id
    writer.commit()
    writer.wait_merging_threads()
    engine.dispose()
    return time.perf_counter() - t0


class Tantivy:
    """The same query classes in tantivy: the query parser over title (boost
    3, as ours) and body, or-ed words; the principals as a term-set filter;
    facets as terms aggregations over fast fields; snippets from the stored
    body; a number as a term of the number keys."""

    def __init__(self, path: Path):
        import tantivy

        self.t = tantivy
        self.index = tantivy.Index.open(str(path))
        self.index.register_tokenizer("da", tantivy_analyzer())
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema = self.index.schema
        self.aggs = {name: {"terms": {"field": name, "size": 1000}} for name in TANTIVY_FACETS}

    def search(self, text: str | None, principals, kind=None, date_from=None, date_to=None, facets=True,
               snippets=False, number=None):
        t, schema = self.t, self.schema
        if number is not None:
            year, seq = number
            query = t.Query.term_query(schema, "numbers", f"{seq:05d}/{year % 100:02d}")
        else:
            query = self.index.parse_query(text, ["title", "body"], field_boosts={"title": 3.0})
        must = [(t.Occur.Must, query), (t.Occur.Must, t.Query.term_set_query(schema, "acl", list(principals)))]
        if kind:
            must.append((t.Occur.Must, t.Query.term_query(schema, "kind", kind)))
        if date_from:
            must.append((t.Occur.Must, t.Query.range_query(
                schema, "day", t.FieldType.Integer, date_from.year * 10000 + date_from.month * 100 + date_from.day,
                date_to.year * 10000 + date_to.month * 100 + date_to.day)))
        query = t.Query.boolean_query(must)
        found = self.searcher.search(query, 1 if number is not None else 20)
        docs = [self.searcher.doc(address) for _score, address in found.hits]
        hits = [(d["doc_id"][0], d["title"][0]) for d in docs]
        if snippets:
            generator = t.SnippetGenerator.create(self.searcher, query, schema, "body")
            hits = [(i, title, generator.snippet_from_doc(d).to_html()) for (i, title), d in zip(hits, docs)]
        if facets and number is None:
            self.searcher.aggregate(query, self.aggs)
        return hits, found.count


# -- queries -------------------------------------------------------------------

ONE = ["regionerne", "styregruppen", "leverandøren", "udbud", "sundhedsplatformen", "kontrakten", "databeskyttelse",
       "telemedicin", "økonomi", "risici"]
TWO = ["fælles udbud", "styregruppen godkender", "regionerne leverandør", "tidsplan risici", "drift support",
       "kontrakt forlængelse", "data sundhed", "projekt økonomi"]
PHRASE = ['"fælles udbud"', '"de fem regioner"', '"styregruppen besluttede"', '"region syddanmark"',
          '"på mødet"', '"i høring"']


def fmt_ms(value: float) -> str:
    """Milliseconds for the table: below 1 ms to the microsecond (a number lookup takes tens of them)."""
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, -(-int(q * len(ordered) * 1000) // 1000) - 1)]


def fts_match(text: str) -> str:
    if text.startswith('"'):
        return text
    return " OR ".join(f'"{w}"' for w in text.split())  # the service ORs words too (OrGroup)


def rebuild_index(url: str, index_root: Path) -> dict:
    """``Indexer.rebuild`` from the database at ``url`` in a child process; its figures."""
    from rsi_case.search.index import IndexStore

    shutil.rmtree(index_root, ignore_errors=True)
    out = subprocess.run([sys.executable, __file__, "--_rebuild", url, str(index_root)],
                         capture_output=True, text=True)
    sys.stderr.write(out.stderr[-3000:] if out.returncode else "")
    if out.returncode:
        raise SystemExit("rebuild failed")
    rb = json.loads(out.stdout.strip().splitlines()[-1])
    rb["index_mb"] = dir_size(IndexStore(index_root).current_dir()) / 2**20
    rb["docs_per_s"] = rb["entries"] / rb["wall_s"]
    return rb


def rebuild_line(rb: dict) -> str:
    return (f"{rb['entries']} entries in {rb['wall_s']:.1f} s ({rb['docs_per_s']:.0f}/s), "
            f"index {rb['index_mb']:.0f} MB, {rb.get('procs', 1)} analysis process(es), "
            f"peak RSS {rb['peak_rss_mb']:.0f} MB (all processes {rb.get('tree_peak_rss_mb', rb['peak_rss_mb']):.0f} "
            f"MB) (after imports {rb['rss_before_mb']:.0f} MB)")


def our_calls(service, engine) -> tuple[dict, Session]:
    """The search service's side of every query class against one database:
    the index answers the query; the database gives the texts the page
    highlights and answers the search page's number jump.  Returns the calls
    by class label and the session the number jump keeps open."""
    from types import SimpleNamespace

    from rsi_case.cases.models import Case
    from rsi_case.documents.models import Document
    from rsi_case.documents.sanitize import html_to_text
    from rsi_case.search.service import Filters
    from rsi_case.search.views import numbered_record

    def body_of(ids, case_ids):
        with engine.connect() as conn:
            rows = {("document", i): html_to_text(b) for i, b in conn.execute(
                sa.select(Document.id, Document.body_html).where(Document.id.in_(ids))).all()}
            rows.update({("case", i): d or "" for i, d in conn.execute(
                sa.select(Case.id, Case.description).where(Case.id.in_(case_ids))).all()})
        return rows

    def w_highlight(text, principals):
        r = service.search(text, principals)
        texts = body_of([h.object_id for h in r.hits if h.type == "document"],
                        [h.object_id for h in r.hits if h.type == "case"])
        for h in r.hits:  # as the page does: a snippet of the text of every hit on the page
            h.highlights = service.highlight(r.text_query, r.schema, texts.get((h.type, h.object_id), ""))
        return r

    # The search page answers a typed number before any search: one indexed
    # lookup with the user's permission clause (search.views.numbered_record),
    # timed here as the page makes it: in a session whose transaction the
    # request has already begun (it loaded the user), each call in a fresh
    # transaction (nothing cached from one call to the next). The rollback and
    # the new transaction's BEGIN are not timed (UNTIMED_BEFORE): a request
    # pays them once, number or not (before 05-12-2026 they were timed with the lookup).
    staff = SimpleNamespace(id=2, role="sekretariat", active=True, groups=[])
    jump_session = Session(engine)

    def w_jump(t):
        found = numbered_record(jump_session, staff, f"{t[1]:05d}/{t[0] % 100:02d}")
        return SimpleNamespace(total=int(found is not None), exact=found)

    def new_request():
        jump_session.rollback()
        jump_session.connection()

    w_jump.untimed_before = new_request

    date_from, date_to = DATE_RANGE
    calls = {
        "one word": lambda t: service.search(t, STAFF_PRINCIPALS),
        "one word, facets off": lambda t: service.search(t, STAFF_PRINCIPALS, facets=False),
        "two words": lambda t: service.search(t, STAFF_PRINCIPALS),
        "phrase": lambda t: service.search(t, STAFF_PRINCIPALS),
        "number lookup": lambda t: service.search(f"{t[1]:05d}/{t[0] % 100:02d}", STAFF_PRINCIPALS),
        "number jump (search page)": w_jump,
        "kind filter": lambda t: service.search(t, STAFF_PRINCIPALS, Filters(kind="notat")),
        "date range 2015-2018": lambda t: service.search(t, STAFF_PRINCIPALS,
                                                         Filters(date_from=date_from, date_to=date_to)),
        "highlights (20 hits)": lambda t: w_highlight(t, STAFF_PRINCIPALS),
        "few permissions": lambda t: service.search(t, FEW_PRINCIPALS),
    }
    return calls, jump_session


def save_to_searchable(engine, store, service, workdir: Path, seed: int, saves: int) -> tuple[list, list]:
    """An ORM save (its change-log row in the same transaction), drain, search:
    the delay until the service finds the saved word, and the drain's share."""
    import rsi_case.search.outbox  # noqa: F401  (registers the change-log listeners)
    from rsi_case.cases.models import Case
    from rsi_case.documents.models import Document
    from rsi_case.documents.storage import BlobStore
    from rsi_case.search.indexer import Indexer

    rng = random.Random(seed + 11)
    indexer = Indexer(engine, store, BlobStore(str(workdir / "blobs")), mode="off")
    delays, drains = [], []
    for k in range(saves):
        word = "gemtord" + "".join(rng.choice("bcdfghjklmnprstv") for _ in range(8))
        with Session(engine) as s:
            doc = s.execute(sa.select(Document).join(Document.case).where(Case.confidential.is_(False))
                            .order_by(sa.func.random()).limit(1)).scalar_one()
            t0 = time.perf_counter()
            doc.body_html = doc.body_html + f"<p>Tilføjet: {word}.</p>"
            s.commit()
        t1 = time.perf_counter()
        if k == 0:
            with engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM search_outbox").scalar(), "no outbox row"
        indexer.drain()
        t2 = time.perf_counter()
        while not service.search(word, STAFF_PRINCIPALS).total:
            if time.perf_counter() - t0 > 20:
                with engine.connect() as conn:
                    left = conn.exec_driver_sql("SELECT count(*) FROM search_outbox").scalar()
                raise SystemExit(f"saved document {doc.id} not found after 20 s: {word}, outbox {left}, "
                                 f"admin sees {service.search(word, ['role:admin']).total}")
            indexer.drain()
        t3 = time.perf_counter()
        delays.append((t3 - t0) * 1000)
        drains.append((t2 - t1) * 1000)
    return delays, drains


def save_line(saves: int, delays: list, drains: list) -> str:
    if not delays:  # (--saves 0)
        return "save → searchable: not measured (--saves 0)"
    finding = [d - r for d, r in zip(delays, drains)]  # the commit, then the searcher's refresh and the query
    return (f"save → searchable ({saves} saves): median {statistics.median(delays):.0f} ms, "
            f"p95 {percentile(delays, 0.95):.0f} ms, max {max(delays):.0f} ms; of which drain (index commit) median "
            f"{statistics.median(drains):.0f} ms, max {max(drains):.0f} ms; commit + refresh + query median "
            f"{statistics.median(finding):.0f} ms, max {max(finding):.0f} ms")


DATE_RANGE = (dt.date(2015, 1, 1), dt.date(2018, 12, 31))
PG = "postgresql"  # the engine key of the service against the PostgreSQL copy of the corpus


def pg_url_for(args) -> str | None:
    """The scratch database beside the one ``--database-url`` names."""
    if not args.database_url:
        return None
    base = sa.make_url(args.database_url)
    if base.get_backend_name() != "postgresql":
        raise SystemExit("--database-url: a PostgreSQL URL (postgresql+psycopg://…)")
    return base.set(database=f"{base.database}_bench_search").render_as_string(hide_password=False)


def run_size(n_docs: int, args, workdir: Path) -> dict:
    from rsi_case.search.index import IndexStore
    from rsi_case.search.service import SearchService

    db = workdir / f"search-{n_docs}.sqlite"
    sqlite_url = f"sqlite:///{db}"
    index_root = workdir / f"index-{n_docs}"
    tantivy_dir = workdir / f"tantivy-{n_docs}"
    store = IndexStore(index_root)
    facts_file = workdir / f"facts-{n_docs}.json"
    reuse = args.reuse and db.exists() and store.current_dir() is not None and facts_file.exists()
    if reuse:  # (development: the databases and indexes of an earlier --keep run)
        rb, fts_s, fts_mb, tv_s = json.loads(facts_file.read_text())
        print(f"[{n_docs}] reusing {workdir}: build figures of the run that made it", flush=True)
        if not tantivy_dir.exists() or tv_s is None:
            tv_s = build_tantivy(db, tantivy_dir)
            facts_file.write_text(json.dumps([rb, fts_s, fts_mb, tv_s]))
    else:
        facts = build(sqlite_url, n_docs, args.seed)
        print(f"[{n_docs}] corpus: {facts['cases']} cases ({facts['confidential_cases']} confidential, "
              f"{facts['grants']} grants), {facts['documents']} documents, body HTML {facts['body_mb']:.0f} MB, "
              f"db {facts['size_mb']:.0f} MB, generated in {facts['build_s']:.0f} s", flush=True)
        rb = rebuild_index(sqlite_url, index_root)
        fts_s = build_fts(db)
        fts_mb = None
        con = sqlite3.connect(db)
        try:
            fts_mb = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()[0] / 2**20
        except sqlite3.Error:
            pass
        con.close()
        tv_s = build_tantivy(db, tantivy_dir)
        facts_file.write_text(json.dumps([rb, fts_s, fts_mb, tv_s]))
    tv_mb = dir_size(tantivy_dir) / 2**20
    print(f"[{n_docs}] rebuild: {rebuild_line(rb)}", flush=True)
    print(f"[{n_docs}] FTS5 build: {fts_s:.1f} s, size {fts_mb or 0:.0f} MB; tantivy build: {tv_s:.1f} s, "
          f"size {tv_mb:.0f} MB", flush=True)

    # PostgreSQL: the same corpus (same seed) in a scratch database, and its
    # own index rebuilt from it, as a node of the production path has
    pg_url = pg_url_for(args)
    pg_index_root = workdir / f"index-pg-{n_docs}"
    pg_store = IndexStore(pg_index_root) if pg_url else None
    pg_facts_file = workdir / f"facts-pg-{n_docs}.json"
    pg_rb = None
    if pg_url:
        if args.reuse and pg_facts_file.exists() and pg_store.current_dir() is not None:
            pg_rb = json.loads(pg_facts_file.read_text())
            print(f"[{n_docs}] PostgreSQL: reusing {sa.make_url(pg_url).database} and {pg_index_root}", flush=True)
        else:
            pg_facts = build(pg_url, n_docs, args.seed)
            print(f"[{n_docs}] PostgreSQL corpus: {pg_facts['cases']} cases, {pg_facts['documents']} documents, "
                  f"db {pg_facts['size_mb']:.0f} MB, generated in {pg_facts['build_s']:.0f} s", flush=True)
            pg_rb = rebuild_index(pg_url, pg_index_root)
            pg_facts_file.write_text(json.dumps(pg_rb))
        if not reuse and corpus_fingerprint(pg_url) != corpus_fingerprint(sqlite_url):
            raise SystemExit("the PostgreSQL corpus differs from the SQLite one: the comparison would be void")
        print(f"[{n_docs}] PostgreSQL rebuild: {rebuild_line(pg_rb)}", flush=True)

    service = SearchService(store, posting_cache_mb=args.posting_cache_mb)
    print(f"[{n_docs}] posting-list cache: " + (f"{args.posting_cache_mb:g} MB" if args.posting_cache_mb > 0
                                                else "off (every list read and decoded by every query)"), flush=True)
    fts = Fts(db)
    tv = Tantivy(tantivy_dir)
    engine = get_engine({"sqlalchemy.url": sqlite_url})
    with engine.connect() as conn:
        numbers = conn.exec_driver_sql("SELECT year, seq FROM documents ORDER BY random() LIMIT 200").all()
    ours, jump_session = our_calls(service, engine)
    pg_engine = pg_service = None
    if pg_url:
        pg_engine = get_engine({"sqlalchemy.url": pg_url})
        pg_service = SearchService(pg_store, posting_cache_mb=args.posting_cache_mb)
        ours_pg, pg_jump_session = our_calls(pg_service, pg_engine)

    date_from, date_to = DATE_RANGE
    # (label, FTS5 call, tantivy call, texts); ours come from our_calls
    baselines = [
        ("one word", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS),
         lambda t: tv.search(t, STAFF_PRINCIPALS), ONE),
        ("one word, facets off", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS, facets=False),
         lambda t: tv.search(t, STAFF_PRINCIPALS, facets=False), ONE),
        ("two words", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS),
         lambda t: tv.search(t, STAFF_PRINCIPALS), TWO),
        ("phrase", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS),
         lambda t: tv.search(t, STAFF_PRINCIPALS), PHRASE),
        ("number lookup", lambda t: fts.search(None, STAFF_PRINCIPALS, number=t),
         lambda t: tv.search(None, STAFF_PRINCIPALS, number=t), numbers),
        ("number jump (search page)", lambda t: fts.search(None, STAFF_PRINCIPALS, number=t),
         lambda t: tv.search(None, STAFF_PRINCIPALS, number=t), numbers),
        ("kind filter", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS, kind="notat"),
         lambda t: tv.search(t, STAFF_PRINCIPALS, kind="notat"), ONE),
        ("date range 2015-2018",
         lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS, date_from=date_from, date_to=date_to),
         lambda t: tv.search(t, STAFF_PRINCIPALS, date_from=date_from, date_to=date_to), ONE),
        ("highlights (20 hits)", lambda t: fts.search(fts_match(t), STAFF_PRINCIPALS, snippets=True),
         lambda t: tv.search(t, STAFF_PRINCIPALS, snippets=True), TWO),
        ("few permissions", lambda t: fts.search(fts_match(t), FEW_PRINCIPALS),
         lambda t: tv.search(t, FEW_PRINCIPALS), ONE),
    ]
    if args.classes:  # (--classes: only the classes whose label holds one of the words)
        wanted = [w.strip().lower() for w in args.classes.split(",") if w.strip()]
        baselines = [b for b in baselines if any(w in b[0].lower() for w in wanted)]
        if not baselines:
            raise SystemExit(f"--classes {args.classes!r} names no class")
    engines = ("ours", "fts5", "tantivy") + ((PG,) if pg_url else ())
    classes = []
    for label, f, tvf, texts in baselines:
        calls = {"ours": ours[label], "fts5": f, "tantivy": tvf}
        if pg_url:
            calls[PG] = ours_pg[label]
        classes.append((label, calls, texts))

    # sanity: every class finds something in each engine
    for label, calls, texts in classes:
        for eng in ("ours", PG) if pg_url else ("ours",):
            r = calls[eng](texts[0])
            if label.startswith("number"):
                assert r.exact is not None, f"{eng}: number lookup found no exact hit: {texts[0]}"
            else:
                assert r.total > 0, f"{eng}: {label}: no hits for {texts[0]!r}"
        if label.startswith("number"):
            assert calls["fts5"](texts[0]), "fts number lookup empty"
            assert calls["tantivy"](texts[0])[1] == 1, "tantivy number lookup"
        else:
            assert calls["fts5"](texts[0])[1] > 0 and calls["tantivy"](texts[0])[1] > 0, \
                f"{label}: FTS5 or tantivy found nothing"

    timings = {(label, eng): [] for label, *_ in classes for eng in engines}
    totals = {}
    for rep in range(args.warmup + args.repeat):
        record = rep >= args.warmup
        for i, (label, calls, texts) in enumerate(classes):
            t = texts[rep % len(texts)]
            order = [(eng, calls[eng]) for eng in engines]
            k = (rep + i) % len(order)
            for eng, fn in order[k:] + order[:k]:  # each engine first in turn
                if hasattr(fn, "untimed_before"):
                    fn.untimed_before()
                t0 = time.perf_counter()
                res = fn(t)
                ms = (time.perf_counter() - t0) * 1000
                if record:
                    timings[(label, eng)].append(ms)
                if rep == args.warmup:
                    totals[(label, eng)] = (res.total if eng in ("ours", PG) else res[1] if eng == "tantivy"
                                            else len(res) if label.startswith("number") else res[1])

    jump_session.close()
    delays, drains = save_to_searchable(engine, store, service, workdir, args.seed, args.saves)
    engine.dispose()
    pg_delays = pg_drains = None
    if pg_url:
        pg_jump_session.close()
        pg_delays, pg_drains = save_to_searchable(pg_engine, pg_store, pg_service, workdir, args.seed, args.saves)
        with pg_engine.connect() as conn:
            server = conn.exec_driver_sql("SELECT version()").scalar().split(" on ")[0]
        pg_engine.dispose()

    print()
    print(f"### {n_docs:,} documents: {args.repeat} interleaved repetitions after {args.warmup} warm-up, ms")
    print()
    med_t, p95_t = (20, 100) if n_docs <= 10_000 else (100, 500)
    print("| class | hits ours / FTS5 / tantivy | ours median | ours p95 | FTS5 median | FTS5 p95 | tantivy median "
          f"| tantivy p95 | ours ÷ FTS5 | ours ÷ tantivy | issue 5 (≤ {med_t} / {p95_t}) | issue 13 (≤ FTS5, "
          f"p95 ≤ {p95_t}) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    misses, misses13 = [], []
    every = {eng: [] for eng in engines}
    rows = {}
    for label, *_ in classes:
        w, f, tvt = (timings[(label, eng)] for eng in ("ours", "fts5", "tantivy"))
        for eng in engines:
            every[eng] += timings[(label, eng)]
        wm, wp, fm, fp = statistics.median(w), percentile(w, 0.95), statistics.median(f), percentile(f, 0.95)
        tm, tp = statistics.median(tvt), percentile(tvt, 0.95)
        ok = wm <= med_t and wp <= p95_t
        ok13 = wm <= fm and wp <= p95_t
        if not ok:
            misses.append(label)
        if not ok13:
            misses13.append(label)
        rows[label] = (wm, wp, fm, fp, tm, tp)
        hits = " / ".join(str(totals.get((label, eng), "")) for eng in ("ours", "fts5", "tantivy"))
        print(f"| {label} | {hits} | {fmt_ms(wm)} | {fmt_ms(wp)} | {fmt_ms(fm)} | {fmt_ms(fp)} | {fmt_ms(tm)} | "
              f"{fmt_ms(tp)} | "
              f"{wm / fm:.2f}× | {wm / tm:.1f}× | {'PASS' if ok else 'FAIL'} | {'PASS' if ok13 else 'FAIL'} |")
    om = {eng: statistics.median(v) for eng, v in every.items()}
    op = {eng: percentile(v, 0.95) for eng, v in every.items()}
    print(f"| **all classes** | | {fmt_ms(om['ours'])} | {fmt_ms(op['ours'])} | {fmt_ms(om['fts5'])} | "
          f"{fmt_ms(op['fts5'])} | {fmt_ms(om['tantivy'])} | {fmt_ms(op['tantivy'])} | {om['ours'] / om['fts5']:.2f}× | "
          f"{om['ours'] / om['tantivy']:.1f}× | {'PASS' if om['ours'] <= 2 * om['fts5'] else 'FAIL'} (≤ 2× FTS5) | |")
    print()
    print(save_line(args.saves, delays, drains))
    print(f"rebuild: {rb['entries']} entries, {rb['wall_s']:.1f} s, {rb['docs_per_s']:.0f} entries/s, "
          f"index {rb['index_mb']:.0f} MB, peak RSS {rb['peak_rss_mb']:.0f} MB "
          f"(all processes {rb.get('tree_peak_rss_mb', rb['peak_rss_mb']):.0f} MB); FTS5 build {fts_s:.1f} s, "
          f"{fts_mb or 0:.0f} MB; tantivy build {tv_s:.1f} s, {tv_mb:.0f} MB")
    print(f"issue 5 targets missed: {', '.join(misses) or 'none'}; issue 13: {', '.join(misses13) or 'none'}",
          flush=True)
    if pg_url:
        print()
        print(f"### {n_docs:,} documents, PostgreSQL beside SQLite: the same corpus, queries and run, ms "
              f"({server}; each database with its own index rebuilt from it)")
        print()
        print("| class | hits SQLite / PostgreSQL | SQLite median | SQLite p95 | PostgreSQL median | PostgreSQL p95 "
              "| PostgreSQL ÷ SQLite (medians) |")
        print("|---|---|---|---|---|---|---|")
        for label, *_ in classes:
            s_, p_ = timings[(label, "ours")], timings[(label, PG)]
            print(f"| {label} | {totals.get((label, 'ours'))} / {totals.get((label, PG))} "
                  f"| {fmt_ms(statistics.median(s_))} | {fmt_ms(percentile(s_, 0.95))} "
                  f"| {fmt_ms(statistics.median(p_))} | {fmt_ms(percentile(p_, 0.95))} "
                  f"| {statistics.median(p_) / statistics.median(s_):.2f}× |")
        print(f"| **all classes** | | {om['ours']:.1f} | {op['ours']:.1f} | {om[PG]:.1f} | {op[PG]:.1f} "
              f"| {om[PG] / om['ours']:.2f}× |")
        print()
        print("PostgreSQL " + save_line(args.saves, pg_delays, pg_drains))
        print(f"PostgreSQL rebuild: {rebuild_line(pg_rb)}", flush=True)
    return {"rows": rows, "misses": misses, "rebuild": rb}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_rebuild"]:
        rebuild_child(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default="10000,100000", help="comma-separated corpus sizes (default 10000,100000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1000 documents, 5 repetitions")
    parser.add_argument("--repeat", "-n", type=int, default=30, help="measured repetitions per class (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured repetitions first (default 3)")
    parser.add_argument("--saves", type=int, default=10, help="save-to-search measurements (default 10; 0: none)")
    parser.add_argument("--classes", default="",
                        help="only the query classes whose label contains one of these comma-separated words "
                             "(e.g. 'number': the number lookup and the number jump)")
    parser.add_argument("--posting-cache-mb", type=float, default=POSTING_CACHE_MB,
                        help=f"the search service's cache of decoded posting lists (default {POSTING_CACHE_MB} MB, "
                             "as served; 0: off, every query reads and decodes every list)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data (default 2026)")
    parser.add_argument("--workdir", type=Path, help="work here instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep databases and indexes afterwards")
    parser.add_argument("--database-url", metavar="URL",
                        help="also measure the service against PostgreSQL, in the same run: the same corpus is "
                             "built in a scratch database beside the named one, <name>_bench_search (dropped and "
                             "created again, dropped afterwards unless --keep; the role needs CREATEDB), with its "
                             "own index rebuilt from it, e.g. "
                             "postgresql+psycopg://rsi_test:rsi_test@127.0.0.1:5432/rsi_test")
    parser.add_argument("--reuse", action="store_true",
                        help="development: reuse the database and indexes an earlier --keep run left in --workdir "
                             "(its saves included; its build figures are printed again)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.docs.split(",") if s.strip()]
    if args.quick:
        sizes, args.repeat, args.warmup, args.saves = [1000], 5, 1, 3
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rsi-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    pg_url = pg_url_for(args)
    try:
        for n in sizes:
            run_size(n, args, workdir)
        for line in case_list.machine_info():
            print(line)
    finally:
        if pg_url and not args.keep:
            drop_database(pg_url)
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
