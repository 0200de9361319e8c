import re

from sqlalchemy import select

from tests.conftest import PASSWORD
from workspace.auth.models import Role, User, UserSession
from workspace.extensions import db


def test_member_signs_in_and_sees_their_name(client, make_user):
    user = make_user(Role.MEMBER, name="Fatima Al-Sabah")
    response = client.login(user.email)
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Fatima Al-Sabah" in page
    assert "Member" in page


def test_email_is_case_insensitive(client, make_user):
    user = make_user(email="Nurlan.B@Border.example")
    client.login("NURLAN.b@border.EXAMPLE")
    assert user.display_name in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user()
    response = client.post_form("/login", {"email": user.email, "password": "not-it-at-all"})
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert client.get("/account/security").status_code == 302  # still signed out


def test_unknown_email_gets_the_same_message(client):
    response = client.post_form("/login", {"email": "nobody@test.example", "password": "x" * 12})
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/account/security").status_code == 302


def test_signin_is_rate_limited(make_app, make_user):
    app = make_app(login_rate_limit="3 per minute")
    client = app.test_client()
    user = make_user()
    token = client.csrf_token()
    codes = [
        client.post(
            "/login", data={"csrf_token": token, "email": user.email, "password": "bad-pass-1"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    # Even the right password is refused until the window passes.
    right = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert right.status_code == 429
    assert "Too many attempts" in right.get_data(as_text=True)


def test_starting_single_sign_on_is_rate_limited_and_other_pages_are_not(make_app):
    client = make_app(login_rate_limit="3 per minute").test_client()
    codes = [client.get("/auth/nope/login").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]  # an unknown provider, until the limit refuses
    assert {client.get("/").status_code for _ in range(5)} == {200}


def test_session_id_is_rotated_at_signin(client, make_user):
    user = make_user()
    client.get("/")
    with client.session_transaction() as before:
        before["sid"] = "planted-by-an-attacker"
    client.login(user.email)
    with client.session_transaction() as after:
        assert after["sid"] != "planted-by-an-attacker"
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()
    assert len(sessions) == 1


def test_session_cookie_flags(make_app, make_user):
    app = make_app(cookie_secure="true")
    client = app.test_client()
    response = client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_logout_revokes_the_session(client, make_user):
    user = make_user()
    client.login(user.email)
    with client.session_transaction() as sess:
        secret = sess["sid"]
    response = client.post_form("/logout")
    assert response.status_code == 302
    assert client.get("/account/security").status_code == 302
    # Replaying the old cookie value does not bring the session back.
    with client.session_transaction() as sess:
        sess["sid"] = secret
        sess["_user_id"] = str(user.id)
    assert client.get("/account/security").status_code == 302


def test_revoking_a_session_from_the_account_page_signs_that_browser_out(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    laptop.login(user.email)
    phone.login(user.email)
    phone_session = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id.desc())
    ).first()
    response = laptop.post_form(f"/account/sessions/{phone_session.id}/revoke")
    assert response.status_code == 302
    assert phone.get("/account/security").status_code == 302
    assert laptop.get("/account/security").status_code == 200


SIGNUP = {
    "display_name": "Chidi Okafor",
    "email": "chidi@customs.example",
    "password": "a-long-password",
    "confirm": "a-long-password",
}
_LINK = re.compile(r"https?://\S+/signup/confirm/\S+")


def test_signup_confirms_the_address_then_creates_an_applicant(app, make_app, mailbox):
    client = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port)).test_client()
    response = client.post_form("/signup", SIGNUP)
    assert response.status_code == 200
    assert "chidi@customs.example" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "chidi@customs.example")) is None
    [message] = mailbox.wait_for(1)
    assert message["To"] == "chidi@customs.example"
    link = _LINK.search(message.text()).group(0)
    path = link[link.index("/signup/confirm/") :]
    assert client.get(path).status_code == 200  # a button: a link preview creates nothing
    assert client.post_form(path).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "chidi@customs.example"))
    assert user.role is Role.APPLICANT and user.display_name == "Chidi Okafor"
    assert "not yet admitted" in client.get("/").get_data(as_text=True)
    client.post_form("/logout")
    client.login("chidi@customs.example", "a-long-password")
    reused = client.post_form(path)  # a second use creates nothing more
    assert reused.status_code in (302, 400)
    assert len(list(db.session.scalars(select(User)))) == 1


def test_signup_answers_the_same_whether_the_address_has_an_account(make_app, mailbox, make_user):
    client = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port)).test_client()
    existing = make_user(email="taken@customs.example", name="Aigerim Sadykova")
    fresh = client.post_form("/signup", {**SIGNUP, "email": "free@customs.example"})
    taken = client.post_form("/signup", {**SIGNUP, "email": "taken@customs.example"})
    assert fresh.status_code == taken.status_code == 200
    strip = lambda r, e: r.get_data(as_text=True).replace(e, "").split('name="csrf_token"')[0]  # noqa: E731
    assert strip(fresh, "free@customs.example") == strip(taken, "taken@customs.example")
    notice = mailbox.wait_for(1, to="taken@customs.example")[0]
    assert "already have an account" in notice.text() and not _LINK.search(notice.text())
    db.session.expire_all()
    assert db.session.get(User, existing.id).display_name == "Aigerim Sadykova"


def test_signup_refuses_short_password_and_a_forged_link(client):
    short = client.post_form(
        "/signup",
        {"display_name": "A", "email": "a@test.example", "password": "short", "confirm": "short"},
    )
    assert short.status_code == 400
    assert "at least 10" in short.get_data(as_text=True).replace("between 10", "at least 10")
    forged = client.post_form("/signup/confirm/not-a-real-token")
    assert forged.status_code == 400
    assert "no longer valid" in forged.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_operator_can_switch_local_signup_and_signin_off(make_app, make_user):
    no_signup = make_app(local_signup="false").test_client()
    assert no_signup.get("/signup").status_code == 404
    assert "Create one" not in no_signup.get("/login").get_data(as_text=True)

    no_local = make_app(local_login="false").test_client()
    user = make_user()
    page = no_local.get("/login").get_data(as_text=True)
    assert 'name="password"' not in page
    token = no_local.csrf_token()
    response = no_local.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 404


def test_login_follows_only_same_site_next(client, make_user):
    user = make_user()
    token = client.csrf_token()
    response = client.post(
        "/login?next=https://evil.example/steal",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"
    client.post_form("/logout")
    token = client.csrf_token()
    response = client.post(
        "/login?next=/account/security",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/account/security"
