"""(issue 19) The states of the extension, the year's report and the insight
page that only a POST or a bad value reaches, in a real browser with axe:
the extension form with its errors and with the letter shown, the report
for a bad year and at phone width, the insight page with its results."""

from __future__ import annotations

import pytest

from tests.browser.test_every_page import Findings, open_page, ready
from tests.functional.access_world import world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def send(page, button="button[type=submit]"):
    with page.expect_navigation() as nav:
        page.evaluate("(sel) => { const b = document.querySelector(sel); b.form.noValidate = true;"
                      " b.form.requestSubmit(b); }", button)
    ready(page)
    return nav.value


def test_the_extension_report_and_insight_states_pass_axe(app, world, server, chromium):
    findings = Findings()
    page = open_page(chromium, server, "sekretariat")
    url = server + f"/cases/{world['request']}/access-request/extend"
    page.goto(url)
    page.fill("#new_deadline", "24-12-2026")
    findings.check(page, "extension with errors", send(page, "button[name=extend]"), 400)
    assert page.locator("#new_deadline-error").count() and page.locator("#reason-error").count()
    page.fill("#new_deadline", "15-01-2027")
    page.fill("#reason", "Høring hos leverandøren")
    findings.check(page, "extension with the letter shown", send(page, "button[name=preview]"), 200)
    assert "Kære Karen Mølgaard" in page.input_value("#letter")
    response = page.goto(server + "/access-requests/report?year=abc")
    findings.check(page, "report for a bad year", response, 400)
    page.set_viewport_size({"width": 390, "height": 844})
    findings.check(page, "report on a phone", page.goto(server + "/access-requests/report?year=2026"), 200)
    admin = open_page(chromium, server, "admin")
    admin.goto(server + "/insight")
    admin.fill("#name", "Karen Mølgaard")
    findings.check(admin, "insight with results", send(admin, "#insight-form button:not([formaction])"), 200)
    assert admin.locator(".insight-records tbody tr").count() >= 1
    admin.goto(server + "/insight")
    admin.fill("#name", "Bo")
    findings.check(admin, "insight with an error", send(admin, "#insight-form button:not([formaction])"), 400)
    findings.assert_clean("issue 19 states")
