"""Who is viewing a room, and who is typing in it (rooms of kinds registered with presence)."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import socketio as pysocketio

from workspace.core.live.names import NAMESPACE, EventName

log = logging.getLogger(__name__)

TYPING_INTERVAL = 2.0  # seconds: at most one typing relay per socket in this interval
PRESENCE_TTL = 60  # seconds a presence entry lives in Redis without a heartbeat
PRESENCE_INTERVAL = 2.0  # seconds: at most one presence announcement per room in this interval


class Presence:
    """Who is in which presence room: in memory, or in Redis sorted sets across processes."""

    def __init__(self, redis: Any | None) -> None:
        self.redis = redis
        self.local: dict[str, dict[str, tuple[int, str]]] = {}
        self.lock = threading.Lock()

    def _key(self, room: str) -> str:
        return f"workspace:live:presence:{room}"

    def join(self, room: str, sid: str, user_id: int, name: str) -> None:
        with self.lock:
            self.local.setdefault(room, {})[sid] = (user_id, name)
        if self.redis is not None:
            pipe = self.redis.pipeline()
            self._write(pipe, room, {sid: (user_id, name)})
            pipe.execute()

    def _write(self, pipe: Any, room: str, entries: dict[str, tuple[int, str]]) -> None:
        """One ZADD and one EXPIRE per room, whatever the number of its sockets."""
        key = self._key(room)
        until = time.time() + PRESENCE_TTL
        pipe.zadd(key, {json.dumps([sid, *entry]): until for sid, entry in entries.items()})
        pipe.expire(key, PRESENCE_TTL * 2)

    def leave(self, room: str, sid: str) -> None:
        with self.lock:
            entry = self.local.get(room, {}).pop(sid, None)
            if room in self.local and not self.local[room]:
                del self.local[room]
        if self.redis is not None and entry is not None:
            try:
                self.redis.zrem(self._key(room), json.dumps([sid, *entry]))
            except Exception:  # Redis down: the entry expires with its TTL
                log.warning("live presence not updated for %s (Redis down?)", room)

    def refresh(self) -> None:
        if self.redis is None:
            return
        with self.lock:
            rooms = {room: dict(sids) for room, sids in self.local.items()}
        pipe = self.redis.pipeline()  # one round trip for all rooms
        for room, entries in rooms.items():
            self._write(pipe, room, entries)
        pipe.execute()

    def viewers(self, room: str) -> list[dict[str, Any]]:
        if self.redis is None:
            with self.lock:
                entries = list(self.local.get(room, {}).values())
        else:
            key = self._key(room)
            self.redis.zremrangebyscore(key, "-inf", time.time())
            entries = [tuple(json.loads(m)[1:]) for m in self.redis.zrange(key, 0, -1)]
        people = dict(entries)
        return [
            {"user": user_id, "name": name}
            for user_id, name in sorted(people.items(), key=lambda item: item[1].casefold())
        ]


class Announcer:
    """Sends each presence room its list of viewers, at most once per PRESENCE_INTERVAL."""

    def __init__(self, server: pysocketio.Server, presence: Presence) -> None:
        self.server = server
        self.presence = presence
        self.lock = threading.Lock()
        # Rooms whose presence was announced less than PRESENCE_INTERVAL ago -> another
        # announcement is due when the interval ends (True) or not (False).
        self.due: dict[str, bool] = {}

    def announce(self, room: str) -> None:
        """Tell the room who is viewing: now, or once the room's interval ends.

        Each announcement goes to every socket in the room, so announcing every join would
        send N² messages when N people open a thread; joins and leaves within the interval
        share one trailing announcement instead.
        """
        with self.lock:
            if room in self.due:
                self.due[room] = True
                return
            self.due[room] = False
        self._send(room)
        self.server.start_background_task(self._interval, room)

    def _interval(self, room: str) -> None:
        try:
            while True:
                time.sleep(PRESENCE_INTERVAL)
                with self.lock:
                    if not self.due.get(room):
                        self.due.pop(room, None)
                        return
                    self.due[room] = False
                self._send(room)
        except Exception:
            log.exception("live presence announcement failed")
            with self.lock:
                self.due.pop(room, None)

    def _send(self, room: str) -> None:
        try:
            viewers = self.presence.viewers(room)
        except Exception:  # Redis down: the next change announces again
            log.warning("live presence not announced for %s (Redis down?)", room)
            return
        self.server.emit(
            EventName.PRESENCE.value,
            {"room": room, "viewers": viewers, "names": [v["name"] for v in viewers]},
            to=room,
            namespace=NAMESPACE,
        )


def relay_typing(server: pysocketio.Server, sid: str, sock: Any, room: str) -> bool:
    """Tell the room's other sockets that this socket's user is typing; False when it
    already did less than TYPING_INTERVAL ago."""
    now = time.monotonic()
    if now - sock.last_typing < TYPING_INTERVAL:
        return False
    sock.last_typing = now
    server.emit(
        EventName.TYPING.value,
        {"room": room, "user": sock.user_id, "name": sock.name},
        to=room,
        skip_sid=sid,
        namespace=NAMESPACE,
    )
    return True
