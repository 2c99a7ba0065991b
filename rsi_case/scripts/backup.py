"""rsi-case-backup CONFIG DIR

Make a consistent backup of the installation CONFIG names into DIR while the
application keeps serving (also writes): the database from one snapshot
(SQLite's online backup API, or pg_dump on PostgreSQL), the attachments that
snapshot refers to (only those not already in DIR are copied), and
DIR/manifest.json with the schema revision, the number of rows of every
table and the SHA-256 of the database file and of every attachment.

Repeated backups into one DIR replace its database and manifest and share
its attachments; keep generations by backing up into a new DIR each time
(e.g. DIR/$(date +%F), or a copy with hard links: cp -al).

Exit status: 0 on success, 1 when a referenced attachment is missing or
damaged in the store (the backup is written; the manifest lists them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyramid.paster import get_appsettings, setup_logging


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-backup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. production.ini")
    parser.add_argument("directory", help="where the backup goes (made if missing)")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)

    from ..db import check_schema, get_engine
    from ..documents.storage import store_from_settings
    from ..operations.backup import BackupError, backup
    from ..templating import DEFAULT_ROOT

    engine = get_engine(settings)
    try:
        check_schema(engine, settings.get("rsi_case.root") or DEFAULT_ROOT)
        manifest = backup(settings, engine, store_from_settings(settings), Path(args.directory))
    except BackupError as exc:
        print(f"Sikkerhedskopien blev ikke lavet: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    db, att = manifest["database"], manifest["attachments"]
    print(f"Sikkerhedskopi i {args.directory}: {db['file']} ({db['size'] / 1024 / 1024:.1f} MB, "
          f"{sum(manifest['counts'].values())} rækker, skema {manifest['schema_revision']}), "
          f"{att['count']} bilag ({att['copied']} kopieret nu, {att['already_there']} fandtes), "
          f"{manifest['seconds']['total']:.1f} s.")
    if att["missing"] or att["damaged"]:
        print(f"ADVARSEL: {len(att['missing'])} bilag mangler og {len(att['damaged'])} er beskadigede i "
              "bilagslageret; de er ikke med i kopien (se manifest.json og rsi-case-verify).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
