"""No input gives a 500: every route of the application, with hostile values
in every path segment, query parameter and form field, logged out and as each
role.

Everything comes from the application itself, so the test stays right as
code is added:

* the routes from its route table (``IRoutesMapper``), the static views
  included, and each route's views (method and ``request_param``) from its
  view registry;
* the parameter names from a crawl of the access world as an administrator:
  every name a view looks up in ``request.GET``/``request.POST`` (the
  lookups are recorded while the crawl runs) and every field of every form
  on the pages it renders (deform reads its fields by iterating the form).

Each request carries a valid CSRF token, so unsafe requests get past the
CSRF check into the view. The answer must never be a 5xx, never show a
traceback, and an error page must be the Danish one; no request may log an
error. ``test_every_route_with_hostile_values`` sweeps every route variant
for each role (hostile path segments; valid path with every known name
hostile); ``test_hypothesis_mixes_hostile_values`` lets Hypothesis mix valid
and hostile values, names, roles and body encodings.
"""

from __future__ import annotations

import itertools
import logging
import re

import pytest
import webob.multidict
from hypothesis import HealthCheck, given, settings, strategies as st
from pyramid.interfaces import IRoutesMapper

from rsi_case.meetings import services as meeting_services
from rsi_case.security.models import User
from tests.conftest import DB
from tests.functional.access_world import REGIONAL, log_in, token_of, world  # noqa: F401 (fixture)
from tests.functional.hostile import (HOSTILE, READABLE, REFUSED, cookie_of, multipart, problems, query_string, send,
                                      urlencoded)

ROLES = (None, "sekretariat", "styregruppe", "arkivar", "admin", REGIONAL)  # REGIONAL has the role bruger
PLACEHOLDER = re.compile(r"\{(\w+)\}|\*(\w+)")
# POST /logout with a valid token ends the session the rest of the run needs;
# test_hostile_input.py sends hostile bodies to it with sessions of their own
# — and so does "end this session" on Mine sessioner (end=1 names the crawl's own session);
# tests/functional/test_sessions.py covers ending sessions
SESSION_ENDING = {("logout", "POST"), ("account_sessions", "POST", (("end", "1"),))}


def routes(app) -> dict[str, str]:
    """name -> pattern (with a leading slash) of every route, static views included."""
    return {r.name: "/" + r.pattern.lstrip("/") for r in app.registry.getUtility(IRoutesMapper).get_routes()}


def view_variants(app, every: bool = False) -> list[tuple[str, str, tuple]]:
    """(route, method, request_param pairs) for every view; a view for any
    method is tried with GET and POST; static views with GET. Without
    ``every``, not the views that end the session (SESSION_ENDING)."""
    found = set()
    for item in app.registry.introspector.get_category("views"):
        view = item["introspectable"]
        route = view["route_name"]
        if route is None:
            continue
        methods = view["request_methods"]
        methods = ("GET", "POST") if methods is None else (methods,) if isinstance(methods, str) else methods
        params = view["request_param"] or ()
        params = (params,) if isinstance(params, str) else params
        pairs = tuple(sorted(tuple(p.split("=", 1)) if "=" in p else (p, "1") for p in params))
        for method in methods:
            if method != "HEAD" and (every or not {(route, method), (route, method, pairs)} & SESSION_ENDING):
                found.add((route, method, pairs))
    for name in routes(app):
        if name.startswith("__"):
            found.add((name, "GET", ()))
    return sorted(found)


def valid_values(app, world) -> dict[str, str]:
    """A value for each placeholder that names a real object of the access world."""
    with DB(app.registry["db.engine"]) as s:
        sekr = s.get(User, world["sekretariat_id"])
        token = meeting_services.calendar_token(app.registry.settings["rsi_case.secret"], sekr)
    return {"case": world["open"], "document": world["final"], "version": "1", "revision": "1",
            "attachment": str(world["draft_att"]), "meeting": str(world["meeting"]), "item": str(world["item"]),
            "sending": str(world["sending"]), "decision": world["decision"], "user": str(world["user"]),
            "token": token, "subpath": "css/app.css", "cid": "logo@rsj",
            # not placeholders: an attachment's document, the calendar's user
            "draft_document": world["draft"], "calendar_user": str(world["sekretariat_id"]),
            "mail_document": world["mail"], "inbox_item": str(world["inbox_item"]),
            # (issue 19) a request's case: its extension and its documents' redaction pages
            "request_case": world["request"]}


def path_for(pattern: str, values: dict[str, bytes]) -> bytes:
    """The raw path bytes of ``pattern`` with each placeholder replaced."""
    out, last = b"", 0
    for m in PLACEHOLDER.finditer(pattern):
        out += pattern[last:m.start()].encode() + values[m.group(1) or m.group(2)]
        last = m.end()
    return out + pattern[last:].encode()


def placeholders(pattern: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(pattern)]


def fixed_values(route: str, valid: dict) -> dict[str, bytes]:
    """The valid values for one route: an attachment belongs to the draft, the
    calendar's key to the secretary (the administrator edits another user)."""
    values = {k: v.encode() for k, v in valid.items()}
    if route.startswith("attachment"):
        values["document"] = valid["draft_document"].encode()
    if route == "calendar":
        values["user"] = valid["calendar_user"].encode()
    if route.startswith("mail_"):  # a filed mail's parts: the mail document of the world
        values["document"] = valid["mail_document"].encode()
    if route.startswith("mail_inbox_"):  # a mail waiting in the Indbakke (not a meeting's item)
        values["item"] = valid["inbox_item"].encode()
    # (issue 19) a request's own case, so the form is reached; for the redaction page, a document
    # of the cases the request concerns under it
    if route in ("case_access_request_extend", "access_redactions"):
        values["case"] = valid["request_case"].encode()
    return values


# -- the names the application reads ---------------------------------------------

FORM_FIELD = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"")
_NAMES: dict[str, frozenset] = {}


def crawl_names(app, valid, monkeypatch) -> list[str]:
    """Every parameter name the application looks up, found by crawling it as
    an administrator (GET every route, POST every view with only its token and
    ``request_param``), plus the fields of every form on the crawled pages.
    Cached per process: the names are a property of the code, not of the data."""
    if "names" in _NAMES:
        return sorted(_NAMES["names"])
    seen = set()
    for method in ("__getitem__", "__contains__", "getall", "getone"):
        original = getattr(webob.multidict.MultiDict, method)

        def recording(self, key, *args, _original=original):
            if isinstance(key, str):
                seen.add(key)
            return _original(self, key, *args)

        monkeypatch.setattr(webob.multidict.MultiDict, method, recording)
    admin = log_in(app, "admin")
    token = token_of(admin)
    cookie = cookie_of(admin)
    patterns = routes(app)
    for route, method, pairs in view_variants(app):
        if route.startswith("__"):
            continue
        path = path_for(patterns[route], fixed_values(route, valid))
        if method == "GET":
            r = send(app, "GET", path, cookie=cookie)
            if r.content_type == "text/html":
                seen.update(FORM_FIELD.findall(r.text))
        else:
            send(app, "POST", path, body=urlencoded([("csrf_token", token), *pairs]),
                 content_type="application/x-www-form-urlencoded", cookie=cookie)
    monkeypatch.undo()
    # deform's own markers are not names a view reads; peppercorn reads them, and sends them
    names = frozenset(n for n in seen if n and not n.startswith("__"))
    _NAMES["names"] = names
    return sorted(names)


# -- the sessions -------------------------------------------------------------------

class Session:
    """A logged-in (or anonymous) browser's cookie and CSRF token."""

    def __init__(self, app, login):
        browser = log_in(app, login)
        self.login = login
        self.token = token_of(browser, anonymous=login is None)
        self.cookie = cookie_of(browser)


@pytest.fixture
def fuzz(app, world, monkeypatch):
    app.registry["rsi_case.sleep"] = lambda seconds: None  # failed logins slow down; not here
    valid = valid_values(app, world)
    names = crawl_names(app, valid, monkeypatch)
    # the crawl is what the fuzzing rests on: it finds the names plain views read
    # (page, before, a), form handlers (item, participant) and deform's fields (title)
    assert {"page", "year", "q", "before", "a", "b", "item", "participant", "title", "csrf_token"} <= set(names)
    variants = view_variants(app)
    assert set(routes(app)) - {route for route, _m, _p in variants} <= {"logout"}
    return {"valid": valid, "names": names, "routes": routes(app), "variants": variants}


def check(app, caplog, session, route, method, path, query=(), form=(), encoding="urlencoded", files=()):
    """Send one request; return what is wrong with the answer (with the request, for the message)."""
    caplog.clear()
    kwargs = {"cookie": session.cookie, "query": query_string(query)}
    if method == "POST":
        pairs = [*form]
        if encoding == "urlencoded":
            kwargs.update(body=urlencoded(pairs), content_type="application/x-www-form-urlencoded")
        else:
            body, ctype = multipart(pairs, files)
            kwargs.update(body=body, content_type=ctype)
    response = send(app, method, path, **kwargs)
    found = problems(response)
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    if logged:
        found.append("logged: " + logged[0].getMessage()[:200])
    if found:
        return [f"{session.login or 'anonymous'} {method} {path[:120]!r} query={list(query)[:6]!r} "
                f"form={[(k, v[:20]) for k, v in form][:8]!r} {encoding}: {', '.join(found)}"]
    return []


def _readable(i: int) -> bytes:
    return READABLE[i % len(READABLE)]


@pytest.mark.slow
def test_every_route_with_hostile_values(app, fuzz, caplog):
    """For each role (and logged out), each route variant: each placeholder in
    turn with a hostile value that reaches the route factory (turning through
    the list); the valid path with every name the application reads set to such
    a value — in the query string and, for unsafe methods, in the body with a
    valid token; and a path segment that is refused before any view (invalid
    UTF-8, NUL). One test, not one per role: the pages' templates are compiled
    once per application."""
    caplog.set_level(logging.INFO)
    counter = itertools.count()
    wrong = []
    for login in ROLES:
        wrong += sweep(app, fuzz, Session(app, login), counter, caplog)
    assert not wrong, "\n".join(wrong[:40])


def sweep(app, fuzz, session, counter, caplog) -> list[str]:
    wrong = []
    for route, method, pairs in fuzz["variants"]:
        pattern = fuzz["routes"][route]
        valid = fixed_values(route, fuzz["valid"])
        token = [("csrf_token", session.token), *pairs]
        for name in placeholders(pattern):
            hostile = {**valid, name: _readable(next(counter))}
            wrong += check(app, caplog, session, route, method, path_for(pattern, hostile), form=token)
        if placeholders(pattern):
            refused = {**valid, placeholders(pattern)[-1]: REFUSED[next(counter) % len(REFUSED)]}
            wrong += check(app, caplog, session, route, method, path_for(pattern, refused), form=token)
        named = [(n, _readable(next(counter))) for n in fuzz["names"] if n != "csrf_token"]
        path = path_for(pattern, valid)
        if method == "GET":
            wrong += check(app, caplog, session, route, method, path, query=named)
        else:
            wrong += check(app, caplog, session, route, method, path, form=[*token, *named])
            # a file where the view reads text (a browser never sends one)
            name = fuzz["names"][next(counter) % len(fuzz["names"])]
            wrong += check(app, caplog, session, route, method, path, form=token, encoding="multipart",
                           files=[(name, "bilag.pdf", b"%PDF-1.4")])
    return wrong


@pytest.mark.slow
def test_hypothesis_mixes_hostile_values(app, fuzz, caplog):
    """Hypothesis picks a role, a route variant, valid or hostile path
    segments, some names with hostile values in the query string and the body,
    and the body's encoding (urlencoded, multipart, or multipart with a file
    where text is expected). Derandomized: the same examples on every run."""
    caplog.set_level(logging.INFO)
    sessions = {login: Session(app, login) for login in ROLES}
    names = fuzz["names"]
    value = st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=12), st.text(max_size=12).map(str.encode))
    pair = st.tuples(st.one_of(st.sampled_from(names), st.sampled_from(HOSTILE)), value)

    @settings(max_examples=250, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def one_request(data):
        login = data.draw(st.sampled_from(ROLES), label="login")
        route, method, pairs = data.draw(st.sampled_from(fuzz["variants"]), label="variant")
        pattern = fuzz["routes"][route]
        values = fixed_values(route, fuzz["valid"])
        for name in placeholders(pattern):
            if data.draw(st.booleans(), label=f"hostile {name}"):
                values[name] = data.draw(value, label=name)
        query = data.draw(st.lists(pair, max_size=4), label="query")
        form = [("csrf_token", sessions[login].token), *pairs, *data.draw(st.lists(pair, max_size=6), label="form")]
        encoding = data.draw(st.sampled_from(["urlencoded", "multipart", "multipart+file"]), label="encoding")
        files = ()
        if encoding == "multipart+file":
            files = [(data.draw(st.sampled_from(names), label="file field"), "bilag.pdf", b"%PDF-1.4 hostile")]
        wrong = check(app, caplog, sessions[login], route, method, path_for(pattern, values),
                      query=query, form=form, encoding=encoding, files=files)
        assert not wrong, wrong[0]

    one_request()



