"""Browser tests: the real app served by waitress on a free local port, driven
by Playwright in Debian's chromium (installed by .ci/run)."""

import shutil

import pytest
from webtest.http import StopableWSGIServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=da-DK"]


@pytest.fixture
def server(app, users):
    srv = StopableWSGIServer.create(app, host="127.0.0.1")
    srv.wait()
    yield srv.application_url.rstrip("/")
    srv.shutdown()


@pytest.fixture(scope="module")
def chromium():
    """One headless chromium for a module; each test opens its own contexts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.requests_seen = []
        pg.console_errors = []
        pg.on("request", lambda req: pg.requests_seen.append(req.url))
        pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
        pg.base = server
        yield pg
        context.close()
        browser.close()


def login(page, login="sekretariat", password="korrekt-hest-batteri-klips"):
    page.goto(page.base + "/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
