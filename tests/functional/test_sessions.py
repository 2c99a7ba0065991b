"""Server-side sessions (issue 15): the cookie is an opaque key, the session a
row with an idle timeout and an absolute lifetime; sessions can be seen and
ended; several processes share them; a page view does not write the session
when nothing changed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest
import sqlalchemy as sa

from rsi_case import main
from rsi_case.security.models import User, WebSession
from rsi_case.security.sessions import key_hash
from tests.conftest import PASSWORD, Browser, count


def browser(app, address="127.0.0.1", agent="Mozilla/5.0 (Windows NT 10.0) Firefox/140.0"):
    return Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})


def cookie(b) -> str:
    return next(c.value for c in b.cookiejar if c.name == "rsi_session")


def shift(app, **delta):
    app.registry["rsi_case.clock"] = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(**delta)


def test_the_cookie_is_an_opaque_random_key_and_nothing_can_be_read_from_it(app, users, engine):
    b = browser(app)
    r = b.login("sekretariat")
    header = r.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    value = cookie(b)
    assert len(value) == 43 and "." not in value  # 32 random bytes, base64url; no signature, no payload
    decoded = base64.urlsafe_b64decode(value + "=")
    # (one-byte needles such as the user id "1" or "{" turn up in 32 random
    # bytes about one run in eight: the words a payload would carry, and a new
    # key at every sign-in, show that nothing is encoded in it)
    for secret in (b"sekretariat", b"csrf", b"uid", b"user", b'{"'):
        assert secret not in decoded
    # the table holds the key's hash only, with who, from where, which browser
    with engine.connect() as conn:
        row = conn.execute(sa.select(WebSession)).one()
    assert row.key_hash == key_hash(value) and value not in json.dumps(row.data)
    assert row.user_id == users["sekretariat"] and row.address == "127.0.0.1" and "Firefox" in row.user_agent
    assert row.expires_at - row.created_at == dt.timedelta(hours=12)
    again = browser(app)
    again.login("sekretariat")
    assert cookie(again) != value


def test_secure_cookie_in_production_settings(tmp_path, database_url):
    from tests.conftest import settings_for

    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.secure_cookies": "true"}))
    r = Browser(app, extra_environ={"HTTP_HOST": "localhost"}).get("/login")
    assert "; secure" in r.headers["Set-Cookie"].lower()


def test_a_session_ends_after_its_absolute_lifetime_even_while_in_use(app, users):
    """The probe's forged 90-day cookie: a session used every few minutes still ends 12 hours after sign-in."""
    b = browser(app)
    b.login("arkivar")
    for minutes in range(0, 12 * 60, 25):  # in use all day, never idle for 30 minutes
        shift(app, minutes=minutes)
        assert b.get("/").status_int == 200
    shift(app, hours=12, minutes=1)
    assert "/login" in b.get("/", status=303).location


def test_a_cookie_of_an_old_session_is_refused(app, users, db):
    b = browser(app)
    b.login("arkivar")
    with db() as s:
        row = s.execute(sa.select(WebSession)).scalar_one()
        row.created_at = row.last_seen_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=90)
        row.expires_at = row.created_at + dt.timedelta(hours=12)
    assert "/login" in b.get("/", status=303).location


def test_idle_and_absolute_lifetimes_are_settings(tmp_path, database_url, users):
    from tests.conftest import settings_for

    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.session_idle_minutes": "5",
                                                         "rsi_case.session_max_hours": "1"}))
    b = browser(app)
    b.login("arkivar")
    shift(app, minutes=6)
    assert "/login" in b.get("/", status=303).location


def test_a_page_view_writes_nothing_unless_a_minute_has_passed(app, users, engine):
    b = browser(app)
    b.login("arkivar")
    writes = []
    sa.event.listen(engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *a: writes.append(statement)
                    if "web_sessions" in statement and not statement.lstrip().upper().startswith("SELECT") else None)
    for _ in range(3):
        b.get("/cases")
    assert writes == []
    shift(app, seconds=61)
    b.get("/cases")
    assert len(writes) == 1 and writes[0].lstrip().upper().startswith("UPDATE")


def test_my_sessions_lists_them_and_ends_another(app, users, engine):
    laptop = browser(app, "10.0.0.5", "Mozilla/5.0 (Windows NT 10.0) Chrome/140.0")
    laptop.login("sekretariat")
    phone = browser(app, "10.0.0.9", "Mozilla/5.0 (iPhone) Safari/605.1")
    phone.login("sekretariat")
    page = laptop.get("/account/sessions")
    assert "Mine sessioner" in page.text and "10.0.0.9" in page.text and "Safari / iPhone" in page.text
    assert "denne session" in page.text
    assert "<td>Adgangskode</td>" in page.text  # how it was signed in, in Danish
    other = count(engine, "SELECT id FROM web_sessions WHERE address = '10.0.0.9'")
    assert f'name="end" value="{other}"' in page.text
    laptop.post("/account/sessions", {"end": str(other), "csrf_token": laptop.csrf_token("/account/sessions")},
                status=303)
    assert "/login" in phone.get("/", status=303).location
    assert laptop.get("/").status_int == 200
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'session_end'") == 1


def test_another_users_session_cannot_be_ended(app, users, engine):
    victim = browser(app)
    victim.login("arkivar")
    theirs = count(engine, "SELECT id FROM web_sessions")
    b = browser(app)
    b.login("sekretariat")
    b.post("/account/sessions", {"end": str(theirs), "csrf_token": b.csrf_token("/account/sessions")}, status=404)
    assert victim.get("/").status_int == 200


def test_end_all_other_sessions(app, users):
    here, there = browser(app), browser(app)
    here.login("sekretariat")
    there.login("sekretariat")
    here.post("/account/sessions", {"end_others": "1", "csrf_token": here.csrf_token("/account/sessions")},
              status=303)
    assert here.get("/").status_int == 200
    assert there.get("/", status=303)


def test_an_administrator_ends_a_users_sessions(app, users, as_role):
    victim = browser(app)
    victim.login("arkivar")
    admin = as_role("admin")
    page = admin.get(f"/admin/users/{users['arkivar']}")
    assert re.search(r">1</span> aktive sessioner", page.text)
    admin.post(f"/admin/users/{users['arkivar']}", {"end_sessions": "1", "csrf_token": admin.csrf_token("/")},
               status=303)
    assert "/login" in victim.get("/", status=303).location


def test_a_role_change_ends_the_users_sessions(app, users, as_role):
    victim = browser(app)
    victim.login("styregruppe")
    admin = as_role("admin")
    form = admin.get(f"/admin/users/{users['styregruppe']}").forms["deform"]
    form["role"] = "arkivar"
    form.submit("save", status=303)
    assert "/login" in victim.get("/", status=303).location


def test_a_session_made_by_one_process_is_used_and_ended_by_another(settings, users):
    """Two application instances on one database (two processes, two nodes)."""
    one, two = main({}, **settings), main({}, **settings)
    b = browser(one)
    b.login("sekretariat")
    other = browser(two)
    other.set_cookie("rsi_session", cookie(b))
    assert other.get("/").status_int == 200
    other.post("/logout", {"csrf_token": other.csrf_token("/")}, status=303)
    assert "/login" in b.get("/", status=303).location


def test_logout_removes_the_row_and_the_cookie_is_dead(app, users, engine):
    b = browser(app)
    b.login("sekretariat")
    stolen = cookie(b)
    b.post("/logout", {"csrf_token": b.csrf_token("/")}, status=303)
    assert count(engine, "SELECT COUNT(*) FROM web_sessions WHERE user_id IS NOT NULL") == 0
    thief = browser(app)
    thief.set_cookie("rsi_session", stolen)
    assert "/login" in thief.get("/", status=303).location


@pytest.mark.parametrize("value", ["x", "a" * 43, "a.b" * 14, "../" * 20, ""])
def test_a_forged_cookie_is_no_session(app, users, value):
    b = browser(app)
    b.set_cookie("rsi_session", value)
    assert "/login" in b.get("/", status=303).location


def test_expired_rows_are_purged_at_sign_in(app, users, db, engine):
    with db() as s:
        old = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        s.add(WebSession(key_hash="0" * 64, user_id=users["arkivar"], created_at=old, last_seen_at=old,
                         expires_at=old + dt.timedelta(hours=12), data={}))
    browser(app).login("sekretariat")
    assert count(engine, "SELECT COUNT(*) FROM web_sessions WHERE key_hash = :k", k="0" * 64) == 0


def test_deactivation_ends_sessions_and_keeps_them_out(app, users, as_role, db, engine):
    victim = browser(app)
    victim.login("arkivar")
    with db() as s:
        s.get(User, users["arkivar"]).active = False
    assert "/login" in victim.get("/", status=303).location
    assert PASSWORD  # (the password itself still matches; the account does not)


def test_the_idle_timeout_is_thirty_minutes_from_the_last_request(app, users):
    b = browser(app)
    b.login("arkivar")
    shift(app, minutes=29)
    assert b.get("/").status_int == 200  # 29 minutes idle: still signed in, and seen now
    shift(app, minutes=29 + 29)
    assert b.get("/").status_int == 200
    shift(app, minutes=29 + 29 + 31)
    assert "/login" in b.get("/", status=303).location


def test_an_administrators_password_reset_ends_the_users_sessions(app, users, as_role):
    victim = browser(app)
    victim.login("styregruppe")
    admin = as_role("admin")
    reset = admin.get(f"/admin/users/{users['styregruppe']}").forms["reset"]
    reset["password"] = reset["password-confirm"] = "midlertidig adgangskode 2026"
    reset.submit("reset", status=303)
    assert "/login" in victim.get("/", status=303).location
    assert admin.get("/").status_int == 200


def test_a_change_of_groups_ends_the_users_sessions(app, users, as_role, db):
    from rsi_case.security.models import Group

    with db() as s:
        s.add(Group(name="rm-projektledere", title="Projektledere"))
    victim = browser(app)
    victim.login("arkivar")
    admin = as_role("admin")
    form = admin.get(f"/admin/users/{users['arkivar']}").forms["deform"]
    form.get("checkbox", index=0).checked = True
    form.submit("save", status=303)
    assert "/login" in victim.get("/", status=303).location


def test_a_session_seen_by_an_administrator_and_its_owner_is_the_same(app, users, as_role):
    """The administrator's count and Mine sessioner agree; an ended session is gone from both."""
    one, two = browser(app, "10.0.0.1"), browser(app, "10.0.0.2")
    one.login("arkivar")
    two.login("arkivar")
    admin = as_role("admin")
    assert re.search(r">2</span> aktive sessioner", admin.get(f"/admin/users/{users['arkivar']}").text)
    assert one.get("/account/sessions").text.count('name="end" value=') == 2
    two.post("/logout", {"csrf_token": two.csrf_token("/")}, status=303)
    assert re.search(r">1</span> aktive sessioner", admin.get(f"/admin/users/{users['arkivar']}").text)
    assert one.get("/account/sessions").text.count('name="end" value=') == 1
