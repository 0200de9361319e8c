"""Redis stopped while replies are posted: every reply succeeds, is stored once, and is
e-mailed once; live events wait in the outbox and go out when Redis is back."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import func, select

from tests.discussions.helpers import sign_in
from tests.faults.services import RedisServer
from workspace.auth import actions as auth_actions
from workspace.core.outbox import OutboxMessage
from workspace.core.relay import relay_of
from workspace.discussions.models import Post
from workspace.extensions import db

OUTAGE_REPLIES = 20  # one every half second: a ten-second outage


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.remove()


def _undelivered(kind: str | None = None) -> int:
    query = select(func.count(OutboxMessage.id)).where(OutboxMessage.delivered_at.is_(None))
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(query)


def _wait_until_delivered(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while _undelivered() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _undelivered() == 0, "outbox rows still waiting"


def test_replies_during_a_redis_outage_are_answered_stored_and_mailed_once(
    make_app, make_user, make_channel, make_thread, mailbox, own_redis, caplog
):
    app = make_app(
        redis_url=own_redis.url,
        mail_server=mailbox.host,
        mail_port=str(mailbox.port),
        TASKS_IMMEDIATE=False,
        OUTBOX_RETRY_SECONDS=0.2,
        OUTBOX_MAX_RETRY_SECONDS=1,
    )
    relay = relay_of(app)
    relay.run_forever(poll=0.2)
    follower = make_user("member", email="follower@test.example")
    author = make_user("member")
    thread = make_thread(make_channel(), follower)  # its author follows it
    _, secret = auth_actions.create_api_token(author, "script")
    db.session.commit()
    client = app.test_client()
    sign_in(client, author)
    mailbox.clear()

    caplog.set_level(logging.WARNING)
    own_redis.stop()
    try:
        bodies = []
        for n in range(OUTAGE_REPLIES):
            body = f"Reply {n} posted while Redis is down"
            bodies.append(body)
            if n % 2:
                answer = client.post(
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
        # The live events wait for Redis.
        assert _undelivered("live.emit") > 0
    finally:
        own_redis.start()

    _wait_until_delivered()
    relay.close()
    stored = db.session.scalars(select(Post.body).where(Post.thread_id == thread.id)).all()
    assert sorted(b for b in stored if "Redis is down" in b) == sorted(bodies)
    mails = mailbox.messages
    assert len(mails) == OUTAGE_REPLIES
    assert {m["To"] for m in mails} == {"follower@test.example"}
    ids = {m["Message-ID"] for m in mails}
    assert len(ids) == OUTAGE_REPLIES and all(i.endswith("@127.0.0.1>") for i in ids)
