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
    member.timezone = "Asia/Jakarta"  # e-mails show times in the reader's own zone
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
    assert "Jun 10, 2031, 12:00\u202fPM (Jakarta)" in day.text()

    with app.app_context():
        # Later runs of the job send the day reminder no more.
        assert send_due_reminders(start - timedelta(hours=20)) == 0
        assert send_due_reminders(start - timedelta(minutes=55)) == 1
        db.session.commit()
        assert send_due_reminders(start - timedelta(minutes=50)) == 0
        db.session.commit()
    messages = mailbox.wait_for(2)
    assert messages[1]["Subject"].startswith("In one hour")
    # The periodic job itself (run now, long before the workshop) sends nothing more.
    with app.app_context():
        workshop_reminders()
        db.session.commit()
    assert len(mailbox.messages) == 2


def test_suspended_and_departed_members_get_no_reminder_nor_notice(make_app, make_user, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    start = at(2031, 6, 10, 5, 0)
    workshop = make_workshop(make_user("organizer"), starts_at=start)
    active = make_user("member", email="active@test.example")
    suspended = make_user("member", email="suspended@test.example")
    departed = make_user("member", email="departed@test.example")
    for member in (active, suspended, departed):
        actions.register(workshop.id, member, now=start - timedelta(days=5))
    suspended.suspended_at = start - timedelta(days=4)
    departed.deactivated_at = start - timedelta(days=4)
    db.session.commit()

    with app.app_context():
        assert send_due_reminders(start - timedelta(minutes=55)) == 1
        db.session.commit()
    [reminder] = mailbox.wait_for(1)
    assert reminder["To"] == "active@test.example"
    assert "https://meet.example.org/api-pnr" in reminder.text()

    with app.test_request_context():
        held = db.session.get(type(workshop), workshop.id)
        actions.cancel_workshop(held, held.organizer)
        db.session.commit()
    messages = mailbox.wait_for(2)
    assert [m["To"] for m in messages] == ["active@test.example"] * 2
