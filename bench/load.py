#!/usr/bin/env python
"""Load: 50 logged-in users against (a) the embedded default and (b) the
production path, in the same run (issue 14's performance section).

(a) SQLite, one waitress process (8 threads), the indexer thread inside it;
(b) PostgreSQL, gunicorn with 2 worker processes (4 threads each) and one
    rsi-case-worker.

Both get the demo organisation (rsi-case-initdb --demo). Each simulated user
logs in as ``sekretariat`` (own session) and repeats, waiting 1–3 s between
actions: 60 % case and document pages, 25 % searches, 10 % Word exports of a
document, 5 % saves of a new document. Then the saturation step: users
without waiting, 1, 2, 4, … 32 of them for ``--step`` seconds each, until
the page p95 passes 1 s; the saturation throughput is the requests/s of the
last step whose page p95 stayed under 1 s.

Loopback only, bounded in users, steps and time; threads and urllib only
(no extra dependency). Prints per class p50/p95/p99, requests/s and errors
as Markdown for docs/performance.md.

    .venv/bin/python bench/load.py --pg-url postgresql+psycopg://rsi_test:rsi_test@127.0.0.1:5432/rsi_test
"""

from __future__ import annotations

import argparse
import collections
import configparser
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "rsi-demo-adgang"  # rsi_case.demo.content.PASSWORD
WORDS = ["telefoni", "udbud", "laboratoriesystem", "projekt", "beslutning", "sikkerhed", "region", "notat",
         "kontrakt", "styregruppe", "medicin", "tidsplan"]
MIX = [("page", 60), ("search", 25), ("export", 10), ("save", 5)]
MAX_USERS = 64
FAILURES: collections.Counter = collections.Counter()  # (class, status) of every failed request, printed at the end


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class User:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def request(self, path, data=None, timeout=60) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Host": "localhost"})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def token(self, path) -> str:
        status, text = self.request(path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', text)
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path}: {status}")
        return match.group(1)

    def login(self):
        status, _ = self.request("/login", {"login": "sekretariat", "password": PASSWORD,
                                            "csrf_token": self.token("/login")})
        if status != 303:
            raise RuntimeError(f"login failed: {status}")


def discover(base: str) -> dict:
    u = User(base)
    u.login()
    _s, text = u.request("/cases")
    cases = sorted(set(re.findall(r'href="(?:https?://[^/"]+)?(/cases/[0-9]{2}-[0-9]+)"', text)))
    docs, open_cases = set(), []
    for case in cases[-25:]:  # the newest: most of them open
        _s, page = u.request(case)
        docs |= set(re.findall(r'href="(?:https?://[^/"]+)?(/documents/[0-9]+-[0-9]{2})"', page))
        if f"{case}/documents/new" in page:  # a closed or archived case takes no new documents
            open_cases.append(case)
    if not cases or not docs or not open_cases:
        raise RuntimeError("no cases, documents or open cases found in the demo installation")
    return {"cases": cases, "docs": sorted(docs), "open": open_cases}


def one_action(user: User, urls: dict, rng: random.Random, kind: str, n: int) -> int:
    if kind == "page":
        path = rng.choice(urls["cases"] if rng.random() < 0.5 else urls["docs"])
        return user.request(path)[0]
    if kind == "search":
        return user.request("/search?" + urllib.parse.urlencode({"q": rng.choice(WORDS)}))[0]
    if kind == "export":
        return user.request(rng.choice(urls["docs"]) + "/export.docx")[0]
    case = rng.choice(urls["open"])
    form = f"{case}/documents/new?kind=notat"
    data = {"csrf_token": user.token(form), "title": f"Belastning {n}", "kind": "notat", "doc_date": "04-12-2026",
            "status": "kladde", "author_name": "Belastning", "author_phone": "", "author_email": "",
            "body": f"<p>Gemt under belastning, nummer {n}.</p>", "save": "save"}
    return user.request(form, data)[0]


def run_users(base: str, urls: dict, users: int, seconds: float, think: tuple[float, float] | None, seed: int):
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    counter = iter(range(10 ** 9))
    kinds = [k for k, w in MIX for _ in range(w)]

    def loop(i):
        rng = random.Random(seed * 1000 + i)
        user = User(base)
        try:
            user.login()
        except Exception:
            with lock:
                results.append(("login", 0.0, False, "login failed"))
            return
        while time.monotonic() < stop:
            if think:
                time.sleep(rng.uniform(*think))
                if time.monotonic() >= stop:
                    break
            kind = rng.choice(kinds)
            started = time.monotonic()
            try:
                status = one_action(user, urls, rng, kind, next(counter))
                ok = status in (200, 303)
            except Exception as exc:  # a timeout or a refused connection is an error of the run, not a crash
                status, ok = f"{type(exc).__name__}: {exc}"[:90], False
            with lock:
                results.append((kind, time.monotonic() - started, ok, status))

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(users)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return results, time.monotonic() - began


def summary(results, elapsed) -> dict:
    out = {}
    for kind in [k for k, _ in MIX]:
        times = sorted(t for k, t, ok, _s in results if k == kind and ok)
        errors = sum(1 for k, _t, ok, _s in results if k == kind and not ok)
        if times:
            q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
            out[kind] = {"n": len(times), "errors": errors, "p50": q[49], "p95": q[94], "p99": q[98]}
        else:
            out[kind] = {"n": 0, "errors": errors, "p50": None, "p95": None, "p99": None}
    out["rps"] = sum(1 for _k, _t, ok, _s in results if ok) / elapsed
    out["errors"] = sum(1 for _k, _t, ok, _s in results if not ok)
    FAILURES.update((kind, str(status)) for kind, _t, ok, status in results if not ok)
    return out


class Installation:
    """A served installation: its ini, its processes."""

    def __init__(self, name: str, folder: Path, url: str, server: dict, mode: str):
        self.name, self.folder, self.url = name, folder, url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        ini = configparser.RawConfigParser()
        ini["app:main"] = {"use": "egg:rsi_case", "sqlalchemy.url": url, "rsi_case.root": str(ROOT),
                           "rsi_case.var": str(folder), "rsi_case.blobs": str(folder / "blobs"),
                           "rsi_case.index": str(folder / "index"), "rsi_case.secret": "load-" + "x" * 40,
                           "pyramid.default_locale_name": "da", "retry.attempts": "3",
                           "rsi_case.search.mode": mode, "rsi_case.allowed_hosts": "localhost"}
        ini["server:main"] = {k: v.replace("PORT", str(self.port)) for k, v in server.items()}
        ini["alembic"] = {"script_location": str(ROOT / "alembic")}
        self.ini = folder / "load.ini"
        with open(self.ini, "w") as fh:
            ini.write(fh)
        self.procs = []
        self.log = open(folder / "processes.log", "ab")

    def start(self, worker: bool):
        subprocess.run([str(BIN / "rsi-case-initdb"), str(self.ini), "--demo"], check=True, cwd=ROOT,
                       stdout=self.log, stderr=self.log)
        if worker:
            self.procs.append(subprocess.Popen([str(BIN / "rsi-case-worker"), str(self.ini)], cwd=ROOT,
                                               stdout=self.log, stderr=self.log))
        self.procs.append(subprocess.Popen([str(BIN / "pserve"), str(self.ini)], cwd=ROOT,
                                           stdout=self.log, stderr=self.log))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if User(self.base).request("/health", timeout=5)[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not start (see {self.folder / 'processes.log'})")

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        self.log.close()


def measure(inst: Installation, args) -> list[str]:
    urls = discover(inst.base)
    results, elapsed = run_users(inst.base, urls, args.users, args.seconds, (1.0, 3.0), args.seed)
    s = summary(results, elapsed)
    rows = [f"| {inst.name} | {args.users} users, 1–3 s | {k} | {v['n']} | {v['errors']} | "
            + " | ".join("–" if v[p] is None else f"{v[p] * 1000:.0f}" for p in ("p50", "p95", "p99")) + " |"
            for k, v in s.items() if isinstance(v, dict)]
    rows.append(f"| {inst.name} | {args.users} users, 1–3 s | all | {len(results)} | {s['errors']} | "
                f"{s['rps']:.1f} requests/s | | |")
    saturation = 0.0
    users = 1
    while users <= min(args.max_users, MAX_USERS):
        results, elapsed = run_users(inst.base, urls, users, args.step, None, args.seed + users)
        s = summary(results, elapsed)
        page95 = s["page"]["p95"]
        rows.append(f"| {inst.name} | {users} users, no wait | page | {s['page']['n']} | {s['errors']} | "
                    f"p95 {page95 * 1000:.0f} ms | {s['rps']:.1f} requests/s | |" if page95 else
                    f"| {inst.name} | {users} users, no wait | page | 0 | {s['errors']} | | | |")
        if page95 is None or page95 > 1.0:
            break
        saturation = s["rps"]
        users *= 2
    rows.append(f"| {inst.name} | saturation | | | | {saturation:.1f} requests/s (last step with page p95 ≤ 1 s) | | |")
    return rows, saturation


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("RSI_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL whose role may create databases (default $RSI_TEST_DATABASE_URL)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--step", type=float, default=15, help="seconds per saturation step")
    parser.add_argument("--max-users", type=int, default=32)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    if not args.pg_url:
        parser.error("--pg-url (or RSI_TEST_DATABASE_URL) is needed for the production column")
    args.users = min(args.users, MAX_USERS)
    import sqlalchemy as sa

    work = Path(tempfile.mkdtemp(prefix="rsi-bench-load-"))
    name = f"rsi_load_{os.getpid()}"
    admin = sa.create_engine(args.pg_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    embedded = production = None
    try:
        (work / "a").mkdir()
        (work / "b").mkdir()
        embedded = Installation("(a) SQLite, waitress", work / "a", f"sqlite:///{work / 'a' / 'rsi_case.sqlite'}",
                                {"use": "egg:waitress#main", "listen": "127.0.0.1:PORT", "threads": "8", "ident": ""},
                                "background")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        pg_url = sa.make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
        production = Installation("(b) PostgreSQL, gunicorn ×2", work / "b", pg_url,
                                  {"use": "egg:gunicorn#main", "bind": "127.0.0.1:PORT", "workers": "2",
                                   "worker_class": "gthread", "threads": "4", "timeout": "120"}, "worker")
        rows = ["| installation | load | class | requests | errors | p50 ms | p95 ms | p99 ms |",
                "|---|---|---|---|---|---|---|---|"]
        embedded.start(worker=False)
        production.start(worker=True)
        more, sat_a = measure(embedded, args)
        rows += more
        more, sat_b = measure(production, args)
        rows += more
        print("\n".join(rows))
        if FAILURES:
            print("\nfailed requests (class, answer): "
                  + ", ".join(f"{kind} {status} × {n}" for (kind, status), n in sorted(FAILURES.items())))
        print(f"\nsaturation (b)/(a): {sat_b / sat_a:.2f}×" if sat_a else "\nsaturation of (a) not reached")
    finally:
        for inst in (embedded, production):
            if inst is not None:
                inst.stop()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
