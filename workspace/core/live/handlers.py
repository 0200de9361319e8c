"""The Socket.IO events a client sends: connect, disconnect, subscribe, unsubscribe, typing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import gettext as _
from socketio.exceptions import ConnectionRefusedError

from workspace.core.live.catchup import catch_up
from workspace.core.live.credentials import credential_from, user_for
from workspace.core.live.membership import LiveState, Socket, current_state
from workspace.core.live.presence import relay_typing
from workspace.core.live.rooms import ROOM_KINDS, USER_KIND, parse_target, room_name
from workspace.extensions import db

log = logging.getLogger(__name__)


def on_connect(auth: Any = None) -> bool:
    state = current_state()
    state.start()  # the control listener should be up before this socket can be targeted
    try:
        credential = credential_from(auth)
        user = user_for(credential) if credential else None
        if user is None:
            db.session.commit()  # keep the session row's last-seen touch, if any
            raise ConnectionRefusedError(_("Sign in to receive live updates."))
        sid = request.sid
        with state.lock:
            state.sockets[sid] = Socket(user.id, user.display_name, credential)
        state.join(sid, room_name(USER_KIND, user.id))
        db.session.commit()
    except ConnectionRefusedError:
        raise
    except Exception:
        db.session.rollback()
        log.exception("live connect failed")
        raise ConnectionRefusedError(_("Live updates are unavailable.")) from None
    return True


def on_disconnect(reason: Any = None) -> None:
    state = current_state()
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


def _active_socket(state: LiveState) -> tuple[Socket | None, Any | None]:
    """This socket and its user, re-checked; a user who lost access is disconnected."""
    sock = state.sockets.get(request.sid)
    if sock is None:
        return None, None
    user = user_for(sock.credential)
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
def on_subscribe(data: Any = None) -> dict[str, Any]:
    state = current_state()
    try:
        kind, target = parse_target(data)
        since = data.get("since")
        if since is not None and (isinstance(since, bool) or not isinstance(since, int)):
            raise ValueError(_("since must be the number of the last event received."))
    except ValueError as exc:
        return _error(str(exc))
    user = _active_socket(state)[1]
    if user is None:
        return _error(_("Sign in to receive live updates."))
    room_kind = ROOM_KINDS[kind]
    if not room_kind.authorize(user, target):
        return _error(_("You may not follow this."))
    room = room_name(kind, target)
    sid = request.sid
    state.join(sid, room, room_kind.audience_of(user, target))  # before catch-up: nothing lost
    ack: dict[str, Any] = {"ok": True, "room": room}
    if since is not None:
        ack.update(catch_up(state, sid, room, since))
    if room_kind.presence:
        try:
            state.presence.join(room, sid, user.id, user.display_name)
            state.announce_presence(room)
        except Exception:  # Redis down: the room works, the list of viewers waits
            log.warning("live presence unavailable for %s", room)
    return ack


@_guarded
def on_unsubscribe(data: Any = None) -> dict[str, Any]:
    state = current_state()
    try:
        kind, target = parse_target(data)
    except ValueError as exc:
        return _error(str(exc))
    if kind == USER_KIND:
        return _error(_("The personal room cannot be left."))
    state.leave(request.sid, room_name(kind, target))
    return {"ok": True}


@_guarded
def on_typing(data: Any = None) -> dict[str, Any]:
    state = current_state()
    try:
        kind, target = parse_target(data)
    except ValueError as exc:
        return _error(str(exc))
    room = room_name(kind, target)
    sock = state.sockets.get(request.sid)
    if sock is None or room not in sock.rooms or not ROOM_KINDS[kind].presence:
        return _error(_("Follow the thread first."))
    relayed = relay_typing(state.server, request.sid, sock, room)
    return {"ok": True, "relayed": relayed}
