"""A connection outside the request's transaction, for the reads every request starts with.

On PostgreSQL a statement inside a transaction costs three round trips to the server:
BEGIN, the statement, and the ROLLBACK when the connection goes back to the pool. The
viewer's statement (auth/viewer.py), which every request makes and which is the only one of
a page kept rendered, needs no transaction: each statement sees what was committed before
it either way (READ COMMITTED). It runs on a connection in autocommit mode, in one round
trip. That connection does not see what the request itself has written and not committed
yet, so it serves only reads made before any write; everything else uses `db.session`.
"""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy.engine import Connection

from workspace.extensions import db


def connection() -> Connection:
    """This request's autocommit connection, opened on first use."""
    reads = g.get("reads_connection")
    if reads is None:
        reads = g.reads_connection = db.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        )
    return reads


def _close(exc: BaseException | None) -> None:
    reads = g.pop("reads_connection", None)
    if reads is not None:
        reads.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
