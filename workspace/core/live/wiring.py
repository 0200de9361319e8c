"""Start-up: the Socket.IO server's mode and queue, and the handlers bound to each app."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

import socketio as pysocketio
from flask import Flask, request
from flask_babel import gettext as _
from socketio.exceptions import ConnectionRefusedError

from workspace.core.live import handlers
from workspace.core.live.catchup import last_event_id
from workspace.core.live.control import RETRY_EVERY, redis_channel
from workspace.core.live.membership import LiveState, attach
from workspace.core.live.names import NAMESPACE, EventName
from workspace.extensions import socketio

log = logging.getLogger(__name__)

HANDLERS: dict[EventName, Callable[..., Any]] = {
    EventName.CONNECT: handlers.on_connect,
    EventName.DISCONNECT: handlers.on_disconnect,
    EventName.SUBSCRIBE: handlers.on_subscribe,
    EventName.UNSUBSCRIBE: handlers.on_unsubscribe,
    EventName.TYPING: handlers.on_typing,
}


def async_mode() -> str:
    """ "gevent" when the process runs on gevent (gunicorn -k gevent patched the standard
    library before loading the app), else "threading" (tests, CLI, the gthread worker).

    Chosen from what is running, not from what is installed: Flask-SocketIO's own guess
    would pick gevent whenever the package is present, even in an unpatched process.
    """
    if "gevent.monkey" in sys.modules:
        # Only imported when gevent already is: importing it is what we must not do here.
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


class RetryingRedisManager(pysocketio.RedisManager):
    """python-socketio's Redis queue, listening again every RETRY_EVERY seconds once Redis is
    back instead of backing off up to a minute: presence and typing resume within a second.
    (Room events travel on the control channel, control.py, which retries the same way.)"""

    def _redis_listen_with_retries(self):  # pragma: no cover - exercised with Redis restarts
        subscribed = False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                yield from self.pubsub.listen()
            except Exception:
                log.warning("Socket.IO queue lost Redis; listening again")
                subscribed = False
                time.sleep(RETRY_EVERY)


def client_manager(app: Flask) -> pysocketio.Manager:
    """The Socket.IO client manager: Redis carries presence and typing between processes
    when configured.

    A new one per app, so apps built in one process (tests) never share a queue.
    """
    url = app.config["REDIS_URL"]
    if url:
        return RetryingRedisManager(url, channel=redis_channel(url, "socketio"))
    return pysocketio.Manager()


def init_app(app: Flask) -> None:
    """Bind the handlers to the Socket.IO server that socketio.init_app() just made for app.

    They are bound to this app's own server (not through Flask-SocketIO's decorators, which
    follow the last app initialised), so several apps in one process (tests) stay apart.
    """
    state = attach(app, socketio.server)
    app.add_template_global(last_event_id, "live_since")
    for event, handler in HANDLERS.items():
        state.server.on(
            event.value, _in_request_context(state, event, handler), namespace=NAMESPACE
        )


def _in_request_context(
    state: LiveState, event: EventName, handler: Callable[..., Any]
) -> Callable:
    """Run a handler as Flask-SocketIO would: in a request context built from the handshake."""

    def on_event(sid: str, *args: Any) -> Any:
        environ = state.server.get_environ(sid, namespace=NAMESPACE)
        if environ is None:
            if event == EventName.CONNECT:
                raise ConnectionRefusedError(_("Live updates are unavailable."))
            return None
        with state.app.request_context(environ):
            request.sid = sid
            request.namespace = NAMESPACE
            if event == EventName.CONNECT:  # (environ, auth)
                return handler(args[1] if len(args) > 1 else None)
            if event == EventName.DISCONNECT:
                return handler()
            return handler(*args[:1])

    on_event.__name__ = f"live_{event.value}"
    return on_event
