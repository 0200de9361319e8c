"""Fixtures for the live layer: a test-only room kind and Socket.IO clients on a real server."""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import socketio

from workspace.auth import actions
from workspace.core.live import publishing, rooms
from workspace.core.live_events import LiveEvent
from workspace.core.permissions import MEMBER, can
from workspace.extensions import db

# Rooms a test has taken away from a user: {(user_id, room_id)}.
REVOKED: set[tuple[int, int]] = set()
RESTRICTED_FROM = 100  # rooms with this id or more are refused to everyone


def authorize_test_room(user, room_id: int) -> bool:
    """Members may follow rooms below 100 unless a test revoked them; like a real authorizer."""
    return (
        can(MEMBER, None, user) and room_id < RESTRICTED_FROM and (user.id, room_id) not in REVOKED
    )


rooms.register_room_kind("testroom", authorize_test_room, presence=True)


class LiveClient:
    """A python-socketio client that records every event it receives, in order."""

    def __init__(self) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.disconnected = threading.Event()
        self.sio.on("*", lambda event, data=None: self.events.put((event, data)))
        self.sio.on("disconnect", lambda *args: self.disconnected.set())

    def connect(self, url: str, **kwargs: Any) -> LiveClient:
        self.sio.connect(url, transports=["websocket"], wait_timeout=10, **kwargs)
        return self

    def call(self, event: str, data: Any) -> Any:
        return self.sio.call(event, data, timeout=10)

    def next_event(self, name: str | None = None, skip: tuple[str, ...] = ()) -> tuple[str, Any]:
        """The next event received (of that name, if given); fails after a generous wait."""
        while True:
            try:
                event, data = self.events.get(timeout=10)
            except queue.Empty:
                pytest.fail(f"no {name or 'event'} received")
            if event in skip:
                continue
            if name is None or event == name:
                return event, data
            if name is not None and event != name:
                pytest.fail(f"expected {name}, received {event} {data}")

    def close(self) -> None:
        if self.sio.connected:
            ws = getattr(self.sio.eio, "ws", None)
            if ws is not None:  # the dev server answers no close frame: don't wait 3 s for it
                ws.close = functools.partial(ws.close, timeout=0.2)
            self.sio.disconnect()


@pytest.fixture
def live_client() -> Iterator[Callable[[], LiveClient]]:
    clients: list[LiveClient] = []

    def make() -> LiveClient:
        client = LiveClient()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def revoked() -> Iterator[set[tuple[int, int]]]:
    yield REVOKED
    REVOKED.clear()


def token_for(user) -> str:
    _, secret = actions.create_api_token(db.session.merge(user), "live test")
    db.session.commit()
    return secret


def publish_in(app, room_id: int, event: str, payload: dict, commit: bool = True) -> int:
    """Publish through `app` (the server the clients are on) and commit or roll back."""
    with app.app_context():
        row = publishing.publish("testroom", room_id, event, payload)
        event_id = row.id
        if commit:
            db.session.commit()
        else:
            db.session.rollback()
    return event_id


def seq_of(app, event_id: int) -> int:
    """The number of a stored event in its room: what a client sends as `since`."""
    with app.app_context():
        return db.session.get(LiveEvent, event_id).seq
