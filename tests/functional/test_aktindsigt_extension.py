"""Extending a request's deadline (issue 19; offentlighedsloven § 36, stk. 2):
a later working day, a reason, and a letter to the requester — mailed through
a real SMTP server (aiosmtpd) and filed as an outgoing e-mail, or filed as a
document of the request's case. The dashboard, the list and the overdue state
follow the extended deadline; the page shows the original one too."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json

import pytest
import sqlalchemy as sa

from rsi_case.aktindsigt import workdays
from rsi_case.i18n import format_date, today
from tests.functional.test_aktindsigt import cases, register, request_url, rows  # noqa: F401  (fixture)
from tests.functional.test_mail_sending import smtp  # noqa: F401 (fixture)


def next_christmas_eve(after: dt.date) -> dt.date:
    eve = dt.date(after.year, 12, 24)
    return eve if eve > after else dt.date(after.year + 1, 12, 24)


def working_day_after(day: dt.date, n: int = 5) -> dt.date:
    return workdays.add_working_days(day, n)


def extend(b, url, status=303, **fields):
    token = b.csrf_token(url)
    return b.post(url + "/extend", {"csrf_token": token, **fields}, status=status)


def overdue_request(b, engine, **fields):
    received = today() - dt.timedelta(days=20)
    register(b, received_on=format_date(received), **fields)
    url = request_url(engine)
    return url, workdays.deadline(received)


def test_the_deadline_is_extended_with_a_filed_letter_and_the_lists_follow(as_role, cases, engine):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine, requester_contact="Vestergade 3, 8000 Aarhus C")
    assert b.get("/access-requests").html.select_one("tr.access-overdue") is not None
    page = b.get(url)
    link = page.html.select_one(f'a[href$="{url}/extend"]')
    assert link is not None and "Forlæng fristen" in link.get_text()
    form_page = b.get(url + "/extend")
    # the letter cannot be mailed (the contact is a postal address): no box offers it, and the page says why
    assert "send" not in form_page.forms["access-extend-form"].fields
    assert "anmoderens kontaktoplysning er ikke en e-mailadresse" in form_page.text
    new = working_day_after(today(), 8)
    preview = extend(b, url, status=200, new_deadline=format_date(new), reason="Sagerne rummer 140 dokumenter, "
                     "og flere skal i høring hos leverandøren.", letter="", file="1", preview="1")
    letter = preview.forms["access-extend-form"]["letter"].value
    assert "Kære Karen Mølgaard" in letter and format_date(new) in letter and "140 dokumenter" in letter
    assert rows(engine, "SELECT count(*) AS n FROM access_extensions")[0]["n"] == 0  # a preview saves nothing
    done = extend(b, url, new_deadline=format_date(new), reason="Sagerne rummer 140 dokumenter, og flere skal i "
                  "høring hos leverandøren.", letter=letter + "\n\nP.S. Ring gerne.", file="1").follow()
    (x,) = rows(engine, "SELECT * FROM access_extensions")
    assert str(x["previous_deadline"]) == original.isoformat() and str(x["new_deadline"]) == new.isoformat()
    assert x["reason"].startswith("Sagerne rummer") and x["mailed_to"] == ""
    (req,) = rows(engine, "SELECT deadline, case_id FROM access_requests")
    assert str(req["deadline"]) == new.isoformat()
    # the letter: a final document of the request's case, as edited
    (doc,) = rows(engine, "SELECT * FROM documents WHERE id = :id", id=x["letter_document_id"])
    assert doc["case_id"] == req["case_id"] and doc["status"] == "endelig"
    assert "P.S. Ring gerne." in doc["body_html"] and "Kære Karen Mølgaard" in doc["body_html"]
    # the page shows both deadlines, the reason and the letter
    panel = done.html.select_one(".access-extension").get_text(" ")
    assert "Oprindelig frist" in panel and format_date(original) in panel
    assert f"Forlænget til {format_date(new)}" in panel and "140 dokumenter" in panel
    assert format_date(new) in done.html.select_one(".card").get_text()
    assert "Fristen er forlænget til" in done.text
    # no longer overdue: the list, the dashboard
    assert b.get("/access-requests").html.select_one("tr.access-overdue") is None
    left = workdays.working_days_between(today(), new)
    card = b.get("/").html.select_one(".access-requests-card")
    assert card.select_one(".deadline-overdue") is None and f"{left} arbejdsdage tilbage" in card.get_text(" ")
    (event,) = rows(engine, "SELECT * FROM audit_log WHERE action = 'access_deadline_extend'")
    detail = event["detail"] if isinstance(event["detail"], dict) else json.loads(event["detail"])
    assert detail["old"] == original.isoformat() and detail["new"] == new.isoformat()


def test_christmas_eve_is_refused_and_what_was_typed_is_kept(as_role, cases, engine):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine)
    eve = next_christmas_eve(original)
    after = eve + dt.timedelta(days=1)
    while not workdays.is_working_day(after):
        after += dt.timedelta(days=1)
    assert after >= eve + dt.timedelta(days=3)  # juledag and 2. juledag are skipped
    page = extend(b, url, status=400, new_deadline=format_date(eve), reason="Høring af leverandøren", letter="Brevet")
    error = page.html.select_one("#new_deadline-error").get_text()
    assert f"{format_date(eve)} er ikke en arbejdsdag" in error and f"Næste arbejdsdag er {format_date(after)}" in error
    form = page.forms["access-extend-form"]
    assert form["new_deadline"].value == format_date(eve) and form["reason"].value == "Høring af leverandøren"
    assert form["letter"].value == "Brevet"
    assert page.html.select_one("#new_deadline").get("aria-describedby") == "new_deadline-help new_deadline-error"
    # that day then works
    extend(b, url, new_deadline=format_date(after), reason="Høring af leverandøren")
    assert str(rows(engine, "SELECT deadline FROM access_requests")[0]["deadline"]) == after.isoformat()
    # a second extension starts from the extended deadline; the original is still the first one
    later = working_day_after(after, 3)
    extend(b, url, new_deadline=format_date(later), reason="Leverandøren har bedt om mere tid")
    found = rows(engine, "SELECT previous_deadline, new_deadline FROM access_extensions ORDER BY id")
    assert [str(r["previous_deadline"]) for r in found] == [original.isoformat(), after.isoformat()]
    page = b.get(url)
    assert f"Oprindelig frist {format_date(original)}" in " ".join(page.html.select_one(".access-extension").get_text(" ").split())


@pytest.mark.parametrize("fields, field, message", [
    ({"new_deadline": "abc"}, "new_deadline", "»abc« er ikke en dato"),
    ({"new_deadline": "31-02-2026"}, "new_deadline", "er ikke en dato"),
    ({"new_deadline": ""}, "new_deadline", "er ikke en dato"),
    ({"new_deadline": "9" * 39}, "new_deadline", "er ikke en dato"),
    ({"new_deadline": "EARLIER"}, "new_deadline", "skal ligge efter den nuværende frist"),
    ({"new_deadline": "FAR"}, "new_deadline", "højst ligge 366 dage efter"),
    ({"reason": "  "}, "reason", "Skriv, hvorfor anmodningen ikke kan besvares"),
    ({"reason": "x" * 2001}, "reason", "Højst 2000 tegn"),
    ({"letter": "x" * 20001}, "letter", "Højst 20000 tegn"),
    ({"send": "1"}, "send", "Brevet kan ikke sendes"),
])
def test_bad_input_gets_a_danish_message(as_role, cases, engine, fields, field, message):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine, requester_contact="Vestergade 3, 8000 Aarhus C")
    values = {"new_deadline": format_date(working_day_after(today(), 8)), "reason": "Høring", "letter": ""}
    values.update(fields)
    if values["new_deadline"] == "EARLIER":
        values["new_deadline"] = format_date(original)
    elif values["new_deadline"] == "FAR":
        values["new_deadline"] = format_date(working_day_after(original, 300))
    page = extend(b, url, status=400, **values)
    error = page.html.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text(), page.text[:3000]
    assert rows(engine, "SELECT count(*) AS n FROM access_extensions")[0]["n"] == 0


def test_the_letter_is_mailed_and_filed_as_an_outgoing_mail(as_role, cases, engine, smtp):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine)  # contact km@avis.example
    form = b.get(url + "/extend").forms["access-extend-form"]
    assert form["send"].checked and "km@avis.example" in b.get(url + "/extend").text
    new = working_day_after(today(), 6)
    extend(b, url, new_deadline=format_date(new), reason="Dokumenterne skal i høring hos tre regioner.", letter="",
           send="1", file="1").follow()
    (mail_from, rcpt, content), = smtp.mails
    assert rcpt == ["km@avis.example"] and mail_from == "sekretariat@rsi-sag.dk"
    sent = email.message_from_bytes(content, policy=email.policy.default)
    body = sent.get_content()
    assert format_date(new) in sent["Subject"] and "aktindsigt" in sent["Subject"].lower()
    assert "Kære Karen Mølgaard" in body and "høring hos tre regioner" in body and format_date(new) in body
    assert "offentlighedslovens § 36, stk. 2" in body
    (x,) = rows(engine, "SELECT * FROM access_extensions")
    assert x["mailed_to"] == "km@avis.example"
    (filed,) = rows(engine, "SELECT d.kind, d.case_id, m.direction FROM documents d JOIN mail_messages m "
                            "ON m.document_id = d.id WHERE d.id = :id", id=x["letter_document_id"])
    (req,) = rows(engine, "SELECT case_id FROM access_requests")
    assert filed["kind"] == "email" and filed["direction"] == "udgaaende" and filed["case_id"] == req["case_id"]


def test_a_refused_mail_saves_nothing(as_role, cases, engine, smtp):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine, requester_contact="ukendt@rm.example")
    page = extend(b, url, status=502, new_deadline=format_date(working_day_after(today(), 6)), reason="Høring",
                  send="1")
    assert "Mailserveren afviste modtagerne: ukendt@rm.example. Intet blev sendt." in page.text
    assert page.forms["access-extend-form"]["reason"].value == "Høring"
    assert rows(engine, "SELECT count(*) AS n FROM access_extensions")[0]["n"] == 0
    assert str(rows(engine, "SELECT deadline FROM access_requests")[0]["deadline"]) == original.isoformat()


def test_an_answered_request_is_not_extended_and_others_may_not(as_role, cases, engine):
    b = as_role("sekretariat")
    url, original = overdue_request(b, engine)
    for role in ("styregruppe", "arkivar"):
        assert as_role(role).get(url + "/extend", expect_errors=True).status_int in (403, 404)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE access_requests SET status = 'besvaret', answered_on = :d"), {"d": today()})
    assert b.get(url).html.select_one(f'a[href$="{url}/extend"]') is None
    page = extend(b, url, status=400, new_deadline=format_date(working_day_after(today(), 6)), reason="Høring")
    assert "er besvaret" in page.text
    assert rows(engine, "SELECT count(*) AS n FROM access_extensions")[0]["n"] == 0
