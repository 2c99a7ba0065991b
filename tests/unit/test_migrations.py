"""Migrations are the only schema path: a database built by them must match
the models exactly (Alembic's own `check`), and they must run both ways —
on SQLite and on PostgreSQL (the suite's backend, see tests/backends.py)."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from rsi_case.db import get_engine
from rsi_case.models import Base
from tests.conftest import INI


def _config(connection):
    cfg = Config(str(INI))
    cfg.attributes["skip_logging"] = True
    cfg.attributes["connection"] = connection
    return cfg


def test_models_and_migrations_agree(database_url):
    engine = get_engine({"sqlalchemy.url": database_url})
    with engine.connect() as connection:
        command.check(_config(connection))  # raises if autogenerate finds any difference
        ctx = MigrationContext.configure(connection, opts={
            "compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_one_head_and_downgrade_to_base_and_back(make_database):
    import sqlalchemy as sa

    from rsi_case.scripts.initdb import migrate

    engine = get_engine({"sqlalchemy.url": make_database(template=None)})
    with engine.connect() as connection:
        assert len(ScriptDirectory.from_config(_config(connection)).get_heads()) == 1
    migrate(str(INI), engine)
    migrate(str(INI), engine, "base", downgrade=True)
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    migrate(str(INI), engine)
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version"} == tables
    engine.dispose()


def test_migrating_a_database_full_of_data_keeps_it(make_database):
    """Table rebuilds (SQLite batch mode) must not trip over foreign keys or lose rows."""
    from rsi_case.scripts.initdb import migrate

    engine = get_engine({"sqlalchemy.url": make_database(template=None)})
    migrate(str(INI), engine, "95c569ec7e2a")  # the foundation's schema
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (login, full_name, email, phone, role, password_hash, active, "
                             "session_token, created_at) VALUES ('a', 'A', '', '', 'admin', 'x', true, 't', '2026-01-01')")
        conn.exec_driver_sql("INSERT INTO cases (year, seq, title, description, category, status, responsible_id, "
                             "participating_regions, opened_on, created_at, updated_at) VALUES "
                             "(2009, 2867, 'T', '', 'indkoeb', 'aaben', 1, '[]', '2009-03-02', '2009-03-02', '2009-03-02')")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO documents (case_id, year, seq, kind, title, doc_date, status, author_name, "
                             "author_phone, author_email, body_html, created_at, updated_at) VALUES (1, 2009, 62947, "
                             "'notat', 'Notat', '2009-12-15', 'endelig', 'A', '', '', '<h2>Mål</h2><p>Tekst</p>', "
                             "'2009-12-15', '2009-12-15')")
        conn.exec_driver_sql("INSERT INTO attachments (document_id, filename, content_type, size, sha256, uploaded_at) "
                             "VALUES (1, 'a.txt', 'text/plain', 3, '" + "a" * 64 + "', '2009-12-15')")
    migrate(str(INI), engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM users").scalar() == 1
        assert not conn.exec_driver_sql("SELECT confidential FROM cases").scalar()
        # existing records became their own first versions
        assert conn.exec_driver_sql("SELECT version, final_version FROM documents").one() == (1, 1)
        assert conn.exec_driver_sql("SELECT number, title, status FROM document_versions").one() == (1, "Notat", "endelig")
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM attachment_revisions").scalar() == 1
        assert conn.exec_driver_sql("SELECT number FROM case_revisions").scalar() == 1
        if conn.dialect.name == "sqlite":  # the migration switched them off to rebuild tables, and on again
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_audit_trail_cannot_be_changed_even_in_sql(database_url):
    import pytest
    import sqlalchemy as sa

    engine = get_engine({"sqlalchemy.url": database_url})
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO audit_log (at, login, action, object_type, object_ref, case_ref, address, "
                             "outcome, detail) VALUES ('2026-01-01', 'x', 'login', '', '', '', '', 'ok', '{}')")
    for sql in ("UPDATE audit_log SET login = 'y'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with engine.begin() as conn:
                conn.exec_driver_sql(sql)
    engine.dispose()


@pytest.mark.sqlite_only("PRAGMAs are SQLite's own settings")
def test_sqlite_runs_in_wal_with_foreign_keys_and_full_sync(database_url):
    engine = get_engine({"sqlalchemy.url": database_url})
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        # FULL (2): a commit returns after the WAL is fsynced (docs/operations.md, "Durability")
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    engine.dispose()


def test_postgresql_is_used_through_psycopg_3_with_pinged_connections():
    import pytest

    engine = get_engine({"sqlalchemy.url": "postgresql+psycopg://u:p@127.0.0.1:1/x"})
    assert engine.dialect.driver == "psycopg" and engine.pool._pre_ping
    engine.dispose()
    with pytest.raises(ValueError, match="psycopg"):
        get_engine({"sqlalchemy.url": "postgresql+psycopg2://u:p@127.0.0.1:1/x"})  # which we do not ship


def test_the_app_refuses_a_database_that_is_not_migrated(tmp_path, make_database):
    import pytest

    from rsi_case import main
    from rsi_case.db import SchemaOutdated
    from rsi_case.scripts.initdb import migrate
    from tests.conftest import settings_for

    db = make_database(template=None)
    engine = get_engine({"sqlalchemy.url": db})
    migrate(str(INI), engine, "95c569ec7e2a")
    engine.dispose()
    with pytest.raises(SchemaOutdated, match="rsi-case-initdb"):
        main({}, **settings_for(tmp_path, db))
