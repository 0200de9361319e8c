"""The relay: delivers outbox rows (core/outbox.py) after their commit, at least once each.

A pass claims due rows in small batches with one UPDATE (on PostgreSQL the rows are picked
with FOR UPDATE SKIP LOCKED, so relays in several processes never take the same row; on
SQLite the single statement is atomic). A claim moves the row's due time a lease ahead:
a relay killed while holding it leaves it due again when the lease ends. Each row is then
handed to its handler and marked delivered in the handler's own transaction, only once
the handler succeeded; a failure puts the row back with an exponential backoff.

Every process that commits outbox rows nudges its own relay thread after the commit, so
what follows a write leaves within milliseconds when Redis and the mail server are up.
`workspace worker` and `workspace serve` also run a polling relay, which retries what
failed and runs the scheduled passes (reminders computed from the workshops' schedule).
In tests (TASKS_IMMEDIATE) a nudge delivers at once, in the committing thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from workspace.core.db import utcnow
from workspace.core.outbox import HANDLERS, RELAY_KEY, OutboxMessage
from workspace.extensions import db

log = logging.getLogger(__name__)

BATCH = 20
LEASE_SECONDS = 300  # longer than a batch of SMTP conversations takes
RETRY_SECONDS = 2  # the first retry; each failure doubles it
MAX_RETRY_SECONDS = 600
POLL_SECONDS = 1.0  # how often a polling relay looks for rows due again
KEEP_DELIVERED = timedelta(days=2)  # delivered rows kept this long, to look into
_table = OutboxMessage.__table__


@dataclass
class ScheduledPass:
    every: float  # seconds
    run: Callable[[], Any]
    name: str


SCHEDULED: list[ScheduledPass] = []


def scheduled(every: float) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Run func() in every polling relay every `every` seconds (and once at its start), in
    an app context; it commits when func returns. It must be safe to run in two processes
    at once (claim with a unique constraint, as the reminders do)."""

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        SCHEDULED.append(ScheduledPass(every, func, f"{func.__module__}.{func.__name__}"))
        return func

    return register


def backoff(attempts: int, first: float = RETRY_SECONDS, most: float = MAX_RETRY_SECONDS) -> float:
    return min(first * 2 ** max(attempts - 1, 0), most)


def _setting(app: Flask, name: str, default: float) -> float:
    return float(app.config.get(f"OUTBOX_{name}", default))


def claim(app: Flask, limit: int = BATCH) -> list[Any]:
    """Take up to `limit` due rows for this relay; the caller delivers them."""
    now = utcnow()
    waiting = select(_table.c.id).where(_table.c.delivered_at.is_(None), _table.c.due_at <= now)
    # A read first: most passes find nothing, and an UPDATE would take SQLite's write lock.
    if db.session.execute(waiting.limit(1)).first() is None:
        db.session.rollback()
        return []
    due = waiting.order_by(_table.c.id).limit(limit).with_for_update(skip_locked=True)
    lease = timedelta(seconds=_setting(app, "LEASE_SECONDS", LEASE_SECONDS))
    statement = (
        update(_table)
        .where(_table.c.id.in_(due.scalar_subquery()))
        .values(due_at=now + lease, attempts=_table.c.attempts + 1)
        .returning(_table.c.id, _table.c.kind, _table.c.payload, _table.c.attempts)
    )
    rows = sorted(db.session.execute(statement).all(), key=lambda row: row.id)
    db.session.commit()
    return rows


def deliver(app: Flask, row: Any) -> bool:
    """Hand one claimed row to its handler; mark it delivered in the same transaction."""
    try:
        HANDLERS[row.kind](row.id, row.payload)
        db.session.execute(
            update(_table)
            .where(_table.c.id == row.id)
            .values(delivered_at=utcnow(), last_error=None)
        )
        db.session.commit()
        return True
    except Exception as exc:
        db.session.rollback()
        _put_back(app, row, exc)
        return False


def _put_back(app: Flask, row: Any, exc: Exception) -> None:
    delay = backoff(
        row.attempts,
        _setting(app, "RETRY_SECONDS", RETRY_SECONDS),
        _setting(app, "MAX_RETRY_SECONDS", MAX_RETRY_SECONDS),
    )
    log.warning(
        "outbox row %s (%s) failed, attempt %s; retrying in %.0f s: %s",
        row.id,
        row.kind,
        row.attempts,
        delay,
        exc,
    )
    try:
        db.session.execute(
            update(_table)
            .where(_table.c.id == row.id)
            .values(due_at=utcnow() + timedelta(seconds=delay), last_error=str(exc)[:500])
        )
        db.session.commit()
    except Exception:
        db.session.rollback()  # the lease brings it back anyway


def run_pass(app: Flask, stop: threading.Event | None = None) -> int:
    """Deliver every row due now; returns how many were delivered."""
    delivered = 0
    while stop is None or not stop.is_set():
        with app.app_context():
            try:
                rows = claim(app)
                for row in rows:
                    delivered += deliver(app, row)
            finally:
                db.session.remove()
        if not rows:
            return delivered
    return delivered


class Relay:
    """This process's relay: a thread woken by nudges, and polling when asked to."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.poll: float | None = None  # seconds between passes without a nudge
        self.last_run: dict[str, float] = {}

    def nudge(self) -> None:
        """Called after a commit that wrote outbox rows."""
        if self.app.config.get("TASKS_IMMEDIATE"):
            self._pass_quietly()
            return
        self.wake.set()
        self._start()

    def run_forever(self, poll: float = POLL_SECONDS) -> None:
        """Poll for due rows and run the scheduled passes in this process, in a thread."""
        self.poll = poll
        self._start()
        self.wake.set()

    def close(self, timeout: float = 10) -> None:
        self.stop.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _start(self) -> None:
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.thread = threading.Thread(target=self._loop, name="outbox-relay", daemon=True)
            self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            # Without polling, wake anyway now and then: a nudge's rows that failed retry.
            self.wake.wait(self.poll or 30)
            self.wake.clear()
            if self.stop.is_set():
                return
            if self.poll is not None:
                self._scheduled_passes()
            self._pass_quietly()

    def _pass_quietly(self) -> None:
        try:
            run_pass(self.app, self.stop)
        except OperationalError as exc:  # the database restarting: the next pass retries
            log.warning("outbox relay: database unavailable (%s)", exc.__class__.__name__)
        except Exception:
            log.exception("outbox relay pass failed")

    def _scheduled_passes(self) -> None:
        now = time.monotonic()
        for job in SCHEDULED:
            last = self.last_run.get(job.name)
            if last is not None and now - last < job.every:
                continue
            self.last_run[job.name] = now
            with self.app.app_context():
                try:
                    job.run()
                    db.session.commit()
                except Exception:
                    db.session.rollback()
                    log.exception("scheduled pass %s failed; it runs again later", job.name)
                finally:
                    db.session.remove()


@scheduled(every=3600)
def prune_delivered() -> int:
    cutoff = utcnow() - KEEP_DELIVERED
    result = db.session.execute(delete(_table).where(_table.c.delivered_at < cutoff))
    return result.rowcount or 0


def relay_of(app: Flask) -> Relay:
    return app.extensions[RELAY_KEY]


def init_app(app: Flask) -> None:
    app.extensions[RELAY_KEY] = Relay(app)
