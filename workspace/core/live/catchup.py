"""Catch-up: the events a page or socket missed since the id it last saw."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select

from workspace.core.db import utcnow
from workspace.core.live.membership import LiveState
from workspace.core.live.names import NAMESPACE
from workspace.core.live.publishing import message_of
from workspace.core.live.rooms import room_name
from workspace.core.live_events import LiveEvent
from workspace.core.tasks import crontab, periodic_task
from workspace.extensions import db

CATCH_UP_LIMIT = 500  # more missed than this: the client is told to reload instead
RETENTION = timedelta(days=2)  # how long events stay available for catch-up


def events_since(kind: str, target: int, since: int) -> tuple[list[tuple[str, dict]], bool]:
    """The room's events after `since`, in order, as (event name, message) pairs, and whether
    that is all of them (False: some were forgotten or there were more than CATCH_UP_LIMIT).

    The catch-up of a subscribing socket, and of a page polling while its socket is down.
    """
    return _events_in(room_name(kind, target), since)


def _events_in(room: str, since: int) -> tuple[list[tuple[str, dict]], bool]:
    rows = db.session.scalars(
        select(LiveEvent)
        .where(LiveEvent.room == room, LiveEvent.id > since)
        .order_by(LiveEvent.id)
        .limit(CATCH_UP_LIMIT + 1)
    ).all()
    oldest = db.session.scalar(select(func.min(LiveEvent.id)))
    complete = len(rows) <= CATCH_UP_LIMIT and (oldest is None or since >= oldest - 1)
    return [(row.event, message_of(row)) for row in rows[:CATCH_UP_LIMIT]], complete


def last_event_id(kind: str, target: int) -> int:
    """The newest event of a room: render it as data-live-since on the page, so events
    published between rendering and connecting are caught up. Also `live_since()` in
    templates. For a room without events, the newest event of any room (0 if none): the page
    then shows all of the room's events up to it, and catching up from it is complete."""
    in_room = select(func.max(LiveEvent.id)).where(LiveEvent.room == room_name(kind, target))
    newest = select(func.max(LiveEvent.id))
    return db.session.scalar(
        select(func.coalesce(in_room.scalar_subquery(), newest.scalar_subquery(), 0))
    )


def catch_up(state: LiveState, sid: str, room: str, since: int) -> dict[str, Any]:
    """Send the room's events after `since` to this socket, in order; say if any are lost."""
    events, complete = _events_in(room, since)
    for event, message in events:
        state.server.emit(event, message, to=sid, namespace=NAMESPACE)
    return {"missed": len(events), "complete": complete}


@periodic_task(crontab(minute="23"))
def prune_live_events() -> int:
    """Forget events older than RETENTION; clients away longer reload instead of catching up."""
    result = db.session.execute(
        delete(LiveEvent).where(LiveEvent.created_at < utcnow() - RETENTION)
    )
    return result.rowcount or 0
