"""Reminders a day and an hour before, through a real SMTP server, never twice."""

from __future__ import annotations

from datetime import timedelta

from tests.workshops.helpers import at, make_workshop
from workspace.extensions import db
from workspace.workshops import actions
from workspace.workshops.tasks import send_due_reminders, workshop_reminders


def test_reminders_are_sent_once_each(make_app, make_user, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    start = at(2031, 6, 10, 5, 0)
    organizer = make_user("organizer")
    workshop = make_workshop(
        organizer, title="Maritime border surveillance — ASEAN", starts_at=start,
        timezone="Asia/Jakarta",
    )  # fmt: skip
    member = make_user("member", email="siti@test.example")
    waiting = make_user("member")
    workshop.capacity = 1
    actions.register(workshop.id, member, now=start - timedelta(days=5))
    actions.register(workshop.id, waiting, now=start - timedelta(days=5))
    db.session.commit()

    with app.app_context():
        assert send_due_reminders(start - timedelta(days=2)) == 0
        assert send_due_reminders(start - timedelta(hours=23, minutes=58)) == 1
        db.session.commit()
    [day] = mailbox.wait_for(1)
    assert day["To"] == "siti@test.example" and day["Subject"].startswith("Tomorrow")
    assert "12:00 (Asia/Jakarta)" in day.text()

    with app.app_context():
        # Later runs of the job send the day reminder no more.
        assert send_due_reminders(start - timedelta(hours=20)) == 0
        assert send_due_reminders(start - timedelta(minutes=55)) == 1
        db.session.commit()
        assert send_due_reminders(start - timedelta(minutes=50)) == 0
        db.session.commit()
    messages = mailbox.wait_for(2)
    assert messages[1]["Subject"].startswith("In one hour")
    # The scheduled pass itself (run now, long before the workshop) sends nothing more.
    with app.app_context():
        workshop_reminders()
        db.session.commit()
    assert len(mailbox.messages) == 2
