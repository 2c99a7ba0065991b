"""Migrations are the only schema path: a database built by them must match
the models exactly (Alembic's own `check`), and they must run both ways."""

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


def test_models_and_migrations_agree(template_db):
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{template_db}"})
    with engine.connect() as connection:
        command.check(_config(connection))  # raises if autogenerate finds any difference
        ctx = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_one_head_and_downgrade_to_base_and_back(tmp_path):
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{tmp_path / 'updown.sqlite'}"})
    with engine.begin() as connection:
        cfg = _config(connection)
        assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "head")
        tables = set(connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars())
    assert {"users", "cases", "documents", "attachments", "number_series"} <= tables
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(template_db):
    engine = get_engine({"sqlalchemy.url": f"sqlite:///{template_db}"})
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    engine.dispose()
