"""The names of the Socket.IO events: static/js/live.js and other clients rely on these
exact strings, so a value never changes."""

from __future__ import annotations

from enum import StrEnum

NAMESPACE = "/"


class EventName(StrEnum):
    # Sent by the client.
    CONNECT = "connect"
    DISCONNECT = "disconnect"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    TYPING = "typing"  # also relayed to the room's other sockets
    # Sent by the server.
    ROOM_CLOSED = "room.closed"  # to a socket taken out of a room it may no longer read
    ROOM_RESYNC = "room.resync"  # to sockets that may have missed events: catch up
    PRESENCE = "presence"
    NOTIFICATION = "notification"
    POST_CREATED = "post.created"
    POST_UPDATED = "post.updated"
    THREAD_CREATED = "thread.created"
    THREAD_UPDATED = "thread.updated"
