"""Where the tests' databases come from: SQLite files (the default) or
databases on a real PostgreSQL server.

``RSI_TEST_DATABASE_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/db`` runs
the whole suite against PostgreSQL (``make test-pg`` sets it). The URL names
a maintenance database the test role may connect to; the role needs
CREATEDB. Each test process (pytest-xdist worker) migrates one *template*
database once, and every test gets its own database made from it with
``CREATE DATABASE … TEMPLATE`` (a file copy on the server, far cheaper than
migrating again) — the same isolation as the SQLite copies: nothing is
shared between tests, and tests may commit for real and run real
concurrency.

A database copied from the migrated template is not dropped when its test
ends but *recycled*: the other sessions on it are ended, and when its schema
is still exactly the template's (a fingerprint of tables, columns, indexes,
constraints, triggers, functions, settings and the Alembic revision) every
row is deleted and every sequence restarted, and the next test gets it.
Anything else — a test that altered the schema, a reset that fails — and it
is dropped as before. Creating and dropping a database waits for the
server's fsyncs (0.1–1.4 s each on this 2-core machine under the suite's
load); the reset takes about 25 ms. (tests/unit/test_backend.py checks the
recycling: rows, sequences, and a changed schema.)

Names carry the test process' pid, so two suites on one server do not meet,
and databases left behind by a killed run are dropped by the next one.
"""

from __future__ import annotations

import collections
import itertools
import logging
import os
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

ENV = "RSI_TEST_DATABASE_URL"
PREFIX = "rsi_t"  # every database the tests make is called rsi_t<pid>_…
RECYCLED = "migrated"  # databases made from this template are emptied and used again

log = logging.getLogger(__name__)

# What must be the same as in the template for an emptied database to be as
# good as a new copy of it: every relation with its kind and access rights,
# every column with its type, default and nullability, constraints, triggers
# (and whether they are enabled), functions, per-database settings, large
# objects and the Alembic revision.
FINGERPRINT = """
SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
  SELECT 'rel ' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '') AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'col ' || a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'con ' || c.conrelid::regclass::text || ' ' || pg_get_constraintdef(c.oid)
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'idx ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'trg ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text FROM pg_trigger t WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'fn ' || p.proname || ' ' || md5(p.prosrc)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'set ' || array_to_string(s.setconfig, ',') FROM pg_db_role_setting s
   WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL
  SELECT 'lo ' || count(*)::text FROM pg_largeobject_metadata
  UNION ALL
  SELECT 'alembic ' || version_num FROM alembic_version
) parts
"""


def from_environment(root: Path) -> SQLiteBackend | PostgresBackend:
    url = os.environ.get(ENV, "").strip()
    if not url or url.startswith("sqlite"):
        return SQLiteBackend(root)
    if not url.startswith("postgresql"):
        raise RuntimeError(f"{ENV} must be a postgresql+psycopg:// URL, not {url!r}")
    return PostgresBackend(url)


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, root: Path):
        self.root = root
        self.templates: dict[str, Path] = {}
        self._n = itertools.count(1)

    def template(self, name: str, build, base: str | None = None) -> str:
        """A database built once by ``build(url)`` (on a copy of template ``base``, or
        empty); later ``create(template=name)`` copy it."""
        if name not in self.templates:
            path = self.root / f"template-{name}.sqlite"
            if base is not None:
                shutil.copy(self.templates[base], path)
            build(f"sqlite:///{path}")
            self.templates[name] = path
        return f"sqlite:///{self.templates[name]}"

    def create(self, where: Path, template: str | None = None) -> str:
        path = where / (f"test-{next(self._n)}.sqlite" if (where / "test.sqlite").exists() else "test.sqlite")
        if template is None:
            return f"sqlite:///{path}"  # an empty database: SQLite makes the file on first connect
        shutil.copy(self.templates[template], path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        pass  # the file goes with the test's tmp_path

    def close(self) -> None:
        pass


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str):
        self.url = sa.make_url(url)
        self.tag = f"{PREFIX}{os.getpid()}"
        self.templates: dict[str, str] = {}
        self._n = itertools.count(1)
        self._ahead: dict[str | None, Future] = {}  # template -> the next database, being made
        self._made_from: dict[str, str | None] = {}  # database -> its template
        self._idle: collections.deque[str] = collections.deque()  # recycled, emptied, ready to use
        self._fingerprint: str | None = None  # of the recycled template
        self.recycled = 0  # how many tests got a recycled database (for the test of the recycling)
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        # AUTOCOMMIT: CREATE/DROP DATABASE cannot run inside a transaction
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self._copy = self._copy_strategy()
        self._drop_leftovers()

    def _copy_strategy(self) -> str:
        """How ``CREATE DATABASE … TEMPLATE`` copies. From PostgreSQL 15 the
        default (WAL_LOG) writes every page of the template through the WAL:
        on this 2-core machine under the suite's own load a copy took 0.40 s
        and its DROP 0.80 s, against 0.11 s and 0.04 s for FILE_COPY (one
        checkpoint and a copy of the files, as before 15) — measured
        05-12-2026 with tests/backends.py's migrated template. A test database
        is small and short-lived, so FILE_COPY is the cheaper one."""
        with self.admin.connect() as conn:
            version = int(conn.exec_driver_sql("SHOW server_version_num").scalar())
        return " STRATEGY FILE_COPY" if version >= 150000 else ""

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def _run(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def _drop_leftovers(self) -> None:
        """Databases of test runs whose process is gone (killed, or crashed)."""
        with self.admin.connect() as conn:
            names = conn.exec_driver_sql(
                "SELECT datname FROM pg_database WHERE datname LIKE %(p)s", {"p": PREFIX + "%"}).scalars().all()
        for name in names:
            m = re.match(rf"{PREFIX}(\d+)_", name)
            if m and not _alive(int(m.group(1))):
                self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self, name: str, build, base: str | None = None) -> str:
        if name not in self.templates:
            database = f"{self.tag}_tpl_{name}"
            source = f' TEMPLATE "{self.templates[base]}"' if base else ""
            self._run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            self._run(f'CREATE DATABASE "{database}"{source}{self._copy}')
            build(self.url_of(database))
            self.templates[name] = database
            if name == RECYCLED:
                with sa.create_engine(self.url_of(database), poolclass=sa.pool.NullPool).connect() as conn:
                    self._fingerprint = conn.exec_driver_sql(FINGERPRINT).scalar()
        return self.url_of(self.templates[name])

    def _make(self, template: str | None) -> str:
        database = f"{self.tag}_{next(self._n)}"
        source = f' TEMPLATE "{self.templates[template]}"{self._copy}' if template else ""
        self._run(f'CREATE DATABASE "{database}"{source}')
        self._made_from[database] = template
        return database

    def create(self, where: Path, template: str | None = None) -> str:
        """A new database: a recycled one when there is one ready, otherwise the one made
        meanwhile, in the background, so a test seldom waits for the server to copy a
        template (and the next one is made)."""
        if template == RECYCLED and self._idle:
            self.recycled += 1
            return self.url_of(self._idle.popleft())
        ahead = self._ahead.pop(template, None)
        database = ahead.result() if ahead is not None else self._make(template)
        self._ahead[template] = self._background.submit(self._make, template)
        return self.url_of(database)

    def drop(self, url: str) -> None:
        """The test is done with the database: recycle it (in the background) when it
        was copied from the recycled template, otherwise drop it."""
        database = sa.make_url(url).database
        assert database.startswith(self.tag), database  # never anything the tests did not make
        if self._made_from.get(database) == RECYCLED:
            self._background.submit(self._recycle, database)
        else:
            self._background.submit(self._drop, database)

    def _drop(self, database: str) -> None:
        self._made_from.pop(database, None)
        self._run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _recycle(self, database: str) -> None:
        try:
            emptied = self.empty(database)
        except sa.exc.DBAPIError:
            log.warning("could not empty the test database %s; dropping it", database, exc_info=True)
            emptied = False
        if emptied:
            self._idle.append(database)
        else:
            self._drop(database)

    def empty(self, database: str) -> bool:
        """Bring a database copied from the recycled template back to the template's state:
        end every other session on it, and — when its schema is still the template's —
        delete every row (children before parents; the audit trail's append-only trigger
        is switched off for it inside the same transaction) and restart every sequence.
        False (nothing changed) when the schema is not the template's."""
        from rsi_case.models import Base

        engine = sa.create_engine(self.url_of(database), poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SET lock_timeout = '5s'")
                conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                if conn.exec_driver_sql(FINGERPRINT).scalar() != self._fingerprint:
                    return False
                tables = set(conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars())
                ordered = [t.name for t in reversed(Base.metadata.sorted_tables)]
                if tables != set(ordered) | {"alembic_version"}:
                    return False  # a table the models do not know: no order to delete in
                triggers = conn.exec_driver_sql(
                    "SELECT quote_ident(tgrelid::regclass::text), quote_ident(tgname) FROM pg_trigger "
                    "WHERE NOT tgisinternal AND tgenabled <> 'D'").all()
                for table, trigger in triggers:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
                for table in ordered:
                    conn.exec_driver_sql(f'DELETE FROM "{table}"')
                for table, trigger in triggers:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
                conn.exec_driver_sql(
                    "SELECT setval((quote_ident(schemaname) || '.' || quote_ident(sequencename))::regclass, "
                    "start_value, false) FROM pg_sequences WHERE schemaname = 'public'")
                conn.commit()
            return True
        finally:
            engine.dispose()

    def close(self) -> None:
        for ahead in self._ahead.values():
            self._background.submit(self._drop, ahead.result())
        self._background.shutdown(wait=True)
        while self._idle:
            self._drop(self._idle.popleft())
        for database in self.templates.values():
            self._run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.admin.dispose()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
