"""Attached Office files (.docx/.xlsx/.pptx) opened in Word, Excel or
PowerPoint through the same Word link (issue 17): a save is a new revision of
the attachment, the earlier ones kept; the same lock, limits and rules."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
import sqlalchemy as sa

from .test_attachments import upload
from .test_word_dav import LOCKINFO, folder, lock_token, word, word_docx  # noqa: F401 (word is a fixture)


def office_zip(part: str, text: str) -> bytes:
    """A small Office Open XML container (the zip guard reads its structure)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        z.writestr(part, f"<x>{text}</x>")
    return out.getvalue()


XLSX = office_zip("xl/workbook.xml", "Budget 2027")


@pytest.fixture
def doc(make_case, make_document):
    return make_document(make_case(), title="Strategi med bilag", body="<p>Se bilagene.</p>")


def attachment_rows(engine, number):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT a.id, a.filename, a.sha256, r.number, r.sha256 AS rev_sha, u.full_name FROM attachments a "
            "JOIN documents d ON d.id = a.document_id JOIN attachment_revisions r ON r.attachment_id = a.id "
            "LEFT JOIN users u ON u.id = r.uploaded_by_id WHERE d.year = :y AND d.seq = :s ORDER BY a.id, r.number"),
            {"y": number.year, "s": number.seq}).all()


def open_attachment(b, number, filename: str, status=200):
    """Press "Åbn i Word/Excel/PowerPoint" beside an attached file: (the WebDAV path, scheme, ofe/ofv)."""
    page = b.get(f"/documents/{number.slug}")
    item = [li for li in page.html.select("#bilag li.list-group-item") if filename in li.get_text()][0]
    form = item.select_one("form.office-open")
    assert form is not None, f"no Office button for {filename}"
    token = b.csrf_token(f"/documents/{number.slug}")
    result = b.post(form["action"], {"csrf_token": token}, status=status)
    link = result.html.select_one("#word-link")["href"]
    m = re.fullmatch(r"(ms-word|ms-excel|ms-powerpoint):(ofe|ofv)\|u\|(https?://[^/]+)(/dav/.+)", link)
    assert m, link
    return m.group(4), m.group(1), m.group(2)


def test_an_attached_word_file_saved_from_word_is_a_new_revision(as_role, word, doc, engine):
    b = as_role("sekretariat")
    original = word_docx("Bilagets første tekst.")
    upload(b, doc, ("file", "Bilag A.docx", original), status=303)
    path, scheme, mode = open_attachment(b, doc, "Bilag A.docx")
    assert (scheme, mode) == ("ms-word", "ofe") and path.endswith("/Bilag%20A.docx")
    assert word("OPTIONS", folder(path), status=200).headers["DAV"] == "1, 2"
    assert word("GET", path, status=200).body == original
    assert word("PUT", path, word_docx("uden lås")).status_int == 423  # not locked
    token = lock_token(word("LOCK", path, LOCKINFO, status=200, Timeout="Second-600"))
    changed = word_docx("Bilagets anden tekst.")
    word("PUT", path, changed, status=204, If=f"(<{token}>)")
    word("UNLOCK", path, status=204, **{"Lock-Token": f"<{token}>"})
    rows = attachment_rows(engine, doc)
    assert [r.number for r in rows] == [1, 2]
    assert rows[0].rev_sha != rows[1].rev_sha and rows[1].sha256 == rows[1].rev_sha  # the old one kept
    assert rows[1].full_name == "Test Sekretariat"
    assert word("GET", path, status=200).body == changed
    # the first revision is still there to download
    att = rows[0].id
    old = b.get(f"/documents/{doc.slug}/attachments/{att}/revisions/1", {"download": "1"})
    assert old.body == original
    # the document itself did not change
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM document_versions")).scalar() == 1
        details = conn.execute(sa.text("SELECT detail FROM audit_log WHERE action = 'attachment_add'")).scalars().all()
    from_word = [d for d in details if (d if isinstance(d, dict) else json.loads(d)).get("via") == "word"]
    assert len(from_word) == 1, details


def test_excel_and_powerpoint_links_and_none_for_other_files(as_role, word, doc, engine):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "budget.xlsx", XLSX), ("file", "oplæg.pptx", office_zip("ppt/presentation.xml", "x")),
           ("file", "notat.txt", b"ren tekst"), status=303)
    path, scheme, mode = open_attachment(b, doc, "budget.xlsx")
    assert (scheme, mode) == ("ms-excel", "ofe")
    _path, scheme, _mode = open_attachment(b, doc, "oplæg.pptx")
    assert scheme == "ms-powerpoint"
    page = b.get(f"/documents/{doc.slug}")
    txt = [li for li in page.html.select("#bilag li.list-group-item") if "notat.txt" in li.get_text()][0]
    assert txt.select_one("form.office-open") is None
    # the route refuses a file Office does not open
    att = [r.id for r in attachment_rows(engine, doc) if r.filename == "notat.txt"][0]
    token = b.csrf_token(f"/documents/{doc.slug}")
    b.post(f"/documents/{doc.slug}/attachments/{att}/word", {"csrf_token": token}, status=404)
    # an Excel save through a temporary file moved onto the name (a real client's habit)
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    word("PUT", folder(path) + "~budget.tmp", office_zip("xl/workbook.xml", "Budget 2028"), status=201)
    r = word("MOVE", folder(path) + "~budget.tmp", Destination=path, If=f"<{path}> (<{token}>)")
    assert r.status_int == 204, r.text
    assert [x.number for x in attachment_rows(engine, doc) if x.filename == "budget.xlsx"] == [1, 2]


@pytest.mark.parametrize("body, status", [
    (b"not an office file", 415),
    (b"PK\x03\x04 broken zip", 400),
    ("bomb", 400),
    ("big", 413),
])
def test_bad_saves_of_an_attachment_are_refused_and_nothing_is_kept(app, as_role, word, doc, engine, body, status):
    from ..bombs import flat_bomb

    b = as_role("sekretariat")
    upload(b, doc, ("file", "budget.xlsx", XLSX), status=303)
    path, _scheme, _mode = open_attachment(b, doc, "budget.xlsx")
    if body == "bomb":
        body = flat_bomb(64, name="xl/workbook.xml")
    elif body == "big":
        app.registry["rsi_case.max_upload_bytes"] = 50_000
        body = XLSX + b"\0" * 60_000
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    r = word("PUT", path, body, If=f"(<{token}>)")
    assert r.status_int == status, r.text
    assert [x.number for x in attachment_rows(engine, doc)] == [1]
    with engine.connect() as conn:
        failed = conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'document_edit' "
                                      "AND outcome = 'failed'")).scalar()
    assert failed == 1


def test_the_upload_form_waits_while_office_has_the_file(as_role, word, doc, engine):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "budget.xlsx", XLSX), status=303)
    path, _scheme, _mode = open_attachment(b, doc, "budget.xlsx")
    token = lock_token(word("LOCK", path, LOCKINFO, status=200))
    att = attachment_rows(engine, doc)[0].id
    admin = as_role("admin")
    csrf = admin.csrf_token(f"/documents/{doc.slug}")
    r = admin.post(f"/documents/{doc.slug}/attachments/{att}", {"csrf_token": csrf},
                   upload_files=[("file", "budget.xlsx", office_zip("xl/workbook.xml", "browser"))], status=409)
    assert "redigeres i Office af Test Sekretariat" in r.text
    # another user's Office gets a read-only link and cannot lock
    other, _scheme, mode = open_attachment(admin, doc, "budget.xlsx")
    assert mode == "ofv"
    assert word("LOCK", other, LOCKINFO).status_int == 403
    word("UNLOCK", path, status=204, **{"Lock-Token": f"<{token}>"})
    admin.post(f"/documents/{doc.slug}/attachments/{att}", {"csrf_token": csrf},
               upload_files=[("file", "budget.xlsx", office_zip("xl/workbook.xml", "browser"))], status=303)
    assert [x.number for x in attachment_rows(engine, doc)] == [1, 2]


def test_archived_is_read_only_and_confidential_is_404(as_role, word, make_case, make_document, db, engine):
    from rsi_case.cases.resources import find_case

    case = make_case(title="Fortrolig sag")
    number = make_document(case, title="Notat med bilag")
    b = as_role("sekretariat")
    upload(b, number, ("file", "budget.xlsx", XLSX), status=303)
    path, _scheme, mode = open_attachment(b, number, "budget.xlsx")
    assert mode == "ofe" and word("GET", path).status_int == 200
    with db() as s:
        find_case(s, case).status = "arkiveret"
    ro, _scheme, mode = open_attachment(b, number, "budget.xlsx")
    assert mode == "ofv"
    assert word("LOCK", ro, LOCKINFO).status_int == 403 and word("PUT", ro, XLSX).status_int == 403
    with db() as s:
        c = find_case(s, case)
        c.status, c.confidential = "aaben", True
    for method in ("OPTIONS", "HEAD", "GET", "PROPFIND", "LOCK", "PUT", "UNLOCK", "PROPPATCH", "DELETE", "MOVE"):
        r = word(method, path)
        assert r.status_int == 404 and b"budget" not in r.body, method
    assert [x.number for x in attachment_rows(engine, number)] == [1]
