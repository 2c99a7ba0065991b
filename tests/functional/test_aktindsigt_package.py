"""The answer to a request for access (issue 19, point 4): the aktliste, the
package -- one PDF made by real LibreOffice, read back by real pdftotext and
pdfinfo -- and the zip of released files, approved by a second person, filed
in the request's case final and frozen, and mailed to a real SMTP server
(aiosmtpd). A withheld passage is nowhere in what leaves: not in the PDF's
text or metadata, not in the zip's names or files."""

from __future__ import annotations

import email
import email.policy
import io
import re
import subprocess
import zipfile

import pytest
import sqlalchemy as sa

from tests.bombs import pdf_text as make_pdf
from tests.functional.test_aktindsigt import register, request_url, rows
from tests.functional.test_mail_sending import smtp  # noqa: F401 (fixture)

# a memo of our own (not the demo's), released in part: a person's name and health withheld
PARTLY_TITLE = "Notat om fravær – Birgitte Sønderholm"
PARTLY_BODY = ("<p>Projektgruppen har haft et højt fravær i foråret. <b>Birgitte</b> Sønderholm har været "
               "sygemeldt siden marts på grund af stress, og opgaverne er fordelt på de øvrige.</p>"
               "<p>Sekretariatet foreslår at forlænge tidsplanen med to måneder.</p>")
WITHHELD = ("Birgitte", "Sønderholm", "stress")


@pytest.fixture
def answer_case(make_case, make_document, app, db, users):
    from rsi_case.documents.resources import find_document
    from rsi_case.documents.services import add_attachment
    from rsi_case.security.models import User

    udbud = make_case(title="Fælles udbud af patientadministration", number="24/0311")
    drift = make_case(title="Drift af regionernes datacentre", number="25/0142")
    full = make_document(udbud, title="Notat om evalueringsmodel", status="endelig",
                         body="<p>Evalueringsmodellen vægter pris 40 procent og kvalitet 60 procent.</p>")
    partly = make_document(udbud, title=PARTLY_TITLE, status="endelig", body=PARTLY_BODY)
    refused = make_document(udbud, title="Tilbud fra leverandør A/S", status="endelig",
                            body="<p>Tilbudsprisen er 4,2 mio. kr. med rabat på hardware.</p>")
    other = make_document(drift, title="Referat af driftsmøde", status="endelig",
                          body="<p>Driftsmødet drøftede backup af datacentrene.</p>")
    sha, size = app.registry["rsi_case.blobs"].put_bytes(make_pdf("Bilag: budgetoverslag for driften"))
    with db() as s:
        add_attachment(s, find_document(s, full), sha256=sha, size=size, content_type="application/pdf",
                       filename="Budget for Birgittes team.pdf", user=s.get(User, users["sekretariat"]))
    return {"full": full, "partly": partly, "refused": refused, "other": other}


def ids(engine):
    return {r["title"]: r["id"] for r in rows(engine, "SELECT id, title FROM documents")}


def decide(b, engine, decisions: dict):
    """decisions: document title -> (decision, ground)."""
    form = b.get(request_url(engine)).forms["access-decisions-form"]
    by_title = ids(engine)
    for title, (decision, ground) in decisions.items():
        form[f"d{by_title[title]}-decision"] = decision
        form[f"d{by_title[title]}-ground"] = ground
    form.submit().follow()


DECISIONS = {"Notat om evalueringsmodel": ("fuld", ""), PARTLY_TITLE: ("delvis", "p30_1"),
             "Tilbud fra leverandør A/S": ("afslag", "p30_2"), "Referat af driftsmøde": ("ikke_omfattet", "")}


def withhold(db, engine, title, *passages):
    from rsi_case.aktindsigt.models import AccessRedaction

    (req,) = rows(engine, "SELECT id FROM access_requests")
    with db() as s:
        for passage in passages:
            s.add(AccessRedaction(request_id=req["id"], document_id=ids(engine)[title], passage=passage,
                                  ground="p30_1"))


def answer_url(engine):
    return request_url(engine) + "/answer"


def make_package(b, engine, status=303):
    page = b.get(answer_url(engine))
    return page.forms["access-package-form"].submit(status=status)


def pdftotext(data: bytes, tmp_path, name="p.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def pdfinfo(data: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return "".join(subprocess.run(["pdfinfo", *flag, str(path)], capture_output=True, text=True, check=True,
                                  timeout=60).stdout for flag in ([], ["-meta"]))  # the Info and any XMP


def test_the_package_holds_letter_aktliste_and_released_texts_and_nothing_withheld(
        as_role, answer_case, engine, db, tmp_path, smtp):  # noqa: F811
    sekretariat = as_role("sekretariat")
    register(sekretariat)
    decide(sekretariat, engine, DECISIONS)
    withhold(db, engine, PARTLY_TITLE, "Birgitte Sønderholm", "på grund af stress")
    case_slug = request_url(engine).split("/")[2]
    case_no = case_slug.replace("-", "/")

    # the aktliste on the page and as CSV: number order, the released title, decision and ground
    page = sekretariat.get(answer_url(engine))
    listed = [tr.select("td")[2].get_text() for tr in page.html.select("table.aktliste tbody tr")]
    assert listed == ["Notat om evalueringsmodel",
                      "Notat om fravær – [Undtaget, jf. offentlighedslovens § 30, nr. 1]",
                      "Tilbud fra leverandør A/S", "Referat af driftsmøde"]
    assert not page.html.select(".access-problems")
    csv = sekretariat.get(request_url(engine) + "/aktliste.csv")
    assert csv.content_type == "text/csv"
    text = csv.body.decode("utf-8-sig")
    assert "Delvis aktindsigt;§ 30, nr. 1 – enkeltpersoners private forhold" in text and "Birgitte" not in text

    # the draft: one PDF and one zip, kept in the store and in a package row
    done = make_package(sekretariat, engine).follow()
    assert "Udkastet til svar er lavet" in done.text
    (pkg,) = rows(engine, "SELECT * FROM access_packages")
    assert pkg["state"] == "udkast" and pkg["pages"] >= 4
    pdf = sekretariat.get(request_url(engine) + "/package.pdf")
    assert pdf.content_type == "application/pdf"
    assert f'filename="aktindsigt-{case_slug}.pdf"' in pdf.headers["Content-Disposition"]
    text = " ".join(pdftotext(pdf.body, tmp_path).split())  # (lines are wrapped where the page ends)
    # in order: the letter, the aktliste, the released texts, the released PDF attachment
    order = ["Karen Mølgaard", "km@avis.example", f"Sagsnr.: {case_no}", "Svar på din anmodning om aktindsigt",
             "Fuld aktindsigt i 1 dokument", "Delvis aktindsigt i 1 dokument", "Afslag på aktindsigt i 1 dokument",
             "1 dokument er ikke omfattet af anmodningen", "§ 30, nr. 2", "Klagevejledning", "4 uger",
             "Folketingets Ombudsmand", "Test Sekretariat", "Aktliste Nr. Dokumentnr. Dato Titel",
             "Evalueringsmodellen vægter pris 40 procent", "Projektgruppen har haft et højt fravær",
             "i foråret. [Undtaget, jf. offentlighedslovens § 30, nr. 1] har været sygemeldt siden marts "
             "[Undtaget, jf. offentlighedslovens § 30, nr. 1], og opgaverne",
             "Sekretariatet foreslår at forlænge tidsplanen", "Bilag: budgetoverslag for driften"]
    at = [text.find(s) for s in order]
    assert -1 not in at, [s for s, i in zip(order, at) if i == -1]
    assert at == sorted(at), list(zip(order, at))
    # not the text of the refused document, nor of the one not covered
    assert "Tilbudsprisen" not in text and "Driftsmødet drøftede" not in text
    # the letter's greeting and signature on one page, with the end of the complaint guidance before them
    pages = pdftotext(pdf.body, tmp_path).split("\f")
    (signed,) = [i for i, p in enumerate(pages) if "Med venlig hilsen" in p]
    assert "Test Sekretariat" in pages[signed] and "Ombudsmand" in pages[signed], pages[signed][:300]
    # nothing withheld: text, metadata, zip names and zip contents
    info = pdfinfo(pdf.body, tmp_path)
    assert re.search(rf"^Title: +Aktindsigt {case_no}$", info, re.M), info
    assert re.search(r"^Subject: +Svar på anmodning om aktindsigt$", info, re.M), info
    for word in WITHHELD:
        assert word not in text and word.lower() not in text.lower(), word
        assert word not in info, word
    archive = sekretariat.get(request_url(engine) + "/package.zip")
    with zipfile.ZipFile(io.BytesIO(archive.body)) as z:
        names = z.namelist()
        slugs = {t: n.slug for t, n in answer_case.items()}
        assert sorted(names) == sorted(["aktliste.csv", f"{slugs['full']}.pdf", f"{slugs['full']}-bilag-1.pdf",
                                        f"{slugs['partly']}.pdf"])
        contents = {n: z.read(n) for n in names}
    for name, data in contents.items():
        readable = pdftotext(data, tmp_path, "m.pdf") if name.endswith(".pdf") else data.decode("utf-8-sig")
        for word in WITHHELD:
            assert word not in readable and word not in name, (word, name)
    assert "Sekretariatet foreslår" in pdftotext(contents[f"{slugs['partly']}.pdf"], tmp_path, "m.pdf")
    # the audit trail names no withheld word
    audit = " ".join(str(r["detail"]) + str(r["object_ref"]) for r in rows(engine, "SELECT * FROM audit_log"))
    assert "Birgitte" not in audit and "stress" not in audit

    # the maker may not approve it
    refused = sekretariat.get(answer_url(engine)).forms["access-approve-form"].submit(status=403)
    assert "derfor skal en anden godkende det" in refused.html.select_one("#answer-error").get_text()
    assert rows(engine, "SELECT state FROM access_packages")[0]["state"] == "udkast"

    # someone else approves: filed final and frozen, the request answered, mailed to the requester
    admin = as_role("admin")
    form = admin.get(answer_url(engine)).forms["access-approve-form"]
    form["send"].checked = True
    approved = form.submit().follow()
    assert "Svaret blev godkendt" in approved.text and "km@avis.example" in approved.text
    (req,) = rows(engine, "SELECT r.status, r.answered_on, r.case_id FROM access_requests r")
    assert req["status"] == "besvaret" and req["answered_on"] is not None
    (filed,) = rows(engine, "SELECT * FROM documents WHERE title = 'Svar på anmodning om aktindsigt'")
    assert filed["status"] == "endelig" and filed["frozen"] and filed["case_id"] == req["case_id"]
    files = rows(engine, f"SELECT filename, sha256 FROM attachments WHERE document_id = {filed['id']} ORDER BY id")
    assert [f["filename"] for f in files] == [f"aktindsigt-{case_slug}.pdf", f"aktindsigt-{case_slug}-filer.zip"]
    (pkg,) = rows(engine, "SELECT * FROM access_packages")
    (admin_id,) = rows(engine, "SELECT id FROM users WHERE login = 'admin'")
    assert pkg["state"] == "sendt" and pkg["approved_by_id"] == admin_id["id"] and pkg["document_id"] == filed["id"]
    (mail_from, rcpt, content), = smtp.mails
    assert rcpt == ["km@avis.example"]
    sent = email.message_from_bytes(content, policy=email.policy.default)
    assert sent["Subject"] == f"Svar på anmodning om aktindsigt ({case_no})"
    assert sorted(p.get_filename() for p in sent.iter_attachments()) == sorted(f["filename"] for f in files)
    assert "Birgitte" not in content.decode("ascii", "replace")
    (mail_doc,) = rows(engine, "SELECT d.case_id, m.direction FROM documents d JOIN mail_messages m "
                               "ON m.document_id = d.id")
    assert mail_doc["direction"] == "udgaaende" and mail_doc["case_id"] == req["case_id"]
    actions = {r["action"] for r in rows(engine, "SELECT action FROM audit_log")}
    assert {"access_package_make", "access_package_approve", "access_request_answered"} <= actions
    # the filed answer is frozen: no new version
    from rsi_case.numbering import DocumentNumber

    slug = DocumentNumber(filed["year"], filed["seq"]).slug
    doc_page = admin.get(f"/documents/{slug}")
    assert "Svar på anmodning om aktindsigt" in doc_page.text
    assert not doc_page.html.select(f'a[href$="/documents/{slug}/edit"]')
    # after the answer, the decisions cannot change, and no new draft is made
    again = sekretariat.get(request_url(engine)).forms["access-decisions-form"]
    again[f"d{ids(engine)['Referat af driftsmøde']}-decision"] = "fuld"
    assert "kan ikke længere ændres" in again.submit().follow().text
    assert rows(engine, "SELECT decision FROM access_decisions WHERE document_id = :d",
                d=ids(engine)["Referat af driftsmøde"])[0]["decision"] == "ikke_omfattet"
    answered = admin.get(answer_url(engine))
    assert not answered.html.select("#access-package-form") and not answered.html.select(".access-problems")
    assert "Anmodningen blev besvaret den" in answered.html.select_one(".access-answered").get_text(" ")
    late = admin.post(request_url(engine) + "/package",
                      {"csrf_token": admin.csrf_token(request_url(engine))}, status=409)
    assert "Anmodningen er besvaret" in late.html.select_one("#answer-error").get_text()
    # ... nor what was withheld: it is part of the answer as sent
    marks = f"{request_url(engine)}/documents/{answer_case['partly'].slug}"
    shown = admin.get(marks)
    assert "det undtagne er en del af svaret" in shown.text and not shown.html.select("#redaction-form")
    assert not shown.html.select('button[name="remove"]')
    (first,) = rows(engine, "SELECT min(id) AS id FROM access_redactions")
    token = admin.csrf_token(marks)
    admin.post(marks, {"csrf_token": token, "add": "1", "passage": "Sekretariatet", "ground": "p30_1",
                       "target": "text"}, status=409)
    admin.post(marks, {"csrf_token": token, "remove": str(first["id"])}, status=409)
    assert rows(engine, "SELECT count(*) AS n FROM access_redactions")[0]["n"] == 2


def test_no_package_while_a_decision_is_missing_changed_or_not_releasable(as_role, answer_case, engine, db, app,
                                                                          users):
    from rsi_case.documents.models import Document
    from rsi_case.documents.resources import find_document
    from rsi_case.documents.services import add_attachment

    b = as_role("sekretariat")
    register(b)
    sha, size = app.registry["rsi_case.blobs"].put_bytes(make_pdf("Sygemelding"))
    with db() as s:
        add_attachment(s, find_document(s, answer_case["partly"]), sha256=sha, size=size,
                       content_type="application/pdf", filename="sygemelding.pdf", user=None)
    # a decision missing
    decide(b, engine, {t: d for t, d in DECISIONS.items() if t != "Referat af driftsmøde"})
    refused = make_package(b, engine, status=400)
    assert "Udkastet til svar blev ikke lavet" in refused.html.select_one("#answer-error").get_text()
    problems = refused.html.select_one(".access-problems").get_text(" ")
    assert "Dokumentet har endnu ingen afgørelse" in problems and str(answer_case["other"]) in problems
    # the partly released document has nothing withheld yet
    assert "der er ikke undtaget noget" in problems and str(answer_case["full"]) not in problems
    decide(b, engine, DECISIONS)
    # a document changed after its decision
    with db() as s:
        doc = s.execute(sa.select(Document).where(Document.title == "Referat af driftsmøde")).scalar_one()
        doc.version += 1
    problems = make_package(b, engine, status=400).html.select_one(".access-problems").get_text(" ")
    assert "ændret efter vurderingen" in problems and "ingen afgørelse" not in problems
    assert "der er ikke undtaget noget" in problems
    decide(b, engine, {"Referat af driftsmøde": ("fuld", "")})
    # a passage marked for withholding that is no longer in the text (said before the attachments)
    withhold(db, engine, PARTLY_TITLE, "Jens Jensen")
    problems = make_package(b, engine, status=400).html.select_one(".access-problems").get_text(" ")
    assert "findes ikke længere i teksten" in problems and str(answer_case["partly"]) in problems
    assert "der er ikke undtaget noget" not in problems
    assert "ændret efter vurderingen" not in problems
    assert "Jens Jensen" not in problems  # the message never repeats the passage
    assert rows(engine, "SELECT count(*) AS n FROM access_packages")[0]["n"] == 0
    # nothing to approve
    admin = as_role("admin")
    page = admin.get(answer_url(engine))
    assert not page.html.select("#access-approve-form")
    token = page.html.select_one('#access-package-form input[name="csrf_token"]')["value"]
    for value in ("1", "x" * 50, "", "99999999999"):
        got = admin.post(request_url(engine) + "/package/approve", {"csrf_token": token, "package": value},
                         status=409)
        assert "Der er intet udkast at godkende" in got.html.select_one("#answer-error").get_text()
    for url in ("/package.pdf", "/package.zip"):
        b.get(request_url(engine) + url, status=404)


def test_a_stale_draft_is_not_approved_a_new_one_replaces_it_and_a_leak_is_refused(as_role, answer_case, engine,
                                                                                   db, app):
    from rsi_case.aktindsigt.models import AccessDecision

    b = as_role("sekretariat")
    register(b)
    decide(b, engine, DECISIONS)
    withhold(db, engine, PARTLY_TITLE, "Birgitte Sønderholm")
    make_package(b, engine)
    admin = as_role("admin")
    form = admin.get(answer_url(engine)).forms["access-approve-form"]
    # meanwhile a decision changes: the draft looked at is no longer what the decisions say
    with db() as s:
        d = s.execute(sa.select(AccessDecision).join(AccessDecision.document)
                      .where(sa.text("documents.title = 'Referat af driftsmøde'"))).scalar_one()
        d.decision = "fuld"
    stale = form.submit(status=409)
    assert "lav et nyt udkast" in stale.html.select_one("#answer-error").get_text()
    assert rows(engine, "SELECT state FROM access_requests r JOIN access_packages p ON p.request_id = r.id")
    assert rows(engine, "SELECT status FROM access_requests")[0]["status"] == "aaben"
    # a new draft replaces the old one
    make_package(b, engine)
    states = [r["state"] for r in rows(engine, "SELECT state FROM access_packages ORDER BY id")]
    assert states == ["erstattet", "udkast"]
    # the old form (naming the replaced draft) approves nothing
    assert "Der er intet udkast at godkende" in form.submit(status=409).text
    # a withheld name that another released document still carries: refused, nothing kept
    with db() as s:
        from rsi_case.documents.models import Document

        doc = s.execute(sa.select(Document).where(Document.title == "Notat om evalueringsmodel")).scalar_one()
        doc.body_html = "<p>Evalueringen blev gennemgået af Birgitte Sønderholm.</p>"
    leak = make_package(b, engine, status=400)
    error = leak.html.select_one("#answer-error").get_text()
    assert f"undtaget i {answer_case['partly']}, kan stadig læses i pakken" in error
    assert len(rows(engine, "SELECT id FROM access_packages")) == 2


def test_the_answer_pages_are_for_those_who_may_edit_the_request_case(as_role, answer_case, make_case, engine,
                                                                         users):
    secret = make_case(title="Personalesag om direktør", number="25/0999", confidential=True,
                       responsible_id=users["admin"])
    admin = as_role("admin")
    register(admin, cases="25/0999", subject="Fratrædelsesaftalen")
    url = request_url(engine)
    token = admin.csrf_token(url + "/answer")
    for role in ("sekretariat", "styregruppe", "arkivar"):
        b = as_role(role)
        own = b.csrf_token("/account")
        for path in ("/answer", "/aktliste.csv", "/package.pdf", "/package.zip"):
            b.get(url + path, status=404)
        for path in ("/package", "/package/approve"):
            b.post(url + path, {"csrf_token": own, "package": "1"}, status=404)
    # an ordinary case has no answer
    udbud = "/cases/24-0311/access-request"
    admin.get(udbud + "/answer", status=404)
    admin.post(udbud + "/package", {"csrf_token": token}, status=404)
    # CSRF: a POST without the session's token changes nothing
    for path in ("/package", "/package/approve"):
        got = admin.post(url + path, {"package": "1"}, expect_errors=True)
        assert got.status_int == 400 and "access_packages" not in got.text
    assert rows(engine, "SELECT count(*) AS n FROM access_packages")[0]["n"] == 0
    assert secret is not None


def test_a_draft_is_approved_once_when_two_approvals_meet(as_role, answer_case, engine, db, app, smtp):  # noqa: F811
    """A double click on *Godkend svar*, or two approvers at once: one answer
    is filed and one mail sent. The draft is taken by one conditional UPDATE
    (aktindsigt.answer.claim) before anything is mailed or filed."""
    from sqlalchemy.orm import Session

    from rsi_case.aktindsigt.answer import claim
    from rsi_case.aktindsigt.package_models import AccessPackage
    from rsi_case.security.models import User

    b = as_role("sekretariat")
    register(b)
    decide(b, engine, DECISIONS)
    withhold(db, engine, PARTLY_TITLE, "Birgitte Sønderholm")
    make_package(b, engine)
    (draft,) = rows(engine, "SELECT id FROM access_packages")
    # two transactions have both read the draft as a draft; the first takes it and commits
    first, second = Session(engine), Session(engine)
    try:
        one, two = first.get(AccessPackage, draft["id"]), second.get(AccessPackage, draft["id"])
        assert one.state == two.state == "udkast" and two.approved_by_id is None
        admin = first.execute(sa.select(User).where(User.login == "admin")).scalar_one()
        assert claim(first, one, admin)
        first.commit()
        try:  # PostgreSQL: the UPDATE finds the row taken; SQLite: the stale snapshot may not write (retried)
            taken = claim(second, two, admin)
        except sa.exc.OperationalError:
            assert engine.dialect.name == "sqlite"
            taken = False
        assert taken is False
        second.rollback()
    finally:
        first.close()
        second.close()
    with db() as s:  # (the claim above was only a claim: free the draft for the approval through the page)
        s.execute(sa.update(AccessPackage).values(approved_by_id=None))
    # through the page: the same approval posted twice sends and files once
    approver = as_role("admin")
    form = approver.get(answer_url(engine)).forms["access-approve-form"]
    form["send"].checked = True
    form.submit().follow()
    again = form.submit(status=409)
    assert "intet udkast at godkende" in again.text
    assert len(smtp.mails) == 1
    assert len(rows(engine, "SELECT id FROM documents WHERE title = 'Svar på anmodning om aktindsigt'")) == 1
    assert [r["state"] for r in rows(engine, "SELECT state FROM access_packages")] == ["sendt"]


def test_an_approval_whose_mail_fails_leaves_the_draft_free(as_role, answer_case, engine, db, app, smtp):  # noqa: F811
    """The draft taken for an approval is given back when the mail cannot be
    sent, so that it can be approved again (the taking is not left behind)."""
    b = as_role("sekretariat")
    register(b)
    decide(b, engine, DECISIONS)
    withhold(db, engine, PARTLY_TITLE, "Birgitte Sønderholm")
    make_package(b, engine)
    app.registry.settings["rsi_case.mail.smtp_port"] = "1"  # the mail server is down: nobody listens there
    approver = as_role("admin")
    form = approver.get(answer_url(engine)).forms["access-approve-form"]
    form["send"].checked = True
    failed = form.submit(status=502)
    assert "ikke godkendt" in failed.text
    assert rows(engine, "SELECT state, approved_by_id FROM access_packages") == [
        {"state": "udkast", "approved_by_id": None}]
    form["send"].checked = False
    form.submit().follow()
    assert rows(engine, "SELECT state FROM access_packages")[0]["state"] == "godkendt"
