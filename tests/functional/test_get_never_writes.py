"""GET never writes.

Every GET route of the application is crawled — the concrete URLs of the access
matrix (an open, closed, archived and confidential case, drafts, final
documents, attachments ...) plus query-string variants — and every SQL
statement the application sends to the database is recorded. The only write a
GET may cause is its audit event (``INSERT INTO audit_log``, written after the
request in a transaction of its own — which is checked too: a transaction
that inserts into ``audit_log`` does nothing else) and the update of its own
server-side session row (last seen, flash messages; also in a transaction of
its own).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from tests.conftest import count
from tests.functional.access_world import fill, log_in, world  # noqa: F401 (fixture)
from tests.functional.test_access_matrix import TABLE, app_view_variants

# query-string variants of the GET routes: filters, paging, sorting, nonsense
EXTRA = {
    "cases": ["/cases?status=lukket&page=2", "/cases?status=alle&sort=title&size=50&year=2024",
              "/cases?category=indkoeb&responsible={sekretariat_id}&sort=updated", "/cases?year=abc&page=-1&size=7"],
    "search": ["/search?q=laboratoriesystem", "/search?q={open_no}", "/search?q={draft_no}", "/search?q=x",
               "/search?q=%22sikker+mail%22+(udbud)"],
    "audit": ["/audit?user=admin", "/audit?action=case_view&from=01-01-2020&to=31-12-2099",
              "/audit?object={open_no}", "/audit?before=999999&from=ikke-en-dato"],
    "audit_csv": ["/audit.csv?user=admin", "/audit.csv?object={open_no}&action=document_view"],
    "case_audit": ["/cases/{open}/audit?user=admin"],
    "document_new": ["/cases/{open}/documents/new?kind=notat", "/cases/{open}/documents/new?kind=dagsorden"],
    "attachment": ["/documents/{draft}/attachments/{draft_att}?download=1"],
    "attachment_revision": ["/documents/{draft}/attachments/{draft_att}/revisions/1?download=1"],
    "attachment_ocr": ["/documents/{draft}/attachments/{draft_att}/ocr.pdf?download=1"],
    "document_history": ["/documents/{revised}/history?page=2", "/documents/{draft}/history?page=abc"],
    "document_diff": ["/documents/{revised}/diff?a=2&b=1", "/documents/{final}/diff?a=x&b=99"],
    "login": ["/login?came_from=/cases"],
    "case_export": ["/cases/{open}/export.docx?doc={draft}&doc={final}", "/cases/{open}/export.docx?doc=nonsense"],
    "document_redline": ["/documents/{revised}/redline.docx?a=2&b=1", "/documents/{final}/redline.docx?a=x&b=99"],
}

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|DROP|ALTER|TRUNCATE)\b", re.I)
AUDIT_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"?audit_log"?\s', re.I)
# the request's own server-side session (issue 15): "last seen" and its data
# (a flash message shown or queued) — one row, by id, never another record
SESSION_UPDATE = re.compile(r'^\s*UPDATE\s+"?web_sessions"?\s+SET\s+[^;]*\bWHERE\s+"?web_sessions"?\."?id"?\s*=', re.I)


def own_bookkeeping(statement: str) -> bool:
    return bool(AUDIT_INSERT.match(statement) or SESSION_UPDATE.match(statement))


def crawl_urls(values) -> list[tuple[str, str]]:
    urls = [(route, fill(key[1], values)) for route, rows in TABLE.items() for key in rows if key[0] == "GET"]
    urls += [(route, fill(url, values)) for route, extra in EXTRA.items() for url in extra]
    return urls


@pytest.mark.parametrize("role", ["admin", "arkivar", "sekretariat", "styregruppe"])
def test_crawling_every_get_route_writes_nothing_but_the_audit_trail(app, world, engine, role):
    get_routes = {route for route, variants in app_view_variants(app).items() if ("GET", None) in variants}
    urls = crawl_urls(world)
    assert {route for route, _url in urls} == get_routes, "a GET route is not crawled"

    b = log_in(app, role)  # logging in writes (last login, session): before the recording starts
    audit_before = count(engine, "SELECT COUNT(*) FROM audit_log")
    current = {"url": None}
    writes = []
    transactions = {}  # connection -> the statements of its open transaction

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
            return
        transactions.setdefault(id(conn), []).append(statement)
        if WRITE.match(statement) and not own_bookkeeping(statement):
            writes.append(f"GET {current['url']}: {' '.join(statement.split())[:200]}")

    def end(conn):
        statements = transactions.pop(id(conn), [])
        for kind in (AUDIT_INSERT, SESSION_UPDATE):
            if any(kind.match(s) for s in statements) and not all(kind.match(s) for s in statements):
                writes.append(f"GET {current['url']}: {kind.pattern[:30]} ran in a transaction that also ran "
                              f"{[' '.join(s.split())[:80] for s in statements if not kind.match(s)][:3]}")

    listeners = [("before_cursor_execute", record), ("commit", end), ("rollback", end)]
    for name, fn in listeners:
        event.listen(engine, name, fn)
    statuses = {}
    try:
        for _route, url in urls:
            current["url"] = url
            r = b.get(url, expect_errors=True)
            if r.content_type == "text/csv":
                r.body  # the CSV is streamed: read it all
            statuses[url] = r.status_int
    finally:
        for name, fn in listeners:
            event.remove(engine, name, fn)

    assert not writes, "GET requests wrote to the database:\n  " + "\n  ".join(writes)
    errors = {url: status for url, status in statuses.items() if status >= 500}
    assert not errors, f"server errors while crawling: {errors}"
    # the crawl went through the views: their audit events were written
    assert count(engine, "SELECT COUNT(*) FROM audit_log") > audit_before
    with engine.connect() as conn:
        seen = set(conn.execute(sa.text("SELECT DISTINCT action FROM audit_log WHERE id > :n"),
                                {"n": audit_before}).scalars())
    expected = {"case_view", "document_view", "search"}
    if role in ("admin", "arkivar"):
        expected |= {"audit_view", "audit_export", "attachment_download"}
    else:
        expected |= {"denied"}
    assert expected <= seen, f"missing audit events {expected - seen}: the crawl did not reach those views"
