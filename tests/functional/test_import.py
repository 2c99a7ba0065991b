"""The two-step Word import: upload a memo, check what was recognised, confirm."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
import webtest

from rsi_case.demo.wordmemo import SAMPLE, build_memo
from rsi_case.documents.filetypes import DOCX
from rsi_case.i18n import today as danish_today

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
YY = danish_today().year % 100


def memo_bytes(**kw) -> bytes:
    args = dict(SAMPLE)
    args.update(document_number="62947/09", date=dt.date(2009, 12, 15), case_number="09/2867",
                title="Fælles udbud af laboratoriesystem")
    args.update(kw)
    return build_memo(**args)


MEMO = memo_bytes()


def read(b, case_number, data=MEMO, name="gammelt-notat.docx", status=200):
    page = b.get(f"/cases/{case_number.slug}/import")
    form = page.forms["deform"]
    form["upload"] = webtest.Upload(name, data)
    return form.submit("read", status=status)


def recognised(page):
    dl = page.html.select_one("dl.meta")
    assert dl is not None, "no 'recognised' block"
    return [dd.get_text(strip=True) for dd in dl.find_all("dd")]


def warnings(page):
    return [a.get_text(" ", strip=True) for a in page.html.select(".alert-warning")]


def documents(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT * FROM documents ORDER BY id")).mappings().all()


def attachments(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT * FROM attachments ORDER BY id")).mappings().all()


def page_error(page):
    alert = page.html.select_one(".alert-danger")
    assert alert is not None, "no error message"
    return alert.get_text(strip=True)


# --- step 1: upload and what was recognised -----------------------------------


def test_upload_shows_what_was_recognised(as_role, make_case, engine):
    cn = make_case()
    r = read(as_role("admin"), cn)
    assert recognised(r) == ["15-12-2009", "09/2867", "62947/09", "Lone Bech Hansen"]
    form = r.forms["deform"]
    assert form["title"].value == "Fælles udbud af laboratoriesystem"
    assert form["doc_date"].value == "15-12-2009"
    assert form["kind"].value == "notat"
    assert form["status"].value == "endelig"  # a numbered memo was a final paper
    assert form["author_email"].value == "lbh@rsi-sag.dk"
    assert form["author_phone"].value == "+45 7841 2210"
    assert "<h3>Baggrund</h3>" in form["body"].value
    assert form["use_number"].checked is True
    assert form["stated_number"].value == "62947/09"
    assert form["filename"].value == "gammelt-notat.docx"
    assert form["blob"].value == hashlib.sha256(MEMO).hexdigest()
    # nothing is created before the user confirms
    assert documents(engine) == []
    assert attachments(engine) == []


def test_case_number_mismatch_is_warned_about(as_role, make_case):
    cn = make_case()  # this year's case, the memo says 09/2867
    r = read(as_role("sekretariat"), cn)
    mismatch = [w for w in warnings(r) if "09/2867" in w]
    assert len(mismatch) == 1
    assert str(cn) in mismatch[0]


def test_no_mismatch_warning_when_the_case_matches(as_role, make_case):
    cn = make_case(number="09/2867")
    r = read(as_role("sekretariat"), cn)
    assert warnings(r) == []


def test_memo_without_header_can_be_imported_with_a_new_number(as_role, make_case, engine):
    cn = make_case()
    data = memo_bytes(document_number=None, case_number=None, date=None)
    r = read(as_role("sekretariat"), cn, data=data)
    assert recognised(r)[:3] == ["—", "—", "—"]
    form = r.forms["deform"]
    assert "use_number" not in form.fields
    assert form["status"].value == "kladde"
    assert form["doc_date"].value == danish_today().strftime("%d-%m-%Y")
    r = form.submit("create", status=303)
    assert r.location.endswith(f"-{YY:02d}")


# --- step 2: confirm --------------------------------------------------------------


def test_confirm_creates_the_document_under_the_memos_number(as_role, make_case, engine, settings):
    cn = make_case()
    b = as_role("admin")
    r = read(b, cn).forms["deform"].submit("create", status=303)
    assert r.location.endswith("/documents/62947-09")
    [doc] = documents(engine)
    assert (doc["year"], doc["seq"]) == (2009, 62947)
    assert doc["title"] == "Fælles udbud af laboratoriesystem"
    assert doc["status"] == "endelig"
    assert str(doc["doc_date"]) == "2009-12-15"
    assert doc["author_name"] == "Lone Bech Hansen"
    assert "<table>" in doc["body_html"] and "<ul>" in doc["body_html"]
    assert "<strong>fælles udbud</strong>" in doc["body_html"]
    # the Word file is kept as an attachment, stored by its hash
    [att] = attachments(engine)
    assert att["document_id"] == doc["id"]
    assert att["filename"] == "gammelt-notat.docx"
    assert att["content_type"] == DOCX
    assert att["size"] == len(MEMO)
    sha = hashlib.sha256(MEMO).hexdigest()
    assert att["sha256"] == sha
    assert (Path(settings["rsi_case.blobs"]) / sha[:2] / sha[2:4] / sha).read_bytes() == MEMO
    page = r.follow()
    assert "62947/09" in page.text
    assert "gammelt-notat.docx" in page.html.select_one("#bilag").get_text()
    link = page.html.find("a", string="gammelt-notat.docx")
    assert b.get(link["href"]).body == MEMO


def test_edited_fields_on_the_confirmation_win(as_role, make_case, engine):
    cn = make_case()
    form = read(as_role("sekretariat"), cn).forms["deform"]
    form["title"] = "Min egen titel"
    form["kind"] = "beslutningsoplaeg"
    form["status"] = "kladde"
    form.submit("create", status=303)
    [doc] = documents(engine)
    assert (doc["title"], doc["kind"], doc["status"]) == ("Min egen titel", "beslutningsoplaeg", "kladde")


def test_unticked_use_number_gives_the_next_free_number(as_role, make_case, engine):
    cn = make_case()
    form = read(as_role("admin"), cn).forms["deform"]
    form["use_number"] = False
    r = form.submit("create", status=303)
    assert not r.location.endswith("/documents/62947-09")
    assert r.location.endswith(f"-{YY:02d}")
    [doc] = documents(engine)
    assert doc["year"] == danish_today().year


def test_taken_number_gives_a_warning_and_the_next_free_number(as_role, make_case, make_document, engine):
    cn = make_case()
    make_document(cn, title="Har allerede nummeret", number="62947/09")
    r = read(as_role("admin"), cn)
    taken = [w for w in warnings(r) if "62947/09" in w]
    assert len(taken) == 1
    form = r.forms["deform"]
    assert "use_number" not in form.fields
    r = form.submit("create", status=303)
    assert r.location.endswith(f"-{YY:02d}")
    docs = documents(engine)
    assert len(docs) == 2
    assert docs[1]["year"] == danish_today().year
    assert docs[1]["title"] == "Fælles udbud af laboratoriesystem"


def test_number_taken_between_reading_and_confirming(as_role, make_case, make_document, engine):
    cn = make_case()
    form = read(as_role("admin"), cn).forms["deform"]
    make_document(cn, title="Kom først", number="62947/09")  # someone else was quicker
    r = form.submit("create")
    assert r.status_int == 200
    assert "62947/09" in r.text
    again = r.forms["deform"]
    assert again["title"].value == "Fælles udbud af laboratoriesystem"
    assert len(documents(engine)) == 1
    assert attachments(engine) == []


def test_tampered_stated_number_cannot_choose_a_number(as_role, make_case, engine):
    # the number comes from the memo, not from a hidden field the browser sends back
    cn = make_case()
    form = read(as_role("admin"), cn).forms["deform"]
    form["stated_number"] = "00001/30"
    r = form.submit("create")
    assert r.status_int in (303, 400), r.status
    assert not any((d["year"], d["seq"]) == (2030, 1) for d in documents(engine))


def test_malformed_stated_number_is_not_a_server_error(as_role, make_case, engine):
    cn = make_case()
    form = read(as_role("admin"), cn).forms["deform"]
    form["stated_number"] = "ikke-et-nummer"
    r = form.submit("create", expect_errors=True)
    assert r.status_int < 500, r.text[:2000]


def test_unknown_blob_asks_for_the_file_again(as_role, make_case, engine):
    cn = make_case()
    form = read(as_role("sekretariat"), cn).forms["deform"]
    form["blob"] = "0" * 64
    r = form.submit("create", status=400)
    page_error(r)
    assert "upload" in r.forms["deform"].fields
    assert documents(engine) == []
    form["blob"] = "../../etc/passwd"
    r = form.submit("create", status=400)
    assert documents(engine) == []


def test_blob_of_another_file_cannot_be_passed_off_as_the_memo(as_role, make_case, make_document, engine):
    # the hidden "blob" field names a stored file by its hash; pointing it at
    # some other stored file (here a PDF attachment) must not attach that
    # file to a new document labelled as a Word file
    cn = make_case()
    other = make_document(cn, title="Har et PDF-bilag")
    b = as_role("sekretariat")
    token = b.csrf_token(f"/documents/{other.slug}")
    b.post(f"/documents/{other.slug}/attachments", {"csrf_token": token},
           upload_files=[("file", "bilag.pdf", PDF)], status=303)
    form = read(b, cn).forms["deform"]
    form["blob"] = hashlib.sha256(PDF).hexdigest()
    r = form.submit("create", status=400)
    page_error(r)
    assert len(documents(engine)) == 1
    assert [a["content_type"] for a in attachments(engine)] == ["application/pdf"]


def test_confirm_without_csrf_token_is_refused(as_role, make_case, engine):
    cn = make_case()
    b = as_role("sekretariat")
    form = read(b, cn).forms["deform"]
    fields = dict(form.submit_fields("create"))
    fields.pop("csrf_token")
    b.post(f"/cases/{cn.slug}/import", fields, status=400)
    assert documents(engine) == []


# --- refused files ----------------------------------------------------------------


@pytest.mark.parametrize("data", [os.urandom(2048), MEMO[: len(MEMO) // 2], b"PK\x03\x04 fake"],
                         ids=["random", "truncated", "fake-zip"])
def test_corrupt_docx_is_400_with_a_message_and_the_upload_form(as_role, make_case, engine, data):
    cn = make_case()
    r = read(as_role("sekretariat"), cn, data=data, name="skadet.docx", status=400)
    msg = page_error(r)
    assert "skadet.docx" in msg
    assert "could not be read" not in msg and "is not a Word document" not in msg  # Danish
    assert "upload" in r.forms["deform"].fields
    assert r.html.select_one("dl.meta") is None
    assert documents(engine) == []


def test_pdf_is_refused_by_the_import(as_role, make_case, engine):
    cn = make_case()
    r = read(as_role("sekretariat"), cn, data=PDF, name="notat.pdf", status=400)
    assert "notat.pdf" in page_error(r)
    assert "upload" in r.forms["deform"].fields
    assert documents(engine) == []


def test_docx_bytes_under_a_pdf_name_are_refused_too(as_role, make_case, engine):
    cn = make_case()
    r = read(as_role("sekretariat"), cn, data=MEMO, name="notat.pdf", status=400)
    page_error(r)
    assert documents(engine) == []


def test_import_without_a_file_gives_a_message(as_role, make_case, engine):
    cn = make_case()
    b = as_role("sekretariat")
    form = b.get(f"/cases/{cn.slug}/import").forms["deform"]
    r = form.submit("read", status=400)
    assert page_error(r) != "Choose a file to upload."
    assert "upload" in r.forms["deform"].fields
    assert documents(engine) == []


def test_too_large_word_file_is_refused(as_role, make_case, engine, settings):
    cn = make_case()
    big = b"PK\x03\x04" + os.urandom(3 * 1024 * 1024)
    r = read(as_role("sekretariat"), cn, data=big, name="kaempe.docx", status=400)
    assert "kaempe.docx" in page_error(r)
    assert documents(engine) == []
    root = Path(settings["rsi_case.blobs"])
    assert not any(p.is_file() for p in root.rglob("*"))


# --- who may ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["styregruppe", "arkivar"])
def test_readers_cannot_import(as_role, make_case, engine, role):
    cn = make_case()
    b = as_role(role)
    b.get(f"/cases/{cn.slug}/import", status=403)
    token = b.csrf_token("/")
    b.post(f"/cases/{cn.slug}/import", {"csrf_token": token, "read": "read"},
           upload_files=[("upload", "notat.docx", MEMO)], status=403)
    assert documents(engine) == []


def test_the_confirm_step_only_accepts_a_file_this_session_uploaded(app, as_role, make_case, engine):
    """Knowing a stored file's hash is not enough to attach it: it must be the
    session's own upload."""
    import webtest as _webtest

    from tests.conftest import count

    from rsi_case.demo.wordmemo import sample_memo

    cn = make_case()
    first = as_role("sekretariat")
    page = first.get(f"/cases/{cn.slug}/import").forms["deform"]
    page["upload"] = _webtest.Upload("notat.docx", sample_memo())
    confirm = page.submit("read").forms["deform"]
    blob = confirm["blob"].value
    other = as_role("admin")
    token = other.csrf_token(f"/cases/{cn.slug}")
    r = other.post(f"/cases/{cn.slug}/import", {
        "csrf_token": token, "title": "Snydt", "kind": "notat", "doc_date": "15-12-2009", "status": "kladde",
        "blob": blob, "filename": "notat.docx", "create": "create"}, status=400)
    assert count(engine, "SELECT COUNT(*) FROM documents WHERE title = 'Snydt'") == 0
    assert r.status_int == 400
    confirm.submit("create", status=303)  # the uploader's own confirmation still works


# --- the stated number is no oracle (issue 12) ------------------------------------------------------

def _normalised(page, number: str) -> str:
    """The confirmation page with what differs by nature taken out: the CSRF token,
    the uploaded file's hash, and the number itself."""
    import re

    text = re.sub(r'name="csrf_token" value="[^"]+"', "", page.text)
    text = re.sub(r'value="[0-9a-f]{64}"', "", text)
    return text.replace(number, "N").replace(number.replace("/", "-"), "N")


def test_the_secretariat_gets_the_same_answer_for_a_free_a_visible_and_a_confidential_number(
        app, as_role, make_case, make_document, db, engine):
    """Whether a memo's number is free, held by a document the user reads, or held by
    one in a confidential case she may not see: the import answers the same."""
    from rsi_case.cases.resources import find_case

    here = make_case()
    visible = make_case(title="Synlig sag")
    secret = make_case(title="Fortrolig sag")
    make_document(visible, title="Synligt notat", number="11111/09")
    make_document(secret, title="Fortroligt notat", number="22222/09")
    with db() as s:
        find_case(s, secret).confidential = True
    b = as_role("sekretariat")
    answers = {}
    for number in ("11111/09", "22222/09", "33333/09"):  # visible, confidential, free
        page = read(b, here, data=memo_bytes(document_number=number), name="notat.docx")
        assert "use_number" not in page.forms["deform"].fields
        assert warnings(page) == [w for w in warnings(page) if "09/2867" in w]  # no "already in use"
        assert "Kun en administrator" in page.text
        answers[number] = _normalised(page, number)
        # confirming gives the next free number of the year, whatever the memo says
        r = page.forms["deform"].submit("create", status=303)
        assert r.location.endswith(f"-{YY:02d}"), r.location
    assert answers["11111/09"] == answers["22222/09"] == answers["33333/09"]
    assert sorted((d["year"], d["seq"]) for d in documents(engine) if d["year"] == 2009) == [(2009, 11111), (2009, 22222)]


def test_a_forged_use_number_does_not_let_the_secretariat_claim_a_number(as_role, make_case, engine):
    cn = make_case()
    b = as_role("sekretariat")
    page = read(b, cn)
    form = page.forms["deform"]
    fields = {k: v for k, v in form.submit_fields()}
    fields.update({"use_number": "true", "stated_number": "62947/09", "create": "create"})
    r = b.post(f"/cases/{cn.slug}/import", fields, status=303)
    assert r.location.endswith(f"-{YY:02d}")
    assert not any((d["year"], d["seq"]) == (2009, 62947) for d in documents(engine))
