"""Catch-up: the events of a room a page or socket missed since the number it last saw.

Each event is personalized again when it is caught up, from what is stored now: a post hidden
or deleted since comes back hidden or deleted, an edited one as its latest version.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from workspace.core.db import utcnow
from workspace.core.live.membership import LiveState
from workspace.core.live.names import NAMESPACE
from workspace.core.live.publishing import message_of
from workspace.core.live.rooms import kind_of, room_name
from workspace.core.live_events import LiveEvent, LiveRoom
from workspace.core.tasks import crontab, periodic_task
from workspace.extensions import db

CATCH_UP_LIMIT = 500  # more missed than this: the client is told to reload instead
RETENTION = timedelta(days=2)  # how long events stay available for catch-up


def events_since(
    kind: str, target: int, since: int, user: Any = None
) -> tuple[list[tuple[str, dict]], bool]:
    """The room's events numbered after `since`, in order, as (event name, message) pairs
    made for `user` (the room kind's audience of them), and whether that is all of them
    (False: some were forgotten or there were more than CATCH_UP_LIMIT).

    The catch-up of a page polling while its socket is down.
    """
    audience = kind_of(room_name(kind, target)).audience_of(user, target) if user else None
    return _events_in(room_name(kind, target), since, audience)


def _events_in(room: str, since: int, audience: Any) -> tuple[list[tuple[str, dict]], bool]:
    rows = db.session.scalars(
        select(LiveEvent)
        .where(LiveEvent.room == room, LiveEvent.seq > since)
        .order_by(LiveEvent.seq)
        .limit(CATCH_UP_LIMIT + 1)
    ).all()
    if rows:
        complete = len(rows) <= CATCH_UP_LIMIT and rows[0].seq == since + 1
    else:  # nothing kept after `since`: complete unless the room numbered events since
        complete = since >= last_seq(room)
    kind = kind_of(room)
    events = [
        (row.event, kind.message_for(row.event, message_of(row), [audience])[audience])
        for row in rows[:CATCH_UP_LIMIT]
    ]
    return events, complete


def last_seq(room: str) -> int:
    return db.session.scalar(select(LiveRoom.last_seq).where(LiveRoom.room == room)) or 0


def last_event_id(kind: str, target: int) -> int:
    """The number of the room's newest event (0 if none): render it as data-live-since on
    the page, so events published between rendering and connecting are caught up. Also
    `live_since()` in templates."""
    return last_seq(room_name(kind, target))


def catch_up(state: LiveState, sid: str, room: str, since: int) -> dict[str, Any]:
    """Send the room's events after `since` to this socket, in order; say if any are lost."""
    sock = state.sockets.get(sid)
    audience = sock.audiences.get(room) if sock else None
    events, complete = _events_in(room, since, audience)
    for event, message in events:
        state.server.emit(event, message, to=sid, namespace=NAMESPACE, ignore_queue=True)
    return {"missed": len(events), "complete": complete}


@periodic_task(crontab(minute="23"))
def prune_live_events() -> int:
    """Forget events older than RETENTION; clients away longer reload instead of catching up.
    The rooms keep their numbers (live_rooms), so a client asking for a forgotten one hears
    that the catch-up is incomplete."""
    result = db.session.execute(
        delete(LiveEvent).where(LiveEvent.created_at < utcnow() - RETENTION)
    )
    return result.rowcount or 0
