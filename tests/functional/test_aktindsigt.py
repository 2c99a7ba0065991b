"""Requests for access (issue 19, points 1 and 2): a request is registered as
a case of its own with its deadline in Danish working days, shown on the
secretariat's dashboard; each document of the cases concerned gets a
decision with its ground, and a document changed after its decision is
flagged. A confidential case concerned is handled only by those who may see
it, and registering never tells anyone else that it exists."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from rsi_case.aktindsigt import workdays
from rsi_case.i18n import format_date, today


@pytest.fixture
def cases(make_case, make_document):
    udbud = make_case(title="Fælles udbud af patientadministration", number="24/0311")
    drift = make_case(title="Drift af regionernes datacentre", number="25/0142")
    docs = {
        "notat": make_document(udbud, title="Notat om evalueringsmodel", status="endelig"),
        "tilbud": make_document(udbud, title="Tilbud fra leverandør A/S", status="endelig"),
        "referat": make_document(drift, title="Referat af driftsmøde", status="endelig"),
    }
    return udbud, drift, docs


def register(b, status=303, **fields):
    values = {"requester_name": "Karen Mølgaard", "requester_contact": "km@avis.example", "press": "1",
              "received_on": format_date(today()), "subject": "Alt om udbuddet af patientadministration 2024-25",
              "cases": "24/0311, 25/142"}
    values.update(fields)
    token = b.csrf_token("/access-requests/new")
    return b.post("/access-requests/new", {"csrf_token": token, **values}, status=status)


def rows(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).mappings().all()


def request_url(engine):
    (row,) = rows(engine, "SELECT c.year, c.seq FROM access_requests r JOIN cases c ON c.id = r.case_id")
    return f"/cases/{row['year'] % 100:02d}-{row['seq']:04d}/access-request"


def test_a_request_becomes_a_case_with_its_deadline_on_the_dashboard(as_role, cases, engine):
    b = as_role("sekretariat")
    page = register(b).follow()
    (req,) = rows(engine, "SELECT r.*, c.category, c.title, c.confidential FROM access_requests r "
                          "JOIN cases c ON c.id = r.case_id")
    assert req["category"] == "aktindsigt" and not req["confidential"]
    assert req["requester_name"] == "Karen Mølgaard" and req["press"]
    due = workdays.deadline(today())
    assert str(req["deadline"]) == due.isoformat()
    concerned = rows(engine, "SELECT c.title FROM access_request_cases rc JOIN cases c ON c.id = rc.case_id "
                             "ORDER BY c.year")
    assert [r["title"] for r in concerned] == ["Fælles udbud af patientadministration", "Drift af regionernes datacentre"]
    # the page: the requester, the deadline (dd-mm-yyyy) with the working days left, a row per document
    assert "Karen Mølgaard" in page.text and format_date(due) in page.text
    assert "7 arbejdsdage tilbage" in page.text
    for title in ("Notat om evalueringsmodel", "Tilbud fra leverandør A/S", "Referat af driftsmøde"):
        assert title in page.text
    assert "Dokumenter uden afgørelse endnu: 3" in page.text
    # the dashboard and the list
    home = b.get("/")
    card = home.html.select_one(".access-requests-card")
    assert card is not None and "7 arbejdsdage tilbage" in card.get_text(" ")
    assert "Karen Mølgaard" in b.get("/access-requests").text
    # the audit trail names the cases concerned
    (event,) = rows(engine, "SELECT * FROM audit_log WHERE action = 'access_request_register'")
    detail = event["detail"] if isinstance(event["detail"], dict) else json.loads(event["detail"])  # JSON on PostgreSQL
    assert detail["concerns"] == ["24/0311", "25/0142"] and detail["deadline"] == due.isoformat()


def test_an_overdue_request_is_highlighted(as_role, cases, engine):
    b = as_role("sekretariat")
    received = today() - dt.timedelta(days=30)
    register(b, received_on=format_date(received))
    late = -workdays.working_days_between(today(), workdays.deadline(received))
    listing = b.get("/access-requests")
    row = listing.html.select_one("tr.access-overdue")
    assert row is not None
    assert f"overskredet med {late} arbejdsdag" in row.get_text(" ")
    assert b.get("/").html.select_one(".access-requests-card .deadline-overdue") is not None


@pytest.mark.parametrize("fields, field, message", [
    ({"requester_name": "  "}, "requester_name", "Skriv anmoderens navn"),
    ({"received_on": "31-02-2026"}, "received_on", "er ikke en dato"),
    ({"received_on": format_date(today() + dt.timedelta(days=3))}, "received_on", "i fremtiden"),
    ({"cases": ""}, "cases", "mindst én sag"),
    ({"cases": "24/0311 99/9999"}, "cases", "Der er ingen sag 99/9999"),
    ({"cases": "24/0311 62947/09"}, "cases", "ligner et dokumentnummer"),
    ({"cases": "x" * 5000}, "cases", "er ikke et sagsnummer"),
    ({"subject": ""}, "subject", "Skriv, hvad der bedes om"),
])
def test_a_bad_form_says_what_is_wrong_and_keeps_everything_typed(as_role, cases, engine, fields, field, message):
    b = as_role("sekretariat")
    page = register(b, status=400, **fields)
    error = page.html.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text(), page.html.select_one(".alert-danger")
    form = page.forms["access-request-form"]
    typed = {"requester_name": "Karen Mølgaard", "requester_contact": "km@avis.example",
             "subject": "Alt om udbuddet af patientadministration 2024-25", "cases": "24/0311, 25/142"}
    typed.update({k: v for k, v in fields.items() if k in typed})
    for name, value in typed.items():
        assert form[name].value == value[:4000]
    assert form["press"].checked
    assert rows(engine, "SELECT count(*) AS n FROM access_requests")[0]["n"] == 0


def test_decisions_need_their_ground_and_are_kept_with_who_decided(as_role, cases, engine):
    udbud, drift, docs = cases
    b = as_role("sekretariat")
    page = register(b).follow()
    ids = {r["title"]: r["id"] for r in rows(engine, "SELECT id, title FROM documents")}
    notat, tilbud, referat = (ids["Notat om evalueringsmodel"], ids["Tilbud fra leverandør A/S"],
                              ids["Referat af driftsmøde"])
    form = page.forms["access-decisions-form"]
    form[f"d{notat}-decision"] = "fuld"
    form[f"d{tilbud}-decision"] = "afslag"  # no ground: refused
    form[f"d{tilbud}-note"] = "Tilbuddet rummer priser og løsningsbeskrivelse."
    bad = form.submit(status=400)
    assert "skal have hjemmel i loven" in bad.html.select_one(f"#d{tilbud}-ground-error").get_text()
    assert bad.forms["access-decisions-form"][f"d{tilbud}-note"].value == "Tilbuddet rummer priser og løsningsbeskrivelse."
    assert bad.forms["access-decisions-form"][f"d{notat}-decision"].value == "fuld"
    assert rows(engine, "SELECT count(*) AS n FROM access_decisions")[0]["n"] == 0

    form = bad.forms["access-decisions-form"]
    form[f"d{tilbud}-ground"] = "p30_2"
    form[f"d{referat}-decision"] = "delvis"
    form[f"d{referat}-ground"] = "p30_1"
    form[f"d{referat}-extracted"] = True
    done = form.submit().follow()
    assert "3 afgørelser gemt." in done.text
    saved = {r["document_id"]: r for r in rows(engine, "SELECT * FROM access_decisions")}
    assert saved[tilbud]["decision"] == "afslag" and saved[tilbud]["ground"] == "p30_2"
    assert saved[referat]["extracted"] and not saved[referat]["extended"]
    (who,) = rows(engine, "SELECT id FROM users WHERE login = 'sekretariat'")
    assert {r["decided_by_id"] for r in saved.values()} == {who["id"]}
    assert len(rows(engine, "SELECT * FROM audit_log WHERE action = 'access_decision'")) == 3
    assert "Dokumenter uden afgørelse endnu" not in done.text
    # a ground on full access is refused too
    form = done.forms["access-decisions-form"]
    form[f"d{notat}-ground"] = "p23"
    assert "ingen undtagelseshjemmel" in form.submit(status=400).html.select_one(f"#d{notat}-ground-error").get_text()
    # saving again without changes changes nothing
    again = b.get(request_url(engine)).forms["access-decisions-form"]
    assert "Intet blev ændret" in again.submit().follow().text


def test_a_document_changed_after_its_decision_is_flagged(as_role, cases, engine, db):
    from rsi_case.documents.models import Document

    b = as_role("sekretariat")
    page = register(b).follow()
    form = page.forms["access-decisions-form"]
    for name in list(form.fields):
        if name and name.endswith("-decision"):
            form[name] = "fuld"
    form.submit().follow()
    assert "ændret efter vurderingen" not in b.get(request_url(engine)).text
    with db() as s:
        doc = s.execute(sa.select(Document).where(Document.title == "Referat af driftsmøde")).scalar_one()
        doc.version += 1
    flagged = b.get(request_url(engine)).html.select(".access-changed")
    assert len(flagged) == 1 and "ændret efter vurderingen" in flagged[0].get_text()


def test_a_confidential_case_is_handled_only_by_those_who_may_see_it(as_role, cases, make_case, make_document,
                                                                      engine, users):
    secret = make_case(title="Personalesag om direktør", number="25/0999", confidential=True,
                       responsible_id=users["admin"])
    make_document(secret, title="Fortroligt notat om fratrædelse", status="endelig")
    sekretariat = as_role("sekretariat")
    # for someone who may not see it, the number is as unknown as one that names no case
    page = register(sekretariat, status=400, cases="24/0311 25/0999")
    unknown = register(sekretariat, status=400, cases="24/0311 25/0998")
    assert page.html.select_one("#cases-error").get_text().replace("0999", "NNNN") == \
        unknown.html.select_one("#cases-error").get_text().replace("0998", "NNNN")
    # the administrator registers it: the request's own case is confidential too
    admin = as_role("admin")
    register(admin, cases="25/0999", subject="Fratrædelsesaftalen")
    (req,) = rows(engine, "SELECT c.confidential, c.title FROM access_requests r JOIN cases c ON c.id = r.case_id")
    assert req["confidential"]
    url = request_url(engine)
    for role in ("sekretariat", "styregruppe", "arkivar"):
        b = as_role(role)
        b.get(url, status=404)
        b.get(url.rsplit("/", 1)[0], status=404)
        for page_url in ("/", "/access-requests", "/cases"):
            got = b.get(page_url, expect_errors=True)
            assert "Fratrædelsesaftalen" not in got.text and "Karen Mølgaard" not in got.text
    assert "Fortroligt notat om fratrædelse" in admin.get(url).text


def test_only_the_secretariat_and_administrators_register_and_decide(as_role, cases, engine):
    register(as_role("sekretariat"))
    url = request_url(engine)
    for role in ("styregruppe", "arkivar"):
        b = as_role(role)
        assert b.get("/access-requests", expect_errors=True).status_int in (403, 404)
        assert b.get("/access-requests/new", expect_errors=True).status_int in (403, 404)
        assert b.get(url, expect_errors=True).status_int in (403, 404)
        assert "Karen Mølgaard" not in b.get(url.rsplit("/", 1)[0]).text  # the case page, without the card
    assert "Karen Mølgaard" in as_role("admin").get(url).text


def test_an_ordinary_case_has_no_request_page(as_role, cases):
    udbud, drift, docs = cases
    as_role("sekretariat").get(f"/cases/{udbud.slug}/access-request", status=404)
