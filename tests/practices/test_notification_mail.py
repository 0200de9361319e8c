"""A practice published in a followed region is e-mailed like other notifications."""

from __future__ import annotations

from workspace.auth.models import User
from workspace.extensions import db
from workspace.notifications import actions as notifications
from workspace.notifications import mail
from workspace.notifications.models import EmailMode
from workspace.practices import actions
from workspace.practices import notifications as practice_notifications
from workspace.practices.models import Practice, PracticeStatus


def test_followers_get_an_email_at_once_or_in_the_digest(
    make_app, mailbox, make_user, make_practice
):
    author, moderator = make_user("member"), make_user("moderator")
    quick, slow = make_user("member"), make_user("member")
    applicant = make_user("applicant")
    practice = make_practice(author, status=PracticeStatus.SUBMITTED, regions=["ASEAN"],
                             title="Coastal radar chain")  # fmt: skip
    app = make_app(
        mail_server=mailbox.host, mail_port=str(mailbox.port), base_url="https://ws.example"
    )
    with app.app_context():
        for user in (quick, slow, applicant):
            practice_notifications.set_subscriptions(db.session.get(User, user.id), ["ASEAN"], [])
        notifications.set_email_mode(db.session.get(User, slow.id), EmailMode.DIGEST)
        db.session.commit()
        with app.test_request_context():
            actions.approve(
                db.session.get(Practice, practice.id), db.session.get(User, moderator.id)
            )
            db.session.commit()
        [message] = mailbox.wait_for(1)
        assert message["To"] == quick.email and "Coastal radar chain" in message["Subject"]
        assert f"https://ws.example/practices/{practice.id}" in message.text()
        assert mail.send_digests() == 1
        db.session.commit()
        digest = mailbox.wait_for(2)[1]
        assert digest["To"] == slow.email and "Coastal radar chain" in digest.text()
    assert all(m["To"] != applicant.email for m in mailbox.messages)
