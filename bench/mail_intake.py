#!/usr/bin/env python
"""The mail-in address: N mails appended to a real IMAP server (a private
dovecot on loopback, tests/mail/imap.py), then fetched and filed by one
round of the intake (rsi_case.mail.intake.fetch_round) — the same code
``rsi-case-worker`` and ``rsi-case-mail-fetch`` run.

The mails are the tests' Danish mails (tests/mail/samples.py), each made
unique (its own Message-ID and words): 40 % Outlook replies with an inline
logo, a PDF and a Word file, naming case 25/0418; 40 % Gmail mails naming one
of 50 cases (``[Sag 25/00NN] …``); 20 % Thunderbird replies that name no
case (they wait in the Indbakke). Every mail is read in the limited child
process, as in production; search indexing is left to the worker (search
mode ``worker``), as in production.

Printed: the time per mail (median, p95, max — each mail's whole handling:
FETCH, spool, store, parse in the child, file, commit, MOVE), the round's
total and mails per minute, the appending time (not the intake's), and
memory: the process's peak RSS (ru_maxrss; the reading children apart), and
with ``--tracemalloc`` the peak of Python allocations during the round
(tracemalloc slows the round down: its times are then not comparable).
Every run checks the outcome: the filed count, the waiting count, and the
server's folders read back over IMAP.

    .venv/bin/python bench/mail_intake.py --count 50      # a quick check
    .venv/bin/python bench/mail_intake.py                  # 1,000 mails
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.case_list import machine_info  # noqa: E402
from rsi_case import main as make_app  # noqa: E402
from rsi_case.db import get_engine  # noqa: E402
from rsi_case.mail import intake  # noqa: E402
from rsi_case.scripts.initdb import migrate  # noqa: E402
from tests.mail import samples  # noqa: E402
from tests.mail.imap import Dovecot  # noqa: E402

INI = ROOT / "development.ini"
CASES = 50


def mails(count: int) -> list[bytes]:
    """``count`` distinct mails: Outlook with attachments (25/0418), Gmail naming a case, Thunderbird without."""
    out = []
    for n in range(count):
        kind = n % 5
        if kind in (0, 1):
            out.append(samples.outlook_eml(message_id=f"<bench-{n}@rm.example>",
                                           docx_text=f"Region Midtjylland, svar nummer {n} om tidsplanen."))
        elif kind in (2, 3):
            case = 1 + n % CASES
            out.append(samples.gmail_base64(subject=f"[Sag 25/{case:04d}] Spørgsmål nummer {n} om mødet",
                                            body=f"Hvornår holder styregruppen møde nummer {n}?")
                       .replace(b"<CAH+Xq9k2f0B1pY@mail.gmail.com>", f"<bench-{n}@gmail.example>".encode()))
        else:
            out.append(samples.thunderbird_reply().replace(
                b"6f1c2b7e-9d3a-4c55-8a61-2f0e5d9b1c44", f"bench-{n}".encode()))
    return out


def build(folder: Path, server: Dovecot, url: str | None) -> object:
    from rsi_case.cases.services import create_case
    from rsi_case.db import get_session_factory
    from rsi_case.numbering import CaseNumber
    from rsi_case.security.models import User
    import datetime as dt
    import transaction
    from rsi_case.db import get_tm_session

    url = url or f"sqlite:///{folder / 'rsi_case.sqlite'}"
    engine = get_engine({"sqlalchemy.url": url})
    migrate(str(INI), engine)
    engine.dispose()
    settings = {
        "sqlalchemy.url": url, "rsi_case.root": str(ROOT), "rsi_case.var": str(folder),
        "rsi_case.blobs": str(folder / "blobs"), "rsi_case.index": str(folder / "index"),
        "rsi_case.secret": "bench-secret-" + "x" * 32, "rsi_case.search.mode": "worker",
        "pyramid.default_locale_name": "da", "rsi_case.mail.journal_user": "journal",
        **server.settings(),
    }
    app = make_app({}, **settings)
    tm = transaction.TransactionManager(explicit=True)
    tm.begin()
    session = get_tm_session(get_session_factory(app.registry["db.engine"]), tm)
    journal = User(login="journal", role="sekretariat", full_name="Journalpostkassen", password_hash="!",
                   email="journal@rsi-sag.dk")
    session.add(journal)
    session.flush()
    for seq in sorted({418, *range(1, CASES + 1)}):
        create_case(session, user=journal, number=CaseNumber(2025, seq), title=f"Sag nummer {seq}",
                    category="indkoeb", status="aaben", opened_on=dt.date(2025, 1, 2), responsible_id=journal.id)
    tm.commit()
    return app


def status_kb(field: str) -> int:
    """A field of /proc/self/status, in KiB (ru_maxrss where there is none)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="mails (default 1000)")
    parser.add_argument("--pg-url", help="a PostgreSQL database URL (empty database) instead of SQLite")
    parser.add_argument("--tracemalloc", action="store_true", help="also the peak of Python allocations (slower)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mail-bench-") as tmp, Dovecot() as server:
        folder = Path(tmp)
        app = build(folder, server, args.pg_url)
        data = mails(args.count)
        start = time.perf_counter()
        client = server.client()
        for mail in data:
            client.append("INBOX", mail)
        client.logout()
        appended = time.perf_counter() - start

        per_mail = []
        one = intake._one

        def timed(*a, **kw):
            t = time.perf_counter()
            try:
                return one(*a, **kw)
            finally:
                per_mail.append((time.perf_counter() - t) * 1000)

        intake._one = timed
        rss_before = status_kb("VmRSS")
        reset_peak()  # VmHWM from here: the round's own peak, not the migrations' and the app's start
        if args.tracemalloc:
            tracemalloc.start()
        start = time.perf_counter()
        report = intake.fetch_round(app.registry)
        total = time.perf_counter() - start
        traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        rss_peak, rss_after = status_kb("VmHWM"), status_kb("VmRSS")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        intake._one = one

        expected_waiting = sum(1 for n in range(args.count) if n % 5 == 4)
        filed_on_server = len(server.contents("Journaliseret"))
        waiting_on_server = len(server.contents("INBOX"))
        ok = (not report.error and report.filed == args.count - expected_waiting
              and report.waiting == expected_waiting and filed_on_server == report.filed
              and waiting_on_server == expected_waiting)
        per_mail.sort()
        p95 = per_mail[min(len(per_mail) - 1, int(round(0.95 * (len(per_mail) - 1))))]
        print("\n".join(machine_info()))
        print(f"database: {'PostgreSQL' if args.pg_url else 'SQLite'}; IMAP: dovecot on loopback")
        print(f"mails: {args.count} ({report.filed} filed, {report.waiting} to the Indbakke, {report.failed} failed, "
              f"{report.duplicates} duplicates); appended in {appended:.1f} s")
        print(f"per mail: median {statistics.median(per_mail):.1f} ms, p95 {p95:.1f} ms, max {per_mail[-1]:.1f} ms")
        print(f"round: {total:.1f} s, {args.count / total * 60:,.0f} mails per minute")
        print(f"RSS: {rss_before / 1024:.0f} MB before the round, peak during it {rss_peak / 1024:.0f} MB, "
              f"{rss_after / 1024:.0f} MB after; largest reading child {children / 1024:.0f} MB (ru_maxrss)")
        if traced_peak is not None:
            print(f"tracemalloc peak during the round: {traced_peak / 2**20:.1f} MB")
        print(f"server after the round: {filed_on_server} in Journaliseret, {waiting_on_server} in INBOX")
        print("check:", "ok" if ok else f"FAILED ({report})")
        app.registry["db.engine"].dispose()
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
