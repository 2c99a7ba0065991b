"""Alembic environment: the schema changes only through these migrations."""

from logging.config import fileConfig

from alembic import context
from pyramid.paster import get_appsettings, setup_logging

from rsi_case.db import get_engine
from rsi_case.models import Base

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging"):
    setup_logging(config.config_file_name)

target_metadata = Base.metadata


def _engine():
    settings = get_appsettings(config.config_file_name)
    return get_engine(settings)


def run_migrations_offline():
    settings = get_appsettings(config.config_file_name)
    context.configure(
        url=settings["sqlalchemy.url"],
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # the caller (rsi-case-initdb, the tests) may hand in its own connection
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with _engine().connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
