"""Several processes on one host: gunicorn's worker processes serve, and one
rsi-case-worker at a time drains the search outbox (a lease in the
database); a standby worker takes over when the first is killed.

The real-process test starts the programs as an administrator would
(``pserve`` with production.ini's gunicorn section, ``rsi-case-worker``)
against the test's database, SQLite file or PostgreSQL alike."""

from __future__ import annotations

import configparser
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa
import webtest

from rsi_case import main, proxy
from rsi_case.worker import lease
from rsi_case.worker.models import WorkerLease
from tests.conftest import PASSWORD, ROOT, settings_for
from tests.functional.test_durability import Client, free_port, word

TTL = 3.0  # the lease's time to live in these tests (production: 15 s)


# -- the lease ------------------------------------------------------------------

def test_one_worker_holds_the_lease_and_another_takes_it_when_it_expires_or_is_given_back(app, engine):
    name = "test-lease"
    with engine.connect() as conn:
        assert lease.status(conn, name) == {"state": "absent"}
    assert lease.acquire(engine, name, "a:1", ttl=TTL)
    assert not lease.acquire(engine, name, "b:2", ttl=TTL)  # held, heartbeat fresh
    assert lease.acquire(engine, name, "a:1", ttl=TTL)  # ours already
    assert lease.renew(engine, name, "a:1", "rebuilding")
    with engine.connect() as conn:
        seen = lease.status(conn, name, ttl=TTL)
    assert seen["state"] == "rebuilding" and seen["holder"] == "a:1"

    # a's heartbeat stops (kill -9): the lease is free once older than its time to live
    table = WorkerLease.__table__
    with engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.name == name).values(heartbeat_at=_seconds_ago(TTL + 1)))
    with engine.connect() as conn:
        assert lease.status(conn, name, ttl=TTL)["state"] == "stale"
    assert lease.acquire(engine, name, "b:2", ttl=TTL)
    assert not lease.renew(engine, name, "a:1")  # a, were it alive, learns it lost the lease
    assert not lease.acquire(engine, name, "a:1", ttl=TTL)

    # a clean stop gives it back at once
    lease.release(engine, name, "b:2")
    with engine.connect() as conn:
        assert lease.status(conn, name, ttl=TTL)["state"] == "stopped"
    assert lease.acquire(engine, name, "a:1", ttl=TTL)


def _seconds_ago(seconds: float):
    import datetime as dt

    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)


# -- web processes in worker mode -------------------------------------------------

def test_in_worker_mode_a_web_process_never_writes_the_index(tmp_path, database_url, users, make_case, app):
    """A save only queues the change; the worker makes it searchable. A web
    process that finds the index damaged asks the worker, which rebuilds."""
    case = make_case(title="Arbejdsdeling")
    web = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.search.mode": "worker"}))
    try:
        browser = webtest.TestApp(web, extra_environ={"HTTP_HOST": "localhost"})
        browser.post("/login", {"login": "sekretariat", "password": PASSWORD,
                                "csrf_token": _token(browser, "/login")}, status=303)
        form = f"/cases/{case.slug}/documents/new?kind=notat"
        browser.post(form, _document(_token(browser, form), "arbejdsdelingzq"), status=303)
        engine = web.registry["db.engine"]
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM search_outbox")).scalar() > 0
        assert not _found(browser, "arbejdsdelingzq")
        health = browser.get("/health").json
        assert health["worker"] == {"mode": "worker", "state": "absent"}
        assert health["search"]["state"] in ("catching_up", "unavailable")
        assert health["search"]["queued"] > 0

        from rsi_case.scripts.worker import main as worker_main
        ini = write_ini(tmp_path, database_url)
        assert worker_main([str(ini), "--once"]) == 0
        assert browser.get("/health").json["search"]["queued"] == 0  # this node's cursor is at the log's end
        assert _found(browser, "arbejdsdelingzq")

        # a damaged segment, noticed by a web process: it asks; the worker checks and rebuilds
        store = web.registry["search.store"]
        for seg in store.current_dir().glob("*.seg"):
            seg.write_bytes(b"\0" * 64)
        web.registry["search.indexer"].request_rebuild()
        assert (store.root / "rebuild-requested").exists()
        assert worker_main([str(ini), "--once"]) == 0
        assert not (store.root / "rebuild-requested").exists()
        store.open(check=True).close()
        assert _found(browser, "arbejdsdelingzq")
    finally:
        web.registry["db.engine"].dispose()


def _token(browser, path):
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).text).group(1)


def _document(token, w):
    return {"csrf_token": token, "title": f"Gemning {w}", "kind": "notat", "doc_date": "15-12-2025",
            "status": "kladde", "author_name": "Test Sekretariat", "author_phone": "", "author_email": "",
            "body": f"<p>Gemt af {w}.</p>", "save": "save"}


def _found(browser, w) -> bool:
    return bool(browser.get("/api/search", {"q": w}).json["hits"])


# -- behind the proxy -------------------------------------------------------------

def test_the_trusted_proxy_gives_the_visitor_s_address_and_nobody_else_can():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    app.registry = object()
    wrapped = proxy.wrap(app, {"rsi_case.trusted_proxy": "127.0.0.1"})
    assert wrapped.registry is app.registry
    headers = {"HTTP_X_FORWARDED_FOR": "10.9.8.7, 192.0.2.44", "HTTP_X_FORWARDED_PROTO": "https",
               "HTTP_X_FORWARDED_HOST": "sag.example.dk", "HTTP_HOST": "127.0.0.1:6543", "wsgi.url_scheme": "http"}
    wrapped({"REMOTE_ADDR": "127.0.0.1", **headers}, lambda *a: None)
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"], seen["HTTP_HOST"]) == ("192.0.2.44", "https",
                                                                                 "sag.example.dk")
    assert "HTTP_X_FORWARDED_FOR" not in seen
    seen.clear()
    wrapped({"REMOTE_ADDR": "203.0.113.5", **headers}, lambda *a: None)  # not the proxy: believed in nothing
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"], seen["HTTP_HOST"]) == ("203.0.113.5", "http",
                                                                                 "127.0.0.1:6543")
    assert not any(k.startswith("HTTP_X_FORWARDED") for k in seen)
    assert proxy.wrap(app, {}) is app  # waitress reads the headers itself


def test_production_ini_serves_with_several_processes_and_leaves_indexing_to_the_worker():
    ini = configparser.RawConfigParser()
    ini.read(ROOT / "production.ini")
    server = ini["server:main"]
    assert server["use"] == "egg:gunicorn#main" and int(server["workers"]) >= 2
    assert ini["app:main"]["rsi_case.search.mode"] == "worker"
    # gunicorn always sends "Server: gunicorn"; the nginx of docs/operations.md drops it
    # (proxy_pass hides the upstream's Server header unless told otherwise) and its own version
    docs = (ROOT / "docs" / "operations.md").read_text()
    nginx = docs[docs.index("```nginx"):]
    nginx = nginx[:nginx.index("```", 3)]
    assert "server_tokens off;" in nginx and "proxy_pass_header Server" not in nginx


# -- real processes: gunicorn with two workers, two rsi-case-workers ------------------

def write_ini(tmp_path: Path, database_url: str, port: int = 0) -> Path:
    prod = configparser.RawConfigParser()
    prod.read(ROOT / "production.ini")
    settings = settings_for(tmp_path, database_url, **{
        "rsi_case.search.mode": "worker", "rsi_case.worker.lease_seconds": str(TTL),
        "rsi_case.worker.poll_seconds": "0.2", "rsi_case.trusted_proxy": "127.0.0.1"})
    ini = configparser.RawConfigParser()
    ini["app:main"] = {"use": "egg:rsi_case", **settings}
    ini["server:main"] = {**prod["server:main"], "bind": f"127.0.0.1:{port}", "timeout": "120"}
    path = tmp_path / "served.ini"
    with open(path, "w") as fh:
        ini.write(fh)
    return path


def holder(engine) -> tuple[str | None, str | None]:
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT holder, state FROM worker_leases WHERE name LIKE 'search-index:%'")).first()
    return (row[0], row[1]) if row else (None, None)


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} not within {seconds} s")


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_gunicorn_workers_serve_and_one_worker_at_a_time_indexes_with_a_standby_taking_over(
        tmp_path, database_url, users, make_case, app):
    case = make_case(title="Flere processer")
    app.registry["db.engine"].dispose()
    port = free_port()
    ini = write_ini(tmp_path, database_url, port)
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    log = open(tmp_path / "processes.log", "ab")
    procs = []

    def start(*args):
        proc = subprocess.Popen([sys.executable, *args], stdout=log, stderr=log, cwd=ROOT)
        procs.append(proc)
        return proc

    try:
        first = start("-m", "rsi_case.scripts.worker", str(ini))
        wait_for(lambda: holder(engine)[0] == f"{os.uname().nodename}:{first.pid}", 60, "the first worker's lease")
        second = start("-m", "rsi_case.scripts.worker", str(ini))
        web = start("-m", "pyramid.scripts.pserve", str(ini))
        base = f"http://127.0.0.1:{port}"
        client = Client(base)
        wait_for(lambda: _answers(client), 90, "gunicorn")
        assert len(children(web.pid)) == 2, "gunicorn should run two worker processes"
        assert second.poll() is None and holder(engine)[0].endswith(f":{first.pid}"), "the standby took over"

        client.login("sekretariat")
        form = f"/cases/{case.slug}/documents/new?kind=notat"
        token = client.token(form)

        def save_and_time(w):
            status, _loc, text = client.request(form, _document(token, w))
            assert status == 303, text[:500]
            saved = time.monotonic()
            wait_for(lambda: _searchable(client, w), 30, f"{w} searchable")
            return time.monotonic() - saved

        took = save_and_time(word(1))
        assert took < 2.5, f"a save took {took:.1f} s to become searchable with the worker running"
        status, _loc, text = client.request("/health")
        health = json.loads(text)
        assert health["worker"]["state"] == "running" and health["worker"]["holder"].endswith(f":{first.pid}")

        # the first worker dies without a word: the standby takes over within the lease's time to live
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        took_over = save_and_time(word(2))
        assert took_over < TTL + 5, f"the standby needed {took_over:.1f} s"
        assert holder(engine)[0].endswith(f":{second.pid}")

        # a clean stop gives the lease back
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
        assert holder(engine)[1] == "stopped"
        status, _loc, text = client.request("/health")
        assert json.loads(text)["worker"]["state"] == "stopped"
        print(f"\nworker: searchable {took:.2f} s after the save; after kill -9 of the worker, "
              f"{took_over:.2f} s (lease {TTL:.0f} s)")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        engine.dispose()
        log.close()


def _answers(client) -> bool:
    try:
        return client.request("/health", timeout=5)[0] == 200
    except OSError:
        return False


def _searchable(client, w) -> bool:
    status, _loc, text = client.request("/api/search?" + urllib.parse.urlencode({"q": w}))
    return status == 200 and bool(json.loads(text)["hits"])
