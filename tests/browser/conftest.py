"""Browser tests: the real app served by waitress on a free local port, driven
by Playwright in Debian's chromium (installed by .ci/run)."""

import shutil

import pytest
from webtest.http import StopableWSGIServer

from rsi_case import main
from tests.conftest import settings_for

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
def demo_server(tmp_path_factory, backend, demo_template):
    """The app with the demo organisation loaded (real titles, meetings, the five regions), served:
    a copy of the demo template database (tests/conftest.py), on either backend."""
    tmp = tmp_path_factory.mktemp("demo-screens")
    shutil.copytree(demo_template / "blobs", tmp / "blobs")
    url = backend.create(tmp, "demo")
    app = main({}, **settings_for(tmp, url))
    app.registry["search.indexer"].rebuild()  # the demo is loaded beside the app: its index is built here
    server = StopableWSGIServer.create(app, host="127.0.0.1")
    server.wait()
    yield server.application_url.rstrip("/")
    server.shutdown()
    app.registry["db.engine"].dispose()
    backend.drop(url)


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
