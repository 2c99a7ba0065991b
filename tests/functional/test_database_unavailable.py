"""When the database goes away for a moment — a lost connection, a
serialization failure, SQLite's write lock held too long — a request is
retried whole (pyramid_retry) and the user notices nothing; when it stays
away, the user gets a Danish 503 and nothing of the request is saved.

The failures are real ones from the database, not exceptions raised by the
test: on PostgreSQL the request's own server connection is terminated
(``pg_terminate_backend``) or the server raises SQLSTATE 40001; on SQLite
another connection holds the write lock past the busy timeout.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from rsi_case import main
from rsi_case.i18n import today as danish_today
from tests.conftest import Browser, count, settings_for

YY = danish_today().year % 100


class Fault:
    """``fail(n)``: the next n attempts to create a case fail the backend's real transient way."""

    def __init__(self, engine, backend):
        self.engine = engine
        self.backend = backend
        self.remaining = 0
        self.happened = 0
        self.lock = None
        if backend == "postgresql":
            self.admin = sa.create_engine(engine.url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
            event.listen(engine, "before_cursor_execute", self._kill_connection)
        else:
            event.listen(engine, "handle_error", self._lock_error)

    def fail(self, n):
        self.remaining = n
        if self.backend != "postgresql":
            self._release()
            if n:  # another connection holds the write lock past the busy timeout
                self.lock = sqlite3.connect(self.engine.url.database, isolation_level=None, timeout=1)
                self.lock.execute("BEGIN IMMEDIATE")

    # PostgreSQL: the server ends this very connection just before the case row is written
    # (after the number was allocated in the same transaction)
    def _kill_connection(self, conn, cursor, statement, parameters, context, executemany):
        if self.remaining and statement.lstrip().upper().startswith("INSERT INTO CASES"):
            self.remaining -= 1
            self.happened += 1
            pid = cursor.connection.info.backend_pid
            with self.admin.connect() as admin:
                admin.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})

    # SQLite: each request that finds the database locked counts as one failed attempt;
    # the lock is given back after the last one asked for
    def _lock_error(self, context):
        if self.lock is not None and "database is locked" in str(context.original_exception):
            self.happened += 1
            self.remaining -= 1
            if self.remaining <= 0:
                self._release()

    def _release(self):
        if self.lock is not None:
            self.lock.execute("ROLLBACK")
            self.lock.close()
            self.lock = None


@pytest.fixture
def faulty(tmp_path, database_url, backend, users):
    # SQLite gives up on a held lock after its busy timeout: short here, so a test takes a moment
    app = main({}, **settings_for(tmp_path, database_url, **{"rsi_case.sqlite_busy_ms": "300"}))
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat")
    yield b, Fault(app.registry["db.engine"], backend.name), app.registry["db.engine"]
    app.registry["db.engine"].dispose()


def new_case(b, title):
    form = b.get("/cases/new").forms["deform"]
    form["title"] = title
    form["category"] = "tvaergaaende"
    return form


def test_a_lost_connection_or_lock_is_retried_and_the_case_is_made_once(faulty):
    b, fault, engine = faulty
    form = new_case(b, "Fælles sikker mail")
    fault.fail(1)
    r = form.submit("save", status=303)
    assert fault.happened == 1
    assert r.location.endswith(f"/cases/{YY:02d}-0001")  # the failed attempt's number was rolled back with it
    assert count(engine, "SELECT COUNT(*) FROM cases") == 1
    assert count(engine, "SELECT COUNT(*) FROM case_revisions") == 1
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'case_create' AND outcome = 'ok'") == 1


def test_when_the_database_stays_away_the_answer_is_a_danish_503_and_nothing_is_saved(faulty):
    b, fault, engine = faulty
    form = new_case(b, "Sag der venter")
    fault.fail(99)
    r = form.submit("save", status=503)
    assert fault.happened == 3  # retry.attempts = 3 in the test settings
    assert "Systemet har travlt" in r.text and "intet fra denne forespørgsel er gemt" in r.text
    assert r.headers["Retry-After"] == "5"
    assert "Traceback" not in r.text and "OperationalError" not in r.text
    fault.fail(0)
    assert count(engine, "SELECT COUNT(*) FROM cases") == 0
    assert count(engine, "SELECT COUNT(*) FROM number_series") == 0
    # back again: the same form goes through, with the first number
    r = new_case(b, "Sag der venter").submit("save", status=303)
    assert r.location.endswith(f"/cases/{YY:02d}-0001")


@pytest.mark.postgresql_only("SQLite has one writer at a time: its transactions never fail to serialize")
def test_a_serialization_failure_is_retried(faulty):
    b, fault, engine = faulty
    seen = []

    def serialization_failure(conn, cursor, statement, parameters, context, executemany):
        if not seen and statement.lstrip().upper().startswith("INSERT INTO CASES"):
            seen.append(statement)
            # the server itself raises SQLSTATE 40001, as it does for a real conflict
            return ("DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' "
                    "USING ERRCODE = 'serialization_failure'; END $$"), {}
        return statement, parameters

    event.listen(engine, "before_cursor_execute", serialization_failure, retval=True)
    r = new_case(b, "Fælles telefoni").submit("save", status=303)
    assert seen and r.location.endswith(f"/cases/{YY:02d}-0001")
    assert count(engine, "SELECT COUNT(*) FROM cases") == 1


def test_a_database_error_that_is_a_bug_is_still_a_500_with_an_incident_id(faulty):
    b, fault, engine = faulty

    def broken(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CASES"):
            return "INSERT INTO cases (no_such_column) VALUES (1)", {}
        return statement, parameters

    event.listen(engine, "before_cursor_execute", broken, retval=True)
    r = new_case(b, "Fejl i programmet").submit("save", status=500)
    assert "Der opstod en fejl" in r.text and 'class="incident"' in r.text and "Systemet har travlt" not in r.text
    assert count(engine, "SELECT COUNT(*) FROM cases") == 0
