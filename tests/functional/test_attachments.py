"""Attaching files to a document and downloading them again."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from rsi_case.demo.wordmemo import sample_memo
from rsi_case.documents.filetypes import DOCX

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def attachments(engine, document_number=None):
    sql = "SELECT a.* FROM attachments a JOIN documents d ON d.id = a.document_id"
    params = {}
    if document_number is not None:
        sql += " WHERE d.year = :y AND d.seq = :s"
        params = {"y": document_number.year, "s": document_number.seq}
    with engine.connect() as conn:
        return conn.execute(sa.text(sql + " ORDER BY a.id"), params).mappings().all()


def blob_files(settings):
    root = Path(settings["rsi_case.blobs"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(b, number, *files, status=None):
    token = b.csrf_token(f"/documents/{number.slug}")
    return b.post(f"/documents/{number.slug}/attachments", {"csrf_token": token}, upload_files=list(files),
                  status=status)


def upload_form(page):
    return page.html.find("form", action=re.compile(r"/documents/\d{5}-\d{2}/attachments$"))


def upload_error(page):
    alert = page.html.select_one("#bilag .alert-danger")
    assert alert is not None, "no error shown next to the upload form"
    text = alert.get_text(strip=True)
    assert text
    return text


@pytest.fixture
def doc(make_case, make_document):
    cn = make_case()
    return make_document(cn, title="Notat med bilag")


# --- storing -------------------------------------------------------------------


@pytest.mark.parametrize("name,data,ctype", [
    ("tidsplan.docx", sample_memo(), DOCX),
    ("rapport.pdf", PDF, "application/pdf"),
    ("referat.txt", "Referat fra mødet – æøå".encode(), "text/plain; charset=utf-8"),
    ("figur.png", png_bytes(), "image/png"),
])
def test_upload_stores_the_file_by_content_hash(as_role, doc, engine, settings, name, data, ctype):
    b = as_role("sekretariat")
    r = upload(b, doc, ("file", name, data), status=303)
    assert r.location.endswith(f"/documents/{doc.slug}#bilag")
    rows = attachments(engine, doc)
    assert len(rows) == 1
    row = rows[0]
    sha = hashlib.sha256(data).hexdigest()
    assert row["sha256"] == sha
    assert row["filename"] == name
    assert row["size"] == len(data)
    assert row["content_type"] == ctype
    expected = Path(settings["rsi_case.blobs"]) / sha[:2] / sha[2:4] / sha
    assert expected.read_bytes() == data
    # only the hash names it on disk: no file with the uploaded name, no leftovers
    assert blob_files(settings) == [expected]
    assert not any(name in str(p) for p in Path(settings["rsi_case.var"]).rglob("*"))
    page = r.follow()
    assert name in page.html.select_one("#bilag").get_text()


def test_several_files_in_one_upload(as_role, doc, engine):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "a.txt", b"en"), ("file", "b.pdf", PDF), status=303)
    assert [r["filename"] for r in attachments(engine, doc)] == ["a.txt", "b.pdf"]


def test_one_bad_file_refuses_the_whole_upload(as_role, doc, engine):
    b = as_role("sekretariat")
    r = upload(b, doc, ("file", "god.txt", b"fin tekst"), ("file", "virus.exe", EXE), status=400)
    upload_error(r)
    assert attachments(engine) == []


def test_identical_files_share_one_blob(as_role, make_case, make_document, engine, settings):
    cn = make_case()
    first, second = make_document(cn, title="Et"), make_document(cn, title="To")
    b = as_role("sekretariat")
    upload(b, first, ("file", "bilag.pdf", PDF), status=303)
    upload(b, second, ("file", "samme-bilag.pdf", PDF), status=303)
    rows = attachments(engine)
    assert len(rows) == 2 and rows[0]["sha256"] == rows[1]["sha256"]
    assert len(blob_files(settings)) == 1


def test_uploaded_path_is_reduced_to_the_file_name(as_role, doc, engine, settings):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "..\\..\\windows\\notat.txt", b"tekst"), status=303)
    assert attachments(engine, doc)[0]["filename"] == "notat.txt"
    upload(b, doc, ("file", "../../etc/passwd.txt", b"root"), status=303)
    assert attachments(engine, doc)[1]["filename"] == "passwd.txt"
    assert not (Path(settings["rsi_case.var"]).parent / "etc").exists()


# --- downloading ---------------------------------------------------------------


def download_url(page, name):
    link = page.html.find("a", string=name)
    assert link is not None, name
    return link["href"]


def test_download_returns_the_bytes_with_name_and_type(as_role, doc):
    b = as_role("sekretariat")
    data = sample_memo()
    page = upload(b, doc, ("file", "tidsplan.docx", data), status=303).follow()
    url = download_url(page, "tidsplan.docx")
    assert "download=1" in url
    r = b.get(url)
    assert r.body == data
    assert r.content_type == DOCX
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    cd = r.headers["Content-Disposition"]
    assert cd.startswith("attachment;")
    assert 'filename="tidsplan.docx"' in cd
    assert "filename*=UTF-8''tidsplan.docx" in cd
    assert "private" in r.headers.get("Cache-Control", "")


def test_danish_file_name_survives_in_filename_star(as_role, doc):
    b = as_role("sekretariat")
    name = "Mødereferat æøå ÆØÅ.pdf"
    page = upload(b, doc, ("file", name, PDF), status=303).follow()
    r = b.get(download_url(page, name))
    assert r.body == PDF
    cd = r.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(name)}" in cd
    assert "M%C3%B8dereferat%20%C3%A6%C3%B8%C3%A5" in cd
    fallback = re.search(r'filename="([^"]*)"', cd).group(1)
    assert fallback.isascii() and fallback.endswith(".pdf")
    cd.encode("latin-1")  # a header WSGI can carry


def test_text_download_is_utf8_plain_text(as_role, doc):
    b = as_role("sekretariat")
    data = "Referat – æøå".encode()
    page = upload(b, doc, ("file", "referat.txt", data), status=303).follow()
    r = b.get(download_url(page, "referat.txt"))
    assert r.content_type == "text/plain"
    assert r.charset.lower() == "utf-8"
    assert r.body == data
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Disposition"].startswith("attachment;")


def test_pdf_without_download_flag_opens_inline(as_role, doc):
    b = as_role("sekretariat")
    page = upload(b, doc, ("file", "rapport.pdf", PDF), status=303).follow()
    url = download_url(page, "rapport.pdf").replace("?download=1", "")
    r = b.get(url)
    assert r.content_type == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("inline;")
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_attachment_through_another_documents_url_is_404(as_role, make_case, make_document, engine):
    cn = make_case()
    mine, other = make_document(cn, title="Mit"), make_document(cn, title="Andet")
    b = as_role("sekretariat")
    upload(b, mine, ("file", "hemmelig.txt", b"hemmeligt"), status=303)
    att_id = attachments(engine, mine)[0]["id"]
    assert b.get(f"/documents/{mine.slug}/attachments/{att_id}").body == b"hemmeligt"
    b.get(f"/documents/{other.slug}/attachments/{att_id}", status=404)
    b.get(f"/documents/{mine.slug}/attachments/{att_id + 1}", status=404)
    b.get(f"/documents/{mine.slug}/attachments/abc", status=404)
    b.get(f"/documents/{mine.slug}/attachments/-1", status=404)
    b.get(f"/documents/99999-99/attachments/{att_id}", status=404)


def test_missing_blob_on_disk_is_404_not_500(as_role, doc, engine, settings):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "forsvundet.txt", "snart væk".encode()), status=303)
    row = attachments(engine, doc)[0]
    for path in blob_files(settings):
        path.unlink()
    b.get(f"/documents/{doc.slug}/attachments/{row['id']}", status=404)


# --- refused uploads -------------------------------------------------------------


def test_over_the_limit_is_refused_and_nothing_is_kept(as_role, doc, engine, settings):
    b = as_role("sekretariat")
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    r = upload(b, doc, ("file", "stor-rapport.pdf", big), status=400)
    msg = upload_error(r)
    assert "stor-rapport.pdf" in msg
    assert "2" in msg  # the limit, in MB
    assert "larger than the limit" not in msg  # Danish, not the English default
    assert attachments(engine) == []
    assert blob_files(settings) == []
    # the page is the document page again, with the upload form
    assert upload_form(r) is not None


def test_just_under_the_limit_is_accepted(as_role, doc, engine):
    b = as_role("sekretariat")
    data = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 - 100)
    upload(b, doc, ("file", "lige-under.pdf", data), status=303)
    assert attachments(engine, doc)[0]["size"] == len(data)


@pytest.mark.parametrize("name,data", [
    ("program.exe", EXE),
    ("side.html", b"<html><script>alert(1)</script></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("makro.docm", sample_memo()),
])
def test_wrong_file_types_are_refused(as_role, doc, engine, settings, name, data):
    b = as_role("sekretariat")
    r = upload(b, doc, ("file", name, data), status=400)
    msg = upload_error(r)
    assert "cannot be attached" not in msg
    assert "pdf" in msg and "docx" in msg  # the allowed types are listed
    assert attachments(engine) == []
    assert blob_files(settings) == []


@pytest.mark.parametrize("name,data", [
    ("faktura.pdf", EXE),
    ("faktura.pdf", b"just some garbage that is not a pdf"),
    ("notat.docx", b"not a zip at all"),
    ("billede.png", PDF),
])
def test_renamed_garbage_is_refused(as_role, doc, engine, settings, name, data):
    b = as_role("sekretariat")
    r = upload(b, doc, ("file", name, data), status=400)
    msg = upload_error(r)
    assert name in msg
    assert "does not look like" not in msg
    assert attachments(engine) == []
    assert blob_files(settings) == []


def test_empty_file_is_refused(as_role, doc, engine):
    b = as_role("sekretariat")
    r = upload(b, doc, ("file", "tom.txt", b""), status=400)
    assert "tom.txt" in upload_error(r)
    assert attachments(engine) == []


def test_post_without_a_file_is_400_with_a_message(as_role, doc, engine):
    b = as_role("sekretariat")
    token = b.csrf_token(f"/documents/{doc.slug}")
    r = b.post(f"/documents/{doc.slug}/attachments", {"csrf_token": token}, status=400)
    msg = upload_error(r)
    assert msg != "Choose a file to upload."
    # an empty file field (the browser sends one when nothing is chosen)
    r = b.post(f"/documents/{doc.slug}/attachments", {"csrf_token": token}, upload_files=[("file", "", b"")],
               status=400)
    upload_error(r)
    assert attachments(engine) == []


def test_upload_without_csrf_token_is_refused(as_role, doc, engine):
    b = as_role("sekretariat")
    b.post(f"/documents/{doc.slug}/attachments", {}, upload_files=[("file", "a.txt", b"x")], status=400)
    assert attachments(engine) == []


# --- who may ---------------------------------------------------------------------


def test_board_cannot_upload(as_role, make_case, make_document, engine):
    cn = make_case()
    final = make_document(cn, title="Endeligt", status="endelig")
    draft = make_document(cn, title="Kladde")
    b = as_role("styregruppe")
    assert upload_form(b.get(f"/documents/{final.slug}")) is None
    token = b.csrf_token("/")
    # a final document the board reads: refused (403); a draft it may not read does not exist for it (404)
    for number, status in ((final, 403), (draft, 404)):
        b.post(f"/documents/{number.slug}/attachments", {"csrf_token": token},
               upload_files=[("file", "fra-styregruppen.txt", b"x")], status=status)
    assert attachments(engine) == []


def test_archivist_cannot_upload(as_role, doc, engine):
    b = as_role("arkivar")
    token = b.csrf_token("/")
    b.post(f"/documents/{doc.slug}/attachments", {"csrf_token": token},
           upload_files=[("file", "a.txt", b"x")], status=403)
    assert attachments(engine) == []


def test_board_downloads_attachments_of_final_documents_only(as_role, make_case, make_document, engine):
    cn = make_case()
    final = make_document(cn, title="Endeligt")
    draft = make_document(cn, title="Kladde")
    sek = as_role("sekretariat")
    upload(sek, final, ("file", "offentlig.txt", b"alle maa se"), status=303)
    upload(sek, draft, ("file", "intern.txt", b"kun sekretariatet"), status=303)
    with engine.begin() as conn:  # files are attached while a document is a draft; then it becomes final
        conn.exec_driver_sql("UPDATE documents SET status = 'endelig' WHERE title = 'Endeligt'")
    upload(sek, final, ("file", "for-sent.txt", b"x"), status=403)  # final means final
    public_id = attachments(engine, final)[0]["id"]
    internal_id = attachments(engine, draft)[0]["id"]
    board = as_role("styregruppe")
    assert board.get(f"/documents/{final.slug}/attachments/{public_id}").body == b"alle maa se"
    r = board.get(f"/documents/{draft.slug}/attachments/{internal_id}", status=404)
    assert b"kun sekretariatet" not in r.body
    # the archivist reads both
    arkivar = as_role("arkivar")
    assert arkivar.get(f"/documents/{draft.slug}/attachments/{internal_id}").body == b"kun sekretariatet"


def test_no_uploads_in_an_archived_case(as_role, make_case, make_document, engine, db):
    from rsi_case.cases.resources import find_case

    cn = make_case()
    number = make_document(cn)
    with db() as s:
        case = find_case(s, cn)
        case.status = "arkiveret"
    b = as_role("sekretariat")
    token = b.csrf_token("/")
    b.post(f"/documents/{number.slug}/attachments", {"csrf_token": token},
           upload_files=[("file", "for-sent.txt", b"x")], status=403)
    assert attachments(engine) == []
