"""This process's sockets and the rooms each follows: leaving, closing, access re-checks."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import redis
import socketio as pysocketio
from flask import Flask, current_app

from workspace.core.live.control import ControlChannel
from workspace.core.live.credentials import user_for
from workspace.core.live.names import NAMESPACE, EventName
from workspace.core.live.presence import Announcer, Presence
from workspace.core.live.rooms import USER_KIND, kind_of
from workspace.extensions import db

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 20  # seconds between presence refreshes and access re-checks
_STATE_KEY = "workspace.realtime"


@dataclass
class Socket:
    user_id: int
    name: str
    credential: tuple[str, str]  # ("session", secret) or ("token", secret)
    rooms: set[str] = field(default_factory=set)
    audiences: dict[str, Any] = field(default_factory=dict)  # room -> its kind's audience
    last_typing: float = 0.0


class LiveState:
    """One per app: its Socket.IO server, its open sockets, presence and control channel."""

    def __init__(self, app: Flask, server: pysocketio.Server) -> None:
        self.app = app
        self.server = server
        url = app.config["REDIS_URL"]
        self.redis = None
        if url:
            self.redis = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2)
        self.controls = ControlChannel(self.redis, url, self.apply, self.resync)
        self.sockets: dict[str, Socket] = {}
        self.lock = threading.Lock()
        self.presence = Presence(self.redis)
        self.announcer = Announcer(server, self.presence)
        self.started = False

    # Background work starts with the first socket, so CLI commands start no threads.
    def start(self) -> None:
        with self.lock:
            if self.started:
                return
            self.started = True
        if self.redis is not None:
            self.server.start_background_task(self.controls.listen)
        self.server.start_background_task(self._heartbeat)

    def control(self, op: dict[str, Any]) -> None:
        self.controls.send(op)

    def sids_of(self, user_id: int) -> list[str]:
        with self.lock:
            return [sid for sid, sock in self.sockets.items() if sock.user_id == user_id]

    def deliver(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Send stored events to their rooms' sockets, in every process (after the commit)."""
        self.control({"op": "deliver", "events": events})

    def apply(self, op: dict[str, Any]) -> None:
        """Act on this process's sockets (idempotent: it may arrive twice)."""
        if op["op"] == "deliver":
            for event, message in op["events"]:
                self.fan_out(event, message)
            return
        if op["op"] == "recheck":
            self.recheck(self._sids_for(op), op.get("room"))
            return
        for sid in self.sids_of(op["user_id"]):
            if op["op"] == "disconnect":
                self.shut(sid)
            elif op["op"] == "leave":
                self.close_room(sid, op["room"])

    def _sids_for(self, op: dict[str, Any]) -> list[str]:
        room, user_id = op.get("room"), op["user_id"]
        with self.lock:
            return [
                sid
                for sid, sock in self.sockets.items()
                if (room is None or room in sock.rooms) and user_id in (None, sock.user_id)
            ]

    def fan_out(self, event: str, message: dict[str, Any]) -> None:
        """Send an event to this process's sockets in its room: the room kind's copy for each
        audience, made once per audience whatever the number of its sockets."""
        room = message["room"]
        groups: dict[Any, list[str]] = {}
        with self.lock:
            for sid, _ in self.server.manager.get_participants(NAMESPACE, room):
                sock = self.sockets.get(sid)
                if sock is not None and room in sock.rooms:
                    groups.setdefault(sock.audiences.get(room), []).append(sid)
        if not groups:
            return
        try:
            with self.app.app_context():  # a session of its own: sees only committed data
                try:
                    copies = kind_of(room).message_for(event, message, list(groups))
                finally:
                    db.session.remove()
        except Exception:
            log.exception("live event %s for %s not rendered", event, room)
            return
        for audience, sids in groups.items():
            self.server.emit(
                event, copies[audience], to=sids, namespace=NAMESPACE, ignore_queue=True
            )

    def resync(self) -> None:
        """Events may have been lost between processes (Redis was unreachable): tell every
        socket here to catch up on each room it follows."""
        with self.lock:
            rooms = {room for sock in self.sockets.values() for room in sock.rooms}
        for room in rooms:
            self.server.emit(
                EventName.ROOM_RESYNC.value,
                {"room": room},
                to=room,
                namespace=NAMESPACE,
                ignore_queue=True,
            )

    def recheck(self, sids: list[str], only_room: str | None = None) -> None:
        """Ask again whether each socket's sign-in holds and it may read its rooms (or only
        `only_room`); close what no longer holds."""
        if not sids:
            return
        users: dict[tuple[str, str], Any] = {}  # tabs of one sign-in: one look-up
        with self.app.app_context():  # a session of its own: sees only committed data
            try:
                for sid in sids:
                    sock = self.sockets.get(sid)
                    if sock is None:
                        continue
                    if sock.credential not in users:
                        users[sock.credential] = user_for(sock.credential)
                    user = users[sock.credential]
                    if user is None:
                        self.shut(sid)
                        continue
                    rooms = [only_room] if only_room else list(sock.rooms)
                    for room in rooms:
                        target = int(room.partition(":")[2])
                        kind = kind_of(room)
                        if not kind.authorize(user, target):
                            self.close_room(sid, room)
                        elif room in sock.audiences:  # a new role or region: new controls
                            sock.audiences[room] = kind.audience_of(user, target)
                db.session.commit()
            finally:
                db.session.remove()

    def close_room(self, sid: str, room: str) -> None:
        """Take the socket out of a room it may no longer read and tell it so."""
        if self.leave(sid, room):
            # Straight to this process's socket, not through the queue: it must arrive
            # before a disconnect that may follow.
            self.server.emit(
                EventName.ROOM_CLOSED.value,
                {"room": room},
                to=sid,
                namespace=NAMESPACE,
                ignore_queue=True,
            )

    def close_rooms(self, sid: str) -> None:
        """close_room() for every room the socket follows but its personal one."""
        with self.lock:
            sock = self.sockets.get(sid)
            rooms = list(sock.rooms) if sock else []
        for room in rooms:
            if room.partition(":")[0] != USER_KIND:
                self.close_room(sid, room)

    def shut(self, sid: str) -> None:
        """Close a socket whose user lost all access: its rooms first, so the page says so."""
        self.close_rooms(sid)
        self.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)

    def close_soon(self, sid: str) -> None:
        """Stop this socket's events now, close it once the handler's ack has gone out."""
        self.close_rooms(sid)

        def close() -> None:
            time.sleep(0.5)
            self.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)

        self.server.start_background_task(close)

    def join(self, sid: str, room: str, audience: Any = None) -> None:
        self.server.enter_room(sid, room, namespace=NAMESPACE)
        with self.lock:
            self.sockets[sid].rooms.add(room)
            self.sockets[sid].audiences[room] = audience

    def leave(self, sid: str, room: str) -> bool:
        """Take the socket out of the room; False when it was not in it."""
        with self.lock:
            sock = self.sockets.get(sid)
            if sock is None or room not in sock.rooms:
                return False
            sock.rooms.discard(room)
            sock.audiences.pop(room, None)
        self.server.leave_room(sid, room, namespace=NAMESPACE)
        if kind_of(room).presence:
            self.presence.leave(room, sid)
            self.announce_presence(room)
        return True

    def announce_presence(self, room: str) -> None:
        self.announcer.announce(room)

    def _heartbeat(self) -> None:
        while True:
            time.sleep(HEARTBEAT_INTERVAL)
            try:
                self.presence.refresh()
                with self.app.app_context():
                    self.drop_inactive()
            except Exception:
                log.exception("live heartbeat failed")

    def drop_inactive(self) -> None:
        """Safety net: close sockets whose user is no longer active or whose sign-in ended."""
        with self.lock:
            sockets = list(self.sockets.items())
        # Tabs of one sign-in share a credential: look each up once per sweep, not per socket.
        holds: dict[tuple[str, str], bool] = {}
        try:
            for sid, sock in sockets:
                if sock.credential not in holds:
                    holds[sock.credential] = user_for(sock.credential) is not None
                if not holds[sock.credential]:
                    self.shut(sid)
            db.session.commit()
        finally:
            db.session.remove()


def attach(app: Flask, server: pysocketio.Server) -> LiveState:
    state = app.extensions[_STATE_KEY] = LiveState(app, server)
    return state


def current_state() -> LiveState:
    return current_app.extensions[_STATE_KEY]
