"""Every page of every role in a real browser: axe-core's WCAG 2.1 A + AA
rules find nothing critical or serious, the tab title is plain text, and the
app's Content-Security-Policy is sent unchanged and nothing breaks it.

The pages come from the application's route table: every route has rows in
the access matrix (tests/functional/test_access_matrix.py fails for a route
without one, and so does this module), and each GET row a role gets 200 for
is loaded as that role, filled in from the access world — when it answers
HTML (Word files, JSON, calendars and CSV are not pages). So a new HTML route
is checked here as soon as it has its rows. Besides those: the error pages
(403, 404) each role can meet, and the states only a POST reaches — a form
with errors, the edit conflict, the Word import's confirmation, a failed
login.

axe runs with the page's CSP intact (see tests/browser/a11y.py). Moderate and
minor findings do not fail the test; they are printed (``pytest -s``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rsi_case.security.headers import CSP
from tests.browser.a11y import BLOCKING, axe, describe
from tests.conftest import PASSWORD
from tests.functional.access_world import REGIONAL, fill, world  # noqa: F401 (fixture)
from tests.functional.test_access_matrix import TABLE, USERS, app_route_names

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
# the roles of the issue: one user per global role (REGIONAL has the role bruger) and an anonymous visitor
ROLES = {"anonym": None, "sekretariat": "sekretariat", "styregruppe": "styregruppe", "arkivar": "arkivar",
         "admin": "admin", "bruger": REGIONAL}
HTML = "text/html"


def pages_for(login: str | None, values: dict) -> list[tuple[str, str, int]]:
    """(route, url, expected status) of every GET row this user is shown a page
    for: every 200, and the first 403 and the first 404 (the error pages)."""
    column = USERS.index(login or "anonym")
    found, errors = [], {}
    for route, rows in TABLE.items():
        for key, expected in rows.items():
            status = expected[column]
            if key[0] != "GET" or not isinstance(status, int):
                continue
            url = fill(key[1], values)
            if status == 200:
                found.append((route, url, 200))
            elif status in (403, 404) and status not in errors:
                errors[status] = (route, url, status)
    return found + sorted(errors.values(), key=lambda e: e[2])


def open_page(browser, base, login=None):
    """A new context (its own cookies) and page, logged in as ``login``, that records console errors."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))
    if login:
        page.goto(base + "/login")
        page.fill("#login", login)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda u: "/login" not in u)
    return page


def ready(page):
    """Wait for what the page starts by script (the editor)."""
    if page.locator("textarea[data-rsi-richtext]").count():
        page.wait_for_selector(".tox-tinymce")
        page.wait_for_function("() => window.tinymce && tinymce.get().every(e => e.initialized)")


class Findings:
    def __init__(self):
        self.problems, self.moderate = [], []

    def check(self, page, label, response=None, expect_status=200):
        """Everything a page must be, as it is on screen now."""
        ready(page)
        if response is not None:
            if response.status not in (expect_status if isinstance(expect_status, tuple) else (expect_status,)):
                self.problems.append(f"{label}: status {response.status}, expected {expect_status}")
            csp = response.headers.get("content-security-policy")
            if csp != CSP:
                self.problems.append(f"{label}: the Content-Security-Policy is {csp!r}")
        title = page.title()
        if "<" in title or "span" in title or not title.endswith(" · RSI Sag") or title.startswith(" ·"):
            self.problems.append(f"{label}: tab title {title!r}")
        violations = axe(page)
        self.problems += [f"{label}: {line}" for line in describe(v for v in violations if v["impact"] in BLOCKING)]
        self.moderate += [f"{label}: {line}" for line in describe(v for v in violations if v["impact"] not in BLOCKING)]
        csp_errors = [m for m in page.console_errors if "Content Security Policy" in m or m.startswith("uncaught")]
        self.problems += [f"{label}: console: {m}" for m in csp_errors]
        page.console_errors.clear()

    @staticmethod
    def grouped(lines) -> list[str]:
        """The same finding on many pages once, with the number of pages and the first of them."""
        pages: dict[str, list[str]] = {}
        for line in lines:
            label, _, finding = line.partition(": ")
            pages.setdefault(finding, []).append(label)
        return [f"{finding} — on {len(labels)} page(s), first {labels[0]}" for finding, labels in pages.items()]

    def assert_clean(self, who):
        if self.moderate:
            print(f"\n{who}: moderate/minor axe findings (not failing):\n  " + "\n  ".join(self.grouped(self.moderate)))
        assert not self.problems, f"{len(self.problems)} problem(s) for {who}:\n  " + "\n  ".join(self.grouped(self.problems))


def test_every_route_has_rows_to_visit(app):
    """The page list is the route table: a route without rows would be a page nobody checks."""
    assert set(TABLE) == app_route_names(app)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_a_role_passes_axe(app, world, server, chromium, role):
    login = ROLES[role]
    page = open_page(chromium, server, login)
    findings = Findings()
    is_html: dict[str, bool] = {}
    visited = 0
    for route, url, status in pages_for(login, world):
        if route not in is_html:  # a route answers HTML or it does not (Word, JSON, ICS, CSV)
            r = page.request.get(server + url, max_redirects=0)
            is_html[route] = r.headers.get("content-type", "").startswith(HTML)
        if not is_html[route]:
            continue
        response = page.goto(server + url)
        findings.check(page, f"{role} GET {url}", response, status)
        visited += 1
    assert visited >= (2 if login is None else 15), f"only {visited} pages for {role}"
    findings.assert_clean(role)


def _contrast(css_colour: str, ground: tuple) -> float:
    """WCAG's contrast ratio of an opaque ``rgb(r, g, b)`` against ``ground``."""
    import re

    def lum(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    fg = tuple(int(v) for v in re.findall(r"[0-9.]+", css_colour)[:3])
    a, b = sorted((lum(fg), lum(ground)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_pages_only_a_post_reaches_pass_axe(app, world, server, chromium):
    """A form with errors, the conflict page, the Word import's confirmation, a failed login."""
    findings = Findings()
    anon = open_page(chromium, server)
    anon.goto(server + "/login")
    anon.fill("#login", "sekretariat")
    anon.fill("#password", "forkert-adgangskode")
    with anon.expect_navigation() as nav:
        anon.click("button[type=submit]")
    findings.check(anon, "failed login", nav.value, 400)

    page = open_page(chromium, server, "sekretariat")
    for url in ("/cases/new", f"/cases/{world['open']}/documents/new?kind=notat", "/meetings/new"):
        page.goto(server + url)
        ready(page)
        page.fill("input[name=title]", "")
        with page.expect_navigation() as nav:  # past the browser's own check: the server's messages
            page.evaluate("() => { const f = document.querySelector('input[name=title]').form;"
                          " f.noValidate = true; f.requestSubmit(f.querySelector('button[type=submit]')); }")
        # the forms answer their errors with 200 or 400 (not this test's business: the page is)
        findings.check(page, f"form with errors {url}", nav.value, (200, 400))
        assert page.locator(".invalid-feedback, .alert-danger, .is-invalid").count(), url
        # a field's message is legible wherever a form stands: on a white card and on the page's grey
        for colour in page.eval_on_selector_all(
                ".invalid-feedback, .text-danger", "els => els.map(e => getComputedStyle(e).color)"):
            for ground in ((255, 255, 255), (0xf3, 0xf5, 0xf7)):
                assert _contrast(colour, ground) >= 4.5, (url, colour, ground)

    # the edit conflict: someone else saves the draft while this page has it open
    other = open_page(chromium, server, "admin")
    page.goto(server + f"/documents/{world['draft']}/edit")
    ready(page)
    other.goto(server + f"/documents/{world['draft']}/edit")
    ready(other)
    other.fill("input[name=title]", "Kladde til beslutningsoplæg (rettet)")
    with other.expect_navigation():
        other.click("button[name=save]")
    page.fill("input[name=title]", "Kladde til beslutningsoplæg (min udgave)")
    with page.expect_navigation() as nav:
        page.click("button[name=save]")
    findings.check(page, "edit conflict", nav.value, 409)

    # the Word import: what was read from the memo, to confirm
    page.goto(server + f"/cases/{world['open']}/import")
    page.set_input_files("input[type=file]", str(ROOT / "docs/eksempler/gammelt-notat-18342-11.docx"))
    with page.expect_navigation() as nav:
        page.click("button[name=read]")
    findings.check(page, "import confirmation", nav.value, 200)
    assert page.locator("button[name=create]").count() == 1
    findings.assert_clean("pages after a POST")
