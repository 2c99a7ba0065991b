"""API tokens for integrations (issue 15): shown once, stored hashed, scoped,
expiring, revocable, audited and rate-limited; a token request never uses
cookies and needs no CSRF token, a cookie request never accepts a token."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from rsi_case import main
from rsi_case.security.models import ApiToken
from tests.conftest import Browser, count, settings_for


def make_token(b, scope="read", name="Projektportal"):
    page = b.get("/account/tokens")
    form = next(f for f in page.forms.values() if "create" in f.fields)
    form["name"] = name
    form["scope"] = scope
    r = form.submit("create", status=200)
    return re.search(r'<code class="user-select-all">(rsi_[A-Za-z0-9_-]{43})</code>', r.text).group(1)


def bare(app):
    """A client with no cookies at all (an integration)."""
    return Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "10.8.0.1"})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_shown_once_stored_hashed_and_works_without_cookies(as_role, app, engine, db):
    b = as_role("sekretariat")
    token = make_token(b)
    assert token not in b.get("/account/tokens").text  # shown once
    with db() as s:
        row = s.query(ApiToken).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and row.scope == "read"
    client = bare(app)
    r = client.get("/api/search?q=udbud", headers=bearer(token), status=200)
    assert r.json["query"] == "udbud"
    assert "Set-Cookie" not in r.headers and not list(client.cookiejar)  # no session, no cookie
    assert count(engine, "SELECT COUNT(*) FROM web_sessions WHERE user_id IS NULL") == 0
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'search' AND CAST(detail AS TEXT) LIKE :p",
                 p=f"%{token[:12]}%") == 1  # the event names the token
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token_create'") == 1


def test_a_token_request_ignores_the_cookie(as_role, app):
    """With a token the cookie's session is not used: a bad token is refused even
    from a signed-in browser."""
    b = as_role("sekretariat")
    r = b.get("/api/search?q=udbud", headers=bearer("rsi_" + "x" * 43), status=401)
    assert "API-nøglen er ikke gyldig" in r.json["error"]
    assert b.get("/api/search?q=udbud", status=200)  # the same browser without the header: its session


def test_a_cookie_request_never_accepts_a_token(as_role, app):
    token = make_token(as_role("sekretariat"))
    client = bare(app)
    assert "/login" in client.get("/", headers=bearer(token), status=303).location
    assert "/login" in client.get("/cases", headers=bearer(token), status=303).location


def test_a_token_request_needs_no_csrf_token_and_the_scope_is_enforced(as_role, app, engine):
    b = as_role("sekretariat")
    read, write = make_token(b, "read", "Læser"), make_token(b, "write", "Skriver")
    client = bare(app)
    body = {"title": "Sag oprettet af projektportalen", "category": "drift"}
    r = client.post_json("/api/cases", body, headers=bearer(read), status=403)
    assert "må ikke" in r.json["error"]
    r = client.post_json("/api/cases", body, headers=bearer(write), status=201)
    assert re.fullmatch(r"\d\d/\d{4}", r.json["number"])
    assert count(engine, "SELECT COUNT(*) FROM cases WHERE title = :t", t=body["title"]) == 1
    # the same request with the browser's cookie needs the CSRF token
    b.post_json("/api/cases", body, status=400)
    b.post_json("/api/cases", body, headers={"X-CSRF-Token": b.csrf_token("/")}, status=201)
    # bad input: a Danish message, never a 500
    assert "JSON" in client.post("/api/cases", "ikke json", headers=bearer(write), status=400).json["error"]
    client.post_json("/api/cases", {"title": "", "category": "drift"}, headers=bearer(write), status=400)
    client.post_json("/api/cases", {"title": "x", "category": "?"}, headers=bearer(write), status=400)


def test_the_user_behind_the_token_needs_the_permission(as_role, app):
    board = as_role("styregruppe")
    token = make_token(board, "write")
    bare(app).post_json("/api/cases", {"title": "x", "category": "drift"}, headers=bearer(token), status=403)


def test_a_revoked_or_expired_token_is_refused_and_audited(as_role, app, engine, db):
    b = as_role("sekretariat")
    token = make_token(b)
    client = bare(app)
    client.get("/api/search?q=x", headers=bearer(token), status=200)
    page = b.get("/account/tokens")
    form = next(f for f in page.forms.values() if "revoke" in f.fields)
    form.submit("revoke", status=303)
    r = client.get("/api/search?q=x", headers=bearer(token), status=401)
    assert "tilbagekaldt" in r.json["error"] and r.headers["WWW-Authenticate"].startswith("Bearer")
    other = make_token(b)
    with db() as s:
        row = s.query(ApiToken).filter(ApiToken.prefix == other[:12]).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    client.get("/api/search?q=x", headers=bearer(other), status=401)
    client.get("/api/search?q=x", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}, status=401)
    reasons = count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token_refused'")
    assert reasons == 3
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token_refused' "
                         "AND CAST(detail AS TEXT) LIKE '%revoked%'") == 1
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token_refused' "
                         "AND CAST(detail AS TEXT) LIKE '%expired%'") == 1


def test_a_deactivated_users_token_stops(as_role, app, users, db):
    from rsi_case.security.models import User

    token = make_token(as_role("arkivar"))
    with db() as s:
        s.get(User, users["arkivar"]).active = False
    bare(app).get("/api/search?q=x", headers=bearer(token), status=401)


def test_tokens_are_rate_limited(tmp_path, database_url, users):
    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.api_rate_per_minute": "5"}))
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("arkivar")
    token = make_token(b)
    client = bare(app)
    statuses = [client.get("/api/search?q=x", headers=bearer(token), expect_errors=True).status_int
                for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    r = client.get("/api/search?q=x", headers=bearer(token), status=429)
    assert r.headers["Retry-After"] == "60" and "Vent et minut" in r.json["error"]


def test_another_users_token_cannot_be_revoked(as_role, app, engine):
    token = make_token(as_role("sekretariat"))
    theirs = count(engine, "SELECT id FROM api_tokens")
    b = as_role("arkivar")
    b.post("/account/tokens", {"revoke": str(theirs), "csrf_token": b.csrf_token("/account/tokens")}, status=404)
    bare(app).get("/api/search?q=x", headers=bearer(token), status=200)


def test_an_administrator_makes_a_service_token(as_role, app, users, engine):
    admin = as_role("admin")
    r = admin.post(f"/admin/users/{users['sekretariat']}", {
        "token": "1", "name": "Regionens projektportal", "scope": "write", "days": "90",
        "csrf_token": admin.csrf_token("/")}, status=200)
    token = re.search(r'<code class="user-select-all">(rsi_[A-Za-z0-9_-]{43})</code>', r.text).group(1)
    bare(app).post_json("/api/cases", {"title": "Fra portalen", "category": "drift"}, headers=bearer(token), status=201)
    r = admin.post(f"/admin/users/{users['sekretariat']}", {"token": "1", "name": "", "scope": "x", "days": "7",
                                                            "csrf_token": admin.csrf_token("/")}, status=400)
    assert "Giv nøglen et navn" in r.text


@pytest.mark.parametrize("form", [{"name": "", "scope": "read", "days": "30"},
                                  {"name": "x", "scope": "admin", "days": "30"},
                                  {"name": "x", "scope": "read", "days": "9999"}])
def test_a_bad_token_form_keeps_the_input_and_says_why(as_role, form):
    b = as_role("sekretariat")
    r = b.post("/account/tokens", {**form, "create": "1", "csrf_token": b.csrf_token("/account/tokens")}, status=400)
    assert "Giv nøglen et navn, et omfang og en levetid" in r.text
