"""The outbox: work that follows a write (e-mail, notices) stored in the write's transaction.

    outbox.register("mail", deliver)          # in the owning module's or domain's init_app
    outbox.add("mail", {"to": ..., ...})      # in an action; inserted when the request commits
    outbox.add_many("mail", [{...}, {...}])   # the same for many rows (still one INSERT)

A row is stored with the data it follows, or not at all. The relay (`relay()`, run by
`workspace worker` and by `workspace serve` in a thread) hands each due row to its handler
and marks it delivered only once the handler returned; a handler that raises is tried again
later, each time waiting twice as long (up to WORKSPACE_OUTBOX_RETRY_MAX_SECONDS). A row may
therefore reach its handler more than once (a relay killed after sending, before marking):
handlers dedupe by the row's id (the e-mail Message-ID is made from it).

Rows are claimed with a lease: the claiming transaction moves their next attempt past the
lease and commits, so other relays (PostgreSQL: FOR UPDATE SKIP LOCKED) skip them, and a
relay that dies leaves them to be tried again when the lease ends. Each row is then handled
and marked in a transaction of its own, so a crash repeats at most the row in hand.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import JSON, Index, String, Text, delete, event, insert, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from workspace.core.db import utcnow
from workspace.core.transaction import after_commit
from workspace.extensions import db

log = logging.getLogger(__name__)

Handler = Callable[["Outbox"], None]

LEASE = timedelta(minutes=5)  # longer than any handler takes; a dead relay's rows wait this
RETRY_FIRST_SECONDS = 15
MAX_ROUNDS = 50  # batches per relay() call: rows that handlers add are relayed in the same call
_PENDING = "outbox_pending"
_NUDGE = "outbox_nudge"


class Outbox(db.Model):
    """One piece of work to do once: `kind` names its handler, `payload` is its input."""

    __tablename__ = "outbox"
    # AUTOINCREMENT on SQLite too: the id names the work (Message-ID) and is never reused.
    __table_args__ = (
        Index("ix_outbox_due", "delivered_at", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    # NULL once delivered, or once given up after WORKSPACE_OUTBOX_MAX_ATTEMPTS failures.
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


_handlers: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    """Name the function that does the work of rows of this kind; registering again replaces."""
    _handlers[kind] = handler


def add(kind: str, payload: dict[str, Any]) -> None:
    """Store work to do once the current transaction commits (and only if it does).

    The rows of one transaction are inserted together, in one statement, as it commits.
    """
    add_many(kind, [payload])


def add_many(kind: str, payloads: list[dict[str, Any]]) -> None:
    """add() for each payload (the same one INSERT at commit); nothing for an empty list."""
    if kind not in _handlers:
        raise ValueError(f"unknown outbox kind {kind!r}: register() it first")
    if not payloads:
        return
    session = db.session()
    pending = session.info.setdefault(_PENDING, [])
    pending.extend({"kind": kind, "payload": payload} for payload in payloads)
    if not session.info.get(_NUDGE):
        session.info[_NUDGE] = True
        after_commit(nudge)  # also begins the transaction, so a rollback drops `pending`


@event.listens_for(Session, "before_commit")
def _insert_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    session.info.pop(_NUDGE, None)
    if rows:
        now = utcnow()
        for row in rows:
            row.update(created_at=now, next_attempt_at=now, attempts=0)
        session.execute(insert(Outbox.__table__), rows)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_NUDGE, None)


# --- the relay -----------------------------------------------------------------------------

_wake = threading.Event()
_local = threading.local()


def nudge() -> None:
    """Something was committed to the outbox: wake this process's relay (tests: relay now)."""
    if current_app.config.get("OUTBOX_IMMEDIATE"):
        if not getattr(_local, "relaying", False):
            relay(current_app._get_current_object())
        return
    _wake.set()


def relay(app: Flask, batch: int = 100, now: datetime | None = None) -> int:
    """Hand every due row to its handler; returns how many were delivered."""
    _local.relaying = True
    try:
        with app.app_context():
            delivered = 0
            for _round in range(MAX_ROUNDS):
                ids = _claim(batch, now)
                if not ids:
                    break
                delivered += sum(_handle(row_id, now) for row_id in ids)
            _prune(now)
            return delivered
    finally:
        _local.relaying = False


def _claim(batch: int, now: datetime | None) -> list[int]:
    now = now or utcnow()
    query = (
        select(Outbox.id)
        .where(Outbox.delivered_at.is_(None), Outbox.next_attempt_at <= now)
        .order_by(Outbox.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    try:
        ids = list(db.session.scalars(query))
        if ids:
            db.session.execute(
                update(Outbox).where(Outbox.id.in_(ids)).values(next_attempt_at=now + LEASE)
            )
        db.session.commit()
    finally:
        db.session.remove()
    return ids


def _handle(row_id: int, now: datetime | None) -> bool:
    """Run one row's handler and mark it delivered in the same transaction."""
    try:
        row = db.session.get(Outbox, row_id)
        if row is None or row.delivered_at is not None:
            return False
        handler = _handlers.get(row.kind)
        if handler is None:
            raise LookupError(f"no handler registered for outbox kind {row.kind!r}")
        handler(row)
        row.delivered_at = now or utcnow()
        row.next_attempt_at = None
        db.session.commit()
        return True
    except Exception as exc:
        db.session.rollback()
        _failed(row_id, exc, now or utcnow())
        return False
    finally:
        db.session.remove()


def _failed(row_id: int, exc: Exception, now: datetime) -> None:
    config = current_app.config
    row = db.session.get(Outbox, row_id)
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        row.next_attempt_at = None
        log.error("outbox row %s (%s) given up after %s attempts: %s", row_id, row.kind,
                  row.attempts, row.last_error)  # fmt: skip
    else:
        wait = min(
            RETRY_FIRST_SECONDS * 2 ** (row.attempts - 1), config["OUTBOX_RETRY_MAX_SECONDS"]
        )
        row.next_attempt_at = now + timedelta(seconds=wait)
        log.warning("outbox row %s (%s) failed, next attempt in %ss: %s", row_id, row.kind,
                    wait, row.last_error)  # fmt: skip
    db.session.commit()


def _prune(now: datetime | None) -> None:
    """Forget delivered rows (and rows given up) after WORKSPACE_OUTBOX_KEEP_DAYS."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["OUTBOX_KEEP_DAYS"])
    try:
        db.session.execute(
            delete(Outbox).where(
                Outbox.created_at < cutoff,
                or_(Outbox.delivered_at.is_not(None), Outbox.next_attempt_at.is_(None)),
            )
        )
        db.session.commit()
    finally:
        db.session.remove()


def run_forever(app: Flask, stop: threading.Event | None = None) -> None:
    """The relay loop: relay, then sleep until nudged or WORKSPACE_OUTBOX_POLL_SECONDS pass.

    An outage (database down) is logged once and waited out; nothing is lost meanwhile.
    """
    stop = stop or threading.Event()
    failing = False
    while not stop.is_set():
        _wake.clear()
        try:
            relay(app)
            if failing:
                log.warning("outbox relay working again")
            failing = False
        except Exception:
            if not failing:
                log.exception("outbox relay failed; retrying until it works")
            failing = True
        _wake.wait(app.config["OUTBOX_POLL_SECONDS"])


def start_relay_thread(app: Flask) -> threading.Thread:
    thread = threading.Thread(target=run_forever, args=(app,), name="outbox-relay", daemon=True)
    thread.start()
    return thread
