"""One commit per request, and work (e-mails, live events) that waits for that commit.

Views and actions never commit. The request commits once when it succeeds and rolls back
when it fails; callbacks queued with after_commit() run only once the data they describe
is visible to everyone, and are dropped if the transaction rolls back. A callback that
fails (Redis down under a live event) is logged, never raised: the write is committed and
its request must say so. Work that must not be lost goes to the outbox (core/outbox.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.orm import Session

from workspace.core import errors
from workspace.extensions import db

log = logging.getLogger(__name__)

_KEY = "after_commit_callbacks"
_WROTE = "wrote"


def after_commit(callback: Callable[[], None]) -> None:
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so a rollback, even of nothing written, drops the callback too
    session.info.setdefault(_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_callbacks(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("work after a commit failed (the commit stands)")


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if not state.is_select:  # UPDATE/DELETE/INSERT or text(): assume it wrote
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed or rolled back as a whole, not a savepoint
        session.info.pop(_WROTE, None)


def _has_work(session: Session) -> bool:
    """Anything for a commit to do: rows written or pending, or callbacks waiting for it."""
    return bool(
        session.info.get(_WROTE)
        or session.info.get(_KEY)
        or session.new
        or session.dirty
        or session.deleted
    )


@event.listens_for(Session, "after_soft_rollback")
def _drop_callbacks(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(_KEY, None)


def _finish_request(response: Response) -> Response:
    # A request that wrote nothing skips the commit: the session is closed at teardown, which
    # ends its read-only transaction, and the ORM's commit bookkeeping is not worth paying.
    session = db.session()
    if response.status_code >= 400:
        session.rollback()
    elif _has_work(session):
        try:
            session.commit()
        except errors.DATABASE_ERRORS as exc:  # nothing was saved: say so, never a 500
            return errors.database_unavailable(exc)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_finish_request)
