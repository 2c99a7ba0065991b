"""Inputs that must never give a 500, one class at a time (issue 12).

Each class was a 500 (some for anonymous visitors, each with a traceback of
~190 log lines): invalid UTF-8 in the path, query string or form body;
Unicode digits that pass ``str.isdigit()`` but not ``int()`` (``²``) and
integers beyond Python's 4,300-digit limit, in path segments, query
parameters and form fields; ``multipart/form-data`` without a boundary and
other unreadable bodies; a file where a view reads text. Each now gets a
400 or 404 with the Danish page and at most one log line, never a
traceback. test_fuzz_routes.py walks every route with such values; these
are the plain examples.

Also here: the host allow-list (``rsi_case.allowed_hosts``), links that
leave the site built from ``rsi_case.public_url``, HSTS, and no ``Server``
header — the last checked through waitress itself.
"""

from __future__ import annotations

import configparser
import datetime as dt
import http.client
import io
import logging
import re
import zipfile
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from rsi_case import main
from tests.conftest import ROOT, settings_for
from tests.functional.access_world import CSRF_TITLE, log_in, token_of, world  # noqa: F401 (fixture)
from tests.functional.hostile import cookie_of, multipart, problems, send, title_of, urlencoded
from tests.functional.test_fuzz_routes import fixed_values, path_for, routes, valid_values, view_variants

BAD_REQUEST = "Ugyldig forespørgsel · RSI Sag"
NOT_FOUND = "Siden blev ikke fundet · RSI Sag"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def admin(app, users):
    browser = log_in(app, "admin")
    return {"cookie": cookie_of(browser), "token": token_of(browser)}


@pytest.fixture
def anonymous(app):
    browser = log_in(app, None)
    return {"cookie": cookie_of(browser), "token": token_of(browser, anonymous=True)}


def refused(response, caplog):
    """The Danish 400 page, and exactly one log line (no traceback) for the request."""
    assert response.status_int == 400, (response.status, title_of(response))
    assert title_of(response) == BAD_REQUEST
    assert not problems(response)
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].exc_info is None and lines[0].name == "rsi_case.wellformed"
    return lines[0].getMessage()


# -- invalid UTF-8 ---------------------------------------------------------------

def test_invalid_utf8_in_the_path_or_query_string_gets_the_danish_400_page(app, anonymous, admin, caplog):
    caplog.set_level(logging.INFO)
    for path, query in [("/login", "x=%ff"), ("/login", "came_from=%C3"), ("/cases/%ff", ""), ("/static/%ff", ""),
                        ("/static/css/%ff.css", ""), ("/search", "q=%ff"), ("/documents/%ff/history", ""),
                        ("/health", "x=%ff"), ("/cases", "%ff=1")]:
        for session in (anonymous, admin):
            caplog.clear()
            r = send(app, "GET", path, query=query, cookie=session["cookie"])
            assert "invalid UTF-8" in refused(r, caplog), (path, query)


def test_the_first_request_may_be_refused(app, caplog):
    """The error page renders even when it is the first page the application
    renders (its layout used to be loaded by a subscriber that a refused
    request never reaches)."""
    caplog.set_level(logging.INFO)
    refused(send(app, "GET", "/cases/%ff"), caplog)


@pytest.mark.parametrize("body", [b"login=%ff", b"login=%C3%28", b"login=\xff", b"%ff=1"])
def test_invalid_utf8_in_a_form_body_is_refused(app, anonymous, caplog, body):
    caplog.set_level(logging.INFO)
    caplog.clear()
    r = send(app, "POST", "/login", body=b"csrf_token=" + anonymous["token"].encode() + b"&" + body,
             content_type=FORM, cookie=anonymous["cookie"])
    assert "invalid UTF-8 in the form body" in refused(r, caplog)


@pytest.mark.parametrize("path, query, body", [
    ("/cases/%00", "", b""), ("/cases", "q=a%00b", b""), ("/login", "", b"login=a%00b"),
])
def test_a_nul_character_is_refused(app, anonymous, caplog, path, query, body):
    """PostgreSQL refuses NUL in text: it never reaches a query."""
    caplog.set_level(logging.INFO)
    caplog.clear()
    method = "POST" if body else "GET"
    r = send(app, method, path, query=query, body=body and b"csrf_token=" + anonymous["token"].encode() + b"&" + body,
             content_type=FORM if body else None, cookie=anonymous["cookie"])
    assert "NUL" in refused(r, caplog)


# -- numbers: Unicode digits and 5,000-digit integers ---------------------------------

HUGE = "9" * 5000


def _q(text: str) -> str:
    return quote(text, safe="")


def test_a_number_in_the_path_that_is_not_ascii_digits_names_nothing(app, world, admin):
    """404, as for any number that names nothing — also for ``٣``, which
    ``int()`` would have read as 3."""
    for template in ["/meetings/{n}", "/meetings/{n}/pack.docx", "/meetings/{meeting}/items/{n}.docx",
                     "/meetings/{meeting}/sendings/{n}.docx", "/documents/{final}/versions/{n}",
                     "/documents/{draft}/attachments/{n}", "/documents/{draft}/attachments/{draft_att}/revisions/{n}",
                     "/admin/users/{n}", "/calendar/{n}/abc.ics", "/calendar/{sekretariat_id}/{n}.ics"]:
        for n in ["²", "٣", HUGE, "-1", "1²"]:
            r = send(app, "GET", template.format(n=_q(n), **world), cookie=admin["cookie"])
            assert r.status_int == 404, (template, n[:10], r.status)
            assert title_of(r) == NOT_FOUND
            assert not problems(r)


def test_a_number_in_the_query_string_that_is_not_ascii_digits_is_ignored_or_names_nothing(app, world, admin):
    for path, query, status in [
        ("/cases", "page={n}", 200), ("/cases", "year={n}", 200), ("/cases", "size={n}&responsible={n}", 200),
        ("/search", "q=udbud&page={n}", 200), ("/search", "q=udbud&year={n}", 200),
        ("/api/search", "q=udbud&page={n}", 200), ("/decisions", "year={n}&page={n}&from={n}&to={n}", 200),
        ("/audit", "before={n}", 200), ("/audit.csv", "before={n}", 200), ("/documents/{final}/history", "page={n}", 200),
        ("/documents/{final}/diff", "a={n}&b=1", 404), ("/documents/{final}/diff", "a=1&b={n}", 404),
        ("/documents/{final}/redline.docx", "a={n}&b=1", 404),
    ]:
        for n in ["²", "٣", HUGE]:
            r = send(app, "GET", path.format(**world), query=query.format(n=_q(n)), cookie=admin["cookie"])
            assert r.status_int == status, (path, query, n[:10], r.status)
            assert not problems(r)


def test_the_case_list_says_a_year_it_cannot_read_was_ignored(app, admin):
    r = send(app, "GET", "/cases", query="year=" + _q("²⁰²⁴"), cookie=admin["cookie"])
    assert r.status_int == 200
    assert "er ikke et år" in r.text


def test_a_number_in_a_form_field_that_is_not_ascii_digits_names_nothing(app, world, admin):
    for fields in [{"move": "up", "item": "²"}, {"withdraw": "1", "item": HUGE}, {"papers": "1", "item": "٣"},
                   {"remove_participant": "1", "participant": "²"}, {"remove_participant": "1", "participant": HUGE}]:
        r = send(app, "POST", f"/meetings/{world['meeting']}",
                 body=urlencoded([("csrf_token", admin["token"]), *fields.items()]), content_type=FORM,
                 cookie=admin["cookie"])
        assert r.status_int == 404, (fields, r.status)
        assert not problems(r)


def test_numbers_in_forms_are_read_as_ascii_digits(app, world, admin):
    """Forms with such numbers answer with the page or its message, never a 500."""
    for url, fields in [
        ("/meetings/{meeting}", {"papers": "1", "item": "{item}", "document": "²"}),
        ("/cases/{open}/actions", {"edit": "1", "action": "²", "version": "²"}),
        ("/cases/{open}/actions", {"note": "1", "action": "{action}", "version": HUGE, "text": "x"}),
        ("/cases/{open}/actions", {"add": "1", "title": "Indsats", "deadline": "30-06-2027", "document": "²"}),
        ("/documents/{revised}/versions/1/restore", {"base_version": "²"}),
        ("/documents/{final}/new-version", {"base_version": HUGE}),
        ("/meetings/new", {"title": "Møde", "date": "15-12-2026", "start": "١٠:٠٠", "end": "²:00"}),
        ("/admin/users/{user}", {"save": "1", "full_name": "Uden Adgang", "role": "sekretariat", "groups": "²"}),
    ]:
        r = send(app, "POST", url.format(**world),
                 body=urlencoded([("csrf_token", admin["token"]), *((k, v.format(**world)) for k, v in fields.items())]),
                 content_type=FORM, cookie=admin["cookie"])
        assert r.status_int < 500, (url, fields, r.status)
        assert not problems(r)


def test_a_stored_body_with_odd_numbers_in_its_attributes_exports_to_word():
    """colspan, start and width come from stored HTML (the sanitiser keeps them)."""
    from rsi_case.documents.sanitize import clean_html
    from rsi_case.export.builder import WordBuilder
    from tests.office import check_package

    body = clean_html('<table><tr><td colspan="²">a</td><td colspan="' + HUGE + '">b</td></tr></table>'
                      '<ol start="²"><li>c</li></ol><ol start="' + HUGE + '"><li>d</li></ol>'
                      '<p><img width="²px" src="/x.png" alt="e"></p>')
    assert 'colspan="²"' in body and 'start="²"' in body and 'width="²px"' in body
    b = WordBuilder(resolve_image=lambda src: None)
    b.html(body)
    check_package(b.save())


# -- bodies ------------------------------------------------------------------------

def post_variants(app) -> list[tuple[str, tuple]]:
    return sorted({(route, pairs) for route, method, pairs in view_variants(app, every=True) if method == "POST"})


def test_multipart_without_a_boundary_is_refused_on_every_form(app, world, admin, anonymous, caplog):
    """Every POST view of the application, logged in with a valid token (and
    /login, /logout anonymously): the Danish 400 page and one log line."""
    caplog.set_level(logging.INFO)
    valid = valid_values(app, world)
    patterns = routes(app)
    tried = set()
    for route, pairs in post_variants(app):
        for session in (admin, anonymous) if route in ("login", "logout") else (admin,):
            body = urlencoded([("csrf_token", session["token"]), *pairs])
            for content_type in ("multipart/form-data", "multipart/form-data; boundary=",
                                 "multipart/form-data; charset=utf-8"):
                caplog.clear()
                r = send(app, "POST", path_for(patterns[route], fixed_values(route, valid)), body=body,
                         content_type=content_type, cookie=session["cookie"])
                assert "unreadable form body" in refused(r, caplog), (route, content_type)
            tried.add(route)
    assert {"login", "logout", "case_new", "meeting", "attachments", "case_import"} <= tried


@pytest.mark.parametrize("body, content_type, reason", [
    (b"login=a", FORM + "; charset=latin-1", "unreadable form body"),
    (b"login=a", FORM + "; charset=no-such-charset", "unreadable form body"),
    (None, "text/plain; charset=nonsense", "unreadable form body"),
    (None, "file-in-text-field", "a file in the text field 'login'"),
])
def test_an_unreadable_form_body_is_refused(app, anonymous, caplog, body, content_type, reason):
    caplog.set_level(logging.INFO)
    if content_type == "file-in-text-field":
        body, content_type = multipart([("csrf_token", anonymous["token"])], files=[("login", "a.txt", b"admin")])
    elif content_type.startswith("text/plain"):
        body, ctype = multipart([("csrf_token", anonymous["token"]), ("login", "a")])
        body = body.replace(b'name="login"\r\n', b'name="login"\r\nContent-Type: ' + content_type.encode() + b"\r\n")
        content_type = ctype
    else:
        body = b"csrf_token=" + anonymous["token"].encode() + b"&" + body
    caplog.clear()
    r = send(app, "POST", "/login", body=body, content_type=content_type, cookie=anonymous["cookie"])
    assert reason in refused(r, caplog)


@pytest.mark.parametrize("length", ["-5", "abc", "9" * 5000, "1e3", "0x10"])
def test_a_malformed_content_length_is_refused(app, anonymous, caplog, length):
    caplog.set_level(logging.INFO)
    caplog.clear()
    r = send(app, "POST", "/login", body=b"a=b", content_type=FORM, cookie=anonymous["cookie"],
             headers={"Content-Length": length})
    assert "malformed Content-Length" in refused(r, caplog)


def test_an_absurd_content_length_gets_the_413_page_without_the_body_being_read(app, anonymous, caplog):
    """Declared far beyond the limit: refused unread — the error page does not
    read the body either (it used to, looking for a language choice in it)."""
    caplog.set_level(logging.INFO)
    r = send(app, "POST", "/login", body=b"a=b", content_type=FORM, cookie=anonymous["cookie"],
             headers={"Content-Length": str(10 ** 14)})
    assert r.status_int == 413
    assert title_of(r) == "Filen er for stor · RSI Sag"


def test_a_garbage_cookie_is_no_session(app, caplog):
    caplog.set_level(logging.WARNING)
    for cookie in ("rsi_session=\xff\xfe", "rsi_session=" + "A" * 4000, "rsi_session=%ff; =; ;;", "\x00=\x00",
                   'rsi_session="unterminated'):
        r = send(app, "GET", "/cases", cookie=cookie)
        assert r.status_int == 303 and r.location.startswith("http://localhost/login"), cookie
    assert not caplog.records


def test_a_csrf_token_that_is_not_ascii_is_refused_as_expired(app, admin):
    for token in ["٣", "²", "\u202e", "x" * 5000]:
        r = send(app, "POST", "/account", body=urlencoded([("csrf_token", token)]), content_type=FORM,
                 cookie=admin["cookie"])
        assert r.status_int == 400 and title_of(r) == CSRF_TITLE + " · RSI Sag"
        r = send(app, "POST", "/account", body=b"", content_type=FORM, cookie=admin["cookie"],
                 headers={"X-CSRF-Token": token.encode().decode("latin-1")})
        assert r.status_int == 400 and title_of(r) == CSRF_TITLE + " · RSI Sag"


def test_hostile_bodies_to_logout(app, users):
    """(test_fuzz_routes leaves /logout out: it ends the session the run needs.)"""
    for body in (b"\xff=\xff", b"csrf_token=%ff", b"csrf_token=" + "²".encode(), b"%%%"):
        browser = log_in(app, "sekretariat")
        r = send(app, "POST", "/logout", body=b"csrf_token=" + token_of(browser).encode() + b"&x=" + body,
                 content_type=FORM, cookie=cookie_of(browser))
        assert r.status_int in (303, 400) and not problems(r)


# -- the error pages themselves ----------------------------------------------------

def test_the_500_page_shows_when_the_database_fails_too(app, admin, engine):
    """The page's menu reads the user, from the database; when that is what
    failed, the page is shown as to a visitor — never a bare server error."""
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE users RENAME TO users_gone"))
    r = send(app, "GET", "/cases", cookie=admin["cookie"])
    assert r.status_int == 500
    assert title_of(r) == "Der opstod en fejl · RSI Sag"
    assert re.search(r'<code class="incident">[0-9a-f]{12}</code>', r.text)
    assert problems(r) == [f"status {r.status}"]  # the 500 itself, on the Danish page


# -- the host allow-list -------------------------------------------------------------

def test_another_host_gets_the_danish_400_page_built_for_an_allowed_host(app, admin, anonymous, caplog):
    caplog.set_level(logging.INFO)
    for host in ["evil.example", "evil.example:80", "localhost.evil.example", "localhost@evil.example",
                 "localhost:80@evil.example", "local host", "127.0.0.2", "[::2]", "lócalhost"]:
        for path, session in (("/", admin), ("/cases", admin), ("/login", anonymous), ("/cases/%ff", admin)):
            caplog.clear()
            r = send(app, "GET", path, cookie=session["cookie"], host=host)
            assert "is not in rsi_case.allowed_hosts" in refused(r, caplog), (host, path)
            assert "evil" not in r.text and "location" not in r.headers
            assert 'href="http://localhost/' in r.text  # the page's links: the first allowed host


def test_this_machines_names_are_allowed_by_default(app, admin):
    for host in ["localhost", "LOCALHOST", "localhost.", "localhost:6543", "127.0.0.1", "127.0.0.1:8080", "[::1]",
                 "[::1]:6543"]:
        r = send(app, "GET", "/cases", cookie=admin["cookie"], host=host)
        assert r.status_int == 200, host


def test_the_configured_hosts_are_the_only_ones(tmp_path, database_url):
    app = main({}, **settings_for(tmp_path, database_url, **{
        "rsi_case.allowed_hosts": "sag.example.dk intern.example.dk:8443 [2001:db8::1]"}))
    for host, scheme, status in [
        ("sag.example.dk", "https", 303), ("sag.example.dk:8443", "https", 303), ("SAG.example.dk", "http", 303),
        ("intern.example.dk:8443", "https", 303), ("intern.example.dk", "https", 400),
        ("intern.example.dk:443", "https", 400),
        ("[2001:db8::1]", "http", 303), ("[2001:db8::1]:80", "http", 303),
        ("localhost", "http", 400), ("127.0.0.1", "http", 400), ("evil.example", "https", 400),
    ]:
        r = send(app, "GET", "/cases", host=host, scheme=scheme)
        assert r.status_int == status, (host, scheme, r.status)
        if status == 303:
            assert r.location.startswith(f"{scheme}://") and "/login?" in r.location


def test_a_port_in_the_allowed_host_is_the_scheme_default_when_the_request_names_none(tmp_path, database_url):
    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.allowed_hosts": "sag.example.dk:443"}))
    assert send(app, "GET", "/login", host="sag.example.dk", scheme="https").status_int == 200
    assert send(app, "GET", "/login", host="sag.example.dk", scheme="http").status_int == 400


@pytest.mark.parametrize("setting, value", [
    ("rsi_case.allowed_hosts", "sag.example.dk/x"), ("rsi_case.allowed_hosts", "user@sag.example.dk"),
    ("rsi_case.public_url", "sag.example.dk"), ("rsi_case.public_url", "ftp://sag.example.dk"),
    ("rsi_case.public_url", "https://sag.example.dk/?x=1"),
])
def test_a_host_setting_that_is_no_host_stops_the_start(tmp_path, database_url, setting, value):
    with pytest.raises(ValueError, match=setting):
        main({}, **settings_for(tmp_path, database_url, **{setting: value}))


# -- links that leave the site ---------------------------------------------------------

PUBLIC = "https://sag.example.dk"


@pytest.fixture
def public_app(tmp_path, database_url):
    return main({}, **settings_for(tmp_path, database_url, **{"rsi_case.public_url": PUBLIC}))


def test_links_that_leave_the_site_use_the_public_url(public_app, db, users, make_case, make_document):
    """The calendar address pasted into Outlook, the calendar's entries and the
    links inside a Word file name the public address, whichever allowed host the
    page was asked for by (and the public host is allowed)."""
    from icalendar import Calendar

    from rsi_case.meetings import services
    from rsi_case.security.models import User
    from tests.conftest import DB, PASSWORD, Browser

    case = make_case()
    doc = make_document(case, body=f'<p>Se <a href="/cases/{case.slug}">sagen</a>.</p>')
    with DB(public_app.registry["db.engine"]) as s:
        services.create_meeting(s, s.get(User, users["admin"]), title="Styregruppemøde",
                                starts_at=dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC))
    for host in ("localhost", "sag.example.dk"):
        b = Browser(public_app, extra_environ={"HTTP_HOST": host})
        b.login("sekretariat", PASSWORD)
        feed = re.search(r'(https?://[^"<\s]+/calendar/\d+/[0-9a-f]+\.ics)', b.get("/meetings").text).group(1)
        assert feed.startswith(PUBLIC + "/calendar/")
        cal = Calendar.from_ical(b.get(feed[len(PUBLIC):]).body)
        event = next(iter(cal.walk("VEVENT")))
        assert str(event["url"]).startswith(PUBLIC + "/meetings/")
        assert str(event["uid"]).endswith("@sag.example.dk")
        docx = b.get(f"/documents/{doc.slug}/export.docx").body
        rels = zipfile.ZipFile(io.BytesIO(docx)).read("word/_rels/document.xml.rels").decode()
        assert f'Target="{PUBLIC}/cases/{case.slug}"' in rels


def test_without_a_public_url_links_use_the_allowed_host_asked_for(app, admin):
    page = send(app, "GET", "/meetings", cookie=admin["cookie"], host="127.0.0.1:6543").text
    assert re.search(r"http://127\.0\.0\.1:6543/calendar/\d+/[0-9a-f]+\.ics", page)


# -- response headers ----------------------------------------------------------------

HSTS = "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("extra, sent", [
    ({}, False), ({"rsi_case.secure_cookies": "true"}, True), ({"rsi_case.hsts": "true"}, True),
    ({"rsi_case.secure_cookies": "true", "rsi_case.hsts": "false"}, False),
])
def test_hsts_is_sent_when_the_site_is_served_over_https(tmp_path, database_url, extra, sent):
    app = main({}, **settings_for(tmp_path, database_url, **extra))
    for path in ("/login", "/cases/%ff", "/static/css/app.css"):
        r = send(app, "GET", path, scheme="https")
        assert r.headers.get("Strict-Transport-Security") == (HSTS if sent else None), (extra, path)


def server_section(ini: str, name: str = "main") -> dict:
    parser = configparser.RawConfigParser()
    parser.read(ROOT / ini)
    return dict(parser[f"server:{name}"])


# production.ini serves with gunicorn ([server:main]; its Server header is dropped by
# nginx, tests/functional/test_worker.py) and keeps waitress as [server:waitress]
@pytest.mark.parametrize("ini,name", [("development.ini", "main"), ("production.ini", "waitress")])
def test_waitress_does_not_announce_itself(tmp_path, database_url, ini, name):
    """The real server, with the ini's server settings: no Server header (and
    HSTS with production's settings)."""
    from webtest.http import StopableWSGIServer

    section = server_section(ini, name)
    assert "ident" in section, f"{ini}: set 'ident =' in [server:main]"
    production = ini == "production.ini"
    app = main({}, **settings_for(tmp_path, database_url, **({"rsi_case.secure_cookies": "true"} if production else {})))
    server = StopableWSGIServer.create(app, host="127.0.0.1", ident=section["ident"])
    assert server.wait()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.adj.port, timeout=10)
        for path in ("/login", "/cases/%ff", "/no-such-page"):
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            response.read()
            assert response.status in (200, 303, 400), (path, response.status)
            assert response.getheader("Server") is None, (ini, path, response.getheader("Server"))
            assert response.getheader("Via") is None
            assert response.getheader("Strict-Transport-Security") == (HSTS if production else None)
        conn.close()
    finally:
        server.shutdown()


def test_the_ini_files_name_their_hosts():
    for ini, expected in (("development.ini", {"localhost:6543", "127.0.0.1:6543"}), ("production.ini", {"sag.example.dk"})):
        parser = configparser.RawConfigParser()
        parser.read(ROOT / ini)
        assert expected <= set(parser["app:main"]["rsi_case.allowed_hosts"].split()), ini
    parser = configparser.RawConfigParser()
    parser.read(ROOT / "production.ini")
    assert parser["app:main"]["rsi_case.hsts"] == "true"
    assert parser["app:main"]["rsi_case.public_url"].startswith("https://")
