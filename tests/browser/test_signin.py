"""Signing in, in Chromium (issue 15): single sign-on through the real
provider process, and passkeys with a virtual authenticator (the DevTools
protocol's WebAuthn domain, from Playwright).

The site is served as http://localhost:<port> (a secure context, and a host
name a passkey can be bound to — an IP address cannot be a WebAuthn relying
party), with ``rsi_case.public_url`` set to that address."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from webtest.http import StopableWSGIServer, get_free_port

from rsi_case import main
from tests.browser.conftest import ARGS, CHROMIUM
from tests.conftest import PASSWORD, settings_for
from tests.functional.test_oidc import CLIENT_ID, GROUP_MAP, provider, set_user  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("RSI_SCREENSHOTS")  # a directory: keep screenshots of the pages for a look


@pytest.fixture
def site(tmp_path, database_url, users, provider):
    _host, port = get_free_port()
    base = f"http://localhost:{port}"
    app = main({}, **settings_for(tmp_path, database_url, **{
        "rsi_case.public_url": base, "rsi_case.oidc.issuer": provider, "rsi_case.oidc.client_id": CLIENT_ID,
        "rsi_case.oidc.client_secret": "hemmelig", "rsi_case.oidc.title": "Log ind med regionens konto",
        "rsi_case.oidc.group_map": GROUP_MAP}))
    server = StopableWSGIServer.create(app, host="127.0.0.1", port=port)
    server.wait()
    yield base, app
    server.shutdown()


@pytest.fixture
def chromium(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.base, page.app = site
        page.console_errors = []
        # errors on our pages (the provider's own page loads its style sheet from a CDN)
        page.on("console", lambda msg: msg.type == "error" and (msg.location or {}).get("url", "").startswith(
            page.base) and page.console_errors.append(msg.text))
        yield page
        context.close()
        browser.close()


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def sign_in_with_password(page, login="sekretariat"):
    page.goto(page.base + "/login")
    page.fill("#login", login)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_single_sign_on_in_a_browser(chromium, provider):
    page = chromium
    set_user(provider, "sub-browser", name="Birgitte Sørensen", email="bise@regionh.dk", groups=["rsi-sekretariat"])
    page.goto(page.base + "/cases")
    shot(page, "login")
    page.click("#sso-login")
    page.wait_for_url(provider + "/oauth2/authorize?**")
    page.fill("input[name=sub]", "sub-browser")
    page.click("button[type=submit]:has-text('Authorize')")
    page.wait_for_url(page.base + "/cases")
    assert "Birgitte Sørensen" in page.content()
    page.goto(page.base + "/account/sessions")
    assert "Mine sessioner" in page.inner_text("h1")
    assert "Organisationens konto" in page.inner_text("table")
    shot(page, "mine-sessioner")
    assert page.console_errors == []


def test_a_passkey_is_added_and_signs_in_alone_and_as_the_second_step(chromium):
    page = chromium
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]

    sign_in_with_password(page)
    page.goto(page.base + "/account/passkeys")
    page.fill("#passkey-name", "Min bærbare")
    page.click("#passkey-register button[type=submit]")
    page.wait_for_selector("#passkeys td:has-text('Min bærbare')")
    shot(page, "passkeys")
    engine = page.app.registry["db.engine"]
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT credential_id, sign_count FROM passkeys")).one()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"]

    # without a password: the discoverable passkey signs its owner in
    page.context.clear_cookies()
    page.goto(page.base + "/login")
    page.click("#passkey-login")
    page.wait_for_url(page.base + "/")
    assert "Test Sekretariat" in page.content()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_log WHERE action = 'login' "
                                    "AND CAST(detail AS TEXT) LIKE '%passkey%'")).scalar_one() == 1

    # after the password, whoever has a passkey is asked for it
    page.context.clear_cookies()
    sign_in_with_password(page)
    assert page.url.startswith(page.base + "/login/second-factor")
    shot(page, "second-step")
    page.click("#passkey-login")
    page.wait_for_url(page.base + "/")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT sign_count FROM passkeys")).scalar_one() >= row.sign_count


def test_enrolment_of_an_authenticator_app_shows_the_apps_own_qr_code(chromium):
    page = chromium
    sign_in_with_password(page)
    page.goto(page.base + "/account/second-factor")
    page.click("button[name=start]")
    page.wait_for_selector("#totp-qr")
    src = page.get_attribute("#totp-qr", "src")
    assert src.startswith("data:image/svg+xml")  # drawn by the app, no outside service
    shot(page, "enrolment")
