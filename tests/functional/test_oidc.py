"""Single sign-on (issue 15) against a real OpenID provider process on
loopback (tests/oidc_provider.py: oidc-provider-mock, started here).

Every refused answer must give a Danish page, an audit event with the
reason, and no session."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.security.models import Group, OidcIdentity, User, WebSession
from tests.conftest import PASSWORD, Browser, count, settings_for

PROVIDER = Path(__file__).resolve().parents[1] / "oidc_provider.py"
CLIENT_ID = "rsi-sag-test"
GROUP_MAP = """
    rsi-sekretariat = sekretariat sekretariatet
    rsi-styregruppe = styregruppe
    rsi-admin = admin
"""


@pytest.fixture(scope="module")
def provider():
    """The provider process; its base URL (the issuer)."""
    env = {**os.environ, "AUTHLIB_INSECURE_TRANSPORT": "1"}
    proc = subprocess.Popen([sys.executable, str(PROVIDER)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True)
    try:
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def _call(method: str, url: str, body: bytes | None = None, headers: dict | None = None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, parts.path + ("?" + parts.query if parts.query else ""), body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def set_user(provider, sub, **claims):
    claims.setdefault("name", "Mette Holm")
    claims.setdefault("email", f"{sub}@rm.dk")
    r = _call("PUT", f"{provider}/users/{sub}", json.dumps(claims).encode(), {"Content-Type": "application/json"})
    assert r.status == 204


def misbehave_next(provider, **change):
    r = _call("POST", f"{provider}/_control/next-id-token", json.dumps(change).encode(),
              {"Content-Type": "application/json"})
    assert r.status == 204


def rotate(provider):
    assert _call("POST", f"{provider}/_control/rotate").status == 204


@pytest.fixture
def sso_settings(tmp_path, database_url, provider):
    def make(**extra):
        return settings_for(tmp_path, database_url, **{
            "rsi_case.oidc.issuer": provider, "rsi_case.oidc.client_id": CLIENT_ID,
            "rsi_case.oidc.client_secret": "hemmelig", "rsi_case.oidc.title": "Log ind med regionens konto",
            "rsi_case.oidc.group_map": GROUP_MAP, **extra})
    return make


@pytest.fixture
def sso_app(sso_settings):
    app = main({}, **sso_settings())
    return app


@pytest.fixture
def groups(sso_app):
    from tests.conftest import DB

    with DB(sso_app.registry["db.engine"]) as s:
        s.add(Group(name="sekretariatet", title="Sekretariatet"))


def browser(app):
    return Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "10.20.0.1"})


def at_provider(b, sub, *, alter=None, came_from=None):
    """From the login page's button to the provider and back: the provider's
    answer (a redirect to our callback) as a path with its query."""
    start = b.get("/login/oidc" + (f"?came_from={urllib.parse.quote(came_from)}" if came_from else ""), status=303)
    url = start.location
    if alter is not None:
        url = alter(url)
    body = urllib.parse.urlencode({"sub": sub}).encode()
    answer = _call("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 302, answer.status
    back = urllib.parse.urlsplit(answer.getheader("Location"))
    assert back.path == "/login/oidc/callback"
    return f"{back.path}?{back.query}"


def with_param(url, **params):
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update(params)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def no_session(b, engine):
    assert count(engine, "SELECT COUNT(*) FROM web_sessions WHERE user_id IS NOT NULL") == 0
    assert "/login" in b.get("/", status=303).location


def refused_reason(engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT detail, outcome FROM audit_log WHERE action = 'login_failed'")).all()
    assert len(rows) == 1 and rows[0].outcome == "failed"
    detail = rows[0].detail if isinstance(rows[0].detail, dict) else json.loads(rows[0].detail)
    assert detail["method"] == "oidc"
    return detail["reason"]


# -- success ---------------------------------------------------------------------

def test_sign_in_creates_the_user_from_the_claims_and_maps_the_group(sso_app, provider, groups, engine, db):
    set_user(provider, "sub-mette", name="Mette Holm", email="meho@rm.dk", groups=["rsi-sekretariat", "andet"])
    b = browser(sso_app)
    login_page = b.get("/login")
    assert "Log ind med regionens konto" in login_page.text
    start = b.get("/login/oidc", status=303)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start.location).query))
    assert start.location.startswith(provider + "/oauth2/authorize?")
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["redirect_uri"] == "http://localhost/login/oidc/callback" and query["client_id"] == CLIENT_ID
    assert len(query["state"]) >= 43 and len(query["nonce"]) >= 43
    callback = at_provider(b, "sub-mette", came_from="/cases")
    r = b.get(callback, status=303)
    assert r.location == "http://localhost/cases"
    assert b.get("/cases").status_int == 200
    with db() as s:
        identity = s.execute(sa.select(OidcIdentity)).scalar_one()
        user = s.get(User, identity.user_id)
        assert (identity.issuer, identity.subject) == (provider, "sub-mette")
        assert (user.login, user.full_name, user.email, user.role) == ("meho", "Mette Holm", "meho@rm.dk",
                                                                        "sekretariat")
        assert [g.name for g in user.groups] == ["sekretariatet"]
        assert user.password_hash == "!"  # no local password
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND CAST(detail AS TEXT) LIKE '%oidc%'") == 1
    assert count(engine, "SELECT COUNT(*) FROM web_sessions WHERE method = 'oidc'") == 1


def test_the_subject_finds_the_user_and_the_group_claim_decides_the_role_each_time(sso_app, provider, engine, db):
    set_user(provider, "sub-jens", name="Jens Berg", email="jens@rn.dk", groups=["rsi-styregruppe"])
    b = browser(sso_app)
    b.get(at_provider(b, "sub-jens"), status=303)
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    # the provider renames him and moves him to the secretariat: same account, new role
    set_user(provider, "sub-jens", name="Jens Berg Nielsen", email="jbn@rn.dk", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    b.get(at_provider(b, "sub-jens"), status=303)
    with db() as s:
        users = s.execute(sa.select(User).where(User.password_hash == "!")).scalars().all()
        assert len(users) == 1 and users[0].role == "sekretariat" and users[0].login == "jens"
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'user_edit' AND CAST(detail AS TEXT) LIKE '%role%'") == 1


def test_logout_ends_the_local_session_and_goes_to_the_providers_logout(sso_app, provider, engine):
    set_user(provider, "sub-anne", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    b.get(at_provider(b, "sub-anne"), status=303)
    r = b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    assert r.location.startswith(provider + "/oauth2/end_session?")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(r.location).query))
    assert query["post_logout_redirect_uri"] == "http://localhost/login" and query["id_token_hint"].count(".") == 2
    no_session(b, engine)


# -- refused answers --------------------------------------------------------------

def test_wrong_state(sso_app, provider, engine):
    set_user(provider, "sub-x", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    callback = at_provider(b, "sub-x")
    r = b.get(with_param(callback, state="forfalsket-" + "x" * 40), status=400)
    assert "Login kunne ikke gennemføres" in r.text
    assert refused_reason(engine) == "state"
    no_session(b, engine)


def test_an_answer_for_another_browser_is_refused(sso_app, provider, engine):
    """Login CSRF: the attacker's own code and state, planted in the victim's browser."""
    set_user(provider, "sub-attacker", groups=["rsi-admin"])
    attacker, victim = browser(sso_app), browser(sso_app)
    callback = at_provider(attacker, "sub-attacker")
    victim.get("/login")
    victim.get(callback, status=400)
    assert refused_reason(engine) == "state"
    no_session(victim, engine)


def test_replayed_code(sso_app, provider, engine):
    """The provider's code is used once; sent again (with a fresh state of
    this browser, so only the code is old) the provider refuses it."""
    set_user(provider, "sub-y", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    first = at_provider(b, "sub-y")
    b.get(first, status=303)
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(first).query))["code"]
    fresh = at_provider(b, "sub-y")  # a new flow: a valid state in the session
    r = b.get(with_param(fresh, code=code), status=400)
    assert "Login kunne ikke gennemføres" in r.text
    with engine.connect() as conn:
        reasons = conn.execute(sa.text("SELECT detail FROM audit_log WHERE action = 'login_failed'")).scalars().all()
    assert len(reasons) == 1 and "provider_said_invalid_grant" in str(reasons[0])
    no_session(b, engine)
    # and the very same answer again: its state is spent
    b.get(first, status=400)


def test_wrong_nonce(sso_app, provider, engine):
    set_user(provider, "sub-z", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    callback = at_provider(b, "sub-z", alter=lambda url: with_param(url, nonce="en-anden-" + "n" * 40))
    r = b.get(callback, status=400)
    assert "Login kunne ikke gennemføres" in r.text
    assert refused_reason(engine) == "id_token_nonce"
    no_session(b, engine)


@pytest.mark.parametrize("change,reason", [
    ({"claims": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}}, "id_token_exp"),
    ({"claims": {"iat": int(time.time()) + 3600}}, "id_token_iat"),
    ({"claims": {"aud": "en-anden-app"}}, "id_token_aud"),
    ({"claims": {"aud": ["en-anden-app", CLIENT_ID]}}, "id_token_azp"),
    ({"claims": {"iss": "https://login.microsoftonline.com/common/v2.0"}}, "id_token_iss"),
    ({"claims": {"sub": "sub-admin-victim"}, "tamper": True}, "id_token_signature"),
    ({"claims": {"sub": "sub-admin-victim"}, "foreign_key": True}, "id_token_unknown_key"),
], ids=["expired", "issued-in-the-future", "wrong-audience", "other-party", "wrong-issuer", "tampered-signature",
        "unpublished-key"])
def test_a_forged_or_stale_id_token_is_refused(sso_app, provider, engine, change, reason):
    set_user(provider, "sub-f", groups=["rsi-admin"])
    b = browser(sso_app)
    callback = at_provider(b, "sub-f")
    misbehave_next(provider, **change)
    r = b.get(callback, status=400)
    assert "Login kunne ikke gennemføres" in r.text
    assert refused_reason(engine) == reason
    no_session(b, engine)
    assert count(engine, "SELECT COUNT(*) FROM users WHERE password_hash = '!'") == 0


def test_a_late_answer_is_refused(sso_app, provider, engine):
    """The provider's answer must come back within ten minutes of the start."""
    set_user(provider, "sub-c", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    callback = at_provider(b, "sub-c")
    sso_app.registry["rsi_case.clock"] = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)
    b.get(callback, status=400)
    assert refused_reason(engine) == "flow_expired"
    no_session(b, engine)


def test_rotated_key(sso_app, provider, engine):
    """The provider rotates its signing key between two sign-ins: the keys
    are fetched again for the new key id, and the sign-in works."""
    set_user(provider, "sub-r", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    b.get(at_provider(b, "sub-r"), status=303)
    old_keys = sso_app.registry["rsi_case.oidc"].keys()
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    rotate(provider)
    b.get(at_provider(b, "sub-r"), status=303)
    assert b.get("/").status_int == 200
    new_keys = sso_app.registry["rsi_case.oidc"].keys()
    assert {k.kid for k in new_keys.keys}.isdisjoint({k.kid for k in old_keys.keys})
    # a token signed by the old key, now withdrawn, is refused
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    callback = at_provider(b, "sub-r")
    misbehave_next(provider, retired_key=True)
    b.get(callback, status=400)
    assert refused_reason(engine) == "id_token_unknown_key"
    no_session(b, engine)


def test_made_up_key_ids_do_not_make_us_fetch_the_keys_again_and_again(sso_app, provider, engine):
    """A token naming a key id we do not know fetches the provider's keys
    again — once a minute at most: a burst of forged tokens costs the
    provider one request, and each is refused."""
    set_user(provider, "sub-k", groups=["rsi-sekretariat"])
    p = sso_app.registry["rsi_case.oidc"]
    fetched = []
    real = p._get_json
    p._get_json = lambda url: (fetched.append(url), real(url))[1]
    b = browser(sso_app)
    b.get(at_provider(b, "sub-k"), status=303)
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    jwks = p.metadata()["jwks_uri"]
    assert fetched.count(jwks) == 1
    for _ in range(4):
        callback = at_provider(b, "sub-k")
        misbehave_next(provider, foreign_key=True)
        b.get(callback, status=400)
    with engine.connect() as conn:
        reasons = conn.execute(sa.text("SELECT detail FROM audit_log WHERE action = 'login_failed'")).scalars().all()
    assert len(reasons) == 4 and all("id_token_unknown_key" in str(r) for r in reasons)
    assert fetched.count(jwks) == 2, fetched
    no_session(b, engine)


def test_missing_group_gets_a_danish_page_and_no_account(sso_app, provider, engine):
    set_user(provider, "sub-udenfor", name="Ole Udenfor", email="ole@rsyd.dk", groups=["alle-medarbejdere"])
    b = browser(sso_app)
    r = b.get(at_provider(b, "sub-udenfor"), status=403)
    assert "Din organisation har ikke givet dig adgang til RSI Sag" in r.text
    assert refused_reason(engine) == "no_group"
    assert count(engine, "SELECT COUNT(*) FROM users WHERE login = 'ole'") == 0
    no_session(b, engine)


def test_no_group_claim_at_all(sso_app, provider, engine):
    set_user(provider, "sub-ingen")
    b = browser(sso_app)
    b.get(at_provider(b, "sub-ingen"), status=403)
    assert refused_reason(engine) == "no_group"


def test_a_user_deactivated_in_rsi_sag_stays_out(sso_app, provider, engine, db):
    set_user(provider, "sub-d", groups=["rsi-sekretariat"])
    b = browser(sso_app)
    b.get(at_provider(b, "sub-d"), status=303)
    with db() as s:
        s.get(User, s.execute(sa.select(OidcIdentity.user_id)).scalar_one()).active = False
    assert "/login" in b.get("/", status=303).location
    with db() as s:
        s.execute(sa.delete(WebSession))  # (the dead session of the first browser)
    b = browser(sso_app)
    r = b.get(at_provider(b, "sub-d"), status=403)
    assert "Din adgang til RSI Sag er lukket" in r.text
    with engine.connect() as conn:
        assert "deactivated" in str(conn.execute(sa.text(
            "SELECT detail FROM audit_log WHERE action = 'login_failed'")).scalar_one())
    no_session(b, engine)


def test_the_provider_says_no(sso_app, provider, engine):
    b = browser(sso_app)
    start = b.get("/login/oidc", status=303)
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start.location).query))["state"]
    r = b.get(f"/login/oidc/callback?error=access_denied&state={state}", status=400)
    assert "blev ikke gennemført" in r.text
    no_session(b, engine)


@pytest.mark.parametrize("query", ["", "?code=x", "?state=", "?state=a&state=b&code=c", "?code=" + "x" * 5000,
                                   "?state=%00&code=%ff"])
def test_garbage_at_the_callback_is_no_500(sso_app, provider, engine, query):
    b = browser(sso_app)
    b.get("/login/oidc", status=303)
    r = b.get("/login/oidc/callback" + query, expect_errors=True)
    assert r.status_int in (400, 404)


def test_an_unreachable_provider_gets_a_danish_page(sso_settings, users):
    app = main({}, **sso_settings(**{"rsi_case.oidc.issuer": "http://127.0.0.1:9"}))
    r = browser(app).get("/login/oidc", status=503)
    assert "kunne ikke nås" in r.text


# -- local accounts ---------------------------------------------------------------

def test_local_accounts_can_be_switched_off(sso_settings, users, provider):
    app = main({}, **sso_settings(**{"rsi_case.auth.local": "off"}))
    b = browser(app)
    page = b.get("/login")
    assert "Log ind med regionens konto" in page.text and 'name="password"' not in page.text
    # the form is not shown, but a password posted anyway (with a valid CSRF
    # token: the same database's sessions, from an instance with passwords on)
    token = browser(main({}, **sso_settings())).get("/login")
    b.set_cookie("rsi_session", next(c.value for c in token.test_app.cookiejar if c.name == "rsi_session"))
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token.text).group(1)
    r = b.post("/login", {"login": "admin", "password": PASSWORD, "csrf_token": csrf}, status=400)
    assert "Forkert brugernavn eller adgangskode" in r.text
    no_session(b, app.registry["db.engine"])


def test_local_accounts_for_administrators_only(sso_settings, users):
    app = main({}, **sso_settings(**{"rsi_case.auth.local": "admins"}))
    browser(app).login("sekretariat", status=400)
    browser(app).login("admin", status=303)


def test_a_tenant_independent_issuer_is_refused_at_start(sso_settings):
    with pytest.raises(ValueError, match="tenant-specific"):
        main({}, **sso_settings(**{"rsi_case.oidc.issuer": "https://login.microsoftonline.com/common/v2.0"}))


def test_a_bad_group_map_is_refused_at_start(sso_settings):
    with pytest.raises(ValueError, match="group_map"):
        main({}, **sso_settings(**{"rsi_case.oidc.group_map": "rsi-x = kejser"}))
