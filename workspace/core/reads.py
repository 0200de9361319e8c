"""Reads outside the request's transaction, for the statements every request starts with.

On PostgreSQL a statement inside a transaction costs three round trips to the server:
BEGIN, the statement, and the ROLLBACK when the connection goes back to the pool. The
viewer's statement (auth/viewer.py), which every request makes and which is the only one of
a page kept rendered, needs no transaction: each statement sees what was committed before
it either way (READ COMMITTED). Such statements run in one round trip on a connection in
autocommit mode, from a pool of their own whose connections keep to generic plans (`_binds`
in workspace/__init__.py), given back at once. They do not see what the request itself has
written and not committed: they serve only reads made before any write; everything else
uses `db.session`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Row
from sqlalchemy.sql import Executable

from workspace.extensions import db


def first_row(statement: Executable, params: dict[str, Any]) -> Row | None:
    with _connection() as connection:
        return connection.execute(statement, params).first()


def all_rows(statement: Executable, params: dict[str, Any] | None = None) -> list[Row]:
    with _connection() as connection:
        return list(connection.execute(statement, params or {}))


@contextmanager
def _connection() -> Iterator[Connection]:
    if db.engine.dialect.name == "sqlite":
        # SQLite starts no transaction for a read: the session's own connection is free.
        yield db.session.connection()
        return
    with db.engines["reads"].connect() as connection:  # autocommit (workspace/__init__.py)
        yield connection
