"""rsi-case-worker CONFIG

The installation's background work, in one place at a time: applies the
search change log to this node's index (at once on PostgreSQL, woken by
NOTIFY; within half a second on SQLite) and rebuilds the index when it is missing or damaged. Run it beside
web processes started with ``rsi_case.search.mode = worker`` (production.ini),
which then never write the index themselves. A second worker started
against the same database waits as a standby and takes over within the
lease's time to live (15 s) when the first dies; it also OCRs scanned
attachments (rsi_case.ocr) in a thread of its own; SIGTERM or Ctrl-C finishes
the current batch and gives the lease back at once.

With ``rsi_case.mail.imap_host`` set it also fetches the journal mailbox
(the mail-in address, rsi_case.mail.intake) every
``rsi_case.mail.imap_poll_seconds``, in a thread of its own under the
installation's one ``mail-intake`` lease.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from pyramid.paster import get_appsettings, setup_logging


def build(settings: dict):
    """The engine and an indexer that writes this host's index."""
    from ..db import check_schema, get_engine
    from ..search import indexer_from_settings
    from ..templating import DEFAULT_ROOT

    engine = get_engine(settings)
    check_schema(engine, settings.get("rsi_case.root") or DEFAULT_ROOT)
    return engine, indexer_from_settings(settings, engine)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-worker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. production.ini")
    parser.add_argument("--once", action="store_true",
                        help="drain what is queued now and stop (exit status 3 when another worker holds the lease)")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)

    from ..worker import lease
    from ..worker.runner import Worker

    engine, indexer = build(settings)
    from ..search import node_name

    from ..ocr.work import runner_from_settings

    # scanned attachments made searchable (rsi_case.ocr): claimed job by job, so any node's worker may take one
    ocr = runner_from_settings(settings, engine, holder=lease.holder_name())
    worker = Worker(engine, indexer, name=lease.search_index(node_name(settings)), poll=float(settings.get("rsi_case.worker.poll_seconds", 0.5)),
                    ttl=float(settings.get("rsi_case.worker.lease_seconds", lease.TTL_SECONDS)),
                    tasks=[ocr] if ocr.cfg.enabled else [])
    if args.once:
        if not lease.acquire(engine, worker.name, worker.holder, worker.ttl):
            print("En anden rsi-case-worker arbejder allerede; intet gjort.", file=sys.stderr)
            return 3
        try:
            done = worker.work_once()
        finally:
            lease.release(engine, worker.name, worker.holder)
        print(f"Søgeindekset er ajour: {done} {'ændring' if done == 1 else 'ændringer'} indekseret.")
        return 0

    intake = mail_intake(settings, worker)

    def stop(_signum, _frame):
        worker.stop.set()
        if intake is not None:
            intake.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    thread = None
    if intake is not None:
        thread = threading.Thread(target=intake.run, name="mail-intake", daemon=True)
        thread.start()
    worker.run()
    if thread is not None:
        thread.join(timeout=60)
    engine.dispose()
    return 0


def mail_intake(settings: dict, search_worker):
    """A second worker for the mail-in address, or None when it is off."""
    from ..mail.intake import IntakeTask, Mailbox, intake_app
    from ..worker import lease
    from ..worker.runner import Worker

    box = Mailbox.from_settings(settings)
    if box is None:
        return None
    registry = intake_app(settings)
    worker = Worker(registry["db.engine"], None, name=lease.MAIL_INTAKE, poll=box.poll_seconds, ttl=search_worker.ttl)
    worker.indexer = IntakeTask(registry, box, worker.stop)
    return worker


if __name__ == "__main__":
    sys.exit(main())
