"""The audit trail (issue 3): every action the issue lists leaves one row
with time (UTC), user, action, object, case, address and outcome; rows are
written even when the request fails; nothing in the application can change
them; the audit page (admin and arkivar) filters and exports them as CSV,
and each case has its own extract ("who has seen case 09/2867?")."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import rsi_case
from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from rsi_case.documents.resources import find_document
from rsi_case.documents.services import add_attachment
from rsi_case.numbering import CaseNumber
from rsi_case.security.models import AuditEvent, User
from tests.conftest import PASSWORD, Browser, add_user, count

ADDR = "10.20.30.40"


# --- helpers ------------------------------------------------------------------------

def browser(app, login=None, password=PASSWORD):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": ADDR})
    if login:
        b.login(login, password)
    return b


def utcnow():
    return dt.datetime.now(dt.UTC)


def rows(engine, action=None):
    """The audit rows (optionally of one action) in order, detail decoded."""
    stmt = sa.select(AuditEvent.__table__).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def raw_rows(engine):
    """Every column of every row as the database stores it (text)."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text("SELECT * FROM audit_log")).mappings()]


def one(engine, action, **expected):
    found = [r for r in rows(engine, action) if all(r[k] == v for k, v in expected.items())]
    assert len(found) == 1, (action, expected, rows(engine, action))
    return found[0]


def check(row, *, login, object_ref, case_ref="", outcome="ok", since, address=ADDR):
    """The fields the issue names: time (UTC), user, object, address, outcome."""
    assert row["login"] == login
    assert row["object_ref"] == object_ref
    assert row["case_ref"] == case_ref
    assert row["address"] == address
    assert row["outcome"] == outcome
    at = row["at"]
    assert at.utcoffset() == dt.timedelta(0)
    assert since - dt.timedelta(seconds=2) <= at <= utcnow() + dt.timedelta(seconds=2)
    return row


def assert_stored_in_utc(engine, since):
    """The stored text of each timestamp is UTC wall time (not local time)."""
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT at FROM audit_log")).scalars().all()
    for value in stored:
        naive = dt.datetime.fromisoformat(str(value)[:26])
        assert abs(naive - since.replace(tzinfo=None)) < dt.timedelta(minutes=5), value


def table_rows(page):
    """The audit page's rows as dicts of its columns; "action" is the action's
    code (the cell shows a Danish label and carries the code as its title)."""
    names = ("time", "login", "action", "object", "case", "address", "outcome", "detail")
    out = []
    for tr in page.html.select("table.audit-table tbody tr"):
        tds = tr.find_all("td")
        if len(tds) == len(names):
            row = dict(zip(names, (td.get_text(" ", strip=True) for td in tds)))
            row["action"] = tds[2].get("title") or row["action"]
            out.append(row)
    return out


def seen_by(page):
    """The "who has seen the case" table of a case's log: login -> views."""
    card = page.html.find("h2", string=re.compile("Hvem har set sagen")).find_parent("div")
    return {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text(strip=True)
            for tr in card.select("tbody tr")}


def csv_rows(response):
    assert response.body.startswith("\ufeff".encode())
    text = response.body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def pauses(app):
    """Failed logins pause the answer; record instead of sleeping."""
    slept = []
    app.registry["rsi_case.sleep"] = slept.append
    return slept


@pytest.fixture
def case_with_doc(make_case, make_document):
    number = make_case(title="Fælles laboratoriesystem", number="09/2867", status="aaben",
                       opened_on=dt.date(2009, 3, 2))
    doc = make_document(number, title="Notat om laboratoriesystem", number="62947/09", status="endelig")
    return number, doc


@pytest.fixture
def attachment(app, db, users, case_with_doc):
    _number, doc = case_with_doc
    sha, size = app.registry["rsi_case.blobs"].put(io.BytesIO(b"bilagets indhold"))
    with db() as s:
        d = find_document(s, doc)
        att = add_attachment(s, d, sha256=sha, size=size, content_type="text/plain; charset=utf-8",
                             filename="tidsplan.txt", user=s.get(User, users["sekretariat"]))
        return att.id


# --- each action leaves its row ---------------------------------------------------------

def test_login_failed_login_and_logout(app, users, engine, pauses):
    secret = "Hemmelig-Kode-Som-Aldrig-Logges-42"
    since = utcnow()
    b = browser(app)
    page = b.get("/login")
    form = page.forms[0]
    token = form["csrf_token"].value
    form["login"] = "  Sekretariat "
    form["password"] = secret
    form.submit(status=400)
    failed = check(one(engine, "login_failed"), login="sekretariat", object_ref="sekretariat", outcome="failed",
                   since=since)
    assert failed["user_id"] is None
    browser(app).login("findes.ikke", secret, status=400)
    check(one(engine, "login_failed", login="findes.ikke"), login="findes.ikke", object_ref="findes.ikke",
          outcome="failed", since=since)

    b.login("sekretariat")
    ok = check(one(engine, "login"), login="sekretariat", object_ref="sekretariat", since=since)
    assert ok["user_id"] == users["sekretariat"]
    cookies = [c.value for c in b.cookiejar]
    logout_token = b.csrf_token("/")
    b.post("/logout", {"csrf_token": logout_token}, status=303)
    check(one(engine, "logout"), login="sekretariat", object_ref="sekretariat", since=since)

    # no password, CSRF token or session cookie anywhere in the trail
    dump = json.dumps(raw_rows(engine), default=str)
    for needle in (secret, secret.lower(), PASSWORD, token, logout_token, *cookies):
        assert needle not in dump
    assert_stored_in_utc(engine, since)


def test_viewing_searching_and_downloading(app, engine, case_with_doc, attachment):
    number, doc = case_with_doc
    b = browser(app, "arkivar")
    since = utcnow()
    b.get(f"/cases/{number.slug}")
    check(one(engine, "case_view"), login="arkivar", object_ref="09/2867", case_ref="09/2867", since=since)
    b.get(f"/documents/{doc.slug}")
    check(one(engine, "document_view"), login="arkivar", object_ref="62947/09", case_ref="09/2867", since=since)
    b.get(f"/documents/{doc.slug}/attachments/{attachment}?download=1")
    row = check(one(engine, "attachment_download"), login="arkivar", object_ref="62947/09", case_ref="09/2867",
                since=since)
    assert row["detail"]["filename"] == "tidsplan.txt"
    b.get("/search", params={"q": "laboratoriesystem fælles"})
    row = check(one(engine, "search"), login="arkivar", object_ref="laboratoriesystem fælles", since=since)
    assert row["detail"]["query"] == "laboratoriesystem fælles"
    # a number jump is a search too
    b.get("/search", params={"q": "09-2867"}, status=303)
    row = one(engine, "search", object_ref="09-2867")
    assert row["detail"]["jump"] == "09/2867"
    assert_stored_in_utc(engine, since)


def test_creating_editing_and_changing_status_of_a_case(app, engine, users):
    b = browser(app, "sekretariat")
    since = utcnow()
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Fælles telefoni"
    form["category"] = "drift"
    slug = form.submit("save", status=303).location.rsplit("/", 1)[1]
    number = str(CaseNumber.parse(slug))
    row = check(one(engine, "case_create"), login="sekretariat", object_ref=number, case_ref=number, since=since)
    assert row["case_id"] is not None and row["detail"]["confidential"] is False

    form = b.get(f"/cases/{slug}/edit").forms["deform"]
    form["title"] = "Fælles telefoni, fase 2"
    form.submit("save", status=303)
    check(one(engine, "case_edit"), login="sekretariat", object_ref=number, case_ref=number, since=since)
    assert rows(engine, "case_status") == []  # the title alone is no status change

    form = b.get(f"/cases/{slug}/edit").forms["deform"]
    form["status"] = "lukket"
    form.submit("save", status=303)
    row = check(one(engine, "case_status"), login="sekretariat", object_ref=number, case_ref=number, since=since)
    assert (row["detail"]["before"], row["detail"]["after"]) == ("aaben", "lukket")
    assert len(rows(engine, "case_edit")) == 2


def test_creating_and_editing_documents_and_attaching_files(app, engine, case_with_doc):
    number, _doc = case_with_doc
    b = browser(app, "sekretariat")
    since = utcnow()
    form = b.get(f"/cases/{number.slug}/documents/new", params={"kind": "notat"}).forms["deform"]
    form["title"] = "Notat om tidsplan"
    form["body"] = "<p>Tekst, der ikke hører hjemme i loggen.</p>"
    slug = form.submit("save", status=303).location.rsplit("/", 1)[1]
    doc_number = slug.replace("-", "/")
    check(one(engine, "document_create"), login="sekretariat", object_ref=doc_number, case_ref="09/2867",
          since=since)

    form = b.get(f"/documents/{slug}/edit").forms["deform"]
    form["title"] = "Notat om tidsplan, rettet"
    form.submit("save", status=303)
    check(one(engine, "document_edit"), login="sekretariat", object_ref=doc_number, case_ref="09/2867",
          since=since)

    token = b.csrf_token(f"/documents/{slug}")
    b.post(f"/documents/{slug}/attachments", {"csrf_token": token},
           upload_files=[("file", "bilag æøå.txt", "indhold".encode())], status=303)
    row = check(one(engine, "attachment_add"), login="sekretariat", object_ref=doc_number, case_ref="09/2867",
                since=since)
    assert row["detail"]["filename"] == "bilag æøå.txt"
    # document text is never copied into the trail
    assert "hører hjemme" not in json.dumps(raw_rows(engine), ensure_ascii=False)


def test_granting_access(app, engine, users, case_with_doc):
    number, _doc = case_with_doc
    b = browser(app, "sekretariat")
    since = utcnow()
    form = b.get(f"/cases/{number.slug}/sharing").forms["deform"]
    form["principal"] = f"user:{users['styregruppe']}"
    form["role"] = "laeser"
    form.submit("grant", status=303)
    row = check(one(engine, "grant_add"), login="sekretariat", object_ref="09/2867", case_ref="09/2867",
                since=since)
    assert row["detail"] == {"principal": f"user:{users['styregruppe']}", "role": "laeser"}


def test_user_administration(app, engine, users):
    new_password = "en-lang-sikker-adgangskode-77"
    reset_password = "midlertidig adgangskode 2026"
    admin = browser(app, "admin")
    since = utcnow()
    form = admin.get("/admin/users").forms["deform"]
    form["login"] = "ny.medarbejder"
    form["full_name"] = "Ny Medarbejder"
    form["role"] = "sekretariat"
    form["password"] = new_password
    form["password-confirm"] = new_password
    form.submit("create", status=303)
    row = check(one(engine, "user_create"), login="admin", object_ref="ny.medarbejder", since=since)
    assert row["detail"] == {"role": "sekretariat"}

    with engine.connect() as conn:
        uid = conn.execute(sa.text("SELECT id FROM users WHERE login = 'ny.medarbejder'")).scalar_one()
    form = admin.get(f"/admin/users/{uid}").forms["deform"]
    form["full_name"] = "Ny Medarbejder Hansen"
    form["active"] = False
    form.submit("save", status=303)
    row = check(one(engine, "user_edit"), login="admin", object_ref="ny.medarbejder", since=since)
    assert row["detail"]["changes"] == ["full_name"]
    check(one(engine, "user_deactivate"), login="admin", object_ref="ny.medarbejder", since=since)

    reset = admin.get(f"/admin/users/{uid}").forms["reset"]
    reset["password"] = reset_password
    reset["password-confirm"] = reset_password
    reset.submit("reset", status=303)
    check(one(engine, "user_password_reset"), login="admin", object_ref="ny.medarbejder", since=since)

    dump = json.dumps(raw_rows(engine), default=str)
    assert new_password not in dump and reset_password not in dump


def test_changing_ones_own_password(app, engine, users):
    new = "en ny og lang adgangskode"
    b = browser(app, "styregruppe")
    since = utcnow()
    form = b.get("/account").forms["deform"]
    form["current_password"] = "forkert-gammel-kode"
    form["new_password"] = new
    form["new_password-confirm"] = new
    form.submit("change", status=200)
    check(one(engine, "password_change", outcome="failed"), login="styregruppe", object_ref="styregruppe",
          outcome="failed", since=since)
    form = b.get("/account").forms["deform"]
    form["current_password"] = PASSWORD
    form["new_password"] = new
    form["new_password-confirm"] = new
    form.submit("change", status=303)
    check(one(engine, "password_change", outcome="ok"), login="styregruppe", object_ref="styregruppe", since=since)
    dump = json.dumps(raw_rows(engine), default=str)
    assert new not in dump and PASSWORD not in dump and "forkert-gammel-kode" not in dump


def test_setting_the_next_number(app, engine, users):
    admin = browser(app, "admin")
    since = utcnow()
    form = admin.get("/admin/numbers").forms["deform"]
    form["series"] = "case"
    form["year"] = "2031"
    form["next_value"] = "500"
    form.submit("set", status=303)
    row = check(one(engine, "number_set"), login="admin", object_ref="case/2031", since=since)
    assert row["detail"] == {"next_value": 500}


def test_refused_attempts(app, engine, users, case_with_doc):
    number, _doc = case_with_doc
    b = browser(app, "styregruppe")
    since = utcnow()
    b.get("/admin/users", status=403)
    row = check(one(engine, "denied", object_ref="/admin/users"), login="styregruppe", object_ref="/admin/users",
                outcome="denied", since=since)
    assert row["detail"] == {"method": "GET", "path": "/admin/users"}
    b.get(f"/cases/{number.slug}/edit", status=403)
    # a refusal inside a case is logged against the case (and so hidden as the case is)
    check(one(engine, "denied", object_ref=f"/cases/{number.slug}/edit"), login="styregruppe",
          object_ref=f"/cases/{number.slug}/edit", case_ref="09/2867", outcome="denied", since=since)

    s = browser(app, "sekretariat")
    s.post("/cases/new", {"title": "Uden token", "category": "drift", "save": "save"}, status=400)
    row = check(one(engine, "csrf_refused"), login="sekretariat", object_ref="/cases/new", outcome="denied",
                since=since)
    assert row["detail"]["method"] == "POST"
    assert count(engine, "SELECT COUNT(*) FROM cases") == 1


# --- written even when the request fails ---------------------------------------------

class Boom(RuntimeError):
    pass


def _explode(*args, **kw):
    raise Boom("after the audit call")


def test_the_event_is_kept_when_the_request_fails_and_its_change_is_rolled_back(app, engine, users, monkeypatch,
                                                                              case_with_doc):
    from rsi_case.cases import views

    number, _doc = case_with_doc
    b = browser(app, "sekretariat")
    create = b.get("/cases/new").forms["deform"]
    create["title"] = "Sag der aldrig blev til"
    create["category"] = "drift"
    edit = b.get(f"/cases/{number.slug}/edit").forms["deform"]
    edit["status"] = "lukket"
    edit["title"] = "Ændret titel"
    # the views call audit() and then build their redirect: make that fail
    monkeypatch.setattr(views, "HTTPSeeOther", _explode)
    since = utcnow()
    r = create.submit("save", status=500)
    assert re.search(r'class="incident">[0-9a-f]{12}<', r.text)
    row = one(engine, "case_create")
    check(row, login="sekretariat", object_ref=row["object_ref"], case_ref=row["object_ref"], outcome="error",
          since=since)
    assert count(engine, "SELECT COUNT(*) FROM cases WHERE title = 'Sag der aldrig blev til'") == 0
    incident = one(engine, "error", object_ref="/cases/new")
    assert incident["outcome"] == "error" and incident["login"] == "sekretariat"

    edit.submit("save", status=500)
    check(one(engine, "case_edit"), login="sekretariat", object_ref="09/2867", case_ref="09/2867", outcome="error",
          since=since)
    check(one(engine, "case_status"), login="sekretariat", object_ref="09/2867", case_ref="09/2867",
          outcome="error", since=since)
    assert count(engine, "SELECT status || '|' || title FROM cases WHERE seq = 2867") == "aaben|Fælles laboratoriesystem"
    # and the number the failed case took is free again
    monkeypatch.undo()
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Sag der blev til"
    form["category"] = "drift"
    slug = form.submit("save", status=303).location.rsplit("/", 1)[1]
    assert str(CaseNumber.parse(slug)) == row["object_ref"]


# --- append-only ---------------------------------------------------------------------------

def test_no_route_can_change_the_trail(app, users):
    introspector = app.registry.introspector
    audit_views = [item["introspectable"] for item in introspector.get_category("views")
                   if (item["introspectable"]["route_name"] or "").endswith("audit")
                   or item["introspectable"]["route_name"] == "audit_csv"]
    assert {v["route_name"] for v in audit_views} == {"audit", "audit_csv", "case_audit"}
    for view in audit_views:
        methods = view["request_methods"]
        assert (methods,) if isinstance(methods, str) else tuple(methods or ()) in (("GET",), ("GET", "HEAD")), \
            view["route_name"]
    admin = browser(app, "admin")
    token = admin.csrf_token("/audit")
    for method in ("post", "put", "delete", "patch"):
        for url in ("/audit", "/audit.csv"):
            getattr(admin, method)(url, {"csrf_token": token}, status=404)


def test_no_code_updates_or_deletes_audit_rows():
    """The application only ever inserts into audit_log."""
    offenders = []
    for path in Path(rsi_case.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"(update|delete)\(\s*AuditEvent|(UPDATE|DELETE FROM)\s+audit_log", text):
            offenders.append(str(path))
        if "AuditEvent" in text and re.search(r"\.delete\(\s*(event|row|e)\b", text):
            offenders.append(str(path))
    assert not offenders


# --- the audit page ----------------------------------------------------------------------------

def test_only_admin_and_archivist_read_the_trail(app, users, db, case_with_doc):
    number, _doc = case_with_doc
    with db() as s:
        add_user(s, "ekstern", "bruger")
    for who in ("admin", "arkivar"):
        b = browser(app, who)
        page = b.get("/audit", status=200)
        assert "Revisionsspor" in page.text and "Alle tider er dansk tid" in page.text
        assert b.get("/audit.csv").status_int == 200
        assert b.get(f"/cases/{number.slug}/audit").status_int == 200
    for who in ("sekretariat", "styregruppe", "ekstern"):
        b = browser(app, who)
        b.get("/audit", status=403)
        b.get("/audit.csv", status=403)
        # (a case not shared with a bruger does not exist for her: 404)
        b.get(f"/cases/{number.slug}/audit", status=404 if who == "ekstern" else 403)


def insert(engine, **values):
    base = {"at": utcnow(), "user_id": None, "login": "", "action": "case_view", "object_type": "case",
            "object_ref": "", "case_id": None, "case_ref": "", "address": "10.0.0.1", "outcome": "ok", "detail": {}}
    base.update(values)
    with engine.begin() as conn:
        conn.execute(sa.insert(AuditEvent), [base])


def utc(y, m, d, hh=12, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.UTC)


@pytest.fixture
def trail(engine, case_with_doc, users):
    """Known events on known days (earlier than the test's own logins)."""
    insert(engine, at=utc(2025, 3, 1), login="sekretariat", action="case_view", object_ref="09/2867", case_ref="09/2867")
    insert(engine, at=utc(2025, 3, 2), login="styregruppe", action="document_view", object_type="document",
           object_ref="62947/09", case_ref="09/2867")
    insert(engine, at=utc(2025, 3, 10), login="arkivar", action="search", object_type="search",
           object_ref="telefoni", detail={"query": "telefoni"})
    # 23:30 UTC on 15 March is 00:30 on 16 March in Denmark
    insert(engine, at=utc(2025, 3, 15, 23, 30), login="sekretariat", action="case_edit", object_ref="24/2213",
           case_ref="24/2213")
    insert(engine, at=utc(2025, 4, 1), login="admin", action="user_create", object_type="user", object_ref="ny")


def objects(page):
    return [(r["login"], r["action"], r["object"]) for r in table_rows(page) if r["action"] not in ("audit_view", "login")]


def test_filters_narrow_the_rows(app, trail):
    b = browser(app, "admin")
    assert len(objects(b.get("/audit"))) == 5
    assert objects(b.get("/audit", params={"user": "styregruppe"})) == [("styregruppe", "document_view", "62947/09")]
    assert objects(b.get("/audit", params={"user": "Sekretariat"})) == [
        ("sekretariat", "case_edit", "24/2213"), ("sekretariat", "case_view", "09/2867")]
    # a case number in any accepted form finds the case and the events on its documents
    for typed in ("09/2867", "09-2867", " 09/2867 "):
        assert objects(b.get("/audit", params={"object": typed})) == [
            ("styregruppe", "document_view", "62947/09"), ("sekretariat", "case_view", "09/2867")], typed
    for typed in ("62947/09", "62947-09"):
        assert objects(b.get("/audit", params={"object": typed})) == [("styregruppe", "document_view", "62947/09")]
    assert objects(b.get("/audit", params={"action": "search"})) == [("arkivar", "search", "telefoni")]
    page = b.get("/audit", params={"from": "02-03-2025", "to": "10-03-2025"})
    assert [o[1] for o in objects(page)] == ["search", "document_view"]
    # combined
    assert objects(b.get("/audit", params={"user": "sekretariat", "action": "case_view", "to": "31-03-2025"})) == [
        ("sekretariat", "case_view", "09/2867")]
    page = b.get("/audit", params={"user": "ingen-saadan"})
    assert table_rows(page) == [] and "Ingen poster matcher filteret." in page.text


def test_the_period_is_in_danish_days_like_the_times_shown(app, trail):
    b = browser(app, "admin")
    page = b.get("/audit", params={"action": "case_edit"})
    [row] = table_rows(page)
    assert row["time"] == "16-03-2025 00:30"
    # the day shown is the day to filter on
    assert [o[2] for o in objects(b.get("/audit", params={"from": "16-03-2025", "to": "16-03-2025"}))] == ["24/2213"]
    assert objects(b.get("/audit", params={"from": "15-03-2025", "to": "15-03-2025"})) == []


@pytest.mark.parametrize("bad", ["31-02-2025", "i går", "99-99-9999", "2025-13-01", "x" * 500])
def test_a_nonsense_date_gives_a_message_not_an_error(app, trail, bad):
    b = browser(app, "admin")
    page = b.get("/audit", params={"from": bad}, status=200)
    assert "er ikke en dato; det filter blev ignoreret" in page.text
    assert len(objects(page)) == 5  # the filter was dropped, the rest still works
    assert b.get("/audit.csv", params={"to": bad}, status=200).body.startswith("\ufeff".encode())


def test_paging_with_before(app, engine, users):
    for i in range(130):
        insert(engine, at=utc(2025, 1, 1) + dt.timedelta(minutes=i), login="sekretariat", action="search",
               object_type="search", object_ref=f"ord{i:03d}")
    b = browser(app, "admin")
    page = b.get("/audit", params={"action": "search"})
    first = table_rows(page)
    assert len(first) == 100 and first[0]["object"] == "ord129" and first[-1]["object"] == "ord030"
    older = page.html.find("a", string=re.compile("Ældre poster"))
    assert older is not None and "before=" in older["href"] and "action=search" in older["href"]
    page = b.get(older["href"])
    second = table_rows(page)
    assert [r["object"] for r in second] == [f"ord{i:03d}" for i in range(29, -1, -1)]
    assert page.html.find("a", string=re.compile("Ældre poster")) is None
    b.get("/audit", params={"before": "abc"}, status=200)
    b.get("/audit", params={"before": "9" * 40}, status=200)


def test_csv_export(app, trail):
    b = browser(app, "admin")
    r = b.get("/audit.csv", params={"object": "09-2867"})
    assert r.content_type == "text/csv" and r.charset.lower() == "utf-8"
    assert r.headers["Content-Disposition"].startswith("attachment;") and ".csv" in r.headers["Content-Disposition"]
    data = csv_rows(r)
    assert data[0] == ["tidspunkt_utc", "bruger", "handling", "objekttype", "objekt", "sag", "adresse", "udfald",
                       "detaljer"]
    assert [(row[0], row[1], row[2], row[4], row[5]) for row in data[1:]] == [
        ("2025-03-01 12:00:00", "sekretariat", "case_view", "09/2867", "09/2867"),
        ("2025-03-02 12:00:00", "styregruppe", "document_view", "62947/09", "09/2867")]
    assert b"\r\n" in r.body
    data = csv_rows(b.get("/audit.csv", params={"action": "search"}))
    assert data[1][1:5] == ["arkivar", "search", "search", "telefoni"] and data[1][8] == "query=telefoni"
    # the page's CSV link carries the page's filter
    page = b.get("/audit", params={"user": "styregruppe", "from": "01-03-2025"})
    link = page.html.find("a", href=re.compile(r"/audit\.csv"))["href"]
    assert "user=styregruppe" in link and "from=01-03-2025" in link
    data = csv_rows(b.get(link))
    assert [row[2] for row in data[1:]] == ["document_view"]
    # exporting is itself recorded
    assert rows(b.app.registry["db.engine"], "audit_export")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(app, engine, users, pauses):
    evil = '=HYPERLINK("http://evil.example","x")'
    browser(app).login(evil, "forkert-kode", status=400)  # a typed login lands in the trail
    browser(app, "sekretariat").get("/search", params={"q": "@SUM(1+1)"})
    data = csv_rows(browser(app, "admin").get("/audit.csv"))
    cells = [cell for row in data[1:] for cell in row]
    assert cells and not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)
    assert "'" + evil.lower() in cells and "'@SUM(1+1)" in cells


# --- per case -------------------------------------------------------------------------------------

def test_who_has_seen_the_case(app, engine, case_with_doc, attachment, make_case):
    number, doc = case_with_doc
    other = make_case(title="En anden sag", number="24/2213")
    browser(app, "sekretariat").get(f"/cases/{number.slug}")
    board = browser(app, "styregruppe")
    board.get(f"/documents/{doc.slug}")
    board.get(f"/documents/{doc.slug}/attachments/{attachment}")
    browser(app, "arkivar").get(f"/cases/{other.slug}")  # another case: not in this extract
    admin = browser(app, "admin")
    page = admin.get(f"/cases/{number.slug}/audit")
    assert "Log for sag 09/2867" in page.text and "Hvem har set sagen" in page.text
    assert seen_by(page) == {"sekretariat": "1", "styregruppe": "2"}
    assert {r["case"] for r in table_rows(page)} == {"09/2867"}
    assert "arkivar" not in {r["login"] for r in table_rows(page)}
    # the extract's CSV holds the same case only
    link = page.html.find("a", href=re.compile(r"/audit\.csv"))["href"]
    data = csv_rows(admin.get(link))
    assert {row[5] for row in data[1:]} == {"09/2867"}
    assert {row[1] for row in data[1:] if row[2] in ("case_view", "document_view", "attachment_download")} == {
        "sekretariat", "styregruppe"}
    assert seen_by(admin.get(f"/cases/{other.slug}/audit")) == {"arkivar": "1"}
    # nobody yet
    fresh = make_case(title="Uåbnet sag")
    page = admin.get(f"/cases/{fresh.slug}/audit")
    assert seen_by(page) == {} and "Ingen har åbnet sagen eller dens dokumenter endnu." in page.text


# --- confidential cases in the trail --------------------------------------------------------------

@pytest.fixture
def secret_case(make_case, make_document, db, users):
    number = make_case(title="Fortrolig personalesag", number="07/0001", opened_on=dt.date(2007, 3, 1))
    doc = make_document(number, title="Fortroligt notat", number="00101/07", status="endelig")
    with db() as s:
        insider = add_user(s, "betroet", "sekretariat")
        case = find_case(s, number)
        case.confidential = True
        case.grants.append(CaseGrant(principal=f"user:{insider.id}", role="ejer"))
    return number, doc


def test_the_archivist_sees_no_events_about_a_confidential_case(app, engine, users, secret_case):
    number, doc = secret_case
    insider = browser(app, "betroet")
    insider.get(f"/cases/{number.slug}")
    insider.get(f"/documents/{doc.slug}")
    form = insider.get(f"/cases/{number.slug}/sharing").forms["deform"]
    form["principal"] = f"user:{users['styregruppe']}"
    form["role"] = "laeser"
    form.submit("grant", status=303)
    about = {"case_view", "document_view", "grant_add"}
    assert about <= {r["action"] for r in rows(engine) if r["case_ref"] == "07/0001"}

    def mentions(text):
        return any(n in text for n in ("07/0001", "07-0001", "00101/07", "Fortrolig"))

    archivist = browser(app, "arkivar")
    for params in ({}, {"object": "07/0001"}, {"user": "betroet"}):
        page = archivist.get("/audit", params=params)
        assert not any(mentions(" ".join(r.values())) for r in table_rows(page)), params
        body = archivist.get("/audit.csv", params=params).body.decode("utf-8-sig")
        assert not mentions(body), params
    archivist.get(f"/cases/{number.slug}/audit", status=404)
    # admin sees them, on the page, in the CSV and in the case's extract
    admin = browser(app, "admin")
    assert about <= {r["action"] for r in table_rows(admin.get("/audit", params={"object": "07/0001"}))}
    body = admin.get("/audit.csv", params={"object": "07-0001"}).body.decode("utf-8-sig")
    assert "betroet;case_view" in body
    assert "betroet" in admin.get(f"/cases/{number.slug}/audit").text


def test_a_number_jump_into_a_confidential_case_is_not_shown_to_the_archivist(app, engine, secret_case):
    number, _doc = secret_case
    browser(app, "betroet").get("/search", params={"q": str(number)}, status=303)
    archivist = browser(app, "arkivar")
    # an archivist's own search for an unused number, for comparison: its words are hers
    archivist.get("/search", params={"q": "07/0002"}, status=200)
    rows_seen = table_rows(archivist.get("/audit", params={"action": "search"}))
    texts = [" ".join(r.values()) for r in rows_seen]
    assert not any("07/0001" in t for t in texts), texts
    assert any("07/0002" in t for t in texts)
    # the fact of the owner's search stays visible, without its words or where it led
    [theirs] = [r for r in rows_seen if r["login"] == "betroet"]
    assert theirs["object"] == "søgeord vises ikke" and theirs["case"] == ""
    body = archivist.get("/audit.csv", params={"action": "search"}).body.decode("utf-8-sig")
    assert "07/0001" not in body and "07/0002" in body and "betroet;search" in body
    [jump] = [r for r in rows(engine, "search") if r["login"] == "betroet"]
    assert jump["detail"]["jump"] == "07/0001" and jump["case_ref"] == ""
    admin_texts = [" ".join(r.values()) for r in table_rows(browser(app, "admin").get("/audit", params={"action": "search"}))]
    assert any("07/0001" in t for t in admin_texts)


# --- whose words are in the trail (issue 12) ------------------------------------------------------

def _everything(b, **params):
    """The archivist's whole view of the trail: the page (unfiltered and filtered) and the CSV."""
    texts = [b.get("/audit", params=params).html.select_one("table.audit-table").get_text(" ")]
    texts.append(b.get("/audit.csv", params=params).body.decode("utf-8-sig"))
    return "\n".join(texts)


def test_the_owners_search_words_are_theirs_and_the_administrators(app, engine, secret_case, make_document):
    """An owner types a confidential document number into the JSON API, a word only
    that case holds into the search page and the decisions register: the archivist
    sees that they searched, never what."""
    number, doc = secret_case
    make_document(number, title="Notat om Ravnsborgaftalen", status="endelig", body="<p>Ravnsborgaftalen.</p>")
    owner = browser(app, "betroet")
    owner.get("/api/search", params={"q": str(doc)})
    owner.get("/search", params={"q": "Ravnsborgaftalen"})
    owner.get("/decisions", params={"q": "Ravnsborgaftalen"})
    archivist = browser(app, "arkivar")
    for params in ({}, {"action": "search"}, {"user": "betroet"}, {"object": "Ravnsborgaftalen"},
                   {"object": str(doc)}, {"object": doc.slug}):
        seen = _everything(archivist, **params)
        for needle in ("Ravnsborgaftalen", "ravnsborgaftalen", str(doc), doc.slug):
            assert needle not in seen, (params, needle)
    # the searches themselves are there: who, when, that it was a search
    searches = [r for r in table_rows(archivist.get("/audit", params={"user": "betroet", "action": "search"}))]
    assert len(searches) == 3 and {r["object"] for r in searches} == {"søgeord vises ikke"}
    assert all("query=…" in r["detail"] for r in searches)
    # filtering the trail by the words finds nothing, so it cannot confirm a guess
    assert table_rows(archivist.get("/audit", params={"object": "Ravnsborgaftalen"})) == []
    # the administrator reads the words
    admin = browser(app, "admin")
    admin_rows = table_rows(admin.get("/audit", params={"user": "betroet", "action": "search"}))
    assert {r["object"] for r in admin_rows} == {str(doc), "Ravnsborgaftalen"}
    assert "Ravnsborgaftalen" in admin.get("/audit.csv", params={"user": "betroet"}).body.decode("utf-8-sig")


def test_a_reader_of_the_trail_sees_her_own_words_and_no_one_elses(app, db, users):
    with db() as s:
        add_user(s, "arkivar2", "arkivar")
    first = browser(app, "arkivar")
    first.get("/search", params={"q": "sygehusapotek"})
    first.get("/audit", params={"object": "konsolidering"})
    mine = _everything(first, user="arkivar")
    assert "sygehusapotek" in mine and "konsolidering" in mine
    theirs = _everything(browser(app, "arkivar2"), user="arkivar")
    assert "sygehusapotek" not in theirs and "konsolidering" not in theirs
    assert "arkivar;search" in theirs and "arkivar;audit_view" in theirs  # the facts are there
