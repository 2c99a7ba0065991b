"""Restore a backup into an empty installation, and rebuild its search index.

* An SQLite backup (``database.sqlite``) restores into SQLite *or*
  PostgreSQL: a copy of the backup is migrated to this program's schema
  (Alembic, as any SQLite database), and every row of every table is copied
  through the models' own column types, parents before children, in one
  transaction on the target — so an organisation that tried the laptop
  version moves to PostgreSQL without losing a version. On PostgreSQL the
  id sequences are then set past the highest id.
* A PostgreSQL backup (``database.pgdump``) restores into PostgreSQL with
  ``pg_restore`` in one transaction, then is migrated to this program's
  schema.

The target must be empty: no rows in any of the application's tables (a
freshly migrated database is empty). Anything else is refused with a message
that says what is there. The attachments are copied into the target's store
(each checked against its hash), the counts are compared with the manifest,
and the search index is rebuilt from the restored database.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess  # pg_restore with an argument list, never a shell
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from ..documents.storage import AttachmentStore, FilesystemStore
from ..models import Base
from .backup import (BLOBS, PG_FILE, SQLITE_FILE, BackupError, data_tables, libpq_url, read_manifest, sha256_file,
                     table_counts)

BATCH = 1000


class NotEmpty(BackupError):
    pass


@dataclasses.dataclass
class Result:
    manifest: dict
    counts: dict[str, int]
    attachments: int
    indexed: int
    seconds: dict[str, float]
    lost: list[str]  # files missing or damaged already in the installation the backup was taken from


def _known_revision(root: Path, revision: str) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(root) / "alembic"))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except Exception:  # alembic's "no such revision"
        return False


def rows_in(engine: sa.Engine) -> dict[str, int]:
    """The application's tables that exist in ``engine`` and hold rows."""
    with engine.connect() as conn:
        existing = set(sa.inspect(conn).get_table_names())
        return {t.name: n for t in data_tables() if t.name in existing
                for n in [conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()] if n}


def refuse_unless_empty(engine: sa.Engine) -> None:
    filled = rows_in(engine)
    if filled:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(filled.items(), key=lambda x: -x[1])[:5])
        raise NotEmpty(
            "Installationen er ikke tom — der er allerede data i " + listed + ". "
            "En sikkerhedskopi gendannes kun i en tom installation, så intet overskrives: "
            "opret en ny, tom database (og angiv den i sqlalchemy.url), og kør rsi-case-restore igen.")


def _migrate(config_uri: str, engine: sa.Engine, revision: str = "head", downgrade: bool = False) -> None:
    from ..scripts.initdb import migrate

    migrate(config_uri, engine, revision, downgrade=downgrade)


def _has_schema(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        return sa.inspect(conn).has_table("alembic_version")


def copy_rows(source: sa.Engine, target: sa.Engine) -> dict[str, int]:
    """Every row of every table, parents first, in one transaction on the target."""
    copied = {}
    with source.connect() as src, target.begin() as dst:
        for table in data_tables():
            n = 0
            order = list(table.primary_key.columns)
            result = src.execution_options(stream_results=True).execute(sa.select(table).order_by(*order))
            while rows := result.mappings().fetchmany(BATCH):
                dst.execute(table.insert(), [dict(r) for r in rows])
                n += len(rows)
            copied[table.name] = n
        if target.dialect.name == "postgresql":
            _advance_sequences(dst)
    return copied


def _advance_sequences(conn) -> None:
    """Rows came in with their ids: move each serial sequence past the highest one."""
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, sa.Integer):
            continue
        seq = conn.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key[0].name}).scalar()
        if seq:  # None for a key that is not serial (meeting_cases.year)
            highest = sa.select(sa.func.max(key[0])).scalar_subquery()
            conn.execute(sa.select(sa.func.setval(seq, sa.func.coalesce(highest, 0) + 1, sa.false())))


def _restore_sqlite_file(config_uri: str, backup_file: Path, target: sa.Engine, workdir: Path) -> dict:
    from ..db import get_engine

    work = workdir / "restore.sqlite"
    shutil.copy(backup_file, work)
    source = get_engine({"sqlalchemy.url": f"sqlite:///{work}"})
    try:
        _migrate(config_uri, source)  # an older backup: this program's schema, as any SQLite database
        _migrate(config_uri, target)  # the empty target too (nothing to do when it is migrated already)
        return copy_rows(source, target)
    finally:
        source.dispose()


def _restore_pgdump(settings: dict, config_uri: str, backup_file: Path, target: sa.Engine) -> dict:
    from .backup import _pg_tool

    if target.dialect.name != "postgresql":
        raise BackupError("En PostgreSQL-sikkerhedskopi (database.pgdump) kan kun gendannes i PostgreSQL. "
                          "Angiv en postgresql+psycopg://-database i sqlalchemy.url.")
    if _has_schema(target):
        # empty (checked) but migrated: take the empty tables away, pg_restore brings the backup's own
        _migrate(config_uri, target, "base", downgrade=True)
        with target.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    pg_restore = _pg_tool(settings, "pg_restore")
    conninfo, env = libpq_url(target.url)
    result = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         f"--dbname={conninfo}", str(backup_file)],
        env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore fejlede (intet er gendannet): {result.stderr.strip()[-2000:]}")
    _migrate(config_uri, target)
    with target.connect() as conn:
        return table_counts(conn)


def copy_attachments(source: FilesystemStore, store: AttachmentStore, wanted: dict) -> int:
    n = 0
    for sha in sorted(wanted):
        if store.exists(sha) and store.matches(sha):
            n += 1
            continue
        if not source.exists(sha):
            raise BackupError(f"Sikkerhedskopien mangler bilaget {sha} (se manifest.json).")
        with source.open(sha) as fh:
            got, _size = store.put(fh)
        if got != sha:
            raise BackupError(f"Bilaget {sha} i sikkerhedskopien er beskadiget (dets indhold har SHA-256 {got}).")
        n += 1
    return n


def rebuild_index(settings: dict, engine: sa.Engine, store: AttachmentStore) -> int:
    from ..search import indexer_from_settings

    return indexer_from_settings(settings, engine, store).rebuild()


def restore(settings: dict, config_uri: str, engine: sa.Engine, store: AttachmentStore, directory: Path,
            *, root: Path, index: bool = True) -> Result:
    started = time.monotonic()
    directory = Path(directory)
    manifest = read_manifest(directory)
    database = manifest["database"]
    backup_file = directory / database["file"]
    if database["file"] not in (SQLITE_FILE, PG_FILE) or not backup_file.is_file():
        raise BackupError(f"Sikkerhedskopien mangler sin database: {backup_file}.")
    if sha256_file(backup_file) != database["sha256"]:
        raise BackupError(f"{backup_file} svarer ikke til manifest.json (SHA-256): filen er ændret eller beskadiget.")
    if not _known_revision(root, manifest["schema_revision"]):
        raise BackupError(f"Sikkerhedskopien har skemaversion {manifest['schema_revision']}, som dette program ikke "
                          "kender: den er taget med en nyere udgave af RSI Sag. Opgradér først programmet.")
    refuse_unless_empty(engine)
    # the files first: should the database part fail, the store holds only orphans
    # (content-addressed, harmless) and the installation stays empty
    # files the installation had already lost when the backup was taken are listed as such: the
    # restore goes on without them (rsi-case-verify names them afterwards); any other gap is an error
    lost = sorted(set(manifest["attachments"].get("missing", [])) | set(manifest["attachments"].get("damaged", [])))
    wanted = {sha: size for sha, size in manifest["attachments"]["files"].items() if sha not in lost}
    attachments = copy_attachments(FilesystemStore(directory / BLOBS), store, wanted)
    seconds = {"attachments": round(time.monotonic() - started, 3)}
    with tempfile.TemporaryDirectory(prefix="rsi-restore-") as work:
        if database["file"] == SQLITE_FILE:
            counts = _restore_sqlite_file(config_uri, backup_file, engine, Path(work))
        else:
            counts = _restore_pgdump(settings, config_uri, backup_file, engine)
    seconds["database"] = round(time.monotonic() - started - seconds["attachments"], 3)
    if manifest["schema_revision"] == _current(engine):
        differ = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
        if differ:
            raise BackupError(f"Antallet af rækker svarer ikke til manifest.json: {differ}")
    indexed = rebuild_index(settings, engine, store) if index else 0
    seconds["total"] = round(time.monotonic() - started, 3)
    return Result(manifest, counts, attachments, indexed, seconds, lost)


def _current(engine: sa.Engine) -> str:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
