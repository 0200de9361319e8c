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
    if any(RESERVED_KEYS & payload.keys() for payload in payloads.values()):
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    if not payloads:
        return {}
    event = str(event)  # the wire string, stored and sent as such
    rooms = {room_name(USER_KIND, user_id): user_id for user_id in payloads}
    seqs = _next_seqs(list(rooms))
    rows = [
        {"room": room, "seq": seqs[room], "event": event, "payload": payloads[u]}
        for room, u in rooms.items()
    ]
    table = LiveEvent.__table__
    # Unordered RETURNING: SQLite would insert row by row to keep the order. Rooms are unique.
    stored = db.session.execute(table.insert().returning(table.c.id, table.c.room), rows)
    ids = {rooms[room]: id_ for id_, room in stored}
    messages = [
        (event, {"id": ids[u], "room": room, "seq": seqs[room], **payloads[u]})
        for room, u in rooms.items()
    ]
    state = current_state()
    after_commit(lambda: state.deliver(messages))
    return ids


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


def _publish(room: str, event: str, payload: dict[str, Any]) -> LiveEvent:
    if RESERVED_KEYS & payload.keys():
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    event = str(event)  # the wire string, stored and sent as such
    row = LiveEvent(room=room, seq=_next_seqs([room])[room], event=event, payload=payload)
    db.session.add(row)
    db.session.flush()
    message = message_of(row)
    state = current_state()
    after_commit(lambda: state.deliver([(event, message)]))
    return row


def message_of(row: LiveEvent) -> dict[str, Any]:
    """What a client receives for a stored event (before its room kind personalizes it)."""
    return {"id": row.id, "room": row.room, "seq": row.seq, **row.payload}
