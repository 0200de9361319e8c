"""Publishing: each event is stored as a LiveEvent row and emitted to its room after commit."""

from __future__ import annotations

from typing import Any

from workspace.core.live.membership import current_state
from workspace.core.live.names import NAMESPACE
from workspace.core.live.rooms import ROOM_KINDS, USER_KIND, room_name
from workspace.core.live_events import LiveEvent
from workspace.core.transaction import after_commit
from workspace.extensions import db

RESERVED_KEYS = frozenset({"id", "room"})


def publish(kind: str, target: int, event: str, payload: dict[str, Any]) -> LiveEvent:
    """Store an event for room "<kind>:<target>" and emit it to that room after the commit.

    The client receives ``{"id": <event id>, "room": "<kind>:<target>", **payload}``.
    `event` is an EventName (or its wire string).
    """
    if kind not in ROOM_KINDS:
        raise ValueError(f"unknown room kind {kind!r}: register_room_kind() it first")
    return _publish(room_name(kind, target), event, payload)


def publish_to_user(user_id: int, event: str, payload: dict[str, Any]) -> LiveEvent:
    """Like publish(), to the personal room of one user (notifications, unread counts)."""
    return _publish(room_name(USER_KIND, user_id), event, payload)


def publish_to_users(event: str, payloads: dict[int, dict[str, Any]]) -> dict[int, int]:
    """publish_to_user() for many users at once, each with its payload: their events are
    stored with one INSERT, whatever their number. Returns each user's event id."""
    if any(RESERVED_KEYS & payload.keys() for payload in payloads.values()):
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    if not payloads:
        return {}
    event = str(event)  # the wire string, stored and sent as such
    rooms = {room_name(USER_KIND, user_id): user_id for user_id in payloads}
    rows = [{"room": room, "event": event, "payload": payloads[u]} for room, u in rooms.items()]
    table = LiveEvent.__table__
    # Unordered RETURNING: SQLite would insert row by row to keep the order. Rooms are unique.
    stored = db.session.execute(table.insert().returning(table.c.id, table.c.room), rows)
    ids = {rooms[room]: id_ for id_, room in stored}
    messages = [{"id": ids[u], "room": room, **payloads[u]} for room, u in rooms.items()]
    server = current_state().server

    def emit() -> None:
        for message in messages:
            server.emit(event, message, to=message["room"], namespace=NAMESPACE)

    after_commit(emit)
    return ids


def _publish(room: str, event: str, payload: dict[str, Any]) -> LiveEvent:
    if RESERVED_KEYS & payload.keys():
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    event = str(event)  # the wire string, stored and sent as such
    row = LiveEvent(room=room, event=event, payload=payload)
    db.session.add(row)
    db.session.flush()
    message = message_of(row)
    server = current_state().server
    after_commit(lambda: server.emit(event, message, to=room, namespace=NAMESPACE))
    return row


def message_of(row: LiveEvent) -> dict[str, Any]:
    """What a client receives for a stored event."""
    return {"id": row.id, "room": row.room, **row.payload}
