"""Border Management Expert Workspace: the application factory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from workspace import models as _models  # noqa: F401  (every table on the metadata)
from workspace.audit import wiring as audit
from workspace.auth import wiring as auth
from workspace.core import (
    api_mount,
    bounds,
    compression,
    cookies,
    errors,
    i18n,
    mail,
    navigation,
    pagecache,
    security,
    serving,
    sqlite,
    tasks,
    templating,
    transaction,
    versions,
)
from workspace.core.live import wiring as live
from workspace.core.uploads import WorkspaceRequest
from workspace.discussions import wiring as discussions
from workspace.extensions import csrf, db, limiter, socketio
from workspace.home import wiring as home
from workspace.members import wiring as members
from workspace.notifications import wiring as notifications
from workspace.practices import wiring as practices
from workspace.settings import PROJECT_ROOT, instance_secret_key, load_settings
from workspace.workshops import wiring as workshops

# In the order their links appear; a domain left out of the list is simply not there.
DOMAINS: tuple[ModuleType, ...] = (
    home,
    auth,
    members,
    audit,
    notifications,
    workshops,
    discussions,
    practices,
)

configure_mappers()  # backrefs such as User.profile exist before the first query


def create_app(
    overrides: dict[str, Any] | None = None,
    instance_path: str | None = None,
    domains: Iterable[ModuleType] | None = None,
) -> Flask:
    """Build the app. `overrides` take precedence over WORKSPACE_* variables and `domains`
    replaces the list of installed domains (both for tests)."""
    app = Flask(
        __name__,
        instance_path=instance_path or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.request_class = WorkspaceRequest  # a file over the limit never loses the form's text
    configure_settings(app, overrides or {})
    bounds.init_app(app)
    configure_extensions(app)
    configure_domains(app, DOMAINS if domains is None else domains)
    return app


def configure_settings(app: Flask, overrides: dict[str, Any]) -> None:
    settings = load_settings(overrides={k: v for k, v in overrides.items() if k.islower()})
    instance = Path(app.instance_path)
    app.config.update({key.upper(): value for key, value in settings.items()})
    if not app.config["DATABASE_URL"]:
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'workspace.sqlite3'}"
    app.config.update(
        SECRET_KEY=app.config["SECRET_KEY"] or instance_secret_key(instance),
        SQLALCHEMY_DATABASE_URI=app.config["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(
            app.config["DATABASE_URL"], app.config["DB_POOL_SIZE"]
        ),
        SQLALCHEMY_BINDS=_binds(app.config["DATABASE_URL"], app.config["DB_POOL_SIZE"]),
        SESSION_COOKIE_NAME="workspace_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # "auto" means Secure; `workspace serve` (plain http) relaxes it before serving.
        SESSION_COOKIE_SECURE=app.config["COOKIE_SECURE"] in (True, "auto"),
        PERMANENT_SESSION_LIFETIME=app.config["SESSION_IDLE_DAYS"] * 86400,
        MAX_CONTENT_LENGTH=25 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        RATELIMIT_STORAGE_URI=app.config["REDIS_URL"] or "memory://",
        # Redis down: count in this process's memory (warned once) rather than refuse sign-in.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 2, "socket_timeout": 2}
        if app.config["REDIS_URL"]
        else {},
        RATELIMIT_HEADERS_ENABLED=True,
    )
    app.config.update({k: v for k, v in overrides.items() if k.isupper()})
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _engine_options(url: str, pool_size: int) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Several threads (the embedded server, Socket.IO) share the file; wait for locks.
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    # No pool_pre_ping: it costs a round trip on every checkout, i.e. every request. When the
    # server drops connections (restart, failover), the first statement on a dead one fails,
    # SQLAlchemy then discards every pooled connection, and later requests reconnect.
    # pool_recycle replaces connections before a server- or firewall-side idle timeout.
    # A gevent worker serves many requests at once, each with a connection while it waits
    # for the database; connections beyond the pool's size are closed when given back, and
    # opening one costs PostgreSQL a new backend process, so the pool holds that many.
    return {"pool_recycle": 1800, "pool_size": pool_size, "max_overflow": pool_size}


def _reads_pool_size(pool_size: int) -> int:
    return max(2, pool_size // 2)


def connections_per_process(pool_size: int) -> int:
    """The most PostgreSQL connections one app process opens: its pool, as many again at a
    peak, and the pool of the reads each request starts with. PostgreSQL's max_connections
    must hold this times the processes (the rule in docs/operating.md)."""
    return 2 * pool_size + _reads_pool_size(pool_size)


def _binds(url: str, pool_size: int) -> dict[str, Any]:
    """PostgreSQL: a pool of its own for the statements each request starts with (core/reads.py),
    in autocommit mode. Its connections always use the statement's generic plan: psycopg
    prepares a statement run again and again, and PostgreSQL would otherwise plan the channel
    page's anew on every request (0.8 ms), because a plan for the actual page number looks
    cheaper than one for any page (0.3 ms when run)."""
    if url.startswith("sqlite"):
        return {}
    # Never more: a connection opened at a peak would be closed when given back, and opening
    # one costs a new server process. A request waits for one round trip of another instead.
    size = _reads_pool_size(pool_size)
    options = {"isolation_level": "AUTOCOMMIT", "pool_size": size, "max_overflow": 0}
    generic = {"options": "-c plan_cache_mode=force_generic_plan"}
    return {"reads": {"url": url, "pool_recycle": 1800, "connect_args": generic, **options}}


def configure_extensions(app: Flask) -> None:
    compression.init_app(app)  # first: its after_request runs last
    db.init_app(app)
    cookies.init_app(app)
    sqlite.init_app(app)
    versions.init_app(app)
    transaction.init_app(app)
    tasks.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    navigation.init_app(app)
    pagecache.init_app(app)
    socketio.init_app(
        app,
        client_manager=live.client_manager(app),  # Redis when WORKSPACE_REDIS_URL is set
        async_mode=live.async_mode(),  # gevent under gunicorn -k gevent, else threading
        cors_allowed_origins=None,  # same origin only (Host or X-Forwarded-Host)
    )
    security.init_app(app)  # wraps everything above, Socket.IO's answers included
    live.init_app(app)
    api_mount.init_app(app)
    errors.init_app(app)  # after the API, whose own handler would answer JSON everywhere
    serving.init_app(app)


def configure_domains(app: Flask, domains: Iterable[ModuleType]) -> None:
    """Each domain registers its pages, API, live rooms, jobs and header parts itself."""
    for domain in domains:
        domain.init_app(app)
