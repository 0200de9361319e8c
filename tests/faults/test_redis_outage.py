"""Redis stopped while replies are posted through the pages and the API: every reply is
answered as a success and stored once, each notification e-mail leaves once when Redis is
back, and signing in works meanwhile (the rate limit counts in the process).

The Redis is the test's own (tests/faults/services.py): the shared one stays up."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from sqlalchemy import func, select

from tests.discussions.helpers import sign_in
from tests.faults.services import RedisServer
from workspace.auth import actions as auth_actions
from workspace.core import outbox
from workspace.discussions.models import Post
from workspace.extensions import db

OUTAGE_REPLIES = 20  # one every half second: a ten-second outage


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.remove()


def _undelivered() -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(
        select(func.count(outbox.Outbox.id)).where(outbox.Outbox.delivered_at.is_(None))
    )


@pytest.fixture
def relay():
    """The outbox relay of `workspace serve`, in a thread of the test."""
    stop = threading.Event()
    threads = []

    def start(app):
        thread = threading.Thread(target=outbox.run_forever, args=(app, stop), daemon=True)
        thread.start()
        threads.append(thread)

    yield start
    stop.set()
    for thread in threads:
        thread.join(10)


def _wait_until_delivered(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while _undelivered() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _undelivered() == 0, "outbox rows still waiting"


def test_replies_during_a_redis_outage_are_answered_stored_and_mailed_once(
    make_app, make_user, make_channel, make_thread, mailbox, own_redis, relay, caplog
):
    app = make_app(
        redis_url=own_redis.url,
        mail_server=mailbox.host,
        mail_port=str(mailbox.port),
        TASKS_IMMEDIATE=False,
        OUTBOX_IMMEDIATE=False,
        OUTBOX_POLL_SECONDS=0.2,
    )
    follower = make_user("member", email="follower@test.example")
    author = make_user("member")
    thread = make_thread(make_channel(), follower)  # its author follows it
    _, secret = auth_actions.create_api_token(author, "script")
    db.session.commit()
    client = app.test_client()
    sign_in(client, author)
    script = app.test_client()  # a token and no session cookie, as a script sends
    mailbox.clear()
    relay(app)  # as `workspace serve` runs it: it needs the database and SMTP, not Redis

    caplog.set_level(logging.WARNING)
    own_redis.stop()
    try:
        bodies = []
        for n in range(OUTAGE_REPLIES):
            body = f"Reply {n} posted while Redis is down"
            bodies.append(body)
            if n % 2:
                answer = script.post(
                    f"/api/v1/threads/{thread.id}/posts",
                    json={"body": body},
                    headers={"Authorization": f"Bearer {secret}"},
                )
                assert answer.status_code == 201, answer.get_data(as_text=True)
            else:
                answer = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": body})
                assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
            time.sleep(0.5)
        # Signing in still works: the limiter counts in this process meanwhile.
        other = app.test_client()
        other.login(make_user("member").email)
        assert "falling back to in-memory storage" in caplog.text
    finally:
        own_redis.start()

    _wait_until_delivered()
    stored = db.session.scalars(select(Post.body).where(Post.thread_id == thread.id)).all()
    assert sorted(b for b in stored if "Redis is down" in b) == sorted(bodies)
    mails = mailbox.messages
    assert len(mails) == OUTAGE_REPLIES
    assert {m["To"] for m in mails} == {"follower@test.example"}
    ids = {m["Message-ID"] for m in mails}
    assert len(ids) == OUTAGE_REPLIES
