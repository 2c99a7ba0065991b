"""Database foundations: declarative base, engine, request-scoped session.

One SQLAlchemy session per request, joined to the request's transaction
(pyramid_tm + zope.sqlalchemy): a request commits all of its changes or none.

SQLite runs in WAL mode with foreign keys on and a busy timeout.  Requests
that may write (unsafe HTTP methods) open their transaction with
``BEGIN IMMEDIATE`` so that two writers queue on SQLite's lock instead of
failing half-way with "database is locked"; reads stay ``BEGIN DEFERRED``
and never block.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import zope.sqlalchemy
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

# Alembic-friendly constraint names (pyramid cookiecutter, 2.0 branch)
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite drops tzinfo)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def _sqlite_pragmas(engine: sa.Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):
        # let SQLAlchemy's "begin" event below issue BEGIN, not pysqlite
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def get_engine(settings: dict, prefix: str = "sqlalchemy.") -> sa.Engine:
    engine = sa.engine_from_config(settings, prefix)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine, int(settings.get("rsi_case.sqlite_busy_ms", 30000)))
    return engine


def writer_engine(engine: sa.Engine) -> sa.Engine:
    """The same engine, but transactions that intend to write from the start."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def get_session_factory(engine: sa.Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory, transaction_manager, request=None):
    """A session joined to ``transaction_manager`` (see pyramid cookiecutter)."""
    dbsession = session_factory(info={"request": request})
    zope.sqlalchemy.register(dbsession, transaction_manager=transaction_manager)
    return dbsession


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SchemaOutdated(RuntimeError):
    pass


def check_schema(engine, root) -> None:
    """Refuse to serve a database whose schema is not the newest migration:
    every page would fail. (rsi-case-initdb, and so `make run`, migrates.)"""
    from pathlib import Path

    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(root) / "alembic"))
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current != heads:
        raise SchemaOutdated(
            f"Databasen har skemaversion {sorted(current) or 'ingen'}, men programmet kræver {sorted(heads)}. "
            "Kør: rsi-case-initdb <ini-fil>  (eller make run)")


def includeme(config):
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    # pyramid_tm would look the user up (for the transaction's note) before the
    # exception views are in place: a database that fails there failed without
    # the Danish 500 page. The audit trail records who did what.
    settings["tm.annotate_user"] = "false"
    config.include("pyramid_tm")
    settings.setdefault("retry.activate_hook", "rsi_case.limits.retry_attempts")
    config.include("pyramid_retry")

    engine = settings.get("rsi_case.engine") or get_engine(settings)
    if settings.get("rsi_case.check_schema", "true").lower() not in ("false", "0", "no"):
        check_schema(engine, config.registry["rsi_case.root"])
    readers = get_session_factory(engine)
    writers = get_session_factory(writer_engine(engine))
    config.registry["db.engine"] = engine
    config.registry["dbsession_factory"] = readers
    config.registry["dbsession_factory.writer"] = writers

    def dbsession(request):
        # a test may hand in its own session (one transaction, rolled back)
        session = request.environ.get("app.dbsession")
        if session is None:
            factory = readers if request.method in SAFE_METHODS else writers
            session = get_tm_session(factory, request.tm, request=request)
        return session

    config.add_request_method(dbsession, reify=True)

    # a double submit that loses a unique-number race is retried whole
    from pyramid_retry import mark_error_retryable

    mark_error_retryable(sa.exc.IntegrityError)
    mark_error_retryable(sa.exc.OperationalError)
