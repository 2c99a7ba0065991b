"""rsi-case-verify CONFIG [--prune-orphans --older-than DAYS]

Check the attachment store against the database: every file a record refers
to must exist and its bytes must hash to its name (SHA-256). Files no record
refers to (orphans) are listed; with --prune-orphans those last written more
than --older-than days ago are removed.

Exit status: 0 when every referenced file is there and intact (orphans do not
count), 1 when a file is missing or damaged, 2 on wrong arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from pyramid.paster import get_appsettings, setup_logging


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} kB"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-verify", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. production.ini")
    parser.add_argument("--prune-orphans", action="store_true", help="remove orphans (needs --older-than)")
    parser.add_argument("--older-than", type=float, metavar="DAYS",
                        help="with --prune-orphans: only orphans last written more than DAYS days ago")
    parser.add_argument("--quick", action="store_true", help="check that files exist and skip re-hashing their bytes")
    args = parser.parse_args(argv)
    if args.prune_orphans and args.older_than is None:
        parser.error("--prune-orphans needs --older-than DAYS (e.g. 7): a file uploaded a moment ago "
                     "is an orphan until its request commits")
    if args.older_than is not None and args.older_than < 0:
        parser.error("--older-than must be zero or more days")
    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)

    from ..db import get_engine
    from ..documents.storage import store_from_settings
    from ..operations.files import prune_orphans, verify

    engine = get_engine(settings)
    store = store_from_settings(settings)
    report = verify(engine, store, rehash=not args.quick)
    print(f"Bilag: {report.referenced} filer refereres fra databasen"
          + (f" ({_size(report.checked_bytes)} kontrolleret mod deres SHA-256)." if not args.quick else "."))
    for sha, rows in report.missing.items():
        print(f"MANGLER   {sha}  ({', '.join(rows[:5])}{' …' if len(rows) > 5 else ''})")
    for sha, rows in report.damaged.items():
        print(f"BESKADIGET {sha}  ({', '.join(rows[:5])}{' …' if len(rows) > 5 else ''})")
    total = sum(o.size for o in report.orphans)
    print(f"Forældreløse filer (ingen post henviser til dem): {len(report.orphans)}, {_size(total)}")
    for orphan in report.orphans:
        when = dt.datetime.fromtimestamp(orphan.modified).strftime("%d-%m-%Y %H:%M")
        print(f"  {orphan.sha256}  {_size(orphan.size):>10}  skrevet {when}")
    if report.leftovers:
        print(f"Ufærdige midlertidige filer (over et døgn gamle): {len(report.leftovers)}")
    if args.prune_orphans:
        removed = prune_orphans(engine, store, report, args.older_than)
        print(f"Fjernet: {len(removed)} forældreløse filer ældre end {args.older_than:g} dage.")
    engine.dispose()
    if report.ok:
        print("OK: alle filer, som databasen henviser til, findes og er uskadte.")
        return 0
    print(f"FEJL: {len(report.missing)} mangler, {len(report.damaged)} er beskadigede. "
          "Gendan dem fra en sikkerhedskopi (rsi-case-backup-mappens blobs/).", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
