"""rsi-case-restore CONFIG DIR

Restore the backup in DIR (made by rsi-case-backup) into the installation
CONFIG names, which must be empty: a new database (SQLite or PostgreSQL —
an SQLite backup restores into either, so a laptop installation moves to
PostgreSQL this way) and its attachment store. A database that already holds
data is refused and left untouched. The database is migrated to this
program's schema, the attachments are checked against their hashes, the
number of rows is compared with the backup's manifest, and the search index
is rebuilt.

Exit status: 0 on success, 1 when the backup cannot be restored (the message
says why), 2 on wrong arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyramid.paster import get_appsettings, setup_logging


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-restore", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file of the (empty) installation, e.g. production.ini")
    parser.add_argument("directory", help="the backup directory (with manifest.json)")
    parser.add_argument("--no-index", action="store_true",
                        help="skip rebuilding the search index (run rsi-case-reindex later)")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)

    from ..documents.storage import store_from_settings
    from ..operations.backup import BackupError
    from ..operations.restore import restore
    from ..templating import DEFAULT_ROOT
    from .initdb import engine_for

    engine = engine_for(settings)
    try:
        result = restore(settings, args.config_uri, engine, store_from_settings(settings), Path(args.directory),
                         root=Path(settings.get("rsi_case.root") or DEFAULT_ROOT), index=not args.no_index)
    except BackupError as exc:
        print(f"Gendannelsen blev ikke udført: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Gendannet fra {args.directory} (taget {result.manifest['created_at']}): "
          f"{sum(result.counts.values())} rækker, {result.attachments} bilag, "
          f"{result.indexed} sager og dokumenter i søgeindekset, {result.seconds['total']:.1f} s.")
    if result.lost:
        print(f"ADVARSEL: {len(result.lost)} bilag manglede eller var beskadigede allerede i den installation, "
              "kopien blev taget fra, og er ikke gendannet (se rsi-case-verify): " + ", ".join(result.lost[:5]),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
