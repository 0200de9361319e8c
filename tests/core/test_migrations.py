"""Migrations build exactly the schema the models describe, and undo it."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from workspace import create_app
from workspace.core import migrate
from workspace.discussions.search import include_object
from workspace.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new database of the kind the suite runs on."""
    url = os.environ.get("WORKSPACE_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url, tmp_path):
    app = create_app({"database_url": empty_database_url}, str(tmp_path))
    with app.app_context():
        migrate.upgrade("heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            differences = compare_metadata(context, db.metadata)
            tables = set(inspect(conn).get_table_names())
        assert differences == []
        assert {"users", "identities", "user_sessions", "api_tokens", "audit_log"} <= tables

        migrate.downgrade("base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}

        migrate.upgrade("heads")  # and the way back up still works
        db.engine.dispose()
