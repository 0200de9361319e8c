"""Fixtures for the live layer: a test-only room kind and Socket.IO clients on a real server."""

from __future__ import annotations

import functools
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import requires
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


# --- app processes sharing PostgreSQL and Redis (test_cross_process, test_redis_restart) ---

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("WORKSPACE_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _admin_url() -> str:
    url = os.environ.get("WORKSPACE_TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else POSTGRES_DEFAULT


@pytest.fixture
def shared_postgres() -> Iterator[str]:
    """A scratch PostgreSQL database with the schema, dropped afterwards."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"realtime_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        requires(False, f"PostgreSQL is not reachable: {exc.__class__.__name__}")
    url = make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def shared_redis() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        requires(False, f"Redis is not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    return REDIS_URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start_process(tmp_path) -> Iterator:
    """start_process(database_url, redis_url) -> base URL of a `serve --no-worker` process."""
    processes: list[subprocess.Popen] = []

    def start(database_url: str, redis_url: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "WORKSPACE_DATABASE_URL": database_url,
            "WORKSPACE_REDIS_URL": redis_url,
            "WORKSPACE_SECRET_KEY": "cross-process-test-secret",
            "WORKSPACE_COOKIE_SECURE": "false",
            "WORKSPACE_OIDC_PROVIDERS": "[]",
            "WORKSPACE_MAIL_SERVER": "",
        }
        log = open(tmp_path / f"serve-{port}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.realtime.app", "--no-worker", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail((tmp_path / f"serve-{port}.log").read_text())
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return url
            except requests.ConnectionError:
                time.sleep(0.1)
        pytest.fail(f"the app process on port {port} did not start")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
