"""Shared fixtures: a real database per run, a fresh app per test, factories for users.

The suite runs on SQLite by default and on PostgreSQL when WORKSPACE_TEST_DATABASE_URL is
set. The schema is created once per run; every test starts from empty tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, inspect, make_url, text

from workspace import create_app
from workspace.auth import actions
from workspace.auth.models import Role, User
from workspace.cli import cli as workspace_cli
from workspace.core.db import utcnow
from workspace.extensions import db

pytest_plugins = [
    "tests.fixtures.oidc",
    "tests.fixtures.browser",
    "tests.fixtures.smtp",
    "tests.fixtures.live",
]

PASSWORD = "correct-horse-battery"
IN_CI = os.environ.get("CI") == "true"
# pytest-xdist runs the suite in several processes ("gw0", "gw1", ...): each gets a database
# and a Redis database number of its own, so no two tests ever share rows or pub/sub channels.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0
# WORKSPACE_TEST_REDIS_DB moves the numbers, so that two checkouts can run at once.
REDIS_DB = int(os.environ.get("WORKSPACE_TEST_REDIS_DB", "7")) + WORKER_NUMBER
os.environ.setdefault("WORKSPACE_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{REDIS_DB}")
_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def requires(condition: bool, reason: str) -> None:
    """Skip when a real dependency is missing, except in CI where everything must run."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("WORKSPACE_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if WORKER:
        url = _worker_database(url)
    _drop_everything(url)
    return url


def _worker_database(url: str) -> str:
    """The PostgreSQL database of this xdist worker beside the given one, created once."""
    base = make_url(url)
    name = f"{base.database}_{WORKER}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_everything(url: str) -> None:
    """Start a PostgreSQL run from an empty schema, whatever an earlier run left behind."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in inspect(conn).get_table_names():
            conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory) -> str:
    app = create_app(_test_settings(database_url), str(tmp_path_factory.mktemp("instance")))
    with app.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        db.engine.dispose()
    return database_url


def _test_settings(url: str, **overrides) -> dict:
    settings = {
        "database_url": url,
        "secret_key": "test-secret-key-not-for-production",
        "cookie_secure": "false",
        "mail_server": "",
        "redis_url": "",
        "oidc_providers": "[]",
        "login_rate_limit": "1000 per minute",
        "TESTING": True,
        "TASKS_IMMEDIATE": True,
        "OUTBOX_IMMEDIATE": True,  # the relay runs right after each commit, in that thread
    }
    settings.update(overrides)
    return settings


class WorkspaceCliRunner(FlaskCliRunner):
    """Runs the `workspace` command (workspace/cli.py) on the app under test."""

    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or workspace_cli, args, **kwargs)


class WorkspaceClient(FlaskClient):
    """A test client that sends the CSRF token the way the pages' forms do."""

    def csrf_token(self) -> str:
        html = self.get("/").get_data(as_text=True)
        match = _CSRF_RE.search(html)
        assert match, "no CSRF token on the start page"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        response = self.post_form("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response


@pytest.fixture
def make_app(_schema, tmp_path) -> Iterator[Callable[..., Flask]]:
    """Build an app on the test database; keyword arguments override settings, `domains`
    replaces the installed domains."""
    apps: list[Flask] = []

    def factory(domains=None, **overrides) -> Flask:
        settings = _test_settings(_schema, **overrides)
        app = create_app(settings, str(tmp_path / "instance"), domains=domains)
        app.test_client_class = WorkspaceClient
        app.test_cli_runner_class = WorkspaceCliRunner
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    _empty_tables(_schema)


def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def app(make_app) -> Iterator[Flask]:
    """The app under test. The test body runs in the context of a second instance on the same
    database, so each client request gets a fresh context (g, session) as in production."""
    app = make_app()
    with make_app().app_context():
        yield app


@pytest.fixture
def client(app) -> WorkspaceClient:
    return app.test_client()


@pytest.fixture(params=["0", "64"], ids=["rendered", "kept"])
def page_client(request, make_app) -> WorkspaceClient:
    """A client of an app that renders every page (WORKSPACE_PAGE_CACHE_MB=0), then of one
    that keeps busy pages rendered (core/pagecache.py): query-count tests run on both. Count
    on `page_client.application`, the app that serves it."""
    return make_app(page_cache_mb=request.param).test_client()


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    """Create and commit a user: make_user(role="member", email=..., suspended=False)."""
    counter = iter(range(1, 10_000))

    def factory(
        role: str | Role = Role.MEMBER,
        email: str | None = None,
        name: str | None = None,
        password: str | None = PASSWORD,
        suspended: bool = False,
    ) -> User:
        role = Role(role)
        n = next(counter)
        email = email or f"{role.value}{n}@test.example"
        user = actions.create_user(email, name or f"{role.value.title()} {n}", role, password)
        if suspended:
            user.suspended_at = utcnow()
            user.suspension_reason = "test"
        db.session.commit()
        return user

    return factory


ROLES_IN_ORDER = [Role.APPLICANT, Role.MEMBER, Role.ORGANIZER, Role.MODERATOR, Role.ADMIN]


@pytest.fixture
def login_as(client, make_user) -> Callable[..., User]:
    """Sign the test client in as a new user of the given role."""

    def factory(role: str | Role = Role.MEMBER, **kwargs) -> User:
        user = make_user(role, **kwargs)
        client.login(user.email)
        return user

    return factory
