"""The year's report on requests for access (issue 19, point 5): counts,
working days to answer, the share answered on time by the original deadline
and within an extended one, decisions and grounds — counting only requests
the reader may see (a confidential request is invisible to others, in the
counts too); bad years get a Danish message, not a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from rsi_case.aktindsigt import extension, services, workdays
from rsi_case.aktindsigt.models import AccessDecision
from rsi_case.cases.resources import find_case
from rsi_case.documents.resources import find_document
from rsi_case.security.models import User

D = dt.date
YEAR = 2025


@pytest.fixture
def world(make_case, make_document, db, users):
    """Five requests received in 2025 and one in 2024:
    1. press, received 24-03-2025, answered 27-03-2025 (3 working days: on time);
    2. other, received 15-04-2025 (Easter week), extended, answered within the extension;
    3. other, received 01-12-2025, answered 07-01-2026 (late, no extension);
    4. press, received 15-12-2025, still open (overdue);
    5. confidential: about a confidential case, only the administrator (and the grantees) may see it;
    6. received 10-06-2024."""
    udbud = make_case(title="Fælles udbud af patientadministration", number="24/0311")
    secret = make_case(title="Personalesag om direktør", number="25/0999", confidential=True,
                       responsible_id=users["admin"])
    n1 = make_document(udbud, title="Notat om evalueringsmodel", status="endelig")
    n2 = make_document(udbud, title="Tilbud fra leverandør A/S", status="endelig")
    n3 = make_document(secret, title="Fortroligt notat", status="endelig")
    with db() as s:
        sek = s.get(User, users["sekretariat"])
        admin = s.get(User, users["admin"])
        u, c = find_case(s, udbud), find_case(s, secret)
        d1, d2, d3 = find_document(s, n1), find_document(s, n2), find_document(s, n3)

        def req(user, received, press, cases, subject="Udbuddet"):
            return services.register(s, user, requester_name="Karen Mølgaard", requester_contact="km@avis.example",
                                     press=press, received_on=received, subject=subject, cases=cases)

        r1 = req(sek, D(2025, 3, 24), True, [u])
        r1.status, r1.answered_on = "besvaret", D(2025, 3, 27)
        r2 = req(sek, D(2025, 4, 15), False, [u])
        assert r2.deadline == D(2025, 4, 29)  # skærtorsdag 17/4, langfredag 18/4, 2. påskedag 21/4
        extension.extend(s, r2, sek, D(2025, 5, 9), "Mange dokumenter")
        r2.status, r2.answered_on = "besvaret", D(2025, 5, 8)
        r3 = req(sek, D(2025, 12, 1), False, [u])
        r3.status, r3.answered_on = "besvaret", D(2026, 1, 7)
        req(sek, D(2025, 12, 15), True, [u])
        r5 = req(admin, D(2025, 6, 2), True, [c], subject="Fratrædelsen")
        r5.status, r5.answered_on = "besvaret", D(2025, 6, 4)
        r6 = req(sek, D(2024, 6, 10), False, [u])
        r6.status, r6.answered_on = "besvaret", D(2024, 6, 12)
        for r, doc, decision, ground in ((r1, d1, "fuld", ""), (r1, d2, "delvis", "p30_2"), (r2, d1, "afslag", "p24"),
                                         (r2, d2, "delvis", "p30_2"), (r5, d3, "afslag", "p30_1"),
                                         (r6, d1, "ikke_omfattet", "")):
            s.add(AccessDecision(request_id=r.id, document_id=doc.id, decision=decision, ground=ground,
                                 document_version=doc.version, decided_by_id=sek.id))
    return users


def table(page, css):
    return {tr.select_one("th").get_text(" ", strip=True): tr.select_one("td").get_text(" ", strip=True)
            for tr in page.html.select(f"{css} tbody tr")}


def test_the_year_counts_what_the_reader_may_see(as_role, world):
    b = as_role("sekretariat")
    page = b.get(f"/access-requests/report?year={YEAR}")
    assert "4 anmodninger modtaget i 2025" in page.text
    main = table(page, ".access-report")
    assert main["Modtaget"] == "4" and main["fra pressen"] == "2" and main["fra andre"] == "2"
    assert main["Besvaret"] == "3" and main["Stadig åbne"] == "1" and main["heraf med overskredet frist"] == "1"
    assert main["Fristen forlænget"] == "1"
    # working days to answer: 3, 14 (15-04 -> 08-05 across Easter) and 22 (01-12 -> 07-01 across Christmas)
    assert workdays.working_days_between(D(2025, 4, 15), D(2025, 5, 8)) == 14
    assert workdays.working_days_between(D(2025, 12, 1), D(2026, 1, 7)) == 22
    assert main["Arbejdsdage til svar, median"] == "14"
    assert main["Arbejdsdage til svar, gennemsnit"] == "13"
    assert main["Arbejdsdage til svar, længste"] == "22"
    assert main["Besvaret inden for 7 arbejdsdage"] == "1 (33 %)"
    assert main["Besvaret inden for en forlænget frist meddelt anmoderen"] == "1 (33 %)"
    assert main["Besvaret for sent"] == "1 (33 %)"
    decisions = table(page, ".access-report-decisions")
    assert decisions == {"Fuld aktindsigt": "1", "Delvis aktindsigt": "2", "Afslag": "1",
                         "Ikke omfattet af anmodningen": "0"}
    grounds = table(page, ".access-report-grounds")
    assert [v for k, v in grounds.items() if k.startswith("§ 30, nr. 2")] == ["2"]
    assert [v for k, v in grounds.items() if k.startswith("§ 24")] == ["1"]
    # nothing of the confidential request: not its ground, nor a trace of it in the page
    assert not any(k.startswith("§ 30, nr. 1") for k in grounds)
    assert "Fratrædelsen" not in page.text and "25/0999" not in page.text
    # the administrator sees it, and counts it
    admin = as_role("admin").get(f"/access-requests/report?year={YEAR}")
    assert "5 anmodninger modtaget i 2025" in admin.text
    amain = table(admin, ".access-report")
    assert amain["Modtaget"] == "5" and amain["Besvaret inden for 7 arbejdsdage"] == "2 (50 %)"
    assert [v for k, v in table(admin, ".access-report-grounds").items() if k.startswith("§ 30, nr. 1")] == ["1"]


def test_one_request_is_singular_and_the_year_selector_lists_years_with_requests(as_role, world):
    b = as_role("sekretariat")
    page = b.get("/access-requests/report?year=2024")
    assert "1 anmodning modtaget i 2024" in page.text
    years = [a.get_text() for a in page.html.select("#year-help a")]
    assert "2025" in years and "2024" in years
    assert page.html.select_one('#year-help a[aria-current="page"]').get_text() == "2024"
    assert "Ikke omfattet af anmodningen" in page.text
    # a year with nothing: zeros, not an error
    empty = b.get("/access-requests/report?year=2019")
    assert "0 anmodninger modtaget i 2019" in empty.text
    # no year: this year
    assert b.get("/access-requests/report").html.select_one("#year")["value"] == str(dt.date.today().year)


@pytest.mark.parametrize("year", ["abc", "99999", "1999", "²⁰²⁵", "2025.0", "-2025", "9" * 5000])
def test_a_bad_year_gets_a_danish_message(as_role, world, year):
    b = as_role("sekretariat")
    page = b.get("/access-requests/report", {"year": year}, status=400)
    error = page.html.select_one("#year-error").get_text()
    assert "er ikke et årstal mellem 2000 og 2100" in error
    assert page.html.select_one("#year")["value"] == year[:20]
    assert page.html.select_one("#year").get("aria-describedby") == "year-help year-error"
    csv_page = b.get("/access-requests/report.csv", {"year": year}, status=400)
    assert "er ikke et årstal" in csv_page.text


def test_the_csv_has_the_same_figures_and_only_what_the_reader_may_see(as_role, world, engine):
    b = as_role("sekretariat")
    got = b.get(f"/access-requests/report.csv?year={YEAR}")
    assert got.content_type == "text/csv"
    assert f'filename="aktindsigt-aarsrapport-{YEAR}.csv"' in got.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(got.body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Afsnit", "Hvad", "Værdi"]
    values = {r[1]: r[2] for r in rows[1:]}
    assert values["Modtaget"] == "4" and values["Besvaret inden for 7 arbejdsdage"] == "1 (33 %)"
    assert not any("§ 30, nr. 1" in r[1] for r in rows)
    with engine.connect() as conn:
        (event,) = conn.execute(sa.text("SELECT * FROM audit_log WHERE action = 'export' AND object_type = 'report'")
                                ).mappings().all()
    assert event["object_ref"] == f"aktindsigt-{YEAR}" and event["login"] == "sekretariat"


def test_only_those_who_see_the_request_list_see_the_report(as_role, world):
    for role in ("styregruppe", "arkivar"):
        b = as_role(role)
        assert b.get(f"/access-requests/report?year={YEAR}", expect_errors=True).status_int in (403, 404)
        assert b.get(f"/access-requests/report.csv?year={YEAR}", expect_errors=True).status_int in (403, 404)
    assert 'href="http://localhost/access-requests/report"' in as_role("sekretariat").get("/access-requests").text


def test_figures_are_rounded_half_up_with_a_danish_comma():
    from rsi_case.aktindsigt.report import _number, _percent

    assert [_number(v) for v in (None, 9.25, 13.0, 41 / 3)] == ["–", "9,3", "13", "13,7"]
    assert [_percent(v) for v in (None, 1 / 3, 0.125, 0.5, 1.0)] == ["–", "33 %", "13 %", "50 %", "100 %"]
