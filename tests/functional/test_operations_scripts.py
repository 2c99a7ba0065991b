"""The operator's console scripts, run as an operator runs them: with an .ini
file. rsi-case-verify checks every referenced file (present, bytes matching
its hash) and lists orphans; --prune-orphans --older-than removes only old
orphans. rsi-case-backup and rsi-case-restore take an installation to an
empty one through a directory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT, settings_for

SCRIPTS = ("rsi-case-verify", "rsi-case-backup", "rsi-case-restore", "rsi-case-initdb", "rsi-case-reindex")


def write_ini(path: Path, settings: dict) -> Path:
    lines = ["[app:main]", "use = egg:rsi_case"]
    lines += [f"{k} = {v}" for k, v in settings.items()]
    lines += ["", "[alembic]", f"script_location = {ROOT / 'alembic'}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run(script, *args):
    exe = Path(sys.executable).with_name(script)
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_console_script_explains_itself(script):
    r = run(script, "--help")
    assert r.returncode == 0 and "usage:" in r.stdout and "CONFIG" in r.stdout


@pytest.fixture
def installation(tmp_path, database_url, make_document, make_case, users, app, db):
    """A case with a document that has two attachment files, and the .ini of the installation."""
    from rsi_case.cases.resources import find_case  # noqa: F401 - make_document needs the case
    from rsi_case.documents.models import Document
    from rsi_case.documents.services import add_attachment

    number = make_document(make_case())
    store = app.registry["rsi_case.blobs"]
    shas = []
    with db() as s:
        doc = s.execute(sa.select(Document)).scalar_one()
        for name, data in (("a.txt", b"forste fil"), ("b.txt", b"anden fil")):
            sha, size = store.put_bytes(data)
            add_attachment(s, doc, sha256=sha, size=size, content_type="text/plain", filename=name, user=None)
            shas.append(sha)
    app.registry["db.engine"].dispose()
    ini = write_ini(tmp_path / "installation.ini", settings_for(tmp_path, database_url))
    return ini, store, shas, number


def test_verify_says_ok_when_every_file_is_there_and_intact(installation):
    ini, store, shas, _ = installation
    r = run("rsi-case-verify", ini)
    assert r.returncode == 0, r.stderr
    assert "2 filer refereres" in r.stdout and "Forældreløse filer (ingen post henviser til dem): 0" in r.stdout
    assert "OK: alle filer" in r.stdout


def test_verify_finds_a_missing_and_a_damaged_file_and_names_their_rows(installation):
    ini, store, (first, second), _ = installation
    store.path(first).unlink()
    store.path(second).write_bytes(b"anden fiL")  # bit rot: same size, other bytes
    r = run("rsi-case-verify", ini)
    assert r.returncode == 1
    assert f"MANGLER   {first}" in r.stdout and "attachments#1" in r.stdout
    assert f"BESKADIGET {second}" in r.stdout and "attachment_revisions#2" in r.stdout
    assert "1 mangler, 1 er beskadigede" in r.stderr
    assert run("rsi-case-verify", ini, "--quick").returncode == 1  # missing is found without re-hashing too


def test_orphans_are_listed_and_only_old_ones_pruned(installation):
    ini, store, shas, _ = installation
    old, _ = store.put_bytes(b"en upload hvis request fejlede for laenge siden")
    new, _ = store.put_bytes(b"en upload der er ved at blive gemt lige nu")
    ten_days_ago = time.time() - 10 * 24 * 3600
    os.utime(store.path(old), (ten_days_ago, ten_days_ago))
    r = run("rsi-case-verify", ini)
    assert r.returncode == 0 and "Forældreløse filer (ingen post henviser til dem): 2" in r.stdout
    assert old in r.stdout and new in r.stdout
    assert store.exists(old) and store.exists(new)  # listing removes nothing
    refused = run("rsi-case-verify", ini, "--prune-orphans")
    assert refused.returncode == 2 and "--older-than" in refused.stderr
    r = run("rsi-case-verify", ini, "--prune-orphans", "--older-than", "7")
    assert r.returncode == 0 and "Fjernet: 1 forældreløse filer ældre end 7 dage." in r.stdout
    assert not store.exists(old) and store.exists(new)
    assert all(store.exists(s) for s in shas)  # referenced files are never orphans, however old
    for sha in shas:
        os.utime(store.path(sha), (ten_days_ago, ten_days_ago))
    run("rsi-case-verify", ini, "--prune-orphans", "--older-than", "0")
    assert all(store.exists(s) for s in shas) and not store.exists(new)


def test_backup_and_restore_from_the_command_line(installation, tmp_path, make_database):
    ini, store, shas, number = installation
    backup_dir = tmp_path / "kopi"
    r = run("rsi-case-backup", ini, backup_dir)
    assert r.returncode == 0, r.stderr
    assert "Sikkerhedskopi i" in r.stdout and "2 bilag (2 kopieret nu, 0 fandtes)" in r.stdout
    assert (backup_dir / "manifest.json").is_file()
    target_dir = tmp_path / "ny"
    target_dir.mkdir()
    target = write_ini(tmp_path / "ny.ini", settings_for(target_dir, make_database(template=None)))
    r = run("rsi-case-restore", target, backup_dir)
    assert r.returncode == 0, r.stderr
    assert "Gendannet fra" in r.stdout and "2 bilag" in r.stdout
    r = run("rsi-case-verify", target)
    assert r.returncode == 0 and "2 filer refereres" in r.stdout
    again = run("rsi-case-restore", target, backup_dir)
    assert again.returncode == 1 and "Installationen er ikke tom" in again.stderr
