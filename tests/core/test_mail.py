from workspace.core.mail import send_mail
from workspace.extensions import db


def test_mail_leaves_only_after_commit(make_app, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    with app.app_context():
        send_mail("amina@test.example", "Membership approved", "Welcome to the group.")
        assert mailbox.messages == []
        db.session.commit()
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Membership approved"
    assert message["To"] == "amina@test.example"
    assert "Welcome to the group." in message.text()


def test_rolled_back_mail_is_never_sent(make_app, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    with app.app_context():
        send_mail("amina@test.example", "Should not leave", "x")
        db.session.rollback()
        db.session.commit()
    assert mailbox.messages == []
