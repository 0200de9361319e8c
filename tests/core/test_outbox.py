"""The outbox through the real relay: e-mail waits out an SMTP outage and leaves once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.fixtures.smtp import SMTPTestServer, _free_port
from workspace.core import outbox
from workspace.core.db import utcnow
from workspace.core.mail import send_mail
from workspace.extensions import db


def test_mail_waits_for_smtp_and_is_delivered_once(make_app):
    port = _free_port()
    app = make_app(mail_server="127.0.0.1", mail_port=str(port), OUTBOX_IMMEDIATE=False)
    with app.app_context():
        send_mail("amina@test.example", "Membership approved", "Welcome.")
        db.session.commit()
        assert outbox.relay(app) == 0  # nothing listens on the port yet
        [row] = db.session.scalars(select(outbox.Outbox)).all()
        assert row.attempts == 1 and row.delivered_at is None and row.last_error
    server = SMTPTestServer(port=port).start()
    try:
        with app.app_context():
            assert outbox.relay(app) == 0  # not due yet: it waits before trying again
            assert outbox.relay(app, now=utcnow() + timedelta(minutes=1)) == 1
            assert outbox.relay(app, now=utcnow() + timedelta(hours=2)) == 0
        [message] = server.wait_for(1)
        assert message["Subject"] == "Membership approved"
        assert message["Message-ID"].startswith(f"<outbox.{row.id}.")
    finally:
        server.stop()


def test_a_relay_that_fails_mid_batch_delivers_each_mail_once_later(make_app, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port), OUTBOX_IMMEDIATE=False)
    calls = []

    def flaky(entry):
        calls.append(entry.id)
        if len(calls) == 3:
            raise ConnectionError("relay stopped mid-batch")
        flaky.__wrapped__(entry)

    with app.app_context():
        for number in range(5):
            send_mail(f"m{number}@test.example", f"Notice {number}", "x")
        db.session.commit()
        real = outbox._handlers["mail"]
        flaky.__wrapped__ = real
        outbox.register("mail", flaky)
        try:
            assert outbox.relay(app) == 4
        finally:
            outbox.register("mail", real)
        assert outbox.relay(app, now=utcnow() + timedelta(minutes=1)) == 1
    messages = mailbox.wait_for(5)
    assert sorted(m["To"] for m in messages) == [f"m{n}@test.example" for n in range(5)]
    assert len({m["Message-ID"] for m in messages}) == 5
