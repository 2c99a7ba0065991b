"""LibreOffice as a real editing client of the Word endpoint: open the
document's WebDAV address, change a paragraph, save, close — the change is a
new version with the user's name and the lock is released."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa

from tests.functional.test_word_dav import open_in_word

CLIENT = Path(__file__).resolve().parents[1] / "libreoffice_client.py"


def test_libreoffice_opens_edits_and_saves_a_new_version(server, app, users, make_case, make_document, engine,
                                                          tmp_path):
    assert shutil.which("soffice"), "LibreOffice is not installed (.ci/run installs it)"
    from tests.conftest import Browser

    number = make_document(make_case(), title="Strategi til LibreOffice",
                           body="<p>Første afsnit.</p><p>Andet afsnit skal ændres.</p>")
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat")
    path, mode = open_in_word(b, number)
    assert mode == "ofe"
    done = subprocess.run(["/usr/bin/python3", str(CLIENT), server + path, "Andet afsnit", "Rettet i LibreOffice.",
                           str(tmp_path / "profile")], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT v.number, v.note, u.full_name FROM document_versions v JOIN documents d ON d.id = v.document_id "
            "JOIN users u ON u.id = v.created_by_id WHERE d.year = :y AND d.seq = :s ORDER BY v.number"),
            {"y": number.year, "s": number.seq}).all()
        locks = conn.execute(sa.text("SELECT count(*) FROM document_checkouts")).scalar()
        trail = conn.execute(sa.text("SELECT action, outcome FROM audit_log WHERE object_ref = :ref "
                                     "AND action IN ('document_lock', 'document_unlock', 'document_edit') ORDER BY id"),
                             {"ref": str(number)}).all()
    assert rows[-1].number >= 2 and rows[-1].note.startswith("Gemt fra Word") and rows[-1].full_name == "Test Sekretariat"
    assert locks == 0
    # LibreOffice locked, saved under its lock and unlocked: no refused request on the way
    assert [t.action for t in trail][:1] == ["document_lock"] and trail[-1].action == "document_unlock", trail
    assert ("document_edit", "ok") in [tuple(t) for t in trail] and all(t.outcome == "ok" for t in trail), trail
    page = b.get(f"/documents/{number.slug}")
    assert "Rettet i LibreOffice." in page.text and "Andet afsnit skal ændres" not in page.text
