"""The second factor for local accounts (issue 15): an authenticator app
(TOTP) enrolled through a QR code the app draws itself, hashed one-time
recovery codes, required for administrators by default."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.security.models import RecoveryCode, TotpSecret
from tests.conftest import PASSWORD, Browser, count, settings_for


@pytest.fixture
def app(tmp_path, database_url):
    """The application with the default: administrators must have a second factor."""
    settings = settings_for(tmp_path, database_url)
    del settings["rsi_case.auth.second_factor"]
    application = main({}, **settings)
    application.registry["rsi_case.sleep"] = lambda seconds: None
    return application


def browser(app):
    return Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "10.7.0.1"})


def secret_on(page) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")


def code_form(page):
    return next(f for f in page.forms.values() if "code" in f.fields)


def enrol_admin(app):
    """Sign in as admin for the first time: enrolment, then the recovery codes."""
    b = browser(app)
    r = b.login("admin")
    assert r.location.endswith("/login/second-factor")
    page = b.get(r.location)
    secret = secret_on(page)
    form = code_form(page)
    form["code"] = pyotp.TOTP(secret).now()
    done = form.submit("confirm", status=200)
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", done.text)
    return b, secret, codes, done


def test_an_administrator_must_enrol_with_a_qr_code_drawn_by_the_app(app, users, engine):
    b = browser(app)
    r = b.login("admin")
    assert r.location.endswith("/login/second-factor")
    b.get("/", status=303)  # not signed in yet: the password alone is no session
    page = b.get(r.location)
    assert "Tilknyt en godkendelsesapp" in page.text
    qr = re.search(r'<img src="([^"]+)"[^>]*id="totp-qr"', page.text).group(1)
    assert qr.startswith("data:image/svg+xml")  # drawn here: the page's CSP allows data: images, nothing else
    assert "http" not in qr.split(",", 1)[1].replace("http%3A%2F%2Fwww.w3.org", "")
    # a wrong code: a Danish message, an audit event, and still no session
    form = code_form(page)
    form["code"] = "000000"
    wrong = form.submit("confirm", status=400)
    assert "Koden er forkert" in wrong.text
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor_failed'") == 1
    b.get("/", status=303)
    # the right code signs in and shows ten recovery codes, once
    form = code_form(wrong)
    form["code"] = pyotp.TOTP(secret_on(wrong)).now()
    done = form.submit("confirm", status=200)
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", done.text)
    assert len(codes) == 10 and "vises ikke igen" in done.text
    assert b.get("/").status_int == 200
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' "
                         "AND CAST(detail AS TEXT) LIKE '%password+totp%'") == 1


def test_other_roles_sign_in_with_the_password_alone_by_default(app, users):
    b = browser(app)
    assert not b.login("sekretariat").location.endswith("/login/second-factor")
    assert b.get("/").status_int == 200


def test_the_setting_asks_everyone(tmp_path, database_url, users):
    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.auth.second_factor": "all"}))
    assert browser(app).login("styregruppe").location.endswith("/login/second-factor")


def test_secrets_are_encrypted_and_recovery_codes_hashed(app, users, db):
    _b, secret, codes, _page = enrol_admin(app)
    with db() as s:
        stored = s.get(TotpSecret, users["admin"]).secret_encrypted
        hashes = [r.code_hash for r in s.execute(sa.select(RecoveryCode)).scalars()]
    assert secret not in stored and len(stored) > 60
    assert len(hashes) == 10 and not any(c.replace("-", "") in h for c in codes for h in hashes)


def test_the_next_sign_in_asks_for_a_code_and_a_code_works_once(app, users, engine):
    _b, secret, _codes, _page = enrol_admin(app)
    b = browser(app)
    page = b.get(b.login("admin").location)
    form = code_form(page)
    form["code"] = "123456" if pyotp.TOTP(secret).now() != "123456" else "654321"
    r = form.submit(status=400)
    assert "Koden er forkert" in r.text
    b.get("/", status=303)
    # the code the enrolment used is spent: the same code again is refused (within its 30 seconds)
    now = int(time.time())
    app.registry["rsi_case.clock_seconds"] = lambda: now
    fresh = pyotp.TOTP(secret).at(now + 30)  # the next step's code (one step of drift is allowed)
    form = code_form(r)
    form["code"] = fresh
    assert form.submit(status=303).location == "http://localhost/"
    assert b.get("/").status_int == 200
    again = browser(app)
    form = code_form(again.get(again.login("admin").location))
    form["code"] = fresh
    assert "Koden er forkert" in form.submit(status=400).text  # replayed
    again.get("/", status=303)


def test_a_recovery_code_works_once(app, users, engine):
    _b, _secret, codes, _page = enrol_admin(app)
    b = browser(app)
    page = b.get(b.login("admin").location)
    form = next(f for f in page.forms.values() if "recovery" in f.fields)
    form["recovery"] = codes[3].upper()  # as typed from paper
    form.submit(status=303)
    assert b.get("/").status_int == 200
    c = browser(app)
    page = c.get(c.login("admin").location)
    form = next(f for f in page.forms.values() if "recovery" in f.fields)
    form["recovery"] = codes[3]
    r = form.submit(status=400)
    assert "Gendannelseskoden er forkert eller allerede brugt" in r.text
    c.get("/", status=303)
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor_failed' "
                         "AND CAST(detail AS TEXT) LIKE '%recovery%'") == 1


def test_guessing_codes_is_throttled(app, users):
    enrol_admin(app)
    b = browser(app)
    page = b.get(b.login("admin").location)
    for _ in range(10):
        form = code_form(page)
        form["code"] = "000000"
        page = form.submit(status=400)
    form = code_form(page)
    form["code"] = "000000"
    assert "For mange mislykkede forsøg" in form.submit(status=429).text


def test_the_second_step_lapses(app, users):
    enrol_admin(app)
    b = browser(app)
    b.login("admin")
    import rsi_case.security.signin as signin

    pending = signin.PENDING_FOR
    try:
        signin.PENDING_FOR = type(pending)(seconds=-1)
        r = b.get("/login/second-factor", status=303)
        assert r.location.endswith("/login")
    finally:
        signin.PENDING_FOR = pending


def test_the_second_step_without_a_password_is_nothing(app, users):
    b = browser(app)
    assert b.get("/login/second-factor", status=303).location.endswith("/login")
    b.post("/login/second-factor", {"code": "123456", "csrf_token": b.csrf_token("/login")}, status=303)
    b.get("/", status=303)


def test_account_page_enrols_replaces_codes_and_removes(tmp_path, database_url, users, engine):
    app = main({}, **settings_for(tmp_path, database_url))  # (second factor not required)
    app.registry["rsi_case.clock_seconds"] = clock = type("C", (), {"t": int(time.time())})()
    app.registry["rsi_case.clock_seconds"] = lambda: clock.t
    b = browser(app)
    b.login("arkivar")
    page = b.get("/account/second-factor")
    assert "Ingen godkendelsesapp er tilknyttet" in page.text
    page = next(f for f in page.forms.values() if "start" in f.fields).submit("start", status=200)
    secret = secret_on(page)
    form = code_form(page)
    form["code"] = pyotp.TOTP(secret).at(clock.t)
    page = form.submit("confirm", status=200)
    assert len(re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", page.text)) == 10
    clock.t += 30
    form = code_form(b.get("/account/second-factor"))
    form["code"] = pyotp.TOTP(secret).at(clock.t)
    page = form.submit("codes", status=200)
    assert len(re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", page.text)) == 10
    assert count(engine, "SELECT COUNT(*) FROM recovery_codes") == 10
    clock.t += 30
    form = code_form(b.get("/account/second-factor"))
    form["code"] = pyotp.TOTP(secret).at(clock.t)
    form.submit("remove", status=303)
    assert count(engine, "SELECT COUNT(*) FROM totp_secrets") == 0
    # with no factor any more the password alone signs in again
    assert not browser(app).login("arkivar").location.endswith("second-factor")
    assert PASSWORD
