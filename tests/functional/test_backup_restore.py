"""Backup and restore (rsi-case-backup, rsi-case-restore): a backup taken
while the application writes is consistent, and restoring it gives back
every row, every version body, every attachment byte and the audit trail —
SQLite → SQLite on the SQLite suite, SQLite → PostgreSQL and PostgreSQL →
PostgreSQL on the PostgreSQL suite (a laptop installation moves to
production this way).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
import transaction

from rsi_case import main
from rsi_case.db import get_engine, get_session_factory, get_tm_session, writer_engine
from rsi_case.demo.loader import load_demo
from rsi_case.documents.models import Document, DocumentVersion
from rsi_case.documents.storage import FilesystemStore
from rsi_case.documents.versions import version_body
from rsi_case.models import Base
from rsi_case.operations.backup import BackupError, backup, read_manifest
from rsi_case.operations.files import referenced
from rsi_case.operations.restore import NotEmpty, restore
from tests.conftest import INI, ROOT, Browser, migrate, settings_for

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "rsi-demo-adgang"


class Installation:
    """A database, its attachment store and index folder, and its settings."""

    def __init__(self, folder: Path, url: str):
        self.folder = folder
        self.url = url
        self.settings = settings_for(folder, url)
        self.engine = get_engine(self.settings)
        self.store = FilesystemStore(self.settings["rsi_case.blobs"])

    def app(self):
        return main({}, **self.settings)

    def close(self):
        self.engine.dispose()


def an_open_draft(engine) -> str:
    """The URL slug of a draft in an open case (one the secretariat may edit)."""
    with engine.connect() as conn:
        seq, year = conn.execute(sa.text(
            "SELECT d.seq, d.year FROM documents d JOIN cases c ON c.id = d.case_id "
            "WHERE d.status = 'kladde' AND c.status = 'aaben' AND NOT d.frozen ORDER BY d.id")).first()
    return f"{seq:05d}-{year % 100:02d}"


def upload(b, number, filename, data):
    token = b.csrf_token(f"/documents/{number}")
    b.post(f"/documents/{number}/attachments", {"csrf_token": token}, upload_files=[("file", filename, data)],
           status=303)


def use_the_app(inst: Installation) -> None:
    """What an organisation does on a working day: log in (audit), read, save a new
    version of a memo, attach a file — so the trail, versions and files all have news."""
    app = inst.app()
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat", DEMO_PASSWORD)
    number = an_open_draft(inst.engine)
    form = b.get(f"/documents/{number}/edit").forms["deform"]
    form["body"] = form["body"].value + "<p>Tilføjet på sikkerhedskopiens dag: æøå ÆØÅ.</p>"
    form["note"] = "Til sikkerhedskopien"
    form.submit("save", status=303)
    upload(b, number, "bilag-til-kopi.txt", "Bilagets bytes æøå\n".encode("utf-8"))
    b.get("/search", params={"q": "laboratoriesystem"})
    app.registry["db.engine"].dispose()


@pytest.fixture(scope="session")
def sqlite_demo(tmp_path_factory):
    """An SQLite installation with the demo organisation and a day's work (built once; copy it)."""
    folder = tmp_path_factory.mktemp("sqlite-demo")
    url = f"sqlite:///{folder / 'rsi_case.sqlite'}"
    migrate(url)
    inst = Installation(folder, url)
    load_demo(inst.engine, inst.settings)
    use_the_app(inst)
    inst.close()
    return folder


@pytest.fixture
def laptop(sqlite_demo, tmp_path):
    """A copy of the SQLite demo installation, for this test alone."""
    folder = tmp_path / "laptop"
    shutil.copytree(sqlite_demo, folder)
    inst = Installation(folder, f"sqlite:///{folder / 'rsi_case.sqlite'}")
    yield inst
    inst.close()


@pytest.fixture
def empty(make_database, tmp_path):
    """An empty installation on the suite's backend (no tables, no files)."""
    folder = tmp_path / "restored"
    folder.mkdir()
    inst = Installation(folder, make_database(template=None))
    yield inst
    inst.close()


# -- comparing two installations -------------------------------------------------

def all_rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, typed by the models (so SQLite and PostgreSQL compare)."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*table.primary_key.columns))]
    return out


def bodies(engine) -> dict[tuple, str]:
    with sa.orm.Session(engine) as db:
        return {(v.document_id, v.number): version_body(db, v)
                for v in db.execute(sa.select(DocumentVersion)).scalars()}


def files(inst) -> dict[str, bytes]:
    with inst.engine.connect() as conn:
        return {sha: inst.store.read(sha) for sha in referenced(conn)}


def assert_same(source, target) -> dict:
    rows_a, rows_b = all_rows(source.engine), all_rows(target.engine)
    for name in rows_a:
        assert rows_a[name] == rows_b[name], f"table {name} differs after the restore"
    assert rows_a["audit_log"] and rows_a["document_versions"] and rows_a["attachments"]
    bodies_a = bodies(source.engine)
    assert bodies_a == bodies(target.engine)
    files_a = files(source)
    assert files_a == files(target)
    return {"rows": sum(len(r) for r in rows_a.values()), "tables": len(rows_a), "versions": len(bodies_a),
            "files": len(files_a), "file_bytes": sum(len(b) for b in files_a.values()),
            "audit_events": len(rows_a["audit_log"])}


def assert_serves_the_same(source, target) -> None:
    """The restored installation works: the same searches give the same documents (rebuilt index),
    a memo opens, and a new save gets the next number after the restored ones."""
    answers = []
    for inst in (source, target):
        app = inst.app()
        b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
        b.login("arkivar", DEMO_PASSWORD)
        # the totals (a rebuilt index may order equal scores differently), and the day's own word
        answers.append([b.get("/api/search", params={"q": q}).json["total"] for q in ("laboratoriesystem", "telefoni")]
                       + [[h["number"] for h in b.get("/api/search", params={"q": "sikkerhedskopiens"}).json["hits"]]])
        b.get("/documents/61590-25", status=200)
        app.registry["db.engine"].dispose()
    assert answers[0] == answers[1] and all(answers[0])
    app = target.app()
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat", DEMO_PASSWORD)
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Første sag efter flytningen"
    form["category"] = "tvaergaaende"
    assert form.submit("save", status=303).location  # the id sequences were moved past the restored rows
    app.registry["db.engine"].dispose()


def run_restore(target, directory):
    return restore(target.settings, str(INI), target.engine, target.store, directory, root=ROOT)


# -- the round trips --------------------------------------------------------------

def test_an_sqlite_backup_restores_into_this_backend_with_every_row_version_file_and_audit_event(
        laptop, empty, tmp_path, backend):
    started = time.monotonic()
    manifest = backup(laptop.settings, laptop.engine, laptop.store, tmp_path / "backup")
    took_backup = time.monotonic() - started
    assert manifest["database"]["backend"] == "sqlite"
    assert manifest["attachments"]["missing"] == [] and manifest["attachments"]["damaged"] == []
    result = run_restore(empty, tmp_path / "backup")
    figures = assert_same(laptop, empty)
    assert result.counts == manifest["counts"]
    assert result.indexed > 100
    assert_serves_the_same(laptop, empty)
    print(f"\nround trip sqlite -> {backend.name}: {figures}; backup {took_backup:.2f} s, restore "
          f"{result.seconds}")


@pytest.mark.postgresql_only("pg_dump/pg_restore; on the SQLite suite the SQLite → SQLite round trip is the test above")
def test_a_postgresql_backup_restores_into_an_empty_postgresql(laptop, empty, tmp_path, make_database):
    # the laptop's data moved into PostgreSQL first, then backed up from there with pg_dump
    production = Installation(tmp_path / "production", make_database(template=None))
    try:
        backup(laptop.settings, laptop.engine, laptop.store, tmp_path / "from-laptop")
        run_restore(production, tmp_path / "from-laptop")
        manifest = backup(production.settings, production.engine, production.store, tmp_path / "pg-backup")
        assert manifest["database"]["backend"] == "postgresql" and manifest["database"]["file"] == "database.pgdump"
        migrate(empty.url)  # a migrated, empty installation is empty too
        result = run_restore(empty, tmp_path / "pg-backup")
        figures = assert_same(production, empty)
        assert result.counts == manifest["counts"]
        assert_serves_the_same(production, empty)
        print(f"\nround trip postgresql -> postgresql: {figures}; restore {result.seconds}")
    finally:
        production.close()


# -- refusals -----------------------------------------------------------------------

def test_restore_refuses_an_installation_that_holds_data_and_leaves_it_alone(laptop, tmp_path, make_database):
    backup(laptop.settings, laptop.engine, laptop.store, tmp_path / "backup")
    target = Installation(tmp_path / "busy", make_database())
    try:
        tm = transaction.TransactionManager(explicit=True)
        with tm:
            from rsi_case.security.models import User

            db = get_tm_session(get_session_factory(target.engine), tm)
            db.add(User(login="eneste", full_name="Eneste Bruger", role="admin", password_hash="x"))
        before = all_rows(target.engine)
        with pytest.raises(NotEmpty, match="ikke tom.*users \\(1\\)"):
            run_restore(target, tmp_path / "backup")
        assert all_rows(target.engine) == before
        assert not list(target.store.stored())  # not even the files were copied
    finally:
        target.close()


def test_a_changed_or_damaged_backup_is_refused(laptop, empty, tmp_path):
    directory = tmp_path / "backup"
    manifest = backup(laptop.settings, laptop.engine, laptop.store, directory)
    db_file = directory / manifest["database"]["file"]
    original = db_file.read_bytes()
    db_file.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(BackupError, match="svarer ikke til manifest.json"):
        run_restore(empty, directory)
    db_file.write_bytes(original)
    sha = next(iter(manifest["attachments"]["files"]))
    blob = FilesystemStore(directory / "blobs").path(sha)
    blob.write_bytes(b"not the original bytes")
    with pytest.raises(BackupError, match="beskadiget"):
        run_restore(empty, directory)
    assert not rows_in_any_table(empty.engine)


def rows_in_any_table(engine) -> int:
    from rsi_case.operations.restore import rows_in

    return sum(rows_in(engine).values())


def test_a_backup_from_a_newer_program_is_refused(laptop, empty, tmp_path):
    directory = tmp_path / "backup"
    backup(laptop.settings, laptop.engine, laptop.store, directory)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["schema_revision"] = "ffffffffffff"
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="nyere udgave"):
        run_restore(empty, directory)


# -- while the application writes ---------------------------------------------------

def test_a_backup_taken_while_the_app_writes_is_one_consistent_snapshot(laptop, empty, tmp_path):
    """Documents with a version and a file are saved in a loop while backups are taken;
    each backup's manifest matches its database, and the restored data is whole: every
    document has its version, every file its bytes."""
    stop = threading.Event()
    saved = []
    errors = []

    def writer():
        from rsi_case.cases.models import Case
        from rsi_case.documents.services import add_attachment, create_document
        from rsi_case.security.models import User

        factory = get_session_factory(writer_engine(laptop.engine))
        n = 0
        try:
            while not stop.is_set():
                n += 1
                tm = transaction.TransactionManager(explicit=True)
                with tm:
                    db = get_tm_session(factory, tm)
                    user = db.execute(sa.select(User).where(User.login == "sekretariat")).scalar_one()
                    case = db.execute(sa.select(Case).where(Case.status == "aaben").order_by(Case.id)).scalars().first()
                    doc = create_document(db, case=case, user=user, number=None, title=f"Skrevet under kopien {n}",
                                          body_html=f"<p>Tekst {n}</p>", kind="notat", status="kladde",
                                          doc_date=dt.date(2026, 1, 5), author_name="Test")
                    sha, size = laptop.store.put(io.BytesIO(f"fil {n} æøå".encode()))
                    add_attachment(db, doc, sha256=sha, size=size, content_type="text/plain",
                                   filename=f"fil-{n}.txt", user=user)
                saved.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saved) < 3 and not errors:
            time.sleep(0.05)
        manifests = [backup(laptop.settings, laptop.engine, laptop.store, tmp_path / f"backup-{i}") for i in range(3)]
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not errors, errors
    counts = [m["counts"]["documents"] for m in manifests]
    assert counts == sorted(counts) and counts[-1] > counts[0], f"the writes went on during the backups: {counts}"
    for i, manifest in enumerate(manifests):
        c = manifest["counts"]
        assert c["attachments"] == c["attachment_revisions"] and c["documents"] <= c["document_versions"]
        assert manifest["attachments"]["count"] == len(manifest["attachments"]["files"])
        assert not manifest["attachments"]["missing"]
    result = run_restore(empty, tmp_path / "backup-1")
    assert result.counts == manifests[1]["counts"]
    with empty.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM "
                                    "document_versions v WHERE v.document_id = d.id AND v.number = d.version)")
                            ).scalar() == 0
        for sha in referenced(conn):
            assert empty.store.matches(sha)


@pytest.mark.sqlite_only("the -wal file is SQLite's")
def test_the_sqlite_backup_has_the_commits_still_in_the_wal_which_a_file_copy_misses(laptop, tmp_path):
    """The probe in issue 14: a plain copy of rsi_case.sqlite lost committed versions
    that were still in the WAL. The online backup API reads through the WAL."""
    path = Path(laptop.engine.url.database)
    reader = sqlite3.connect(path)  # an open read transaction keeps the WAL from being checkpointed
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM documents").fetchone()
    try:
        with laptop.engine.begin() as conn:
            before = conn.execute(sa.text("SELECT COUNT(*) FROM document_versions")).scalar()
        for n in range(6):
            tm = transaction.TransactionManager(explicit=True)
            with tm:
                from rsi_case.documents.versions import save_version, state_of

                db = get_tm_session(get_session_factory(writer_engine(laptop.engine)), tm)
                doc = db.execute(sa.select(Document).where(Document.status == "kladde").order_by(Document.id)
                                 ).scalars().first()
                save_version(db, doc, user=None, state=state_of(doc), body_html=f"<p>Version i WAL {n}</p>",
                             base=doc.version, note=f"wal {n}")
        assert Path(f"{path}-wal").stat().st_size > 0
        shutil.copy(path, tmp_path / "plain-copy.sqlite")
        manifest = backup(laptop.settings, laptop.engine, laptop.store, tmp_path / "backup")
    finally:
        reader.rollback()
        reader.close()
    copied = sqlite3.connect(tmp_path / "plain-copy.sqlite")
    in_plain_copy = copied.execute("SELECT COUNT(*) FROM document_versions").fetchone()[0]
    copied.close()
    assert in_plain_copy < before + 6  # what the probe saw: the copy misses the WAL's commits
    assert manifest["counts"]["document_versions"] == before + 6
    backed_up = sqlite3.connect(tmp_path / "backup" / "database.sqlite")
    assert backed_up.execute("SELECT COUNT(*) FROM document_versions").fetchone()[0] == before + 6
    assert backed_up.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    backed_up.close()


def test_repeated_backups_into_one_directory_copy_only_new_files(laptop, tmp_path):
    directory = tmp_path / "backup"
    first = backup(laptop.settings, laptop.engine, laptop.store, directory)
    assert first["attachments"]["copied"] == first["attachments"]["count"] > 0
    second = backup(laptop.settings, laptop.engine, laptop.store, directory)
    assert second["attachments"]["copied"] == 0
    assert second["attachments"]["already_there"] == first["attachments"]["count"]
    app = laptop.app()
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat", DEMO_PASSWORD)
    upload(b, an_open_draft(laptop.engine), "nyt-bilag.txt", b"et helt nyt bilag")
    app.registry["db.engine"].dispose()
    third = backup(laptop.settings, laptop.engine, laptop.store, directory)
    assert third["attachments"]["copied"] == 1 and third["attachments"]["count"] == first["attachments"]["count"] + 1
    assert read_manifest(directory) == third


def test_a_file_already_lost_is_named_by_backup_and_restore_and_the_rest_comes_back(laptop, empty, tmp_path):
    with laptop.engine.connect() as conn:
        gone = sorted(referenced(conn))[0]
    laptop.store.path(gone).unlink()  # lost on the installation before the backup
    manifest = backup(laptop.settings, laptop.engine, laptop.store, tmp_path / "backup")
    assert manifest["attachments"]["missing"] == [gone]
    result = run_restore(empty, tmp_path / "backup")
    assert result.lost == [gone] and not empty.store.exists(gone)
    assert all_rows(laptop.engine) == all_rows(empty.engine)
    with empty.engine.connect() as conn:
        assert all(empty.store.matches(sha) for sha in referenced(conn) if sha != gone)
