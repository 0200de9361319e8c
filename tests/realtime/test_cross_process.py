"""Two app processes sharing PostgreSQL and Redis: events and control cross between them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import requires
from workspace import create_app
from workspace.auth import actions
from workspace.extensions import db

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start_process(tmp_path) -> Iterator:
    """start_process(database_url, redis_url) -> base URL of a `serve --no-worker` process."""
    processes: list[subprocess.Popen] = []

    def start(database_url: str, redis_url: str) -> str:
        port = _free_port()
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


def _member_token(database_url: str, tmp_path) -> tuple[int, str]:
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "setup"))
    with app.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        user = actions.create_user(f"{uuid.uuid4().hex[:8]}@test.example", "Cross Process")
        user.role = user.role.__class__("member")
        _, secret = actions.create_api_token(user, "cross-process")
        db.session.commit()
        user_id = user.id
        db.engine.dispose()
    return user_id, secret


def test_event_published_through_one_process_reaches_a_client_of_the_other(
    shared_postgres, shared_redis, start_process, live_client, tmp_path
):
    user_id, secret = _member_token(shared_postgres, tmp_path)
    first, second = (
        start_process(shared_postgres, shared_redis),
        start_process(shared_postgres, shared_redis),
    )
    client = live_client().connect(first, auth={"token": secret})
    assert client.call("subscribe", {"testroom": 1})["ok"] is True

    response = requests.post(
        f"{second}/_live_test/publish",
        json={"room": 1, "event": "post.created", "payload": {"post_id": 5, "html": "<p>x</p>"}},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    _, data = client.next_event("post.created", skip=("presence",))
    assert data == {
        "id": response.json()["id"],
        "room": "testroom:1",
        "seq": 1,
        "post_id": 5,
        "html": "<p>x</p>",
    }

    # A user suspended through the other process is disconnected here too.
    assert requests.post(f"{second}/_live_test/disconnect/{user_id}", timeout=10).ok
    assert client.disconnected.wait(10)


def test_presence_is_shared_across_processes(
    shared_postgres, shared_redis, start_process, live_client, tmp_path
):
    _, secret = _member_token(shared_postgres, tmp_path)
    first, second = (
        start_process(shared_postgres, shared_redis),
        start_process(shared_postgres, shared_redis),
    )
    room = 1 + uuid.uuid4().int % 99  # presence lives in Redis, outside the scratch database
    one = live_client().connect(first, auth={"token": secret})
    assert one.call("subscribe", {"testroom": room})["ok"] is True
    one.next_event("presence")
    two = live_client().connect(second, auth={"token": secret})
    assert two.call("subscribe", {"testroom": room})["ok"] is True
    _, data = one.next_event("presence")
    assert data["room"] == f"testroom:{room}"
    assert data["names"] == ["Cross Process"]
