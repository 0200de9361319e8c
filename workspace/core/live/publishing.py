"""Publishing: each event is stored as a LiveEvent row, numbered in its room, and delivered
to the room after the commit (by every process, to its own sockets: membership.deliver)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from workspace.core.live.membership import current_state
from workspace.core.live.rooms import ROOM_KINDS, USER_KIND, room_name
from workspace.core.live_events import LiveEvent, LiveRoom
from workspace.core.transaction import after_commit
from workspace.extensions import db

RESERVED_KEYS = frozenset({"id", "room", "seq"})


def publish(kind: str, target: int, event: str, payload: dict[str, Any]) -> LiveEvent:
    """Store an event for room "<kind>:<target>" and deliver it to that room after the commit.

    The client receives ``{"id": <event id>, "room": "<kind>:<target>", "seq": <n>, **payload}``
    (or what the kind's personalize() makes of it). `event` is an EventName (or its wire string).
    """
    if kind not in ROOM_KINDS:
        raise ValueError(f"unknown room kind {kind!r}: register_room_kind() it first")
    return _publish(room_name(kind, target), event, payload)


def publish_to_user(user_id: int, event: str, payload: dict[str, Any]) -> LiveEvent:
    """Like publish(), to the personal room of one user (notifications, unread counts)."""
    return _publish(room_name(USER_KIND, user_id), event, payload)


def publish_to_users(event: str, payloads: dict[int, dict[str, Any]]) -> dict[int, int]:
    """publish_to_user() for many users at once, each with its payload: their events are
    numbered with one statement and stored with one INSERT, whatever their number. Returns
    each user's event id."""
    rooms = {room_name(USER_KIND, user_id): user_id for user_id in payloads}
    stored = _store([(room, event, payloads[user_id]) for room, user_id in rooms.items()])
    return {rooms[row.room]: row.id for row in stored}


def publish_many(events: list[tuple[str, int, str, dict[str, Any]]]) -> list[LiveEvent]:
    """publish() for several rooms at once, as (kind, target, event, payload), each room
    once: two statements whatever their number (a reply shown in its thread and its
    channel)."""
    if any(kind not in ROOM_KINDS for kind, *_ in events):
        raise ValueError("unknown room kind: register_room_kind() it first")
    return _store([(room_name(kind, target), e, p) for kind, target, e, p in events])


def _publish(room: str, event: str, payload: dict[str, Any]) -> LiveEvent:
    return _store([(room, event, payload)])[0]


def _store(events: list[tuple[str, str, dict[str, Any]]]) -> list[LiveEvent]:
    """Number and store the events (one per room), and deliver them after the commit."""
    if any(RESERVED_KEYS & payload.keys() for _, _, payload in events):
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    if len({room for room, _, _ in events}) != len(events):
        raise ValueError("publish each room once per call")
    if not events:
        return []
    seqs = _next_seqs([room for room, _, _ in events])
    rows = [
        # The wire string of the event, stored and sent as such.
        {"room": room, "seq": seqs[room], "event": str(event), "payload": payload}
        for room, event, payload in events
    ]
    if len(rows) == 1:  # a row of the session, as callers may expect of publish()
        stored = [LiveEvent(**rows[0])]
        db.session.add(stored[0])
        db.session.flush()
    else:
        table = LiveEvent.__table__
        # Unordered RETURNING: SQLite would insert row by row to keep the order. Rooms are
        # unique.
        returning = table.insert().returning(table.c.room, table.c.id)
        ids = dict(db.session.execute(returning, rows).all())
        stored = [LiveEvent(id=ids[row["room"]], **row) for row in rows]
    messages = [(row.event, message_of(row)) for row in stored]
    state = current_state()
    after_commit(lambda: state.deliver(messages))
    return stored


def _next_seqs(rooms: list[str]) -> dict[str, int]:
    """The next number of each room. The counter rows stay locked until the commit, so
    another transaction publishing in one of these rooms waits: numbers commit in order."""
    table = LiveRoom.__table__
    dialect = db.session.get_bind(LiveRoom).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values([{"room": room, "last_seq": 1} for room in sorted(rooms)])
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.room], set_={"last_seq": table.c.last_seq + 1}
    ).returning(table.c.room, table.c.last_seq)
    return dict(db.session.execute(statement).all())


def message_of(row: LiveEvent) -> dict[str, Any]:
    """What a client receives for a stored event (before its room kind personalizes it)."""
    return {"id": row.id, "room": row.room, "seq": row.seq, **row.payload}
