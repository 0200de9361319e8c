"""Live updates over Socket.IO: authenticated sockets, authorized rooms, events after commit.

A domain plugs in with two calls (see docs/live.md for the client contract):

    register_room_kind("thread", authorize=lambda user, thread_id: ..., presence=True)
    publish("thread", thread.id, "post.created", {"post_id": post.id, "html": post.body_html})

Every socket is authenticated at connect (session cookie or API token) and joins its
personal room ``user:<id>`` (publish_to_user). Rooms are joined with the ``subscribe``
event; each join is checked by the authorizer registered for its kind, with the user
loaded afresh. Events are stored in ``live_events`` and emitted only after the commit, so
a reconnecting client can ask for what it missed (``since``) and dedupe by event id.

With WORKSPACE_REDIS_URL, Redis carries the events between processes (the Socket.IO
message queue), the control messages (disconnect_user, revoke_room_access, recheck_*) and
presence. A socket that may no longer read a room leaves it and receives ``room.closed``.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import socketio as pysocketio
from flask import Flask, current_app, request
from flask_babel import gettext as _
from socketio.exceptions import ConnectionRefusedError
from sqlalchemy import delete, func, select

from workspace.core.db import utcnow
from workspace.core.live_events import LiveEvent
from workspace.core.tasks import crontab, periodic_task
from workspace.core.transaction import after_commit
from workspace.extensions import db, socketio

log = logging.getLogger(__name__)

# The user objects come from the accounts layer (auth.models.User), through use_authenticator().
Authorizer = Callable[[Any, int], bool]
CredentialReader = Callable[[Any], "tuple[str, str] | None"]
UserLoader = Callable[["tuple[str, str]"], Any]

NAMESPACE = "/"
USER_KIND = "user"
CATCH_UP_LIMIT = 500  # more missed than this: the client is told to reload instead
RETENTION = timedelta(days=2)  # how long events stay available for catch-up
TYPING_INTERVAL = 2.0  # seconds: at most one typing relay per socket in this interval
PRESENCE_TTL = 60  # seconds a presence entry lives in Redis without a heartbeat
HEARTBEAT_INTERVAL = 20  # seconds between presence refreshes and access re-checks
PRESENCE_INTERVAL = 2.0  # seconds: at most one presence announcement per room in this interval
RESERVED_KEYS = frozenset({"id", "room"})
ROOM_CLOSED = "room.closed"  # sent to a socket taken out of a room it may no longer read
_KIND_RE = re.compile(r"^[a-z][a-z_]{0,30}$")
_STATE_KEY = "workspace.realtime"
_AUTH_KEY = "workspace.realtime.authenticator"


@dataclass(frozen=True)
class RoomKind:
    authorize: Authorizer
    presence: bool = False  # "who is viewing" and typing indicator for rooms of this kind


ROOM_KINDS: dict[str, RoomKind] = {}


def register_room_kind(kind: str, authorize: Authorizer, *, presence: bool = False) -> None:
    """Let clients subscribe to rooms "<kind>:<id>"; authorize(user, id) decides each join.

    authorize receives an active user loaded afresh and the integer id; it must answer False
    for ids that do not exist. Registering a kind again replaces its authorizer.
    """
    if not _KIND_RE.match(kind):
        raise ValueError(f"room kind must be lowercase letters or _, not {kind!r}")
    ROOM_KINDS[kind] = RoomKind(authorize=authorize, presence=presence)


def room_name(kind: str, target: int) -> str:
    return f"{kind}:{int(target)}"


register_room_kind(USER_KIND, lambda user, user_id: user.id == user_id)


# --- publishing ----------------------------------------------------------------------------


def publish(kind: str, target: int, event: str, payload: dict[str, Any]) -> LiveEvent:
    """Store an event for room "<kind>:<target>" and emit it to that room after the commit.

    The client receives ``{"id": <event id>, "room": "<kind>:<target>", **payload}``.
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
    rooms = {room_name(USER_KIND, user_id): user_id for user_id in payloads}
    rows = [{"room": room, "event": event, "payload": payloads[u]} for room, u in rooms.items()]
    table = LiveEvent.__table__
    # Unordered RETURNING: SQLite would insert row by row to keep the order. Rooms are unique.
    stored = db.session.execute(table.insert().returning(table.c.id, table.c.room), rows)
    ids = {rooms[room]: id_ for id_, room in stored}
    messages = [{"id": ids[u], "room": room, **payloads[u]} for room, u in rooms.items()]
    server = _state().server

    def emit() -> None:
        for message in messages:
            server.emit(event, message, to=message["room"], namespace=NAMESPACE)

    after_commit(emit)
    return ids


def _publish(room: str, event: str, payload: dict[str, Any]) -> LiveEvent:
    if RESERVED_KEYS & payload.keys():
        raise ValueError(f"payload keys {sorted(RESERVED_KEYS)} are set by publish()")
    row = LiveEvent(room=room, event=event, payload=payload)
    db.session.add(row)
    db.session.flush()
    message = _message(row)
    server = _state().server
    after_commit(lambda: server.emit(event, message, to=room, namespace=NAMESPACE))
    return row


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
    return [(row.event, _message(row)) for row in rows[:CATCH_UP_LIMIT]], complete


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


def _message(row: LiveEvent) -> dict[str, Any]:
    return {"id": row.id, "room": row.room, **row.payload}


# --- losing access -------------------------------------------------------------------------


def disconnect_user(user_id: int) -> None:
    """Close every socket of this user, in every process; applies now and again at commit.

    Call it when a user is suspended, leaves, or has all sessions revoked.
    """
    _control_now_and_after_commit({"op": "disconnect", "user_id": int(user_id)})


def revoke_room_access(kind: str, target: int, user_id: int) -> None:
    """Make this user's sockets leave room "<kind>:<target>", in every process.

    The client receives ``room.closed`` ``{"room": "<kind>:<target>"}``. Call it when a user is
    removed from a restricted channel (once per room they could follow).
    """
    room = room_name(kind, target)
    _control_now_and_after_commit({"op": "leave", "user_id": int(user_id), "room": room})


def recheck_access(user_id: int) -> None:
    """After the commit, ask every authorizer again for each room this user's sockets follow,
    in every process; refused rooms are left (``room.closed``), and sockets whose user is no
    longer active or whose session or token was revoked are closed.

    The simplest call when access changes in ways that touch many rooms (a member removed
    from a restricted channel and so from all its threads, a region change, a role change,
    a revoked session or token).
    """
    state = _state()
    op = {"op": "recheck", "user_id": int(user_id)}
    after_commit(lambda: state.control(op))


def recheck_all_access() -> None:
    """recheck_access() for every connected user, in every process, after the commit.

    For changes whose losers are not listed one by one, such as a channel's regions or its
    restriction; cheap enough because it only touches sockets that are open.
    """
    state = _state()
    op = {"op": "recheck", "user_id": None}
    after_commit(lambda: state.control(op))


def recheck_room(kind: str, target: int) -> None:
    """After the commit, ask the authorizer again for every socket following this one room,
    in every process (a thread moved to another channel)."""
    state = _state()
    op = {"op": "recheck", "user_id": None, "room": room_name(kind, target)}
    after_commit(lambda: state.control(op))


def _control_now_and_after_commit(op: dict[str, Any]) -> None:
    state = _state()
    state.control(op)
    # Again once committed: a re-subscription racing the commit still saw the old access.
    after_commit(lambda: state.control(op))


# --- per-app state -------------------------------------------------------------------------


@dataclass
class _Socket:
    user_id: int
    name: str
    credential: tuple[str, str]  # ("session", secret) or ("token", secret)
    rooms: set[str] = field(default_factory=set)
    last_typing: float = 0.0


class _Presence:
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
            self.redis.zrem(self._key(room), json.dumps([sid, *entry]))

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


class _State:
    def __init__(self, app: Flask, server: pysocketio.Server) -> None:
        self.app = app
        self.server = server
        url = app.config["REDIS_URL"]
        self.redis = None
        if url:
            import redis

            self.redis = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2)
            self.control_channel = _channel(url, "live-control")
        self.sockets: dict[str, _Socket] = {}
        self.lock = threading.Lock()
        self.presence = _Presence(self.redis)
        # Rooms whose presence was announced less than PRESENCE_INTERVAL ago -> another
        # announcement is due when the interval ends (True) or not (False).
        self.presence_due: dict[str, bool] = {}
        self.started = False

    # Background work starts with the first socket, so CLI commands start no threads.
    def start(self) -> None:
        with self.lock:
            if self.started:
                return
            self.started = True
        if self.redis is not None:
            self.server.start_background_task(self._listen_for_control)
        self.server.start_background_task(self._heartbeat)

    def control(self, op: dict[str, Any]) -> None:
        self.apply(op)
        if self.redis is None:
            return
        try:
            self.redis.publish(self.control_channel, json.dumps(op))
        except Exception:
            # Other processes miss it; their heartbeat re-checks every socket's user anyway.
            log.warning("live control message not sent to other processes (Redis down?)")

    def _listen_for_control(self) -> None:
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.control_channel)
                for message in pubsub.listen():
                    self.apply(json.loads(message["data"]))
            except Exception:
                log.exception("live control listener failed; restarting")
                time.sleep(1)

    def sids_of(self, user_id: int) -> list[str]:
        with self.lock:
            return [sid for sid, sock in self.sockets.items() if sock.user_id == user_id]

    def apply(self, op: dict[str, Any]) -> None:
        """Act on this process's sockets (idempotent: it may arrive twice)."""
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
                        users[sock.credential] = _user_for(sock.credential)
                    user = users[sock.credential]
                    if user is None:
                        self.shut(sid)
                        continue
                    rooms = [only_room] if only_room else list(sock.rooms)
                    for room in rooms:
                        target = int(room.partition(":")[2])
                        if not _kind_of(room).authorize(user, target):
                            self.close_room(sid, room)
                db.session.commit()
            finally:
                db.session.remove()

    def close_room(self, sid: str, room: str) -> None:
        """Take the socket out of a room it may no longer read and tell it so."""
        if self.leave(sid, room):
            # Straight to this process's socket, not through the queue: it must arrive
            # before a disconnect that may follow.
            self.server.emit(
                ROOM_CLOSED, {"room": room}, to=sid, namespace=NAMESPACE, ignore_queue=True
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

    def leave(self, sid: str, room: str) -> bool:
        """Take the socket out of the room; False when it was not in it."""
        with self.lock:
            sock = self.sockets.get(sid)
            if sock is None or room not in sock.rooms:
                return False
            sock.rooms.discard(room)
        self.server.leave_room(sid, room, namespace=NAMESPACE)
        if _kind_of(room).presence:
            self.presence.leave(room, sid)
            self.announce_presence(room)
        return True

    def announce_presence(self, room: str) -> None:
        """Tell the room who is viewing: now, or once the room's interval ends.

        Each announcement goes to every socket in the room, so announcing every join would
        send N² messages when N people open a thread; joins and leaves within the interval
        share one trailing announcement instead.
        """
        with self.lock:
            if room in self.presence_due:
                self.presence_due[room] = True
                return
            self.presence_due[room] = False
        self._send_presence(room)
        self.server.start_background_task(self._presence_interval, room)

    def _presence_interval(self, room: str) -> None:
        try:
            while True:
                time.sleep(PRESENCE_INTERVAL)
                with self.lock:
                    if not self.presence_due.get(room):
                        self.presence_due.pop(room, None)
                        return
                    self.presence_due[room] = False
                self._send_presence(room)
        except Exception:
            log.exception("live presence announcement failed")
            with self.lock:
                self.presence_due.pop(room, None)

    def _send_presence(self, room: str) -> None:
        viewers = self.presence.viewers(room)
        self.server.emit(
            "presence",
            {"room": room, "viewers": viewers, "names": [v["name"] for v in viewers]},
            to=room,
            namespace=NAMESPACE,
        )

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
                    holds[sock.credential] = _user_for(sock.credential) is not None
                if not holds[sock.credential]:
                    self.shut(sid)
            db.session.commit()
        finally:
            db.session.remove()


def _state() -> _State:
    return current_app.extensions[_STATE_KEY]


def _kind_of(room: str) -> RoomKind:
    return ROOM_KINDS.get(room.partition(":")[0], RoomKind(lambda user, target: False))


# --- socket handlers -----------------------------------------------------------------------


def use_authenticator(app: Flask, credential: CredentialReader, user_for: UserLoader) -> None:
    """Say how a handshake becomes a user; the accounts layer supplies this at start-up."""
    app.extensions[_AUTH_KEY] = (credential, user_for)


def _credential(auth: Any) -> tuple[str, str] | None:
    return current_app.extensions[_AUTH_KEY][0](auth)


def _user_for(credential: tuple[str, str]) -> Any | None:
    """The active user behind a credential, looked up afresh; None when it no longer holds."""
    return current_app.extensions[_AUTH_KEY][1](credential)


def _on_connect(auth: Any = None) -> bool:
    state = _state()
    state.start()  # the control listener should be up before this socket can be targeted
    try:
        credential = _credential(auth)
        user = _user_for(credential) if credential else None
        if user is None:
            db.session.commit()  # keep the session row's last-seen touch, if any
            raise ConnectionRefusedError(_("Sign in to receive live updates."))
        sid = request.sid
        with state.lock:
            state.sockets[sid] = _Socket(user.id, user.display_name, credential)
        personal = room_name(USER_KIND, user.id)
        state.server.enter_room(sid, personal, namespace=NAMESPACE)
        state.sockets[sid].rooms.add(personal)
        db.session.commit()
    except ConnectionRefusedError:
        raise
    except Exception:
        db.session.rollback()
        log.exception("live connect failed")
        raise ConnectionRefusedError(_("Live updates are unavailable.")) from None
    return True


def _on_disconnect(reason: Any = None) -> None:
    state = _state()
    sid = request.sid
    with state.lock:
        sock = state.sockets.get(sid)
    if sock is None:
        return
    for room in list(sock.rooms):
        state.leave(sid, room)
    with state.lock:
        state.sockets.pop(sid, None)


def _error(message: str) -> dict[str, Any]:
    return {"ok": False, "error": message}


def _parse_target(data: Any) -> tuple[str, int]:
    if not isinstance(data, dict):
        raise ValueError(_('Send an object such as {"thread": 5}.'))
    kinds = [key for key in data if key in ROOM_KINDS]
    if len(kinds) != 1:
        raise ValueError(_("Name exactly one room to follow, such as thread or channel."))
    kind = kinds[0]
    target = data[kind]
    if isinstance(target, bool) or not isinstance(target, int) or target < 1:
        raise ValueError(_("The room id must be a positive whole number."))
    return kind, target


def _active_socket(state: _State) -> tuple[_Socket | None, Any | None]:
    """This socket and its user, re-checked; a user who lost access is disconnected."""
    sock = state.sockets.get(request.sid)
    if sock is None:
        return None, None
    user = _user_for(sock.credential)
    if user is None:
        state.close_soon(request.sid)
    return sock, user


def _guarded(handler: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Commit what the handler touched; answer an error ack instead of raising."""

    def wrapped(*args: Any) -> dict[str, Any]:
        try:
            result = handler(*args)
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            log.exception("live handler %s failed", handler.__name__)
            return _error(_("Something went wrong; reload the page."))

    wrapped.__name__ = handler.__name__
    return wrapped


@_guarded
def _on_subscribe(data: Any = None) -> dict[str, Any]:
    state = _state()
    try:
        kind, target = _parse_target(data)
        since = data.get("since")
        if since is not None and (isinstance(since, bool) or not isinstance(since, int)):
            raise ValueError(_("since must be the id of the last event received."))
    except ValueError as exc:
        return _error(str(exc))
    sock, user = _active_socket(state)
    if user is None:
        return _error(_("Sign in to receive live updates."))
    room_kind = ROOM_KINDS[kind]
    if not room_kind.authorize(user, target):
        return _error(_("You may not follow this."))
    room = room_name(kind, target)
    sid = request.sid
    state.server.enter_room(sid, room, namespace=NAMESPACE)  # before catch-up: nothing lost
    with state.lock:
        sock.rooms.add(room)
    ack: dict[str, Any] = {"ok": True, "room": room}
    if since is not None:
        ack.update(_catch_up(state, sid, room, since))
    if room_kind.presence:
        state.presence.join(room, sid, user.id, user.display_name)
        state.announce_presence(room)
    return ack


def _catch_up(state: _State, sid: str, room: str, since: int) -> dict[str, Any]:
    """Send the room's events after `since` to this socket, in order; say if any are lost."""
    events, complete = _events_in(room, since)
    for event, message in events:
        state.server.emit(event, message, to=sid, namespace=NAMESPACE)
    return {"missed": len(events), "complete": complete}


@_guarded
def _on_unsubscribe(data: Any = None) -> dict[str, Any]:
    state = _state()
    try:
        kind, target = _parse_target(data)
    except ValueError as exc:
        return _error(str(exc))
    if kind == USER_KIND:
        return _error(_("The personal room cannot be left."))
    state.leave(request.sid, room_name(kind, target))
    return {"ok": True}


@_guarded
def _on_typing(data: Any = None) -> dict[str, Any]:
    state = _state()
    try:
        kind, target = _parse_target(data)
    except ValueError as exc:
        return _error(str(exc))
    room = room_name(kind, target)
    sock = state.sockets.get(request.sid)
    if sock is None or room not in sock.rooms or not ROOM_KINDS[kind].presence:
        return _error(_("Follow the thread first."))
    now = time.monotonic()
    if now - sock.last_typing < TYPING_INTERVAL:
        return {"ok": True, "relayed": False}
    sock.last_typing = now
    state.server.emit(
        "typing",
        {"room": room, "user": sock.user_id, "name": sock.name},
        to=room,
        skip_sid=request.sid,
        namespace=NAMESPACE,
    )
    return {"ok": True, "relayed": True}


# --- pruning and setup ---------------------------------------------------------------------


@periodic_task(crontab(minute="23"))
def prune_live_events() -> int:
    """Forget events older than RETENTION; clients away longer reload instead of catching up."""
    result = db.session.execute(
        delete(LiveEvent).where(LiveEvent.created_at < utcnow() - RETENTION)
    )
    return result.rowcount or 0


def async_mode() -> str:
    """ "gevent" when the process runs on gevent (gunicorn -k gevent patched the standard
    library before loading the app), else "threading" (tests, CLI, the gthread worker).

    Chosen from what is running, not from what is installed: Flask-SocketIO's own guess
    would pick gevent whenever the package is present, even in an unpatched process.
    """
    import sys

    if "gevent.monkey" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


def client_manager(app: Flask) -> pysocketio.Manager:
    """The Socket.IO client manager: Redis carries events between processes when configured.

    A new one per app, so apps built in one process (tests) never share a queue.
    """
    url = app.config["REDIS_URL"]
    if url:
        return pysocketio.RedisManager(url, channel=_channel(url, "socketio"))
    return pysocketio.Manager()


def _channel(url: str, name: str) -> str:
    """Pub/sub channels ignore Redis database numbers: name them after it, so deployments
    (or test runs) on one Redis server with different databases never hear each other."""
    from redis.connection import parse_url

    return f"workspace:{parse_url(url).get('db', 0)}:{name}"


def init_app(app: Flask) -> None:
    """Bind the handlers to the Socket.IO server that socketio.init_app() just made for app.

    They are bound to this app's own server (not through Flask-SocketIO's decorators, which
    follow the last app initialised), so several apps in one process (tests) stay apart.
    """
    state = _State(app, socketio.server)
    app.extensions[_STATE_KEY] = state
    app.add_template_global(last_event_id, "live_since")
    handlers = {
        "connect": _on_connect,
        "disconnect": _on_disconnect,
        "subscribe": _on_subscribe,
        "unsubscribe": _on_unsubscribe,
        "typing": _on_typing,
    }
    for event, handler in handlers.items():
        state.server.on(event, _in_request_context(state, event, handler), namespace=NAMESPACE)


def _in_request_context(state: _State, event: str, handler: Callable[..., Any]) -> Callable:
    """Run a handler as Flask-SocketIO would: in a request context built from the handshake."""

    def on_event(sid: str, *args: Any) -> Any:
        environ = state.server.get_environ(sid, namespace=NAMESPACE)
        if environ is None:
            if event == "connect":
                raise ConnectionRefusedError(_("Live updates are unavailable."))
            return None
        with state.app.request_context(environ):
            request.sid = sid
            request.namespace = NAMESPACE
            if event == "connect":  # (environ, auth)
                return handler(args[1] if len(args) > 1 else None)
            if event == "disconnect":
                return handler()
            return handler(*args[:1])

    on_event.__name__ = f"live_{event}"
    return on_event
