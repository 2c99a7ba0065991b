"""The suite runs on the database it was asked for: with RSI_TEST_DATABASE_URL
set, every test's application talks to that PostgreSQL server (no quiet
fallback to SQLite)."""

import os

import pytest
import sqlalchemy as sa

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


@pytest.mark.postgresql_only("the recycling of test databases is how the PostgreSQL backend saves their creation")
def test_a_recycled_database_is_as_good_as_a_new_copy(app, backend, database_url, as_role, make_case, make_document):
    """What one test leaves behind never reaches the next: rows (the audit trail's
    too), sequences; and a database whose schema a test changed is not used again."""
    engine = app.registry["db.engine"]
    make_document(make_case())
    as_role("sekretariat")  # a login: in the audit trail
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() > 0
        fresh_id = conn.exec_driver_sql("SELECT max(id) FROM cases").scalar()
    database = sa.make_url(database_url).database

    assert backend.empty(database)  # ends the app's own sessions too

    with engine.connect() as conn:
        tables = conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars().all()
        assert len(tables) > 30
        filled = {t: n for t in tables if (n := conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar())}
        assert filled == {"alembic_version": 1}
        # sequences start again: the next case gets the first id again
        assert conn.exec_driver_sql("SELECT nextval(pg_get_serial_sequence('cases', 'id'))").scalar() == fresh_id
        # the audit trail's append-only trigger is on again
        assert conn.exec_driver_sql(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_log_no_change'").scalar() == "O"
        conn.rollback()
        conn.exec_driver_sql("ALTER TABLE cases ADD COLUMN left_behind integer")
        conn.commit()

    assert not backend.empty(database)  # a schema the template does not have: dropped, not used again


@pytest.mark.postgresql_only("the recycling of test databases is how the PostgreSQL backend saves their creation")
def test_a_database_given_back_is_the_next_one_given_out(backend, tmp_path):
    url = backend.create(tmp_path, "migrated")
    backend.drop(url)
    backend._background.submit(lambda: None).result()  # the recycling (in the background) is done
    assert sa.make_url(url).database in backend._idle  # emptied and waiting for the next test


def test_a_template_is_compiled_once_per_process(app):
    """Every test builds a new application, and with it new template objects:
    the compiled code is kept per process (rsi_case.templating._CompiledOnce),
    not compiled again for each (that took most of the suite's time)."""
    from chameleon.zpt.template import PageTemplateFile

    from rsi_case import templating

    compiled = []
    original = PageTemplateFile._compile

    def counting(self, *args, **kwargs):
        compiled.append(self.filename)
        return original(self, *args, **kwargs)

    path = str(templating.DEFAULT_ROOT / "templates" / "layout" / "main.pt")
    PageTemplateFile._compile = counting
    try:
        for _ in range(3):
            PageTemplateFile(path).cook_check()
    finally:
        PageTemplateFile._compile = original
    assert compiled.count(path) <= 1
