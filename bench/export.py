#!/usr/bin/env python
"""Word export: how long does a 200-page case file take, beside a 1-page memo?

Builds one SQLite database through the real Alembic migrations with a
secretariat user and one case holding

* 50 documents of about 1,600 words each (headings, paragraphs, lists and
  tables from ``bench/versions.py``'s strategy generator): the case file of
  about 200 pages;
* one 30-page memo (about 15,000 words, same generator);
* one 1-page memo (about 350 words): the baseline.

Then it drives the real WSGI application in-process with WebTest as the
logged-in user — ``GET /cases/<slug>/export.docx`` (all 50 documents),
``GET /documents/<slug>/export.docx`` for the 30-page and the 1-page memo —
N interleaved repetitions after a warm-up (the order rotates each round, so
drift on a shared machine hits all three alike), and prints median and p95
of each and the ratios to the 1-page memo. Every response is checked (200,
a .docx python-docx opens, the expected number of documents).

Peak memory (not timed): the resident memory one export adds at its peak in
a fresh process (the application loaded, logged in, and one 1-page export
done first, so python-docx and the template are loaded; ``VmHWM`` after the
request, its mark reset through ``/proc/self/clear_refs`` just before, less
``VmRSS`` before it — lxml's C allocations included), and the
peak of Python allocations alone under ``tracemalloc``.

With ``--pages`` LibreOffice converts each export to PDF once and the page
counts are printed (to show the sizes are what they claim).

Target (issue 6): the 200-page case file within 3 s median on this machine
class and within 100x the 1-page memo.

    .venv/bin/python bench/export.py
    .venv/bin/python bench/export.py --repeat 9 --pages
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import docx  # noqa: E402

import versions as gen  # noqa: E402  (the strategy generator and app set-up of the versions benchmark)
from rsi_case.cases.services import create_case  # noqa: E402
from rsi_case.db import get_engine, get_session_factory  # noqa: E402
from rsi_case.documents.services import create_document  # noqa: E402
from rsi_case.models import User  # noqa: E402
from rsi_case.scripts.initdb import migrate  # noqa: E402
from rsi_case.security.passwords import hash_password  # noqa: E402

TARGET_SECONDS = 3.0
TARGET_RATIO = 100.0


def build(path: Path, seed: int, n_docs: int, doc_words: int, long_words: int, short_words: int) -> dict:
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{path}"})
    migrate(str(gen.INI), engine)
    factory = get_session_factory(engine)
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    rng = random.Random(seed)
    out = {}
    with factory() as s, s.begin():
        user = User(login=gen.LOGIN, full_name="Mette Kjærgaard Holm", role="sekretariat", email="mkh@rsi-sag.dk",
                    phone="+45 38 66 50 01", password_hash=hash_password(gen.PASSWORD), active=True, created_at=now)
        s.add(user)
        s.flush()
        case = create_case(s, user=user, today=gen.TODAY, title="Fælles strategi for sundheds-it 2027–2030",
                           category="tvaergaaende", status="aaben", responsible_id=user.id,
                           opened_on=dt.date(2026, 3, 2), lead_region="midtjylland",
                           participating_regions=["hovedstaden", "sjaelland", "syddanmark", "nordjylland"])

        def doc(title, words, kind="notat"):
            units, kept = gen.strategy(rng.randrange(10**6), words), []
            for unit in units:  # the generator's minimum is a whole strategy: cut it to size
                kept.append(unit)
                if gen.word_count(kept) >= words:
                    break
            body = gen.render(kept)
            d = create_document(s, case=case, user=user, today=gen.TODAY, title=title, kind=kind,
                                doc_date=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300)), status="endelig",
                                body_html=body, author_name=user.full_name, author_phone=user.phone,
                                author_email=user.email)
            return d.number.slug

        for i in range(n_docs):
            doc(f"{rng.choice(gen.CHAPTERS)} — bilag {i + 1}", doc_words, rng.choice(["notat", "strategi", "bilag"]))
        out["case"] = case.number.slug
        # the two memos in a case of their own: the case file holds exactly the 50
        case = create_case(s, user=user, today=gen.TODAY, title="Mødeplan og strategi", category="egen_drift",
                           status="aaben", responsible_id=user.id, opened_on=dt.date(2026, 1, 5))
        out["long"] = doc("Strategi for fælles regional sundheds-it 2027–2030", long_words, "strategi")
        out["short"] = doc("Notat om mødeplan 2027", short_words)
    engine.dispose()
    return out


def app_for(tmp: Path, db_file: Path):
    """The application as bench/versions.py builds it, without the search
    indexer (its first rebuild would run in the background during the timing)."""
    return gen.app_for(tmp, db_file, **{"rsi_case.search.mode": "off"})


def run(browser, url: str, expect_docs: int | None = None) -> tuple[float, bytes]:
    started = time.perf_counter()
    r = browser.get(url, status="*")
    elapsed = time.perf_counter() - started
    if r.status_int != 200 or not r.content_type.endswith("wordprocessingml.document"):
        raise SystemExit(f"GET {url} answered {r.status} {r.content_type}")
    if expect_docs is not None:
        d = docx.Document(io.BytesIO(r.body))
        starts = sum(1 for p in d.paragraphs if p.style.name == "RSI Dokumentstart") - 1  # (the aktliste)
        if starts != expect_docs:
            raise SystemExit(f"GET {url}: {starts} documents in the export, expected {expect_docs}")
    return elapsed, r.body


def pdf_pages(data: bytes, workdir: Path, name: str) -> int | None:
    office = shutil.which("soffice")
    if not office:
        return None
    src = workdir / f"{name}.docx"
    src.write_bytes(data)
    subprocess.run([office, f"-env:UserInstallation=file://{workdir / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir), str(src)], capture_output=True, timeout=600, check=True)
    from pypdf import PdfReader

    return len(PdfReader(str(workdir / f"{name}.pdf")).pages)


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def one(tmp: str, url: str, warmup_url: str) -> None:
    tmp_path = Path(tmp)
    _app, browser = app_for(tmp_path, tmp_path / "bench.sqlite")
    browser.get("/")  # (everything a first request loads)
    run(browser, warmup_url)  # (python-docx, lxml and the template, loaded once per process)
    before = _status_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # (Linux: the high-water mark starts again from here)
    run(browser, url)
    print(f"{max(0.0, _status_mb('VmHWM') - before):.1f}")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_one"]:
        one(argv[1], argv[2], argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", "-n", type=int, default=7, help="measured rounds (default 7)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--docs", type=int, default=50, help="documents in the case file (default 50)")
    parser.add_argument("--doc-words", type=int, default=1600, help="words per case-file document (default 1600)")
    parser.add_argument("--long-words", type=int, default=15000, help="words of the long memo (default 15000)")
    parser.add_argument("--short-words", type=int, default=350, help="words of the short memo (default 350)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pages", action="store_true", help="count the pages with LibreOffice")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="rsi-export-bench-"))
    try:
        t0 = time.perf_counter()
        slugs = build(tmp / "bench.sqlite", args.seed, args.docs, args.doc_words, args.long_words, args.short_words)
        print(f"data: 1 case with {args.docs} documents of ~{args.doc_words} words, a ~{args.long_words}-word memo, "
              f"a ~{args.short_words}-word memo; built in {time.perf_counter() - t0:.1f} s")
        _app, browser = app_for(tmp, tmp / "bench.sqlite")
        jobs = {
            "case file": (f"/cases/{slugs['case']}/export.docx", args.docs),
            "30-page memo": (f"/documents/{slugs['long']}/export.docx", None),
            "1-page memo": (f"/documents/{slugs['short']}/export.docx", None),
        }
        times = {name: [] for name in jobs}
        bodies = {}
        for i in range(args.warmup + args.repeat):
            names = list(jobs)
            names = names[i % 3:] + names[:i % 3]  # rotate the order each round
            for name in names:
                url, expect = jobs[name]
                elapsed, body = run(browser, url, expect if i == 0 else None)
                bodies[name] = body
                if i >= args.warmup:
                    times[name].append(elapsed)
        peaks, heap = {}, {}
        for name, (url, _expect) in jobs.items():
            # resident memory one export adds at its peak, in a fresh process (app
            # loaded and logged in first): VmHWM after the request less VmRSS before it
            out = subprocess.run([sys.executable, __file__, "--_one", str(tmp), url, jobs["1-page memo"][0]],
                                 capture_output=True, text=True, timeout=600)
            if out.returncode:
                raise SystemExit(out.stderr[-2000:])
            peaks[name] = float(out.stdout.strip().splitlines()[-1])
            tracemalloc.start()
            run(browser, url)
            heap[name] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        pages = {}
        if args.pages:
            for name, body in bodies.items():
                pages[name] = pdf_pages(body, tmp, name.replace(" ", "-"))

        base = statistics.median(times["1-page memo"])
        print(f"\n{args.repeat} interleaved rounds after {args.warmup} warm-up, seconds\n")
        print("| export | size | pages (LibreOffice) | median | p95 | × 1-page memo | peak added RSS | peak Python heap |")
        print("|---|---|---|---|---|---|---|---|")
        for name in jobs:
            med = statistics.median(times[name])
            print(f"| {name} | {len(bodies[name]) / 1024:.0f} KB | {pages.get(name, '—')} | {med:.3f} | "
                  f"{percentile(times[name], 0.95):.3f} | {med / base:.1f}× | {peaks[name]:.1f} MB | "
                  f"{heap[name]:.1f} MB |")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        case_med = statistics.median(times["case file"])
        ratio = case_med / base
        ok = case_med <= TARGET_SECONDS and ratio <= TARGET_RATIO
        print(f"\npeak RSS of the process: {rss:.0f} MB")
        print(f"target: case file median {case_med:.2f} s (≤ {TARGET_SECONDS:.0f} s) and {ratio:.1f}× the 1-page memo "
              f"(≤ {TARGET_RATIO:.0f}×): {'PASS' if ok else 'FAIL'}")
        print(f"date: {dt.date.today().isoformat()}\nplatform: {platform.platform()}\n"
              f"cpu: {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} logical CPUs\n"
              f"python: {platform.python_implementation()} {platform.python_version()}")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
