"""The `workspace` command: database, demo data, users, tokens and the embedded server."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select
from werkzeug.serving import make_server

from workspace import create_app
from workspace.auth import actions
from workspace.auth.models import Role, User
from workspace.bench.dataset import BenchError
from workspace.bench.runner import DEFAULT_OUT, Options, run
from workspace.core import attachments, backup, mail, migrate, outbox, serving, tasks
from workspace.demo import data, seed
from workspace.extensions import db
from workspace.settings import ConfigError

ROLE_NAMES = [role.value for role in Role if role is not Role.VISITOR]


def _create_app(*_args):
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Border Management Expert Workspace."""


@cli.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.argument("revision", default="heads")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Bring the schema up to date (or to REVISION)."""
    migrate.upgrade(revision)
    click.echo("Database is up to date.")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. -1, or base)."""
    migrate.downgrade(revision)


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show the schema's current revision."""
    migrate.current()


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Write a new migration from the difference between models and schema."""
    migrate.revision(message)


@cli.command("seed-demo")
@click.option("--members", default=300, show_default=True, help="Generated members.")
@with_appcontext
def seed_demo(members: int) -> None:
    """Fill the database with a realistic demo workspace (safe to run again)."""
    accounts = seed.seed_demo(member_count=members)
    db.session.commit()
    click.echo(
        "Demo workspace ready. Sign in with any of these (password for all: "
        f"{accounts[0]['password']}):"
    )
    for account in accounts:
        click.echo(f"  {account['role']:<10} {account['email']:<28} {account['name']}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-worker", is_flag=True, help="Do not run background jobs in this process.")
@with_appcontext
def serve(host: str, port: int, no_worker: bool) -> None:
    """Serve the app with WebSocket support (the embedded, one-process server)."""
    app = current_app._get_current_object()
    if app.config["COOKIE_SECURE"] == "auto":
        app.config["SESSION_COOKIE_SECURE"] = False  # this server speaks plain http
    app.config["EMBEDDED_SERVER"] = True  # WORKSPACE_MAIL_VIEWER=auto: the demo's e-mails
    try:
        # Werkzeug's threaded server, as socketio.run() would start it (Socket.IO's
        # WebSocket rides on it), without its banner and development-server warnings.
        server = make_server(
            host,
            port,
            app,
            threaded=True,
            request_handler=serving.request_handler(app),  # slow requests are cut off
        )
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    if not no_worker:
        tasks.catch_up()
        tasks.start_embedded_consumer()
        outbox.start_relay_thread(app)
    click.echo(_serving_line(app, host, port))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _serving_line(app, host: str, port: int) -> str:
    """The one line `workspace serve` prints: where to go, and with which demo accounts."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{shown}:{port}"
    line = f"Serving {url}"
    if shown != host:
        line += f" (and every address of this machine on port {port})"
    emails = [a["email"] for a in data.DEMO_ACCOUNTS]
    found = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    if found:
        accounts = ", ".join(e for e in emails if e in found)
        line += f" — sign in as {accounts} (password {data.DEMO_ACCOUNTS[0]['password']})"
    if mail.viewer_enabled(app.config):
        line += f" — e-mails at {url}/admin/outbox/"
    return line + " — Ctrl+C stops"


@cli.command("worker")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def worker(workers: int) -> None:
    """Run background jobs (the outbox relay: e-mail; periodic jobs: reminders, digests)."""
    tasks.catch_up()
    outbox.start_relay_thread(current_app._get_current_object())
    tasks.consumer(workers).run()


@cli.group("user")
def user_group() -> None:
    """Accounts."""


@user_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice(ROLE_NAMES), default="member", show_default=True)
@click.option("--password", help="Local password (omit for single sign-on only).")
@with_appcontext
def user_create(email: str, name: str, role: str, password: str | None) -> None:
    """Create an account."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from None
    if password is not None and len(password) < actions.MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"at least {actions.MIN_PASSWORD_LENGTH} characters", param_hint="--password"
        )
    if actions.get_user_by_email(email):
        raise click.ClickException(f"an account with e-mail {email} already exists")
    user = actions.create_user(email, name, Role(role), password)
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@cli.group("token")
def token_group() -> None:
    """Personal access tokens for the API."""


@token_group.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True)
@with_appcontext
def token_create(email: str, name: str) -> None:
    """Create a token for EMAIL and print it (only the token, on one line)."""
    user = actions.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    _, secret = actions.create_api_token(user, name)
    db.session.commit()
    click.echo(secret)


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database and uploaded files to PATH (a new tar file)."""
    manifest = _run_backup(backup.backup, path)
    click.echo(f"Backup written to {path} ({manifest['files']} uploaded files).")


@cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database and uploaded files with the backup at PATH (stop the app first)."""
    if not yes:
        click.confirm("This replaces every row and uploaded file. Continue?", abort=True)
    manifest = _run_backup(backup.restore, path)
    click.echo(f"Restored the backup of {manifest['created_at']}.")


def _run_backup(operation, path: Path) -> dict:

    target = backup.Target(current_app.config["SQLALCHEMY_DATABASE_URI"], attachments.storage_dir())
    db.session.remove()
    db.engine.dispose()
    try:
        return operation(target, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command("bench")
@click.option("--quick", is_flag=True, help="Tiny data and 2-second loads (for tests).")
@click.option("--postgres", is_flag=True, help="PostgreSQL + Redis; fan-out on two processes too.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the results [default: bench/results.json].",
)
@click.option(
    "--postgres-url",
    default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    show_default=True,
    help="Server on which --postgres creates (and drops) a fresh database.",
)
@click.option(
    "--redis-url",
    default="redis://127.0.0.1:6379/9",
    show_default=True,
    help="Redis used as Socket.IO message queue with --postgres.",
)
@click.option(
    "--python-load", is_flag=True, help="Use the Python load generator even if wrk is installed."
)
@click.option(
    "--worker",
    type=click.Choice(["gevent", "gthread"]),
    default="gevent",
    show_default=True,
    help="gunicorn worker type (production uses gevent; gthread to compare).",
)
@click.option(
    "--only",
    multiple=True,
    metavar="NAME[,NAME]",
    help="Measure only these figures (pages, searches or fan-outs by name), e.g. channel.",
)
def bench(
    quick: bool,
    postgres: bool,
    out: str | None,
    postgres_url: str,
    redis_url: str,
    python_load: bool,
    worker: str,
    only: tuple[str, ...],
) -> None:
    """Measure the app under load against its own /healthz; print a table, write JSON."""
    from pathlib import Path

    options = Options(
        quick=quick,
        postgres=postgres,
        out=Path(out) if out else DEFAULT_OUT,
        postgres_url=postgres_url,
        redis_url=redis_url,
        python_load=python_load,
        worker=worker,
        only=tuple(name.strip() for names in only for name in names.split(",") if name.strip()),
    )
    try:
        run(options, echo=click.echo)
    except BenchError as exc:
        raise click.ClickException(str(exc)) from None


def main() -> None:
    try:
        cli.main(prog_name="workspace")
    except ConfigError as exc:
        click.echo(f"Configuration error: {exc}", err=True)
        sys.exit(2)
