"""What must follow a write, stored with it: a transactional outbox.

A write that should send an e-mail, emit a live event or run a job afterwards adds an
outbox row with add(); the rows are inserted in the same transaction as the write (one
INSERT for all of them, just before the commit), so they exist exactly when the write does.
After the commit the relay (core/relay.py) delivers each row at least once through the
handler registered for its kind, and marks it delivered only after the handler succeeded;
handlers are idempotent by the row's id, so the effect happens once. Nothing in a write
depends on Redis or the mail server being up: undelivered rows wait and are retried.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import JSON, Index, String, event, insert, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from workspace.core import versions
from workspace.core.db import utcnow
from workspace.extensions import db

Handler = Callable[[int, dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {}

_PENDING = "outbox_pending"
_WRITTEN = "outbox_written"
RELAY_KEY = "workspace.relay"


class OutboxMessage(db.Model):
    """One thing to do after a commit: its kind names the handler, its payload the details."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The relay's one question: what is due and not delivered yet.
        Index(
            "ix_outbox_due",
            "due_at",
            postgresql_where=text("delivered_at IS NULL"),
            sqlite_where=text("delivered_at IS NULL"),
        ),
        {"sqlite_autoincrement": True},  # ids are never reused: consumers dedupe by them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the next attempt may start: now, after a failure's backoff, or after a claim's
    # lease (a relay that died holding a row leaves it due again once the lease ends).
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))


versions.untracked(OutboxMessage)  # no page shows it


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that delivers rows of `kind`: handler(row_id, payload).

    It runs in an app context with a session of its own, whose changes commit together with
    the row's delivered mark; raising leaves the row for a retry.
    """

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register


def add(kind: str, payload: dict[str, Any]) -> None:
    """Deliver `payload` to the handler of `kind` once the current transaction commits."""
    if kind not in HANDLERS:
        raise ValueError(f"no outbox handler for {kind!r}")
    session = db.session()
    if not session.in_transaction():
        session.begin()  # a rollback, even of nothing written, drops the row too
    session.info.setdefault(_PENDING, []).append({"kind": kind, "payload": payload})


def has_pending(session: Session) -> bool:
    return bool(session.info.get(_PENDING))


@event.listens_for(Session, "before_commit")
def _insert_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if not rows:
        return
    now = utcnow()
    values = [{**row, "created_at": now, "due_at": now, "attempts": 0} for row in rows]
    session.execute(insert(OutboxMessage), values)  # one statement for all of them
    session.info[_WRITTEN] = True


@event.listens_for(Session, "after_commit")
def _nudge_relay(session: Session) -> None:
    if session.info.pop(_WRITTEN, None) and has_app_context():
        relay = current_app.extensions.get(RELAY_KEY)
        if relay is not None:
            relay.nudge()


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(_PENDING, None)
        session.info.pop(_WRITTEN, None)
