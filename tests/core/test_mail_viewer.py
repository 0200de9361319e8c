"""The mail viewer: with no SMTP server the demo's e-mails are kept, and admins read them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from workspace.auth.models import Role, User
from workspace.core import mail
from workspace.extensions import db

LINK = re.compile(r'<a href="(https?://[^"]+)" rel="noopener">')
PASSWORD = "a long enough passphrase 42"


def _path(url: str) -> str:
    return urlsplit(url).path


def _open_only_message(admin, subject: str) -> str:
    listing = admin.get("/admin/outbox/").get_data(as_text=True)
    ids = re.findall(r'href="/admin/outbox/(\d+)" dir="auto">' + re.escape(subject), listing)
    assert ids, listing
    return admin.get(f"/admin/outbox/{ids[0]}").get_data(as_text=True)


def test_an_invitation_read_in_the_outbox_signs_the_invitee_up(make_app, make_user):
    app = make_app(mail_viewer="true")
    moderator, admin_user = make_user(Role.MODERATOR), make_user(Role.ADMIN)
    mod, admin, guest = app.test_client(), app.test_client(), app.test_client()
    mod.login(moderator.email)
    mod.post_form("/membership/invitations", {"email": "guest@frontex.example"})
    admin.login(admin_user.email)

    message = _open_only_message(admin, "An invitation to the border management expert group")
    assert "<bdi>guest@frontex.example</bdi>" in message
    [invitation] = [u for u in LINK.findall(message) if "/invitations/" in u]

    page = guest.get(_path(invitation)).get_data(as_text=True)
    assert "Create an account" in page
    guest.post_form(
        "/signup",
        {"display_name": "Ana Guest", "email": "guest@frontex.example",
         "password": PASSWORD, "confirm": PASSWORD},
    )  # fmt: skip
    confirmation = _open_only_message(admin, "Finish creating your account")
    [confirm] = [u for u in LINK.findall(confirmation) if "/signup/confirm/" in u]
    assert guest.post_form(_path(confirm)).status_code == 302
    assert guest.post_form(_path(invitation)).status_code == 302
    db.session.expire_all()
    guest_user = db.session.query(User).filter_by(email="guest@frontex.example").one()
    assert guest_user.role is Role.MEMBER


def test_a_message_is_shown_as_escaped_text(make_app, make_user):
    app = make_app(mail_viewer="true")
    admin_user = make_user(Role.ADMIN)
    mail.send_mail(
        "x@test.example", "Hello <b>", "<script>alert(1)</script> https://a.example/?x=1&y=2"
    )
    db.session.commit()
    admin = app.test_client()
    admin.login(admin_user.email)
    page = _open_only_message(admin, "Hello &lt;b&gt;")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://a.example/?x=1&amp;y=2" rel="noopener">' in page


def test_the_viewer_is_off_unless_enabled_and_for_admins_only(make_app, make_user):
    off = make_app()  # auto, outside the embedded server: a production process
    admin_user, moderator = make_user(Role.ADMIN), make_user(Role.MODERATOR)
    mail.send_mail("x@test.example", "Reminder", "Tomorrow at nine.")
    db.session.commit()
    client = off.test_client()
    client.login(admin_user.email)
    assert client.get("/admin/outbox/").status_code == 404
    assert "E-mails kept" not in client.get("/").get_data(as_text=True)
    on = make_app(mail_viewer="true")
    admin, mod = on.test_client(), on.test_client()
    admin.login(admin_user.email)
    mod.login(moderator.email)
    assert admin.get("/admin/outbox/").status_code == 200
    assert "E-mails kept" in admin.get("/").get_data(as_text=True)
    assert mod.get("/admin/outbox/").status_code == 403


def test_auto_turns_the_viewer_on_under_the_embedded_server_without_smtp():
    assert mail.viewer_enabled({"MAIL_VIEWER": "auto", "EMBEDDED_SERVER": True, "MAIL_SERVER": ""})
    assert not mail.viewer_enabled(
        {"MAIL_VIEWER": "auto", "EMBEDDED_SERVER": True, "MAIL_SERVER": "smtp.example.org"}
    )
    assert not mail.viewer_enabled({"MAIL_VIEWER": "auto", "MAIL_SERVER": ""})
    assert mail.viewer_enabled({"MAIL_VIEWER": True, "MAIL_SERVER": "smtp.example.org"})
