"""Content versions: one stamp per domain that changes whenever that domain's shown data does.

Cached pages (core/pagecache.py) are keyed by the stamps of the domains they show, so a
change anywhere in a domain makes every cached page of it unreachable, in every process,
with nothing to invalidate by hand.

Every statement the app's engine runs is watched: an INSERT, UPDATE or DELETE on a table
marks the domain the table belongs to, and when that transaction commits, each marked
domain gets a new stamp in `content_versions`, inside the same transaction: readers see
the data and its stamp change together. Stamps are random, not counted up: one from a
transaction that rolled back never comes back to name other data.

Each domain lists its tables once, in its models module: `track("discussions", Post, ...)`
for what pages show, `untracked(ThreadRead, ...)` for what they never show or show only to
its owner (read marks, sessions, logs). tests/core/test_versions.py fails for a table that
is in neither list.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from functools import cache
from typing import Any

from flask import Flask, g
from sqlalchemy import BigInteger, String, Table, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column

from workspace.core import reads
from workspace.extensions import db

TABLE_DOMAINS: dict[str, str] = {}  # table name -> the domain whose pages show its rows
UNTRACKED: set[str] = set()
UNSHOWN_COLUMNS: dict[str, frozenset[str]] = {}
EVERY_DOMAIN = "*"  # what a write to a table nobody listed marks
_DOMAIN_NAME = re.compile(r"^[a-z_]{1,32}$")
_PENDING = "content_versions_pending"  # on the connection: domains written, not committed
# The table an INSERT, UPDATE or DELETE writes to, from the statement's first words.
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)',
    re.IGNORECASE,
)


_SET = re.compile(r"\bSET\s+(.*?)(?:\s+WHERE\b|$)", re.IGNORECASE | re.DOTALL)
_SET_COLUMN = re.compile(r'"?(\w+)"?\s*=')


class ContentVersion(db.Model):
    __tablename__ = "content_versions"

    domain: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


def _table_name(table: Any) -> str:
    """A model, a Table, or the name of a table SQLAlchemy does not map (search indexes)."""
    if isinstance(table, str):
        return table
    return table.name if isinstance(table, Table) else table.__tablename__


def track(domain: str, *tables: Any) -> None:
    """Tables (models or Table objects) whose rows the pages of `domain` show."""
    if not _DOMAIN_NAME.match(domain):
        raise ValueError(f"a domain is lowercase letters and _, not {domain!r}")
    for table in tables:
        TABLE_DOMAINS[_table_name(table)] = domain
    domains.cache_clear()


def untracked(*tables: Any) -> None:
    """Tables no cached page shows to anyone but their owner, so writes to them change nothing."""
    UNTRACKED.update(_table_name(table) for table in tables)


def untracked_columns(table: Any, *columns: str) -> None:
    """Columns of a tracked table that no cached page shows (when a member last signed in):
    an UPDATE that sets only these changes nothing."""
    name = _table_name(table)
    UNSHOWN_COLUMNS[name] = UNSHOWN_COLUMNS.get(name, frozenset()) | frozenset(columns)


def _sets_only_unshown(table: str, statement: str) -> bool:
    unshown = UNSHOWN_COLUMNS.get(table)
    if not unshown or statement.lstrip()[:6].upper() != "UPDATE":
        return False
    match = _SET.search(statement)
    columns = set(_SET_COLUMN.findall(match.group(1))) if match else set()
    return bool(columns) and columns <= unshown


untracked(ContentVersion)


@cache  # asked on every request; track() starts it again
def domains() -> tuple[str, ...]:
    return tuple(sorted(set(TABLE_DOMAINS.values())))


def domain_of(table_name: str) -> str | None:
    if table_name in UNTRACKED:
        return None
    return TABLE_DOMAINS.get(table_name, EVERY_DOMAIN)


# --- writing: mark on each statement, stamp on commit ---------------------------------------


def _note_write(conn: Connection, cursor, statement: str, parameters, context, executemany):
    match = _WRITE.match(statement)
    if match is None:
        return
    table = match.group(1).lower()
    domain = domain_of(table)
    if domain is not None and not _sets_only_unshown(table, statement):
        conn.info.setdefault(_PENDING, set()).add(domain)


def _forget(conn: Connection, *args) -> None:
    conn.info.pop(_PENDING, None)


def _stamp(conn: Connection) -> None:
    """Give each domain this transaction wrote to a new stamp, before the commit itself.

    Written on the driver's own cursor: the commit is under way, and SQLAlchemy's execution
    would start over the events that brought us here. The values are a name from this module
    and a random integer, never user input.
    """
    written = conn.info.pop(_PENDING, None)
    if not written:
        return
    names = domains() if EVERY_DOMAIN in written else sorted(written)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        for name in names:  # always in the same order, so two writers cannot deadlock
            cursor.execute(
                "INSERT INTO content_versions (domain, version) "
                f"VALUES ('{name}', {secrets.randbits(62)}) "
                "ON CONFLICT (domain) DO UPDATE SET version = excluded.version"
            )
    finally:
        cursor.close()


def has_pending_writes() -> bool:
    """Whether this request's transaction wrote shown data it has not committed yet: what it
    renders now is not what other readers of the current stamps see."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return True
    return session.in_transaction() and bool(session.connection().info.get(_PENDING))


_ALL_STAMPS = select(ContentVersion.domain, ContentVersion.version)

# --- reading --------------------------------------------------------------------------------


def stamp_columns() -> list:
    """Each domain's stamp as a column (in domains() order), to read with another statement."""
    table = ContentVersion.__table__
    return [
        select(table.c.version).where(table.c.domain == name).scalar_subquery().label(name)
        for name in domains()
    ]


def remember(stamps: Iterable[int | None]) -> None:
    """Stamps read by another statement, through stamp_columns()."""
    g.content_versions = {name: stamp or 0 for name, stamp in zip(domains(), stamps, strict=True)}


def current(names: Iterable[str]) -> tuple[int, ...]:
    """The stamps of these domains, read once per request (0 for one never written)."""
    stamps = g.get("content_versions")
    if stamps is None:
        # Read before the data they stamp, like the viewer's (core/reads.py).
        stamps = g.content_versions = dict(reads.all_rows(_ALL_STAMPS))
    return tuple(stamps.get(name, 0) for name in names)


def watch(engine: Engine) -> None:
    if event.contains(engine, "before_cursor_execute", _note_write):
        return
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "begin", _forget)
    event.listen(engine, "rollback", _forget)
    event.listen(engine, "commit", _stamp)


def init_app(app: Flask) -> None:
    with app.app_context():
        watch(db.engine)
