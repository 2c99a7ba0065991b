"""rsi-case-mail-fetch CONFIG

One round of the mail-in address, now: reads what is new in the journal
mailbox (``rsi_case.mail.imap_*``), files each mail whose subject names a
case, leaves the rest in the Indbakke, and moves what was filed or rejected
to its folder on the server. The same round ``rsi-case-worker`` runs every
``rsi_case.mail.imap_poll_seconds``; both hold the ``mail-intake`` lease,
so they never fetch at the same time (exit status 3: the worker is at it).
Exit status 1 when the server could not be reached or the round stopped.
"""

from __future__ import annotations

import argparse
import sys

from pyramid.paster import get_appsettings, setup_logging


def run(settings: dict, registry=None) -> tuple[int, str]:
    """(exit status, what to print)."""
    from ..mail.intake import Mailbox, fetch_round, intake_app
    from ..worker import lease

    box = Mailbox.from_settings(settings)
    if box is None:
        return 2, "rsi_case.mail.imap_host er ikke sat: postindgangen er slået fra."
    registry = registry or intake_app(settings)
    engine = registry["db.engine"]
    holder = lease.holder_name()
    if not lease.acquire(engine, lease.MAIL_INTAKE, holder):
        return 3, "En anden proces henter allerede postkassen; intet gjort."
    try:
        report = fetch_round(registry, box)
    finally:
        lease.release(engine, lease.MAIL_INTAKE, holder)
    return (1 if report.error else 0), str(report)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-mail-fetch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. production.ini")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    status, text = run(get_appsettings(args.config_uri))
    print(text, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
