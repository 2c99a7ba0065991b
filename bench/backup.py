#!/usr/bin/env python
"""Backup and restore: how long, how big, and is everything there?

Two SQLite installations are measured:

* **demo** — the demo organisation (rsi-case-initdb --demo), what a
  newcomer's laptop holds;
* **generated** — a bigger one: the case-list benchmark's generator
  (bench/case_list.py: cases over 2009–2026, documents with 1–3 KB bodies),
  plus what that generator leaves out: a first version of every document
  (text blocks, as the versions migration makes them), real attachment files
  (random bytes, 5–100 KB, about 15 % of documents) and an audit trail.

For each: ``backup`` (SQLite online backup API + attachments + manifest),
a second backup into the same directory (only new files are copied),
``restore`` into an empty SQLite database, and — with ``--pg-url`` (a
PostgreSQL URL whose role may CREATE DATABASE; ``RSI_TEST_DATABASE_URL`` is
used when set) — restore into an empty PostgreSQL database, a pg_dump
backup of that, and its restore into another empty PostgreSQL database.
Every restore is checked: row counts equal the manifest's, every attachment
matches its hash. Index rebuilds are timed apart (``index`` column).

    .venv/bin/python bench/backup.py
    .venv/bin/python bench/backup.py --cases 2000 --docs 20000 --pg-url postgresql+psycopg://…
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
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

from bench.case_list import build_database, machine_info  # noqa: E402
from rsi_case.db import get_engine  # noqa: E402
from rsi_case.demo.loader import load_demo  # noqa: E402
from rsi_case.documents.storage import FilesystemStore  # noqa: E402
from rsi_case.operations.backup import backup  # noqa: E402
from rsi_case.operations.restore import restore  # noqa: E402
from rsi_case.scripts.initdb import migrate  # noqa: E402

INI = ROOT / "development.ini"


def settings_for(folder: Path, url: str) -> dict:
    return {"sqlalchemy.url": url, "rsi_case.root": str(ROOT), "rsi_case.var": str(folder),
            "rsi_case.blobs": str(folder / "blobs"), "rsi_case.index": str(folder / "index")}


def mb(n: float) -> str:
    return f"{n / 2**20:,.1f} MB"


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_demo(folder: Path) -> dict:
    folder.mkdir(parents=True)
    url = f"sqlite:///{folder / 'rsi_case.sqlite'}"
    settings = settings_for(folder, url)
    engine = get_engine(settings)
    migrate(str(INI), engine)
    load_demo(engine, settings)
    engine.dispose()
    return settings


def build_generated(folder: Path, cases: int, docs: int, audit: int, seed: int) -> dict:
    folder.mkdir(parents=True)
    path = folder / "rsi_case.sqlite"
    build_database(path, cases, docs, min(200, docs // 2), seed)
    settings = settings_for(folder, f"sqlite:///{path}")
    engine = get_engine(settings)
    store = FilesystemStore(settings["rsi_case.blobs"])
    rng = random.Random(seed)
    with engine.begin() as conn:
        docs_rows = conn.execute(sa.text(
            "SELECT id, title, kind, status, doc_date, author_name, author_phone, author_email, body_html, "
            "created_at, created_by_id FROM documents ORDER BY id")).mappings().all()
        blocks = {}
        versions = []
        for d in docs_rows:
            body = d["body_html"].encode()
            digest = hashlib.blake2b(body, digest_size=16).hexdigest()
            if digest not in blocks:
                blocks[digest] = len(blocks) + 1
            versions.append({**d, "block": blocks[digest]})
        conn.execute(sa.text("INSERT INTO text_blocks (id, digest, content) VALUES (:id, :digest, :content)"),
                     [{"id": i, "digest": dg, "content": zlib.compress(next(
                         v["body_html"] for v in versions if v["block"] == i).encode(), 6)}
                      for dg, i in blocks.items()])
        conn.execute(sa.text(
            "INSERT INTO document_versions (document_id, number, created_at, created_by_id, note, summary, title, "
            "kind, status, doc_date, author_name, author_phone, author_email, block_ids) VALUES (:id, 1, "
            ":created_at, :created_by_id, '', '[]', :title, :kind, :status, :doc_date, :author_name, "
            ":author_phone, :author_email, :blocks)"), [{**v, "blocks": f"[{v['block']}]"} for v in versions])
        conn.execute(sa.text("UPDATE documents SET version = 1, final_version = CASE WHEN status = 'endelig' "
                             "THEN 1 ELSE NULL END"))
        # real files for the attachments the generator listed (with made-up hashes)
        for att in conn.execute(sa.text("SELECT id FROM attachments ORDER BY id")).scalars().all():
            data = rng.randbytes(rng.randint(5_000, 100_000))
            sha, size = store.put_bytes(data)
            conn.execute(sa.text("UPDATE attachments SET sha256 = :s, size = :n, filename = :f WHERE id = :i"),
                         {"s": sha, "n": size, "f": f"bilag-{att}.bin", "i": att})  # bytes, no text to extract
        conn.execute(sa.text(
            "INSERT INTO attachment_revisions (attachment_id, number, filename, content_type, size, sha256, "
            "uploaded_at, uploaded_by_id) SELECT id, 1, filename, content_type, size, sha256, uploaded_at, "
            "uploaded_by_id FROM attachments"))
        start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        conn.execute(sa.text(
            "INSERT INTO audit_log (at, user_id, login, action, object_type, object_ref, case_ref, address, outcome, "
            "detail) VALUES (:at, 1, 'bench', :action, 'document', :ref, '', '10.0.0.1', 'ok', '{}')"),
            [{"at": start + dt.timedelta(minutes=7 * i), "action": rng.choice(("document_view", "case_view", "search")),
              "ref": str(i)} for i in range(audit)])
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return settings


def pg_database(admin_url: str, name: str) -> str:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg(admin_url: str, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def timed_backup(settings: dict, directory: Path) -> tuple[dict, float]:
    engine = get_engine(settings)
    started = time.monotonic()
    manifest = backup(settings, engine, FilesystemStore(settings["rsi_case.blobs"]), directory)
    took = time.monotonic() - started
    engine.dispose()
    assert not manifest["attachments"]["missing"] and not manifest["attachments"]["damaged"]
    return manifest, took


def timed_restore(settings: dict, directory: Path) -> tuple[dict, float]:
    engine = get_engine(settings)
    store = FilesystemStore(settings["rsi_case.blobs"])
    started = time.monotonic()
    result = restore(settings, str(INI), engine, store, directory, root=ROOT)
    took = time.monotonic() - started
    files = result.manifest["attachments"]["files"]
    assert all(store.matches(sha) for sha in files), "an attachment does not match its hash"
    assert result.counts == result.manifest["counts"]
    engine.dispose()
    return result, took


def measure(name: str, settings: dict, work: Path, pg_url: str | None) -> list[str]:
    rows = []
    src_db = Path(sa.make_url(settings["sqlalchemy.url"]).database)
    manifest, took = timed_backup(settings, work / f"{name}-backup")
    att = manifest["attachments"]
    rows.append(f"| {name} | backup (SQLite online backup) | {took:.2f} s | database {mb(manifest['database']['size'])} "
                f"(source file {mb(src_db.stat().st_size)}), {att['count']} files {mb(att['bytes'])} copied | "
                f"{sum(manifest['counts'].values()):,} rows |")
    again, took = timed_backup(settings, work / f"{name}-backup")
    rows.append(f"| {name} | second backup, same directory | {took:.2f} s | {again['attachments']['copied']} files "
                f"copied, {again['attachments']['already_there']} already there | |")
    target = work / f"{name}-sqlite"
    target.mkdir()
    result, took = timed_restore(settings_for(target, f"sqlite:///{target / 'rsi_case.sqlite'}"),
                                 work / f"{name}-backup")
    rows.append(f"| {name} | restore → SQLite | {took:.2f} s (index {took - result.seconds['database'] - result.seconds['attachments']:.1f} s) "
                f"| {result.attachments} files, {result.indexed:,} index entries | counts = manifest |")
    if pg_url:
        tag = f"rsi_bench_{os.getpid()}"
        try:
            pg = work / f"{name}-pg"
            pg.mkdir()
            pg_settings = settings_for(pg, pg_database(pg_url, f"{tag}_a"))
            result, took = timed_restore(pg_settings, work / f"{name}-backup")
            rows.append(f"| {name} | restore SQLite backup → PostgreSQL | {took:.2f} s (index "
                        f"{took - result.seconds['database'] - result.seconds['attachments']:.1f} s) | "
                        f"{result.attachments} files | counts = manifest |")
            manifest, took = timed_backup(pg_settings, work / f"{name}-pgbackup")
            rows.append(f"| {name} | backup (pg_dump -Fc) | {took:.2f} s | dump {mb(manifest['database']['size'])}, "
                        f"{manifest['attachments']['count']} files | {sum(manifest['counts'].values()):,} rows |")
            pg2 = work / f"{name}-pg2"
            pg2.mkdir()
            result, took = timed_restore(settings_for(pg2, pg_database(pg_url, f"{tag}_b")), work / f"{name}-pgbackup")
            rows.append(f"| {name} | restore pg_dump → PostgreSQL (pg_restore) | {took:.2f} s (index "
                        f"{took - result.seconds['database'] - result.seconds['attachments']:.1f} s) | "
                        f"{result.attachments} files | counts = manifest |")
        finally:
            drop_pg(pg_url, f"{tag}_a")
            drop_pg(pg_url, f"{tag}_b")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000, help="cases in the generated installation (default 1000)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in it (default 10000)")
    parser.add_argument("--audit", type=int, default=50_000, help="audit events in it (default 50000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-url", default=os.environ.get("RSI_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL whose role may create databases (default: $RSI_TEST_DATABASE_URL)")
    parser.add_argument("--workdir", type=Path, help="work here instead of a temp dir (kept)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rsi-bench-backup-"))
    try:
        print("\n".join(machine_info()))
        started = time.monotonic()
        demo = build_demo(work / "demo")
        print(f"built the demo installation in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        generated = build_generated(work / "generated", args.cases, args.docs, args.audit, args.seed)
        print(f"built the generated installation ({args.cases} cases, {args.docs} documents, {args.audit} audit "
              f"events, {mb(tree_bytes(work / 'generated' / 'blobs'))} of files) in {time.monotonic() - started:.1f} s")
        rows = ["| installation | step | time | size / files | check |", "|---|---|---|---|---|"]
        rows += measure("demo", demo, work, args.pg_url)
        rows += measure("generated", generated, work, args.pg_url)
        print("\n".join(rows))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
