"""Alembic environment: the URL comes from the app's settings (see workspace.core.migrate)."""

from alembic import context
from sqlalchemy import create_engine, pool

import workspace.models  # noqa: F401  (registers every table on the metadata)
from workspace.core.db import UTCDateTime
from workspace.extensions import db

config = context.config


def render_item(type_, obj, autogen_context):
    """Write the app's UTC column type as a plain timestamp, so migrations stand alone."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


target_metadata = db.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Hand-written search objects (FTS5 tables, GIN expression indexes) are not compared."""
    from workspace.discussions.search import include_object as search_objects

    return search_objects(obj, name, type_, reflected, compare_to)


def run_migrations_offline() -> None:
    context.configure(
        url=config.attributes["database_url"],
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.attributes["database_url"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:
    # Batch mode lets ALTER TABLE migrations run on SQLite as well as PostgreSQL.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
