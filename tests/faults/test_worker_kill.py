"""`workspace worker` killed (SIGKILL) in the middle of a batch of e-mails and workshop
reminders: once a worker runs again, every due e-mail and reminder has reached the mailbox,
and counted by Message-ID each arrived once. The message in hand when the worker died was
received but never marked sent: it comes again under the same Message-ID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

import workspace
from tests.fixtures.smtp import SMTPTestServer
from tests.workshops.helpers import make_workshop
from workspace.core import outbox
from workspace.core.db import utcnow
from workspace.core.mail import send_mail
from workspace.extensions import db
from workspace.workshops import actions as workshop_actions

MAILS, REMINDERS, KILL_AT = 30, 10, 8


class KillingMailbox(SMTPTestServer):
    """Keeps every message; on the KILL_AT-th it kills the worker sending it before
    answering, as a worker that dies after the server took the message."""

    victim: subprocess.Popen | None = None

    def _store(self, msg) -> None:
        super()._store(msg)
        if len(self.messages) == KILL_AT and self.victim is not None:
            os.kill(self.victim.pid, signal.SIGKILL)


def _worker(database_url: str, port: int, instance: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "WORKSPACE_DATABASE_URL": database_url,
        "WORKSPACE_MAIL_SERVER": "127.0.0.1",
        "WORKSPACE_MAIL_PORT": str(port),
        "WORKSPACE_REDIS_URL": "",
        "WORKSPACE_SECRET_KEY": "test-secret-key-not-for-production",
        "WORKSPACE_OIDC_PROVIDERS": "[]",
        "WORKSPACE_OUTBOX_POLL_SECONDS": "1",
        "PYTHONPATH": str(Path(workspace.__file__).parents[1]),  # this checkout's code
    }
    command = [sys.executable, "-c", "from workspace.cli import main; main()",
               "worker", "--workers", "1"]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=instance, stdout=subprocess.DEVNULL)


def _undelivered() -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(
        select(func.count(outbox.Outbox.id)).where(outbox.Outbox.delivered_at.is_(None))
    )


def _wait(check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_worker_killed_mid_batch_sends_every_mail_and_reminder_once(
    make_app, make_user, database_url, tmp_path
):
    start = utcnow().replace(microsecond=0) + timedelta(minutes=50)
    workshop = make_workshop(make_user("organizer"), starts_at=start, capacity=REMINDERS)
    attendees = [make_user("member") for _ in range(REMINDERS)]
    for attendee in attendees:
        workshop_actions.register(workshop.id, attendee, now=start - timedelta(days=5))
    db.session.commit()  # the registrations' own e-mails were relayed (logged) at once
    # Mails stored by a process whose relay does not run: the worker is to send them. The
    # reminders are not stored yet: the worker works them out from the schedule.
    queued = make_app(OUTBOX_IMMEDIATE=False)
    with queued.app_context():
        for n in range(MAILS):
            send_mail(f"officer{n}@test.example", f"Notice {n}", "A notice.")
        db.session.commit()

    smtp = KillingMailbox().start()
    try:
        smtp.victim = first = _worker(database_url, smtp.port, str(tmp_path))
        assert first.wait(60) == -signal.SIGKILL
        assert 0 < _undelivered() < MAILS + REMINDERS
        # The rows the dead worker held come back once their lease ends; end it now.
        db.session.execute(
            update(outbox.Outbox)
            .where(outbox.Outbox.delivered_at.is_(None))
            .values(next_attempt_at=utcnow())
        )
        db.session.commit()
        second = _worker(database_url, smtp.port, str(tmp_path))
        try:
            _wait(lambda: _undelivered() == 0)
        finally:
            second.terminate()
            second.wait(30)
    finally:
        smtp.stop()

    received = smtp.messages
    by_id = {m["Message-ID"]: m for m in received}
    expected = [f"officer{n}@test.example" for n in range(MAILS)] + [a.email for a in attendees]
    assert sorted(m["To"] for m in by_id.values()) == sorted(expected)
    reminders = [m for m in by_id.values() if m["Subject"].startswith("In one hour")]
    assert sorted(m["To"] for m in reminders) == sorted(a.email for a in attendees)
    # Only the message the worker died sending came twice.
    repeats = [n for n in Counter(m["Message-ID"] for m in received).values() if n > 1]
    assert repeats == [2]
