"""Insight into one's own data (issue 19, point 6; GDPR art. 15): for a named
person, the records that mention them — a document's text through the search
index, a filed mail's parties, a request's requester — the audit entries on
those records, and the searches that named them; as a page and a Word report.
Only the administrator may make it (they see everything); the lookup is
audited; bad input gets a Danish message."""

from __future__ import annotations

import io
import json

import docx
import pytest
import sqlalchemy as sa

from rsi_case.aktindsigt import services as access_services
from rsi_case.cases.resources import find_case
from rsi_case.documents.resources import find_document
from rsi_case.i18n import today
from rsi_case.mail.models import MailMessage
from rsi_case.security.models import User

NAME = "Karen Mølgaard"


@pytest.fixture
def world(make_case, make_document, db, users):
    udbud = make_case(title="Fælles udbud af patientadministration", number="24/0311")
    secret = make_case(title="Personalesag", number="25/0999", confidential=True, responsible_id=users["admin"])
    mentioned = make_document(udbud, title="Notat om pressens henvendelse", status="endelig",
                              body=f"<p>Journalist {NAME} fra Avisen ringede om <b>tidsplanen</b>.</p>")
    make_document(udbud, title="Notat om tidsplan", status="endelig", body="<p>Karen Hansen og Ole Mølgaard.</p>")
    mail = make_document(udbud, title="Spørgsmål om udbuddet", status="endelig", kind="email",
                         body="<p>Se vedhæftede.</p>")
    hidden = make_document(secret, title="Fortroligt notat", status="endelig",
                           body=f"<p>Samtale med {NAME} om fratrædelse.</p>")
    with db() as s:
        doc = find_document(s, mail)
        s.add(MailMessage(document_id=doc.id, direction="udgaaende", sender_name="Test Sekretariat",
                          sender_address="sekretariat@example.dk", filename="svar.eml", content_type="message/rfc822",
                          size=10, sha256="0" * 64,
                          recipients={"to": [{"name": "karen mølgaard", "address": "km@avis.example"}], "cc": []}))
        access_services.register(s, s.get(User, users["sekretariat"]), requester_name=NAME,
                                 requester_contact="km@avis.example", press=True, received_on=today(),
                                 subject="Aktindsigt i udbuddet", cases=[find_case(s, udbud)])
    return {"mentioned": mentioned, "mail": mail, "hidden": hidden, "udbud": udbud}


def look_up(b, status=200, url="/insight", **fields):
    token = b.csrf_token("/insight")
    return b.post(url, {"csrf_token": token, **fields}, status=status)


def rows(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).mappings().all()


def test_a_name_is_found_in_text_mail_parties_requests_views_and_searches(as_role, world, engine):
    # others read the document and search for the person
    as_role("styregruppe").get(f"/documents/{world['mentioned'].slug}")
    sek = as_role("sekretariat")
    sek.get("/search", {"q": "karen mølgaard journalist"})
    sek.get("/search", {"q": "tidsplan"})  # not about her
    admin = as_role("admin")
    page = look_up(admin, name=f"  {NAME} ", email="")
    records = {tr.select_one("th").get_text(strip=True): tr.get_text(" ", strip=True)
               for tr in page.html.select(".insight-records tbody tr")}
    assert str(world["mentioned"]) in records and "tekst (søgeindekset)" in records[str(world["mentioned"])]
    assert str(world["mail"]) in records and "modtager af mail" in records[str(world["mail"])]
    (request_case,) = [k for k, v in records.items() if "anmoder om aktindsigt" in v]
    assert request_case.startswith(f"{today().year % 100:02d}/")
    # the administrator sees everything: the confidential document too (the page says so)
    assert str(world["hidden"]) in records
    assert "også de fortrolige" in page.text
    # not the document that names "Karen" and "Mølgaard" apart
    assert "Notat om tidsplan" not in page.html.select_one(".insight-records").get_text()
    events = [tr.get_text(" ", strip=True) for tr in page.html.select(".insight-events tbody tr")]
    assert any("styregruppe" in e and str(world["mentioned"]) in e for e in events), events
    searches = [tr.get_text(" ", strip=True) for tr in page.html.select(".insight-searches tbody tr")]
    assert len(searches) == 1 and "sekretariat" in searches[0] and "karen mølgaard journalist" in searches[0]
    summary = page.html.select_one(".insight-summary").get_text(" ")
    assert "4 poster nævner personen" in summary and "1 søgning efter personen" in summary
    # dates dd-mm-yyyy
    assert today().strftime("%d-%m-%Y") in searches[0]
    # the lookup is audited, its words readable only as typed words are
    (event,) = rows(engine, "SELECT * FROM audit_log WHERE action = 'personal_data_insight'")
    detail = event["detail"] if isinstance(event["detail"], dict) else json.loads(event["detail"])
    assert detail["query"] == NAME and detail["records"] == 4 and event["login"] == "admin"
    audit_page = as_role("arkivar").get("/audit")
    row = [tr for tr in audit_page.html.select("tbody tr") if "slog en persons oplysninger op" in tr.get_text()]
    assert len(row) == 1 and "admin" in row[0].get_text()
    assert NAME not in audit_page.text
    # a second lookup lists the first one among the searches for her
    again = look_up(admin, name=NAME)
    assert len(again.html.select(".insight-searches tbody tr")) == 2


def test_by_e_mail_address_too(as_role, world):
    page = look_up(as_role("admin"), name="Nogen Andensen", email="km@avis.example")
    text = page.html.select_one(".insight-records").get_text(" ")
    assert str(world["mail"]) in text and "anmoder om aktindsigt" in text


def test_the_word_report(as_role, world):
    as_role("styregruppe").get(f"/documents/{world['mentioned'].slug}")
    got = look_up(as_role("admin"), url="/insight/report.docx", name=NAME)
    assert got.content_type.endswith("wordprocessingml.document")
    assert "indsigt-Karen-M" in got.headers["Content-Disposition"]
    word = docx.Document(io.BytesIO(got.body))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Indsigt i personoplysninger" in text and f"Person: {NAME}" in text
    assert "Udarbejdet den " + today().strftime("%d-%m-%Y") + " af Test Admin" in text
    assert str(world["mentioned"]) in cells and str(world["mail"]) in cells and "styregruppe" in cells


@pytest.mark.parametrize("fields, field, message", [
    ({"name": ""}, "name", "Skriv personens navn"),
    ({"name": "   "}, "name", "Skriv personens navn"),
    ({"name": "Bo"}, "name", "mindst tre bogstaver"),
    ({"name": "12345"}, "name", "mindst tre bogstaver"),
    ({"name": "x" * 300}, "name", "Højst 200 tegn"),
    ({"name": NAME, "email": "km@"}, "email", "er ikke en e-mailadresse"),
    ({"name": NAME, "email": "a" * 300 + "@x.dk"}, "email", "er ikke en e-mailadresse"),
])
def test_bad_input_gets_a_danish_message_and_is_kept(as_role, world, engine, fields, field, message):
    admin = as_role("admin")
    for url in ("/insight", "/insight/report.docx"):
        page = look_up(admin, status=400, url=url, **fields)
        error = page.html.select_one(f"#{field}-error")
        assert error is not None and message in error.get_text()
        assert page.forms["insight-form"][field].value == fields[field][:400 if field == "name" else 508]
    assert not rows(engine, "SELECT * FROM audit_log WHERE action = 'personal_data_insight'")


def test_hostile_words_are_words(as_role, world):
    admin = as_role("admin")
    for name in ('"Karen" OR *', "Karen%_!", "Karen AND NOT Mølgaard", "<script>alert(1)</script>"):
        page = look_up(admin, name=name)
        assert "<script>alert" not in page.text
    assert "Intet fundet." in look_up(admin, name="Karen%_!").text


def test_only_the_administrator_may_look_up_a_person(as_role, world):
    for role in ("sekretariat", "styregruppe", "arkivar"):
        b = as_role(role)
        assert b.get("/insight", expect_errors=True).status_int in (403, 404)
        token = b.csrf_token("/")
        for url in ("/insight", "/insight/report.docx"):
            got = b.post(url, {"csrf_token": token, "name": NAME}, expect_errors=True)
            assert got.status_int in (403, 404) and str(world["hidden"]) not in got.text
    assert 'href="http://localhost/insight"' in as_role("admin").get("/").text
