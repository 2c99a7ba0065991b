"""Redaction that really removes (issue 19, point 3): passages are marked on a
document's page under the request, and what is released -- the text, the
title, the PDF attachment rebuilt from pictures, the file names -- holds none
of the withheld words; neither do the PDF's metadata, the audit trail (also as
exported) or the search index. Checked with a memo written for this test (a
person's name, a CPR-like number, an amount) and a PDF made from a Word file by
LibreOffice, read back with the real pdftotext and pdfinfo.

Also: the page's validation (Danish messages, what was typed kept, 400), its
404s (a document of a case the request does not concern, of another request,
a confidential one) and CSRF."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pyramid.i18n import make_localizer

import rsi_case
from rsi_case.aktindsigt import pdf_redaction, release
from rsi_case.aktindsigt.models import AccessDecision, AccessRequest
from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from rsi_case.documents.models import Attachment
from rsi_case.documents.resources import find_document
from rsi_case.documents.sanitize import html_to_text
from rsi_case.documents.services import add_attachment
from rsi_case.numbering import CaseNumber, DocumentNumber
from rsi_case.security.models import User
from tests.conftest import add_user, count
from tests.functional.test_aktindsigt import register

LOCALIZER = make_localizer("da", [str(Path(rsi_case.__file__).parent / "locale")])

NAME = "Jens Kjærgaard"
CPR = "120467-1234"
AMOUNT = "48.350 kr."
# every word that must be gone from what is released (the name's parts on their own too)
SECRETS = ("Kjærgaard", "120467", "1234", "48.350")
MEMO = (f"<h2>Sygefravær i sekretariatet</h2>"
        f"<p>Medarbejderen <b>Jens</b> Kjærgaard (CPR-nr. {CPR}) har været sygemeldt siden den 3. marts. "
        f"Regionen har udbetalt {AMOUNT} i løn under sygdom.</p>"
        f"<p>Sekretariatet foreslår, at fraværssamtalen med jens  kjærgaard holdes inden udgangen af måneden, "
        f"og at personalekontoret deltager.</p>")
PDF_NAME = f"Lønoversigt {NAME}.pdf"
_PDF: dict[str, bytes] = {}


def lonoversigt_pdf() -> bytes:
    """A PDF as a region would attach it: written in Word (python-docx), saved as PDF by
    LibreOffice, with the person in its properties, a line break inside the name and the
    amount in a table."""
    if "pdf" in _PDF:
        return _PDF["pdf"]
    import docx

    d = docx.Document()
    d.core_properties.title = f"Lønoversigt for {NAME}"
    d.core_properties.author = NAME
    d.core_properties.subject = f"CPR {CPR}"
    d.core_properties.keywords = "Kjærgaard, sygefravær"
    d.add_heading("Lønoversigt under sygefravær", 1)
    p = d.add_paragraph("Oversigten vedrører medarbejderen Jens")
    p.add_run().add_break()  # the name runs over a line break
    p.add_run(f"Kjærgaard med CPR-nr. {CPR} i afdelingen for fælles indkøb.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Periode", "Beløb"
    table.cell(1, 0).text, table.cell(1, 1).text = "Marts til maj", f"I alt {AMOUNT}"
    d.add_paragraph("Udbetalingen følger overenskomstens regler om løn under sygdom.")
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "loen.docx"
        d.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", work, str(src)], check=True, capture_output=True, timeout=120)
        _PDF["pdf"] = (Path(work) / "loen.pdf").read_bytes()
    return _PDF["pdf"]


def pdftotext(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def pdfinfo(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        info = subprocess.run(["pdfinfo", fh.name], capture_output=True, check=True).stdout.decode()
        meta = subprocess.run(["pdfinfo", "-meta", fh.name], capture_output=True, check=True).stdout.decode()
    return info + meta


def assert_none_in(text: str, where: str):
    low = text.lower()
    for word in SECRETS:
        assert word.lower() not in low, f"{word!r} in {where}"


@pytest.fixture
def world(app, db, make_case, make_document, users):
    """A case with the memo (and its PDF), another with an unrelated document, a
    request concerning the first."""
    personale = make_case(title="Personaleforhold i sekretariatet", number="24/0311")
    drift = make_case(title="Drift af regionernes datacentre", number="25/0142")
    memo = make_document(personale, title=f"Notat om sygefravær – {NAME}", body=MEMO, status="endelig")
    other = make_document(drift, title="Referat af driftsmøde", status="endelig",
                          body="<p>Driften kører stabilt.</p>")
    store = app.registry["rsi_case.blobs"]
    sha, size = store.put(io.BytesIO(lonoversigt_pdf()))
    with db() as s:
        doc = find_document(s, memo)
        att = add_attachment(s, doc, sha256=sha, size=size, content_type="application/pdf", filename=PDF_NAME,
                             user=s.get(User, users["sekretariat"]))
        s.flush()
        att_id = att.id
    return {"memo": memo, "other": other, "att": att_id}


def request_case(engine) -> str:
    with engine.connect() as conn:
        year, seq = conn.execute(sa.text("SELECT c.year, c.seq FROM access_requests r JOIN cases c ON c.id = r.case_id"
                                         " ORDER BY r.id DESC")).first()
    return CaseNumber(year, seq).slug


def page_url(case_slug, doc) -> str:
    return f"/cases/{case_slug}/access-request/documents/{DocumentNumber.parse(str(doc)).slug}"


def decide(b, case_slug, engine, doc, decision="delvis", ground="p30_1"):
    with engine.connect() as conn:
        doc_id = conn.execute(sa.text("SELECT id FROM documents WHERE year = :y AND seq = :s"),
                              {"y": doc.year, "s": doc.seq}).scalar_one()
    url = f"/cases/{case_slug}/access-request"
    b.post(url, {"csrf_token": b.csrf_token(url), f"d{doc_id}-decision": decision, f"d{doc_id}-ground": ground},
           status=303)


def add(b, url, passage, ground="p30_1", target="text", status=303):
    return b.post(url, {"csrf_token": b.csrf_token(url), "passage": passage, "ground": ground, "target": target,
                        "add": "1"}, status=status)


def audit_text(engine) -> str:
    """The whole audit trail, but for the searches the test itself typed (a search is
    recorded with its words by design: who searched for a person is theirs to know)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM audit_log WHERE action != 'search'")).all()
    return "\n".join(repr(tuple(r)) for r in rows)


def search_hits(b, q) -> list:
    found = b.get("/api/search", params={"q": q}).json
    return sorted(f"{h.get('type')} {h.get('number')}" for h in found["hits"])


def test_marked_passages_leave_nothing_behind(app, as_role, world, engine, db):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    # searched as a user before anything is marked: the memo is found by the name (it is in the archive)
    before = {q: search_hits(b, q) for q in ("Kjærgaard", CPR)}
    assert before["Kjærgaard"], "the memo is found by the name"
    decide(b, case, engine, world["memo"])
    # partial access with nothing withheld: a warning on the request page, and release refuses
    page = b.get(f"/cases/{case}/access-request")
    assert "Delvis aktindsigt, men der er endnu ikke undtaget noget" in page.text
    url = page_url(case, world["memo"])
    link = page.html.find("a", href=lambda h: h and h.endswith(url))
    assert link is not None and "Undtag tekst" in link.get_text()

    page = b.get(url)
    assert "Undtagne passager" in page.text and "Forhåndsvisning af det udleverede" in page.text
    assert page.html.select_one('#target option[value="a%d"]' % world["att"]) is not None
    # the passages, in the text (one typed with other spacing and case) and in the PDF
    add(b, url, "jens   KJÆRGAARD")
    add(b, url, CPR)
    add(b, url, AMOUNT, ground="p30_2")
    for passage in (NAME, CPR, AMOUNT):
        add(b, url, passage, target=f"a{world['att']}")
    page = b.get(url)
    assert len(page.html.select("table.redactions tbody tr")) == 6
    preview = " ".join(page.html.select_one(".redaction-preview").get_text(" ").split())
    assert_none_in(preview, "the preview")
    assert "Titel: Notat om sygefravær – [Undtaget, jf. offentlighedslovens § 30, nr. 1]" in preview
    assert "[Undtaget, jf. offentlighedslovens § 30, nr. 1]" in preview
    assert "[Undtaget, jf. offentlighedslovens § 30, nr. 2]" in preview
    assert "Sekretariatet foreslår" in preview
    request_page = b.get(f"/cases/{case}/access-request")
    assert "6 passager undtaget" in request_page.text
    assert "men der er endnu ikke undtaget noget" not in request_page.text

    # what is released
    store = app.registry["rsi_case.blobs"]
    with db() as s:
        access = s.execute(sa.select(AccessRequest)).scalar_one()
        decision = s.execute(sa.select(AccessDecision)).scalar_one()
        assert release.problems(s, LOCALIZER, access, decision, store=store) == []
        html = release.released_html(s, LOCALIZER, access, decision)
        title = release.released_title(s, LOCALIZER, access, decision)
        files = release.released_files(s, LOCALIZER, store, access, decision)
    text = html_to_text(html)
    assert_none_in(html, "the released html")
    assert_none_in(title, "the released title")
    assert text.count("[Undtaget, jf. offentlighedslovens § 30, nr. 1]") == 3  # the name twice, the number
    assert "fraværssamtalen" in text and "personalekontoret" in text
    assert title.startswith("Notat om sygefravær")
    ((name, ctype, data),) = files
    assert_none_in(name, "the file name")
    assert name.startswith(f"{DocumentNumber.parse(str(world['memo'])).slug} bilag 1 - Lønoversigt")
    assert name.endswith(".pdf") and ctype == "application/pdf"
    # the PDF: rebuilt from pictures, OCR'd afresh -- no withheld word in its text, its
    # metadata or its bytes, while the rest is read back
    released = pdftotext(data)
    assert_none_in(released, "pdftotext of the released PDF")
    for word in ("Lønoversigt", "overenskomstens", "sygdom", "Undtaget"):
        assert word in released, word
    assert_none_in(pdfinfo(data), "pdfinfo of the released PDF")
    assert_none_in(data.decode("latin-1"), "the PDF's bytes")
    # the original still holds it all (the test is not vacuous)
    original = pdftotext(lonoversigt_pdf()) + pdfinfo(lonoversigt_pdf())
    assert all(word.lower() in original.lower() for word in SECRETS)

    # the audit trail: the document, the ground and the length, never the words
    audit = audit_text(engine)
    assert_none_in(audit, "the audit trail")
    with engine.connect() as conn:
        details = [json.loads(d) if isinstance(d, str) else d for (d,) in conn.execute(sa.text(
            "SELECT detail FROM audit_log WHERE action = 'access_redaction_add' ORDER BY id"))]
    assert [d["length"] for d in details] == [len("jens KJÆRGAARD"), len(CPR), len(AMOUNT), len(NAME), len(CPR),
                                             len(AMOUNT)]
    assert details[2]["ground"] == "p30_2" and details[3]["target"] == "bilag 1"
    # removing one is audited the same way
    (first_id,) = [int(r["value"]) for r in b.get(url).html.select('button[name="remove"]')][:1]
    b.post(url, {"csrf_token": b.csrf_token(url), "remove": str(first_id)}, status=303)
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'access_redaction_remove'") == 1
    add(b, url, NAME)
    admin = as_role("admin")
    for export in ("/audit.csv", f"/cases/{case}/audit", "/audit?action=access_redaction_add",
                   "/audit?action=access_redaction_remove", "/audit.csv?action=access_redaction_add"):
        r = admin.get(export)
        assert r.status_int == 200
        lines = [line for line in r.body.decode("utf-8").splitlines() if ";search;" not in line]
        assert_none_in("\n".join(lines), export)
    csv_text = admin.get("/audit.csv?action=access_redaction_add").text
    assert csv_text.count("access_redaction_add") == 7 or csv_text.count("undtog en passage") == 7, csv_text[:500]
    page = admin.get("/audit?action=access_redaction_remove")
    assert "fjernede en undtaget passage" in page.text
    assert_none_in(audit_text(engine), "the audit trail")

    # the search index: searching the withheld words finds what it found before, nothing of the request
    for q, hits in before.items():
        assert search_hits(b, q) == hits, q
    assert case.replace("-", "/") not in json.dumps(search_hits(b, "Kjærgaard"))


def test_a_changed_document_and_attachments_that_cannot_be_released_in_part_are_problems(
        app, as_role, world, engine, db, users):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    url = page_url(case, world["memo"])
    store = app.registry["rsi_case.blobs"]

    def problems():
        with db() as s:
            access = s.execute(sa.select(AccessRequest)).scalar_one()
            decision = s.execute(sa.select(AccessDecision)).scalar_one()
            found = release.problems(s, LOCALIZER, access, decision, store=store)
            return [str(p) for p in found], [LOCALIZER.translate(p) for p in found]

    ids, words = problems()
    assert ids == ["redaction-none"] and "der er ikke undtaget noget" in words[0]
    add(b, url, CPR)
    assert problems() == ([], [])
    # the memo is changed after the passage was marked: it is no longer there
    with db() as s:
        find_document(s, world["memo"]).body_html = "<p>Teksten er skrevet om.</p>"
    ids, words = problems()
    assert ids == ["redaction-not-found-in"] and "findes ikke længere i teksten" in words[0]
    assert_none_in(" ".join(words), "the problems")
    with db() as s:
        find_document(s, world["memo"]).body_html = MEMO
        # a Word attachment cannot be released in part: refused, and named by its place only
        sha, size = store.put(io.BytesIO(b"PK\x03\x04 not really word"))
        add_attachment(s, find_document(s, world["memo"]), sha256=sha, size=size, filename=f"Brev til {NAME}.docx",
                       content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       user=s.get(User, users["sekretariat"]))
    ids, words = problems()
    assert ids == ["redaction-attachment-not-pdf"] and "bilag 2 kan ikke udleveres delvist" in words[0]
    assert_none_in(" ".join(words), "the problems")
    page = b.get(url)
    assert "Brev til" in page.text and "ikke PDF-filer" in page.text
    with db() as s:
        access = s.execute(sa.select(AccessRequest)).scalar_one()
        decision = s.execute(sa.select(AccessDecision)).scalar_one()
        with pytest.raises(release.RedactionError) as info:
            release.released_files(s, LOCALIZER, store, access, decision,
                                   pdf_redaction.PdfLimits(ocr=False))
        assert info.value.msgid == "redaction-attachment-not-pdf"


def test_a_text_attachment_is_released_with_the_passages_replaced(app, world, db, users, as_role, engine):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    add(b, page_url(case, world["memo"]), NAME)
    store = app.registry["rsi_case.blobs"]
    with db() as s:
        sha, size = store.put(io.BytesIO(f"Samtale med {NAME}\nom sygefraværet.\n".encode()))
        add_attachment(s, find_document(s, world["memo"]), sha256=sha, size=size, content_type="text/plain",
                       filename="jens_kjærgaard_samtale.txt", user=s.get(User, users["sekretariat"]))
    with db() as s:
        access = s.execute(sa.select(AccessRequest)).scalar_one()
        decision = s.execute(sa.select(AccessDecision)).scalar_one()
        files = release.released_files(s, LOCALIZER, store, access, decision, pdf_redaction.PdfLimits(ocr=False))
    (pdf_name, _c, pdf), (txt_name, _ct, txt) = files
    assert txt.decode() == "Samtale med [Undtaget, jf. offentlighedslovens § 30, nr. 1]\nom sygefraværet.\n"
    assert txt_name.endswith("bilag 2 - [undtaget] samtale.txt"), txt_name
    # the PDF: no passage of its own, but the one withheld from the text is withheld in it too
    assert "Kjærgaard" not in pdf_name and pdftotext(pdf).strip() == ""  # (no OCR: no text layer at all)


# -- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, field, message", [
    ({"passage": "   "}, "passage", "Skriv eller markér de ord, der skal undtages."),
    ({"passage": "J"}, "passage", "En passage skal have mindst 2 tegn."),
    ({"passage": "ord " * 600}, "passage", "Højst 2000 tegn."),
    ({"ground": ""}, "ground", "Vælg grundlaget i loven."),
    ({"ground": "p99"}, "ground", "Vælg en af lovens undtagelsesbestemmelser."),
    ({"passage": "Hanne Bjerregaard"}, "passage", "Ordene står ikke i dokumentets nuværende tekst."),
    ({"passage": "fraværssamtalen", "target": "a{att}"}, "passage",
     "Ordene står ikke i teksten i det valgte PDF-bilag."),
    ({"target": "a999999"}, "target", "Vælg teksten eller et af dokumentets PDF-bilag."),
    ({"target": "a{other_att}"}, "target", "Vælg teksten eller et af dokumentets PDF-bilag."),
    ({"target": "a{xlsx}"}, "target", "Vælg teksten eller et af dokumentets PDF-bilag."),
    ({"target": "a１２"}, "target", "Vælg teksten eller et af dokumentets PDF-bilag."),
])
def test_a_bad_passage_says_what_is_wrong_and_keeps_what_was_typed(app, as_role, world, engine, db, users,
                                                                   fields, field, message):
    store = app.registry["rsi_case.blobs"]
    with db() as s:
        sha, size = store.put(io.BytesIO(lonoversigt_pdf()))
        other = add_attachment(s, find_document(s, world["other"]), sha256=sha, size=size,
                               content_type="application/pdf", filename="andet.pdf",
                               user=s.get(User, users["sekretariat"]))
        xlsx = add_attachment(s, find_document(s, world["memo"]), sha256=sha, size=size,
                              content_type="application/vnd.ms-excel", filename="budget.xlsx",
                              user=s.get(User, users["sekretariat"]))
        s.flush()
        ids = {"att": world["att"], "other_att": other.id, "xlsx": xlsx.id}
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    url = page_url(request_case(engine), world["memo"])
    values = {"passage": "Mit eget udkast " + CPR, "ground": "p30_1", "target": "text"}
    values.update({k: v.format(**ids) for k, v in fields.items()})
    if values["passage"] == "Mit eget udkast " + CPR:
        values["passage"] = CPR
    page = add(b, url, values["passage"], values["ground"], values["target"], status=400)
    error = page.html.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text(), page.html.select(".invalid-feedback")
    assert page.html.select_one(f"#{field}")["aria-describedby"].split()[-1] == f"{field}-error"
    assert page.html.select_one("#passage").get_text() == values["passage"]
    assert "Intet blev gemt" in page.text
    assert count(engine, "SELECT COUNT(*) FROM access_redactions") == 0


def test_the_same_passage_twice_is_refused(as_role, world, engine):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    url = page_url(request_case(engine), world["memo"])
    add(b, url, CPR)
    page = add(b, url, f" {CPR} ", status=400)
    assert "allerede undtaget" in page.html.select_one("#passage-error").get_text()
    assert count(engine, "SELECT COUNT(*) FROM access_redactions") == 1


def test_csrf_is_required_and_nothing_is_saved_without_it(as_role, world, engine):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    url = page_url(request_case(engine), world["memo"])
    r = b.post(url, {"passage": CPR, "ground": "p30_1", "target": "text", "add": "1"}, status=400)
    assert "Formularen er udløbet" in r.text
    r = b.post(url, {"csrf_token": "forkert", "passage": CPR, "ground": "p30_1", "target": "text", "add": "1"},
               status=400)
    assert count(engine, "SELECT COUNT(*) FROM access_redactions") == 0
    add(b, url, CPR)
    (rid,) = [r["value"] for r in b.get(url).html.select('button[name="remove"]')]
    b.post(url, {"remove": rid}, status=400)
    assert count(engine, "SELECT COUNT(*) FROM access_redactions") == 1
    # and a CSRF refusal does not put the passage in the audit trail
    assert_none_in(audit_text(engine), "the audit trail")


# -- who may see what ----------------------------------------------------------------------------

def test_only_documents_of_the_cases_concerned_that_the_user_may_see(app, as_role, world, engine, db, users,
                                                                    make_case, make_document):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    first = request_case(engine)
    register(b, cases="25/0142")
    second = request_case(engine)
    b.get(page_url(first, world["memo"]), status=200)
    # a document of a case this request does not concern (it is another request's)
    b.get(page_url(first, world["other"]), status=404)
    b.get(page_url(second, world["memo"]), status=404)
    token = b.csrf_token("/")
    b.post(page_url(first, world["other"]), {"csrf_token": token, "passage": "Driften", "ground": "p30_1",
                                            "target": "text", "add": "1"}, status=404)
    for bad in ("99999-98", "x", "00001-0", "%EF%BC%91%EF%BC%92345-24"):
        b.get(f"/cases/{first}/access-request/documents/{bad}", status=404)
    # an ordinary case has no such page
    b.get(f"/cases/24-0311/access-request/documents/{DocumentNumber.parse(str(world['memo'])).slug}", status=404)
    # a confidential case concerned: its documents are not there for one who may not see it,
    # even when that user may handle the request
    conf_number = make_case(title="Fortrolig personalesag", number="24/0900")
    secret = make_document(conf_number, title="Fortroligt notat", status="endelig", body=f"<p>{NAME}</p>")
    with db() as s:
        conf = find_case(s, CaseNumber.parse("24/0900"))
        conf.confidential = True
        kollega = add_user(s, "kollega", "sekretariat", full_name="Kollega Sekretariat")
        conf.grants.append(CaseGrant(principal=f"user:{users['sekretariat']}", role="ejer"))
        s.flush()
        kollega_id = kollega.id
    register(b, cases="24/0311, 24/0900")
    third = request_case(engine)
    b.get(page_url(third, secret), status=200)
    with db() as s:  # the colleague is given the request case, not the confidential one
        req_case = find_case(s, CaseNumber.parse(third.replace("-", "/")))
        req_case.grants.append(CaseGrant(principal=f"user:{kollega_id}", role="redaktoer"))
    k = as_role("kollega")
    k.get(f"/cases/{third}/access-request", status=200)
    k.get(page_url(third, world["memo"]), status=200)
    r = k.get(page_url(third, secret), status=404)
    assert "Fortroligt notat" not in r.text and NAME not in r.text
    # the board may not handle requests at all
    as_role("styregruppe").get(page_url(first, world["memo"]), status=403)


def test_the_page_works_and_the_remove_of_a_passage_not_there_is_harmless(as_role, world, engine):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    url = page_url(request_case(engine), world["memo"])
    page = b.get(url)
    assert page.html.select_one("#redaction-take") is not None  # shown by the script
    assert page.html.select_one('script[src$="js/redaction.js"]') is not None
    source = page.html.select_one("#redaction-source")
    assert "Sekretariatet foreslår" in source.get_text() and source["data-target"] == "text"
    pdf_text = page.html.select_one(f"#redaction-source-a{world['att']}").get_text(" ")
    assert "Lønoversigt" in pdf_text and CPR in pdf_text
    for value in ("999999", "x", "", "١"):
        r = b.post(url, {"csrf_token": b.csrf_token(url), "remove": value}, status=303).follow()
        assert "ikke undtaget" in r.text


def test_redact_pdf_refuses_what_it_cannot_do(tmp_path):
    with pytest.raises(release.RedactionError) as info:
        pdf_redaction.redact_pdf(lonoversigt_pdf(), [pdf_redaction.PdfCut("Hanne Bjerregaard", "Undtaget")],
                                 pdf_redaction.PdfLimits(ocr=False))
    assert info.value.msgid == "redaction-not-found"
    with pytest.raises(release.RedactionError) as info:
        pdf_redaction.redact_pdf(b"%PDF-1.4 not a pdf at all", [], pdf_redaction.PdfLimits(ocr=False))
    assert info.value.msgid == "redaction-pdf-unreadable"
    with pytest.raises(release.RedactionError) as info:
        pdf_redaction.redact_pdf(lonoversigt_pdf(), [], pdf_redaction.PdfLimits(ocr=False, max_pages=0))
    assert info.value.msgid == "redaction-pdf-too-many-pages"
    # a PDF locked by a password is refused; one with only an owner's password is read
    from pypdf import PdfReader, PdfWriter

    def locked(user_password):
        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(lonoversigt_pdf())).pages:
            writer.add_page(page)
        writer.encrypt(user_password=user_password, owner_password="ejer")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    with pytest.raises(release.RedactionError) as info:
        pdf_redaction.redact_pdf(locked("hemmelig"), [], pdf_redaction.PdfLimits(ocr=False))
    assert info.value.msgid == "redaction-pdf-encrypted"
    out = pdf_redaction.redact_pdf(locked(""), [pdf_redaction.PdfCut(CPR, "Undtaget")],
                                   pdf_redaction.PdfLimits(ocr=False))
    assert pdftotext(out).strip() == ""
    # a PDF that takes too long to read is stopped at the time limit, with a reason
    import time

    from tests import bombs

    started = time.monotonic()
    with pytest.raises(release.RedactionError) as info:
        pdf_redaction.redact_pdf(bombs.pdf_slow(20, 3), [], pdf_redaction.PdfLimits(ocr=False, seconds=6))
    assert info.value.msgid == "redaction-pdf-too-heavy" and time.monotonic() - started < 15
    # a page too large for the pixel limit is drawn at a lower resolution, not refused
    out = pdf_redaction.redact_pdf(lonoversigt_pdf(), [pdf_redaction.PdfCut(CPR, "Undtaget")],
                                   pdf_redaction.PdfLimits(ocr=False, max_pixels=200_000))
    assert pdftotext(out).strip() == "" and b"/Author" not in out and b"/Subject" not in out
    assert re.search(r"^Title:\s+udleveret$", pdfinfo(out), re.MULTILINE)  # the only metadata: Pillow's file name


def test_a_scanned_pdf_is_marked_and_redacted_through_its_ocr_copy(app, as_role, world, engine, db, users, tmp_path):
    """A scan has no text of its own: its words and their places come from the OCR copy
    (issue 18), whose pictures are the scan's; the released copy is rebuilt from those."""
    from rsi_case.ocr.engine import OcrSettings, ocr_file
    from rsi_case.ocr.models import OcrJob

    scan = pdf_redaction.redact_pdf(lonoversigt_pdf(), [], pdf_redaction.PdfLimits(ocr=False))  # pictures only
    assert pdftotext(scan).strip() == ""
    (tmp_path / "scan.pdf").write_bytes(scan)
    ocr_file(tmp_path / "scan.pdf", "pdf", tmp_path / "ocr.pdf", OcrSettings())
    store = app.registry["rsi_case.blobs"]
    sha, size = store.put(io.BytesIO(scan))
    ocr_sha, ocr_size = store.put(io.BytesIO((tmp_path / "ocr.pdf").read_bytes()))
    with db() as s:
        doc = find_document(s, world["memo"])
        att = add_attachment(s, doc, sha256=sha, size=size, content_type="application/pdf", filename="scanning.pdf",
                             user=s.get(User, users["sekretariat"]))
        s.flush()
        job = s.execute(sa.select(OcrJob).where(OcrJob.attachment_id == att.id)).scalar_one_or_none()
        if job is None:
            job = OcrJob(attachment_id=att.id, document_id=doc.id, source_sha256=sha, filename=att.filename)
            s.add(job)
        job.state, job.sha256, job.size, job.pages = "done", ocr_sha, ocr_size, 1
        s.flush()
        scan_id = att.id
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    url = page_url(case, world["memo"])
    assert CPR in b.get(url).html.select_one(f"#redaction-source-a{scan_id}").get_text()
    add(b, url, CPR, target=f"a{scan_id}")
    add(b, url, NAME, target=f"a{scan_id}")
    add(b, url, NAME)  # (the memo's text; also withheld in the first annex wherever it is)
    add(b, url, CPR, target=f"a{world['att']}")
    with db() as s:
        access = s.execute(sa.select(AccessRequest)).scalar_one()
        decision = s.execute(sa.select(AccessDecision)).scalar_one()
        files = dict((name, data) for name, _c, data in release.released_files(
            s, LOCALIZER, store, access, decision, pdf_redaction.PdfLimits(ocr=True)))
    (scanned,) = [data for name, data in files.items() if "scanning" in name]
    text = pdftotext(scanned)
    for word in ("Kjærgaard", "120467"):
        assert word not in text
    assert "overenskomstens" in text


def test_a_passage_marked_in_an_annex_is_withheld_everywhere_and_a_changed_annex_is_a_problem(
        app, as_role, world, engine, db, users):
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    add(b, page_url(case, world["memo"]), NAME, target=f"a{world['att']}")  # marked in the annex only
    store = app.registry["rsi_case.blobs"]

    def release_now():
        with db() as s:
            access = s.execute(sa.select(AccessRequest)).scalar_one()
            decision = s.execute(sa.select(AccessDecision)).scalar_one()
            found = [LOCALIZER.translate(p) for p in release.problems(s, LOCALIZER, access, decision, store=store)]
            return found, release.released_html(s, LOCALIZER, access, decision), \
                release.released_title(s, LOCALIZER, access, decision)

    found, html, title = release_now()
    assert found == []
    assert "Kjærgaard" not in html_to_text(html) and "Kjærgaard" not in title  # also withheld in the text and title
    assert CPR in html_to_text(html)  # (what was not marked stays)
    preview = b.get(page_url(case, world["memo"])).html.select_one(".redaction-preview").get_text(" ")
    assert "Kjærgaard" not in preview
    # the annex is replaced by a file without the name: the passage is not found there any more
    sha, size = store.put(io.BytesIO(pdf_redaction.redact_pdf(lonoversigt_pdf(), [], pdf_redaction.PdfLimits(
        ocr=False))))
    with db() as s:
        att = s.get(Attachment, world["att"])
        att.sha256, att.size = sha, size
    found, _html, _title = release_now()
    assert found == [f"Dokument {world['memo']}: en undtaget passage findes ikke længere i bilag 1 "
                     "(dokumentet er ændret, "
                     "efter passagen blev markeret). Se passagerne igennem igen."]


def test_a_passage_broken_over_a_line_end_in_a_pdf_is_found_and_painted_over():
    """A word hyphenated at a line end ("Kjær-" / "gaard") and a word with its own hyphen broken
    there ("CPR-" / "nummer") are matched across the break; OCR of the result reads neither."""
    import docx

    d = docx.Document()
    p = d.add_paragraph("Sagen angår medarbejderen Jens Kjær-")
    p.add_run().add_break()
    p.add_run("gaard og hans CPR-")
    p.add_run().add_break()
    p.add_run("nummer, som fremgår af personalesagen.")
    with tempfile.TemporaryDirectory() as work:
        d.save(f"{work}/brud.docx")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", work, f"{work}/brud.docx"], check=True, capture_output=True, timeout=120)
        data = Path(f"{work}/brud.pdf").read_bytes()
    (page,) = pdf_redaction.pdf_pages_text(data)
    assert "Kjær- gaard" in page.split(pdf_redaction.BREAK)[0]  # (what the page shows to select from)
    out = pdf_redaction.redact_pdf(data, [pdf_redaction.PdfCut("Jens Kjærgaard", "Undtaget, § 30, nr. 1"),
                                          pdf_redaction.PdfCut("CPR-nummer", "Undtaget, § 30, nr. 1")])
    text = pdftotext(out)
    for word in ("Kjær", "gaard", "nummer"):
        assert word not in text, (word, text)
    assert "Sagen angår" in text and "personalesagen" in text


def test_the_answer_made_from_marked_passages_leaks_nothing_and_its_filed_copy_is_not_found_by_them(
        app, as_role, world, engine, tmp_path):
    """End to end, through the pages: passages marked in the memo and its PDF, the package
    made (real LibreOffice, the PDF rebuilt and OCR'd), approved by a second person and
    filed. No withheld word in the package's text or metadata, the zip's names or files,
    nor in the search index: the filed answer is found by a released word, never by a
    withheld one."""
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    url = page_url(case, world["memo"])
    for passage in (NAME, CPR, AMOUNT):
        add(b, url, passage)
        add(b, url, passage, target=f"a{world['att']}")
    answer = f"/cases/{case}/access-request/answer"
    page = b.get(answer)
    assert not page.html.select(".access-problems"), page.html.select_one(".access-problems")
    page.forms["access-package-form"].submit(status=303)

    pdf = b.get(f"/cases/{case}/access-request/package.pdf").body
    text = " ".join(pdftotext(pdf).split())
    assert "fraværssamtalen" in text and "overenskomstens" in text  # the memo's text and its PDF's (OCR'd)
    assert "[Undtaget, jf. offentlighedslovens § 30, nr. 1]" in text
    assert_none_in(text, "pdftotext of the package")
    assert_none_in(pdfinfo(pdf), "pdfinfo of the package")
    with zipfile.ZipFile(io.BytesIO(b.get(f"/cases/{case}/access-request/package.zip").body)) as z:
        for name in z.namelist():
            assert_none_in(name, "a name in the zip")
            data = z.read(name)
            readable = pdftotext(data) + pdfinfo(data) if name.endswith(".pdf") else data.decode("utf-8-sig")
            assert_none_in(readable, f"{name} in the zip")

    admin = as_role("admin")
    before = search_hits(admin, "Kjærgaard")
    admin.get(answer).forms["access-approve-form"].submit(status=303)
    with engine.connect() as conn:
        year, seq = conn.execute(sa.text(
            "SELECT year, seq FROM documents WHERE title = 'Svar på anmodning om aktindsigt'")).one()
    filed = f"document {DocumentNumber(year, seq)}"
    assert filed in search_hits(admin, "fraværssamtalen")  # the filed answer is in the index ...
    for word in (NAME, "Kjærgaard", CPR, "120467", "48.350"):  # ... but not under a withheld word
        assert filed not in search_hits(admin, word), word
    assert search_hits(admin, "Kjærgaard") == before
    assert_none_in(audit_text(engine), "the audit trail")


def test_a_package_whose_pdfs_take_too_long_to_redact_is_refused_and_nothing_kept(app, as_role, world, engine):
    """Rebuilding the PDF attachments has a budget for the whole package, so the answer is refused
    with a reason, instead of the web worker being stopped half way."""
    b = as_role("sekretariat")
    register(b, cases="24/0311")
    case = request_case(engine)
    decide(b, case, engine, world["memo"])
    add(b, page_url(case, world["memo"]), NAME)
    app.registry.settings["rsi_case.aktindsigt.redaction_budget_seconds"] = "0"
    try:
        page = b.get(f"/cases/{case}/access-request/answer")
        refused = page.forms["access-package-form"].submit(status=400)
    finally:
        del app.registry.settings["rsi_case.aktindsigt.redaction_budget_seconds"]
    assert "tager for lang tid at overstrege" in refused.html.select_one("#answer-error").get_text()
    assert count(engine, "SELECT COUNT(*) FROM access_packages") == 0
