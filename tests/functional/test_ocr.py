"""Scanned papers made searchable (issue 18, point 6): a PDF or image with
no text layer is OCR'd in Danish by the worker; its words are then found by
search, the original stays byte for byte, the searchable copy (PDF/A with a
text layer) is stored beside it, and the document page says so.

These tests run the real tools (ocrmypdf, Tesseract with its Danish model):
when they are missing the tests fail, they are never skipped."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from rsi_case.ocr.models import OcrJob
from rsi_case.ocr.work import runner_from_settings
from rsi_case.worker.runner import Worker
from tests.functional.test_attachments import attachments, upload
from tests.scans import SCANNED_LINES, scanned_pdf, scanned_png, text_pdf, transparent_png


def test_tesseract_reads_danish_here():
    """The tools the OCR needs are installed (.ci/run installs them)."""
    assert shutil.which("tesseract"), "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-dan"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True).stdout.split()
    assert "dan" in langs, "Tesseract's Danish model is missing: apt-get install tesseract-ocr-dan"
    import ocrmypdf  # noqa: F401


@pytest.fixture
def doc(make_case, make_document):
    return make_document(make_case(), title="Gammel afgørelse")


def jobs(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(OcrJob.__table__).order_by(OcrJob.id)).mappings().all()


def work(app, engine, **cfg):
    """One round of the worker, with its OCR task (settings changed by ``cfg``)."""
    runner = runner_from_settings(app.registry.settings, engine, holder="test-worker")
    runner.cfg = dataclasses.replace(runner.cfg, **cfg)
    Worker(engine, app.registry["search.indexer"], name="test-ocr", tasks=[runner]).work_once()
    return runner


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def found(b, word) -> str:
    return b.get("/search", params={"q": word}).html.find("main").get_text(" ")


def test_a_scanned_pdf_is_ocrd_by_the_worker_and_its_words_are_found(app, engine, as_role, doc, settings):
    scan = scanned_pdf()
    b = as_role("sekretariat")
    upload(b, doc, ("file", "afgørelse-1987.pdf", scan), status=303)
    [job] = jobs(engine)
    assert job["state"] == "queued"  # the request only queued it
    page = b.get(f"/documents/{doc.slug}")
    assert "venter på OCR" in page.text
    assert "Gammel afgørelse" not in found(b, "ølbryggerhytten")  # not before the worker read it

    work(app, engine)

    [job] = jobs(engine)
    assert job["state"] == "done", (job["reason"], job["detail"])
    assert job["pages"] == 1
    # the words of the scan are found, by search (one word, and a phrase of it)
    for q in ("ølbryggerhytten", "grønkålsmarken", "Kvædegården", '"flyttet fra åbrinken"'):
        assert "Gammel afgørelse" in found(b, q), q
    # the original is unchanged, byte for byte
    [att] = attachments(engine)
    assert att["sha256"] == hashlib.sha256(scan).hexdigest()
    assert b.get(f"/documents/{doc.slug}/attachments/{att['id']}").body == scan
    # the searchable copy is beside it in the store: a PDF/A whose text layer holds the words
    store = app.registry["rsi_case.blobs"]
    assert job["sha256"] != att["sha256"] and store.exists(job["sha256"])
    copy = b.get(f"/documents/{doc.slug}/attachments/{att['id']}/ocr.pdf", params={"download": "1"})
    assert copy.content_type == "application/pdf" and copy.body[:5] == b"%PDF-"
    assert "(OCR).pdf" in copy.headers["Content-Disposition"]
    text = pdftotext(store.path(job["sha256"]))
    for line in SCANNED_LINES:
        assert line in " ".join(text.split()), (line, text)
    assert b"pdfaid:part" in copy.body  # PDF/A metadata
    # the page says where the text came from, and offers the copy
    page = b.get(f"/documents/{doc.slug}")
    panel = page.html.select_one(".ocr-panel").get_text(" ")
    assert "tekst fra OCR" in panel and "Hent den søgbare kopi" in panel
    assert page.html.select_one(f'.ocr-panel a[href*="/attachments/{att["id"]}/ocr.pdf"]') is not None
    # backup and verify know the copy: referenced, not an orphan to prune
    from rsi_case.operations.files import verify

    report = verify(engine, store)
    assert report.ok and job["sha256"] not in {o.sha256 for o in report.orphans}


def test_a_scanned_image_becomes_searchable_too(app, engine, as_role, doc):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "scanning.png", scanned_png(dpi=200)), status=303)
    work(app, engine)
    [job] = jobs(engine)
    assert job["state"] == "done", (job["reason"], job["detail"])
    assert "Gammel afgørelse" in found(b, "ølbryggerhytten")


def test_an_image_with_transparency_is_flattened_and_read(app, engine, as_role, doc):
    b = as_role("sekretariat")
    png = transparent_png(["Tilsynsrapport om vandværket i Hjørringvænget", "skrevet af fagudvalget i 1987."])
    upload(b, doc, ("file", "udklip.png", png), status=303)
    work(app, engine)
    [job] = jobs(engine)
    assert job["state"] == "done", (job["reason"], job["detail"])
    assert "Gammel afgørelse" in found(b, "Hjørringvænget")
    # the original keeps its transparency; the copy is a PDF
    store = app.registry["rsi_case.blobs"]
    with engine.connect() as conn:
        original = conn.exec_driver_sql("SELECT sha256 FROM attachments WHERE filename = 'udklip.png'").scalar()
    assert store.path(original).read_bytes() == png
    assert store.path(job["sha256"]).read_bytes().startswith(b"%PDF")


def test_a_pdf_with_its_own_text_is_not_ocrd(app, engine, as_role, doc):
    b = as_role("sekretariat")
    pdf = text_pdf(["Referat af styregruppens møde om det fælles laboratoriesystem,",
                    "hvor regionerne drøftede tidsplanen for udbuddet og økonomien."])
    upload(b, doc, ("file", "referat.pdf", pdf), status=303)
    work(app, engine)
    [job] = jobs(engine)
    assert job["state"] == "not_needed" and job["sha256"] is None
    assert b.get(f"/documents/{doc.slug}").html.select_one(".ocr-panel") is None
    assert "Gammel afgørelse" in found(b, "laboratoriesystem")  # read from its own text


@pytest.mark.parametrize("name,data,cfg,reason,shown", [
    ("ødelagt.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 200, {}, ("damaged", "unsupported"), "OCR mislykkedes"),
    ("billede.png", b"\x89PNG\r\n\x1a\n broken", {}, ("unsupported", "error"), "filens format kan ikke læses"),
    ("to-sider.pdf", scanned_pdf(pages=(SCANNED_LINES, SCANNED_LINES), dpi=100), {"max_pages": 1},
     ("too_many_pages",), "flere sider, end OCR må læse"),
    # the time limit: OCRmyPDF and its Tesseract are killed, the worker goes on
    ("langsom.pdf", scanned_pdf(), {"seconds": 1.0}, ("timeout",), "længere tid end tilladt"),
])
def test_a_file_ocr_cannot_read_gets_a_clear_state_and_the_worker_goes_on(app, engine, as_role, doc, name, data, cfg,
                                                                          reason, shown):
    b = as_role("sekretariat")
    upload(b, doc, ("file", name, data), status=303)
    work(app, engine, **cfg)
    [job] = jobs(engine)
    assert job["state"] == "failed" and job["reason"] in reason, (job["reason"], job["detail"])
    assert job["sha256"] is None
    page = b.get(f"/documents/{doc.slug}", status=200)
    panel = page.html.select_one(".ocr-panel").get_text(" ")
    assert "OCR mislykkedes" in panel and shown in panel, panel
    [att] = attachments(engine)
    b.get(f"/documents/{doc.slug}/attachments/{att['id']}/ocr.pdf", status=404)  # no copy
    assert b.get(f"/documents/{doc.slug}/attachments/{att['id']}").body == data  # the original is kept
    assert "Gammel afgørelse" in found(b, name.split(".")[0])  # found by its name
    # the worker is not stuck on it: the next file is read
    upload(b, doc, ("file", "næste.png", scanned_png(dpi=200)), status=303)
    work(app, engine)
    assert jobs(engine)[-1]["state"] == "done"


def test_a_new_file_under_the_attachment_is_queued_and_two_workers_never_take_the_same_job(app, engine, as_role, doc):
    b = as_role("sekretariat")
    upload(b, doc, ("file", "scan.pdf", text_pdf(["Første udgave af filen med egen tekst og mange ord i."])),
           status=303)
    [att] = attachments(engine)
    token = b.csrf_token(f"/documents/{doc.slug}")
    b.post(f"/documents/{doc.slug}/attachments/{att['id']}", {"csrf_token": token},
           upload_files=[("file", "scan.pdf", scanned_pdf(dpi=100))], status=303)
    assert [j["state"] for j in jobs(engine)] == ["queued", "queued"]
    one = runner_from_settings(app.registry.settings, engine, holder="a")
    two = runner_from_settings(app.registry.settings, engine, holder="b")
    first, second = one.claim(), two.claim()
    assert first and second and first != second
    assert one.claim() is None and two.claim() is None  # nothing left to take


def test_the_text_and_copy_of_a_confidential_scan_are_as_invisible_as_its_case(app, engine, as_role, db, make_case,
                                                                              make_document):
    from rsi_case.cases.resources import find_case

    number = make_case(title="Fortrolig personalesag")
    doc = make_document(number, title="Skannet fortroligt brev")
    with db() as s:
        find_case(s, number).confidential = True  # admin only: no grants
    admin, outsider = as_role("admin"), as_role("sekretariat")
    upload(admin, doc, ("file", "brev.pdf", scanned_pdf(dpi=200)), status=303)
    work(app, engine)
    [job] = jobs(engine)
    assert job["state"] == "done", (job["reason"], job["detail"])
    [att] = attachments(engine)
    copy = f"/documents/{doc.slug}/attachments/{att['id']}/ocr.pdf"
    assert "Skannet fortroligt brev" in found(admin, "ølbryggerhytten")
    assert admin.get(copy).body[:5] == b"%PDF-"
    for q in ("ølbryggerhytten", "grønkålsmarken"):
        page = outsider.get("/search", params={"q": q})
        assert "Skannet fortroligt brev" not in page.text and "Fortrolig personalesag" not in page.text
        assert "gav ingen resultater" in page.text
    outsider.get(copy, status=404)
    outsider.get(copy, params={"download": "1"}, status=404)
