"""rsi-case-initdb CONFIG [--demo] [--if-empty]

Bring the database to the newest schema (Alembic migrations, the only way the
schema changes) and, with --demo, load the demo organisation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from pyramid.paster import get_appsettings, setup_logging

from ..db import get_engine


def alembic_config(config_uri: str, connection=None) -> Config:
    cfg = Config(config_uri)
    cfg.attributes["skip_logging"] = True
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(config_uri: str, engine, revision: str = "head", downgrade: bool = False) -> None:
    """Run the migrations in one transaction.

    On SQLite, foreign keys are switched off while a migration rebuilds a
    table (Alembic's batch mode copies and drops tables) and checked in full
    before the transaction commits.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")  # must happen outside a transaction
        try:
            with connection.begin():
                cfg = alembic_config(config_uri, connection)
                (command.downgrade if downgrade else command.upgrade)(cfg, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def engine_for(settings: dict):
    """The installation's engine; an SQLite file's folder is made first (a fresh ``var/``)."""
    url = settings["sqlalchemy.url"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return get_engine(settings)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rsi-case-initdb", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config_uri", help="the .ini file, e.g. development.ini")
    parser.add_argument("--demo", action="store_true", help="load the demo organisation (never in production)")
    parser.add_argument("--if-empty", action="store_true", help="with --demo: only when there are no cases yet")
    args = parser.parse_args(argv)

    setup_logging(args.config_uri)
    settings = get_appsettings(args.config_uri)
    engine = engine_for(settings)
    migrate(args.config_uri, engine)
    print("Databasen er opdateret til nyeste skema.")

    if args.demo:
        from ..demo.loader import load_demo

        with engine.connect() as conn:
            has_cases = conn.execute(sa.text("SELECT COUNT(*) FROM cases")).scalar_one() > 0
        if has_cases and args.if_empty:
            print("Demodata findes allerede.")
        elif has_cases:
            print("Databasen har allerede sager; demodata indlæses kun i en tom database.", file=sys.stderr)
            return 1
        else:
            load_demo(engine, settings)
        from ..demo import content

        print()
        print("Demo-logins (adgangskode: %s):" % content.PASSWORD)
        for login, what in (("sekretariat", "sekretariatet: opretter og redigerer"),
                            ("styregruppe", "styregruppen: læser endelige dokumenter"),
                            ("arkivar", "arkivet: læser alt, også lukkede og arkiverede sager; revisionsspor"),
                            ("admin", "administrator: brugere, grupper, nummerserier, fortrolige sager"),
                            ("rsd-pl", "projektleder i Region Syddanmark: ser kun sag 26/0211")):
            print(f"  {login:<12} {what}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
