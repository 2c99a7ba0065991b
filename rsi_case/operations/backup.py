"""A consistent backup while the application serves writes.

The database is copied from one snapshot — SQLite's online backup API
(which, unlike a file copy, includes what is still in the ``-wal`` file),
or ``pg_dump`` on PostgreSQL, run inside a snapshot exported by a REPEATABLE
READ transaction that also takes the counts and the file references — so
the manifest describes exactly the copied database. Then every attachment
that snapshot refers to is copied into the backup directory's own
content-addressed store, unless it is there already (repeated backups into
one directory copy only new files). A file is always stored before the row
that refers to it commits, so every file the snapshot needs exists.

The directory::

    DIR/manifest.json        written last: the backup is complete when it names it
    DIR/database.sqlite      or database.pgdump (pg_dump's custom format)
    DIR/blobs/ab/cd/<sha256> the attachments, shared by every backup into DIR

A crash or error half-way leaves the previous complete backup in DIR intact
(new files are written under temporary names and renamed into place).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump with an argument list, never a shell
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from ..documents.storage import AttachmentStore, FilesystemStore, _fsync_dir
from ..models import Base
from . import files

FORMAT = "rsi-case-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_FILE = "database.pgdump"
BLOBS = "blobs"


class BackupError(RuntimeError):
    """Something an operator must act on; the message says what (Danish)."""


@dataclasses.dataclass
class Snapshot:
    revision: str
    counts: dict[str, int]
    references: dict[str, int]  # sha256 -> size the database records (0 when it records none)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def data_tables() -> list[sa.Table]:
    """The tables that hold the organisation's data, parents first — not the
    transient ones (a worker's lease), which a backup leaves out and a
    restore neither counts nor copies."""
    return [t for t in Base.metadata.sorted_tables if not t.info.get("transient")]


def table_counts(conn) -> dict[str, int]:
    return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in data_tables()}


def _snapshot(conn) -> Snapshot:
    revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    sizes: dict[str, int] = {}
    for col in files.reference_columns():
        size = col.table.c.size if "size" in col.table.c else sa.literal(0)
        for sha, n in conn.execute(sa.select(col, size)):
            sizes[sha] = max(sizes.get(sha, 0), n or 0)
    return Snapshot(revision, table_counts(conn), sizes)


def libpq_url(url: sa.URL) -> tuple[str, dict]:
    """A connection string for pg_dump/pg_restore/psql, and the environment that
    carries the password (never on the command line, where ``ps`` shows it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _pg_tool(settings: dict, name: str) -> str:
    tool = settings.get(f"rsi_case.{name.replace('_', '')}") or shutil.which(name)
    if not tool:
        raise BackupError(f"{name} findes ikke: installér PostgreSQL' klientprogrammer (Debian: postgresql-client) "
                          f"eller angiv stien i rsi_case.{name.replace('_', '')}.")
    return tool


def _backup_sqlite(url: sa.URL, target: Path) -> Snapshot:
    source = sqlite3.connect(url.database)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        dest = sqlite3.connect(target)
        try:
            # one step: a read transaction on one snapshot; writers carry on (WAL)
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            dest.commit()
        finally:
            dest.close()
    finally:
        source.close()
    _fsync_file(target)
    engine = sa.create_engine(f"sqlite:///{target}", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return _snapshot(conn)
    finally:
        engine.dispose()


def _backup_postgresql(settings: dict, engine: sa.Engine, target: Path) -> Snapshot:
    pg_dump = _pg_tool(settings, "pg_dump")
    conninfo, env = libpq_url(engine.url)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            snapshot_id = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            snap = _snapshot(conn)  # the same snapshot pg_dump reads
            result = subprocess.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                 *[f"--exclude-table-data={t.name}" for t in Base.metadata.sorted_tables if t.info.get("transient")],
                 f"--file={target}", f"--dbname={conninfo}"],
                env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_dump fejlede: {result.stderr.strip()[-2000:]}")
    _fsync_file(target)
    return snap


def _copy_attachments(store: AttachmentStore, dest: FilesystemStore, references: dict[str, int]) -> dict:
    copied = present = 0
    copied_bytes = 0
    missing, damaged = [], []
    for sha in sorted(references):
        if dest.exists(sha) and dest.stat(sha).size == _stored_size(store, sha, references[sha]):
            present += 1
            continue
        if not store.exists(sha):
            missing.append(sha)
            continue
        with store.open(sha) as fh:
            got, size = dest.put(fh)
        if got != sha:  # damaged in the store: keep nothing under a wrong name
            dest.delete(got)
            damaged.append(sha)
            continue
        copied += 1
        copied_bytes += size
    return {"copied": copied, "copied_bytes": copied_bytes, "already_there": present,
            "missing": missing, "damaged": damaged}


def _stored_size(store: AttachmentStore, sha: str, recorded: int) -> int:
    if recorded:
        return recorded
    try:
        return store.stat(sha).size
    except FileNotFoundError:
        return -1


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def backup(settings: dict, engine: sa.Engine, store: AttachmentStore, directory: Path) -> dict:
    """Back up the installation into ``directory``; returns the manifest."""
    started = time.monotonic()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    backend = engine.dialect.name
    name = SQLITE_FILE if backend == "sqlite" else PG_FILE
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{name}-")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if backend == "sqlite":
            os.unlink(tmp)  # sqlite3 makes it
            snap = _backup_sqlite(engine.url, tmp)
        elif backend == "postgresql":
            snap = _backup_postgresql(settings, engine, tmp)
        else:  # pragma: no cover
            raise BackupError(f"ukendt database: {backend}")
        db_seconds = time.monotonic() - started
        copy = _copy_attachments(store, FilesystemStore(directory / BLOBS), snap.references)
        database = {"file": name, "backend": backend, "size": tmp.stat().st_size, "sha256": sha256_file(tmp)}
        os.replace(tmp, directory / name)
        _fsync_dir(directory)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "schema_revision": snap.revision,
        "database": database,
        "counts": snap.counts,
        "attachments": {
            "count": len(snap.references),
            "bytes": sum(snap.references.values()),
            "files": dict(sorted(snap.references.items())),
            **copy,
        },
        "seconds": {"database": round(db_seconds, 3), "total": round(time.monotonic() - started, 3)},
    }
    _write_atomically(directory / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    other = directory / (PG_FILE if name == SQLITE_FILE else SQLITE_FILE)
    other.unlink(missing_ok=True)  # an earlier backup of the other kind into the same directory
    return manifest


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} er ikke en sikkerhedskopi fra rsi-case-backup (ingen {MANIFEST}).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: ukendt format {manifest.get('format')!r} (forventede {FORMAT}).")
    return manifest
