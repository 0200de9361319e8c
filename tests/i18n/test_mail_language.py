"""E-mails reach each member in their own language, with times in their own zone, whatever
the language of whoever caused them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workshops.helpers import at, make_workshop
from workspace.auth.models import Role
from workspace.extensions import db
from workspace.members.models import MembershipRequest
from workspace.workshops import actions as workshops
from workspace.workshops.tasks import send_due_reminders

REQUEST = {
    "nominating_organization": "Direction générale de la sûreté nationale",
    "position": "Commissaire divisionnaire",
    "expertise": "Document security",
    "justification": "Coordination of the Sahel border posts.",
}


@pytest.fixture
def mail_app(app, make_app, mailbox):
    return make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))


def test_a_french_applicant_is_welcomed_in_french_by_an_english_moderator(
    mail_app, make_user, mailbox
):
    applicant = make_user(Role.APPLICANT, name="Aminata Traoré")
    applicant.locale = "fr"
    db.session.commit()
    them = mail_app.test_client()
    them.login(applicant.email)
    them.post_form("/membership/request", REQUEST)
    moderator = mail_app.test_client()
    moderator.login(make_user(Role.MODERATOR).email)
    request_id = db.session.query(MembershipRequest).one().id
    assert moderator.post_form(f"/membership/requests/{request_id}/approve").status_code == 302

    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Bienvenue dans le groupe d\u2019experts en gestion des frontières"
    assert "Bonjour Aminata Traoré," in message.text()
    assert "Dear" not in message.text()


def test_an_arabic_reader_gets_the_reminder_in_arabic_at_riyadh_time(mail_app, make_user, mailbox):
    start = at(2031, 6, 10, 5, 0)  # 08:00 in Riyadh, 12:00 in Jakarta
    workshop = make_workshop(
        make_user("organizer"), title="Maritime border surveillance", starts_at=start,
        timezone="Asia/Jakarta",
    )  # fmt: skip
    reader = make_user("member", name="Fahad Al-Mutairi")
    reader.locale, reader.timezone = "ar", "Asia/Riyadh"
    workshops.register(workshop.id, reader, now=start - timedelta(days=5))
    db.session.commit()
    mailbox.clear()

    with mail_app.app_context():
        assert send_due_reminders(start - timedelta(hours=23, minutes=58)) == 1
        db.session.commit()
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "غدًا: Maritime border surveillance"
    body = message.text()
    assert "10 يونيو 2031" in body and "8:00" in body and "الرياض" in body
    assert "Reminder" not in body and "Asia/" not in body
