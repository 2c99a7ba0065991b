"""rsi-case-reindex CONFIG

Rebuild the search index from the database, into a new generation that
replaces the old one only when it is complete (searches keep working
meanwhile). Memory stays bounded: the database is read in batches. Shows
progress; safe to interrupt: the old index stays in use, and ``--resume``
continues the unfinished rebuild from its last checkpoint.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from pyramid.paster import get_appsettings, setup_logging

from ..search.indexer import REBUILD_BATCH

DEFAULT_PROCS = max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-reindex", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. development.ini")
    parser.add_argument("--batch", type=int, default=REBUILD_BATCH,
                        help=f"records per commit and checkpoint (default {REBUILD_BATCH})")
    parser.add_argument("--procs", type=int, default=DEFAULT_PROCS,
                        help=f"processes that analyse the text (default {DEFAULT_PROCS}: this machine's CPUs, at most 2)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted rebuild from its last checkpoint instead of starting over")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)

    from ..db import check_schema, get_engine
    from ..search import indexer_from_settings
    from ..templating import DEFAULT_ROOT

    engine = get_engine(settings)
    check_schema(engine, settings.get("rsi_case.root") or DEFAULT_ROOT)
    indexer = indexer_from_settings(settings, engine, rebuild_procs=args.procs)
    started = time.monotonic()

    def progress(done, total):
        if args.quiet:
            return
        width = 40
        filled = int(width * done / total) if total else width
        rate = done / max(time.monotonic() - started, 1e-6)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)")
        sys.stderr.flush()

    done = indexer.rebuild(progress=progress, batch=args.batch, resume=args.resume)
    if not args.quiet:
        sys.stderr.write("\n")
    print(f"Søgeindekset er genopbygget: {done} sager og dokumenter på {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
