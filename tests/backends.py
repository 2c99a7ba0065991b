"""Where the tests' databases come from: SQLite files (the default) or
databases on a real PostgreSQL server.

``RSI_TEST_DATABASE_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/db`` runs
the whole suite against PostgreSQL (``make test-pg`` sets it). The URL names
a maintenance database the test role may connect to; the role needs
CREATEDB. Each test process (pytest-xdist worker) migrates one *template*
database once, and every test gets its own database made from it with
``CREATE DATABASE … TEMPLATE`` (a file copy on the server, far cheaper than
migrating again), dropped when the test ends — the same isolation as the
SQLite copies: nothing is shared between tests, and tests may commit for
real and run real concurrency.

Names carry the test process' pid, so two suites on one server do not meet,
and databases left behind by a killed run are dropped by the next one.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

ENV = "RSI_TEST_DATABASE_URL"
PREFIX = "rsi_t"  # every database the tests make is called rsi_t<pid>_…


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
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        # AUTOCOMMIT: CREATE/DROP DATABASE cannot run inside a transaction
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self._drop_leftovers()

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
            self._run(f'CREATE DATABASE "{database}"{source}')
            build(self.url_of(database))
            self.templates[name] = database
        return self.url_of(self.templates[name])

    def _make(self, template: str | None) -> str:
        database = f"{self.tag}_{next(self._n)}"
        source = f' TEMPLATE "{self.templates[template]}"' if template else ""
        self._run(f'CREATE DATABASE "{database}"{source}')
        return database

    def create(self, where: Path, template: str | None = None) -> str:
        """A new database; the next one from the same template is made meanwhile, in the
        background, so a test seldom waits for the server to copy a template."""
        ahead = self._ahead.pop(template, None)
        database = ahead.result() if ahead is not None else self._make(template)
        self._ahead[template] = self._background.submit(self._make, template)
        return self.url_of(database)

    def drop(self, url: str) -> None:
        database = sa.make_url(url).database
        assert database.startswith(self.tag), database  # never anything the tests did not make
        self._background.submit(self._run, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def close(self) -> None:
        for ahead in self._ahead.values():
            self.drop(self.url_of(ahead.result()))
        self._background.shutdown(wait=True)
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
