"""The outbox: rows written with the write in one INSERT, dropped with a rollback, and a
mail marked sent only once the SMTP server accepted it, under the same Message-ID."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.discussions.helpers import sign_in
from tests.faults.services import free_port
from workspace.bench.querycount import count_queries
from workspace.core import outbox
from workspace.core.db import utcnow
from workspace.core.mail import send_mail
from workspace.core.outbox import OutboxMessage
from workspace.core.relay import relay_of, run_pass
from workspace.extensions import db


class RefusingOnce:
    """An SMTP server that answers "try again" to the first message, then accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.answers = 0
        self.received: list[email.message.EmailMessage] = []
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, server_hostname="localhost"
        )

    async def handle_DATA(self, server, session, envelope) -> str:
        self.answers += 1
        if self.answers == 1:
            return "451 4.3.0 Try again later"
        raw = envelope.original_content
        self.received.append(email.message_from_bytes(raw, policy=email.policy.default))
        return "250 OK"


def _held_app(make_app, **settings):
    """An app whose relay never runs by itself: the test runs its passes."""
    app = make_app(TASKS_IMMEDIATE=False, **settings)
    relay_of(app).stop.set()
    return app


def test_a_reply_writes_what_follows_it_in_one_insert(
    make_app, make_user, make_channel, make_thread, mailbox
):
    app = _held_app(make_app, mail_server=mailbox.host, mail_port=str(mailbox.port))
    followers = [make_user("member") for _ in range(3)]
    thread = make_thread(make_channel(), followers[0])
    for follower in followers[1:]:
        client = app.test_client()
        sign_in(client, follower)
        client.post_form(f"/discussions/threads/{thread.id}/subscribe")
    author = make_user("member")
    client = app.test_client()
    sign_in(client, author)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    with count_queries(app) as queries:
        answer = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "Hello"})
    assert answer.status_code == 302
    inserts = [s for s in queries.statements if s.lstrip().upper().startswith("INSERT INTO OUTBOX")]
    assert len(inserts) == 1, queries
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert {r.kind for r in rows} >= {"live.emit", "job"}
    assert all(r.delivered_at is None for r in rows)

    mailbox.clear()
    run_pass(app)
    assert sorted(m["To"] for m in mailbox.wait_for(3)) == sorted(f.email for f in followers)
    run_pass(app)  # delivered rows are never sent again
    assert len(mailbox.messages) == 3


def test_a_rolled_back_write_leaves_nothing_to_send(app, client):
    def refuse():
        send_mail("someone@test.example", "Never", "Rolled back.")
        return "refused", 400

    app.add_url_rule("/_refuse", "refuse", refuse)
    assert client.get("/_refuse").status_code == 400
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_refused_mail_waits_and_goes_again_with_the_same_message_id(app, make_app):
    smtp = RefusingOnce()
    smtp.controller.start()
    try:
        mailer = _held_app(
            make_app, mail_server="127.0.0.1", mail_port=str(smtp.port), OUTBOX_RETRY_SECONDS=60
        )
        with mailer.app_context():
            send_mail("officer@test.example", "Agenda", "The agenda is attached.")
            db.session.commit()
        [row] = db.session.scalars(select(OutboxMessage)).all()
        run_pass(mailer)
        db.session.refresh(row)
        assert row.delivered_at is None and row.attempts == 1 and "451" in row.last_error
        assert smtp.received == []
        assert row.due_at >= utcnow() + timedelta(seconds=50)  # backing off
        run_pass(mailer)
        assert smtp.answers == 1  # not due yet
        row.due_at = utcnow()  # the backoff is over
        db.session.commit()
        run_pass(mailer)
        db.session.refresh(row)
        assert row.delivered_at is not None and row.attempts == 2
        [mail] = smtp.received
        assert smtp.answers == 2
        assert mail["Message-ID"] == f"<outbox.{row.id}@127.0.0.1>"
    finally:
        smtp.controller.stop()


def test_an_unknown_kind_is_refused_at_once(app):
    try:
        outbox.add("no-such-kind", {})
    except ValueError as exc:
        assert "no-such-kind" in str(exc)
    else:
        raise AssertionError("an unknown kind was accepted")
