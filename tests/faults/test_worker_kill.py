"""`workspace worker` killed in the middle of a batch of e-mails and reminders: once it is
back, every due mail has gone out exactly once, and none was marked sent before the SMTP
server accepted it."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from tests.faults.services import free_port
from tests.workshops.helpers import make_workshop
from workspace.core.db import utcnow
from workspace.core.mail import send_mail
from workspace.core.outbox import OutboxMessage
from workspace.core.relay import relay_of
from workspace.extensions import db
from workspace.workshops import actions as workshop_actions

MAILS, REMINDERS, KILL_AT = 30, 10, 8
WORKSPACE = Path(sys.executable).parent / "workspace"


class KillingSMTP:
    """Accepts mail, except the KILL_AT-th: then it kills the worker sending it and answers
    "try again" to nobody, as a server that never got to accept the message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[email.message.EmailMessage] = []
        self.seen = 0
        self.victim: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, server_hostname="localhost"
        )

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.seen += 1
            if self.seen == KILL_AT and self.victim is not None:
                os.kill(self.victim.pid, signal.SIGKILL)
                return "451 4.3.0 Try again later"
            self.received.append(
                email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            )
        return "250 OK"


def _worker(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "WORKSPACE_DATABASE_URL": database_url,
        "WORKSPACE_MAIL_SERVER": "127.0.0.1",
        "WORKSPACE_MAIL_PORT": str(port),
        "WORKSPACE_REDIS_URL": "",
        "WORKSPACE_SECRET_KEY": "test-secret-key-not-for-production",
        "WORKSPACE_OIDC_PROVIDERS": "[]",
    }
    return subprocess.Popen([str(WORKSPACE), "worker", "--workers", "1"], env=env)


def _wait(check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _undelivered() -> int:
    db.session.rollback()
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.delivered_at.is_(None))
    )


def test_a_worker_killed_mid_batch_sends_every_mail_and_reminder_once(
    make_app, make_user, database_url
):
    start = utcnow().replace(microsecond=0) + timedelta(minutes=50)
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, starts_at=start, capacity=REMINDERS)
    attendees = [make_user("member") for _ in range(REMINDERS)]
    for attendee in attendees:
        workshop_actions.register(workshop.id, attendee, now=start - timedelta(days=5))
    db.session.commit()
    # Mails queued by a process whose relay is not running: the worker is to send them.
    queued = make_app(TASKS_IMMEDIATE=False)
    relay_of(queued).stop.set()
    with queued.app_context():
        # What the setup queued (registration mails) is not this test's to count.
        db.session.execute(update(OutboxMessage).values(delivered_at=utcnow()))
        for n in range(MAILS):
            send_mail(f"officer{n}@test.example", f"Notice {n}", "A notice.")
        db.session.commit()

    smtp = KillingSMTP()
    smtp.controller.start()
    try:
        smtp.victim = first = _worker(database_url, smtp.port)
        assert first.wait(60) == -signal.SIGKILL
        assert 0 < _undelivered() < MAILS + REMINDERS
        # The rows the dead worker held come back once its lease ends; end it now.
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.delivered_at.is_(None))
            .values(due_at=utcnow())
        )
        db.session.commit()
        second = _worker(database_url, smtp.port)
        try:
            _wait(lambda: _undelivered() == 0)
        finally:
            second.terminate()
            second.wait(30)
    finally:
        smtp.controller.stop()

    recipients = sorted(m["To"] for m in smtp.received)
    expected = [f"officer{n}@test.example" for n in range(MAILS)] + [a.email for a in attendees]
    assert recipients == sorted(expected)
    assert len({m["Message-ID"] for m in smtp.received}) == MAILS + REMINDERS
    reminders = [m for m in smtp.received if m["Subject"].startswith("In one hour")]
    assert len(reminders) == REMINDERS
