"""The production command (gunicorn with workspace/gunicorn_conf.py: the gevent worker) serves
pages and live updates: a reply posted over HTTP reaches a websocket client of the thread.
On PostgreSQL (WORKSPACE_TEST_DATABASE_URL) it runs on a scratch database with Redis too,
so psycopg and the Redis message queue are exercised under gevent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.realtime.conftest import ROOT, free_port
from workspace import create_app
from workspace.auth import actions
from workspace.auth.models import Role
from workspace.discussions import actions as discussions
from workspace.extensions import db


def _seed(database_url: str, tmp_path) -> tuple[int, str]:
    """A member with an API token and a thread they can read; (thread id, token)."""
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "setup"))
    with app.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        user = actions.create_user(f"{uuid.uuid4().hex[:8]}@test.example", "Prod", Role.MEMBER)
        _, secret = actions.create_api_token(user, "production-server")
        channel = discussions.save_channel(None, name="Live", slug=f"live-{uuid.uuid4().hex[:6]}")
        thread = discussions.create_thread(channel, user, "Gevent", "First post.")
        db.session.commit()
        thread_id = thread.id
        db.engine.dispose()
    return thread_id, secret


def _start_production(database_url: str, redis_url: str, tmp_path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WORKSPACE_")},
        "WORKSPACE_DATABASE_URL": database_url,
        "WORKSPACE_REDIS_URL": redis_url,
        "WORKSPACE_SECRET_KEY": "production-server-test-secret",
        "WORKSPACE_COOKIE_SECURE": "false",
        "WORKSPACE_OIDC_PROVIDERS": "[]",
        "WORKSPACE_MAIL_SERVER": "",
    }
    # The command of docs/operating.md, with a free port.
    command = [sys.executable, "-m", "gunicorn", "-c", "python:workspace.gunicorn_conf",
               "-b", f"127.0.0.1:{port}", "workspace.wsgi:app"]  # fmt: skip
    log = tmp_path / "gunicorn.log"
    with log.open("w") as fh:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(log.read_text())
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return process, url
        except requests.RequestException:  # not listening yet, or still importing the app
            time.sleep(0.1)
    process.terminate()
    pytest.fail(f"gunicorn did not start: {log.read_text()}")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path) -> tuple[str, str]:
    """(database URL, Redis URL): a SQLite file alone, or scratch PostgreSQL with Redis."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'prod.sqlite3'}", ""
    if not os.environ.get("WORKSPACE_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("PostgreSQL runs with WORKSPACE_TEST_DATABASE_URL")
    return request.getfixturevalue("shared_postgres"), request.getfixturevalue("shared_redis")


def test_production_gevent_server_delivers_a_reply_to_a_websocket_client(
    backend, live_client, tmp_path
):
    database_url, redis_url = backend
    thread_id, secret = _seed(database_url, tmp_path)
    process, url = _start_production(database_url, redis_url, tmp_path)
    try:
        assert requests.get(f"{url}/login", timeout=10).status_code == 200  # a page too
        client = live_client().connect(url, auth={"token": secret})
        assert client.call("subscribe", {"thread": thread_id})["ok"] is True
        reply = requests.post(
            f"{url}/api/v1/threads/{thread_id}/posts",
            json={"body": "Seen live under gevent."},
            headers={"Authorization": f"Bearer {secret}"},
            timeout=10,
        )
        assert reply.status_code == 201, reply.text
        _, data = client.next_event("post.created", skip=("presence", "thread.updated"))
        assert data["post_id"] == reply.json()["id"]
        assert "Seen live under gevent." in data["html"]
        client.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Using worker: gevent" in (tmp_path / "gunicorn.log").read_text()
