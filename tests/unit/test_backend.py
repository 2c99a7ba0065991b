"""The suite runs on the database it was asked for: with RSI_TEST_DATABASE_URL
set, every test's application talks to that PostgreSQL server (no quiet
fallback to SQLite)."""

import os

from tests.backends import ENV


def test_the_tests_use_the_requested_database(app, backend):
    engine = app.registry["db.engine"]
    wanted = os.environ.get(ENV, "").strip()
    if wanted.startswith("postgresql"):
        assert backend.name == "postgresql" and engine.dialect.name == "postgresql"
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            assert int(conn.exec_driver_sql("SHOW server_version_num").scalar()) >= 150000
            assert conn.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
    else:
        assert backend.name == "sqlite" and engine.dialect.name == "sqlite"
