"""Redis stopped and started again under live traffic, with two app processes: every reader
ends with exactly the posts that exist, each once, hidden ones hidden."""

from __future__ import annotations

import queue
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
import requests
from sqlalchemy import select

from tests.conftest import requires
from tests.realtime.conftest import LiveClient, free_port
from workspace import create_app
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role
from workspace.core.live import catchup
from workspace.discussions import actions
from workspace.discussions.models import Post
from workspace.extensions import db

SECRET_TEXT = "The night patrol leaves at 02:10."


class PrivateRedis:
    """A redis-server of this test's own, on a spare port, that it stops and starts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    requires(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


class Reader:
    """A page's live state, kept as live.js keeps it: the room's last number, each post's
    latest version; a gap or room.resync makes it catch up from that number."""

    def __init__(self, url: str, token: str, thread_id: int, since: int) -> None:
        self.client = LiveClient().connect(url, auth={"token": token})
        self.thread_id, self.since = thread_id, since
        self.posts: dict[int, dict] = {}
        self.applied: list[int] = []  # the numbers applied, in order
        self.resyncs = 0  # room.resync received
        self.catch_up()

    def catch_up(self) -> None:
        ack = self.client.call("subscribe", {"thread": self.thread_id, "since": self.since})
        assert ack["ok"] is True and ack["complete"] is True, ack

    def drain(self, wait: float = 0.2) -> None:
        behind = False
        while True:
            try:
                event, data = self.client.events.get(timeout=wait)
            except queue.Empty:
                break
            if event == "room.resync":
                self.resyncs += 1
                behind = True
            elif event.startswith("post.") and data["seq"] > self.since:
                if data["seq"] > self.since + 1:
                    behind = True  # this one comes again with those missed
                    continue
                self.since = data["seq"]
                self.applied.append(data["seq"])
                self.posts[data["post_id"]] = data
            elif event.startswith("thread.") and data["seq"] == self.since + 1:
                self.since = data["seq"]
                self.applied.append(data["seq"])
        if behind:
            self.catch_up()
            self.drain(wait)

    def has(self, post_id: int) -> bool:
        self.drain(0.05)
        return post_id in self.posts


def _setup(database_url: str, tmp_path) -> tuple[int, dict[str, str], int]:
    """Three members with API tokens, a thread, and the thread's last event number."""
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "setup"))
    with app.app_context():
        db.create_all(bind_key=None)
        tokens, members = {}, []
        for name in ("Ana", "Ben", "Chen"):
            user = auth_actions.create_user(f"{uuid.uuid4().hex[:8]}@test.example", name)
            user.role = Role.MEMBER
            tokens[name] = auth_actions.create_api_token(user, "restart")[1]
            members.append(user)
        channel = actions.save_channel(None, name="Sea borders", slug="sea-borders")
        thread = actions.create_thread(channel, members[0], "Patrol boats", "Schedules?")
        db.session.commit()
        result = thread.id, tokens, catchup.last_event_id("thread", thread.id)
        db.engine.dispose()
    return result


def _reply(base_url: str, token: str, thread_id: int, body: str) -> int:
    answer = requests.post(
        f"{base_url}/api/v1/threads/{thread_id}/posts",
        json={"body": body},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def _hide(database_url: str, post_id: int, tmp_path) -> None:
    """A moderator hides a post while Redis is down (from a process without Redis)."""
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "hide"))
    with app.app_context():
        moderator = auth_actions.create_user(f"{uuid.uuid4().hex[:8]}@test.example", "Mod")
        moderator.role = Role.MODERATOR
        actions.hide_post(db.session.get(Post, post_id), moderator, "Operational detail")
        db.session.commit()
        db.engine.dispose()


def _existing(database_url: str, thread_id: int, tmp_path) -> dict[int, bool]:
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "check"))
    with app.app_context():
        replies = db.session.scalars(
            select(Post).where(Post.thread_id == thread_id, Post.seq > 1)
        ).all()
        posts = {p.id: p.hidden_at is not None for p in replies}
        db.engine.dispose()
    return posts


def _until(condition, timeout: float = 30.0) -> float:
    """Seconds until condition() held; fails after a generous wait."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail("the readers never caught up")
    return time.monotonic() - started


def test_readers_on_two_processes_end_with_exactly_the_posts_after_a_redis_restart(
    shared_postgres, private_redis, start_process, tmp_path, capsys
):
    thread_id, tokens, since = _setup(shared_postgres, tmp_path)
    first = start_process(shared_postgres, private_redis.url)
    second = start_process(shared_postgres, private_redis.url)
    readers = [
        Reader(first, tokens["Ana"], thread_id, since),
        Reader(second, tokens["Ben"], thread_id, since),
    ]
    try:
        before = [
            _reply(url, tokens["Chen"], thread_id, f"Before {url}") for url in (first, second)
        ]
        _until(lambda: all(r.has(p) for r in readers for p in before))

        private_redis.stop()
        during = [
            _reply(url, tokens["Chen"], thread_id, f"{SECRET_TEXT} {n}")
            for n, url in enumerate((first, second, first, second))
        ]
        _hide(shared_postgres, during[0], tmp_path)

        private_redis.start()
        restarted = time.monotonic()
        # A reply through each process, repeated until the other process's reader has it.
        resumed = {}
        for url, other in ((first, readers[1]), (second, readers[0])):
            probe = _reply(url, tokens["Chen"], thread_id, f"After, through {url}")

            def delivered(probe=probe, other=other, url=url) -> bool:
                if other.has(probe):
                    return True
                _reply(url, tokens["Chen"], thread_id, f"Again, through {url}")
                time.sleep(0.2)
                return False

            _until(delivered)
            resumed[url] = round(time.monotonic() - restarted, 2)

        existing = _existing(shared_postgres, thread_id, tmp_path)
        for reader in readers:
            _until(lambda reader=reader: set(reader.posts) == set(existing) or reader.drain())
            assert len(reader.applied) == len(set(reader.applied))  # none applied twice
            assert reader.applied == list(range(since + 1, reader.since + 1))  # none missing
            assert {p: d["hidden"] for p, d in reader.posts.items()} == existing
            assert SECRET_TEXT not in reader.posts[during[0]]["html"]
            assert reader.posts[during[0]]["body_html"] == ""
        with capsys.disabled():
            print(f"\ncross-process delivery resumed after Redis restart (s): {resumed}")
            print(f"room.resync received: {[r.resyncs for r in readers]}")
    finally:
        for reader in readers:
            reader.client.close()
