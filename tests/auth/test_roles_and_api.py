import pytest
from flask import Blueprint

from workspace.auth import actions
from workspace.auth.models import Role
from workspace.core.db import utcnow
from workspace.core.permissions import MEMBER, MODERATOR, Permission, can, require
from workspace.extensions import db

# Pages that exist only to exercise the permission mechanism the domains use.
probe = Blueprint("probe", __name__)


@probe.route("/probe/member")
@require(MEMBER)
def member_page():
    return "member area"


@probe.route("/probe/moderator")
@require(MODERATOR)
def moderator_page():
    return "moderator area"


@pytest.fixture
def probe_app(make_app):
    app = make_app()
    app.register_blueprint(probe)
    return app


@pytest.mark.parametrize(
    ("role", "member_status", "moderator_status"),
    [
        (Role.APPLICANT, 403, 403),
        (Role.MEMBER, 200, 403),
        (Role.ORGANIZER, 200, 403),
        (Role.MODERATOR, 200, 200),
        (Role.ADMIN, 200, 200),
    ],
)
def test_pages_refuse_lower_roles(probe_app, make_user, role, member_status, moderator_status):
    client = probe_app.test_client()
    client.login(make_user(role).email)
    assert client.get("/probe/member").status_code == member_status
    assert client.get("/probe/moderator").status_code == moderator_status


def test_visitor_is_sent_to_sign_in(probe_app):
    response = probe_app.test_client().get("/probe/member")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/probe/member")


def test_suspension_cuts_an_open_session_at_once(probe_app, make_user):
    user = make_user(Role.MODERATOR)
    client = probe_app.test_client()
    client.login(user.email)
    assert client.get("/probe/member").status_code == 200
    user.suspended_at = utcnow()
    db.session.commit()
    response = client.get("/probe/member")
    assert response.status_code == 403
    assert "suspended" in response.get_data(as_text=True)
    # The session is gone, not just refused once.
    assert client.get("/account/security").status_code == 302


def test_suspended_user_cannot_sign_in(client, make_user):
    user = make_user(suspended=True)
    response = client.post_form(
        "/login", {"email": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 401
    assert "suspended" in response.get_data(as_text=True)


def test_suspension_with_an_end_date_expires(make_user):
    user = make_user()
    from datetime import timedelta

    user.suspended_at = utcnow() - timedelta(days=3)
    user.suspended_until = utcnow() - timedelta(days=1)
    assert user.is_active and user.effective_role is Role.MEMBER
    user.suspended_until = utcnow() + timedelta(days=1)
    assert not user.is_active and user.effective_role is Role.VISITOR


def test_object_rules_combine_with_roles(make_user):
    author, other, moderator = make_user(), make_user(), make_user(Role.MODERATOR)
    edit = Permission(
        "edit_note",
        Role.MEMBER,
        lambda u, note: u.id == note["author_id"] or u.role >= Role.MODERATOR,
    )
    note = {"author_id": author.id}
    assert can(edit, note, user=author)
    assert not can(edit, note, user=other)
    assert can(edit, note, user=moderator)


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_api_me_with_a_token(client, make_user):
    user = make_user(Role.ORGANIZER, name="Aigerim Sadykova")
    _, secret = actions.create_api_token(user, "script")
    db.session.commit()
    response = client.get("/api/v1/me", headers=_bearer(secret))
    assert response.status_code == 200
    assert response.json["display_name"] == "Aigerim Sadykova"
    assert response.json["role"] == "organizer"


def test_api_without_credentials_is_a_json_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["code"] == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_or_unknown_token_is_refused(client, make_user):
    user = make_user()
    token, secret = actions.create_api_token(user, "script")
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    actions.revoke_api_token(token)
    db.session.commit()
    response = client.get("/api/v1/me", headers=_bearer(secret))
    assert response.status_code == 401
    assert "revoked" in response.json["message"]
    assert client.get("/api/v1/me", headers=_bearer("bmw_made-up")).status_code == 401


def test_tokens_are_stored_hashed(make_user):
    user = make_user()
    token, secret = actions.create_api_token(user, "script")
    assert secret not in (token.token_hash, token.hint)
    assert token.token_hash != secret and len(token.token_hash) == 64


def test_suspended_users_token_stops_working(client, make_user):
    user = make_user()
    _, secret = actions.create_api_token(user, "script")
    db.session.commit()
    user.suspended_at = utcnow()
    db.session.commit()
    response = client.get("/api/v1/me", headers=_bearer(secret))
    assert response.status_code == 403
    assert "suspended" in response.json["message"]


def test_token_lifecycle_through_the_api(client, make_user):
    user = make_user()
    _, secret = actions.create_api_token(user, "bootstrap")
    db.session.commit()
    created = client.post("/api/v1/tokens", json={"name": "stats export"}, headers=_bearer(secret))
    assert created.status_code == 201
    new_secret = created.json["token"]
    listed = client.get("/api/v1/tokens", headers=_bearer(new_secret)).json
    assert {t["name"] for t in listed} == {"bootstrap", "stats export"}
    assert all("token" not in t for t in listed)
    assert (
        client.delete(f"/api/v1/tokens/{created.json['id']}", headers=_bearer(secret)).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=_bearer(new_secret)).status_code == 401


def test_api_refuses_invalid_input_with_field_errors(client, make_user):
    user = make_user()
    _, secret = actions.create_api_token(user, "t")
    db.session.commit()
    response = client.post("/api/v1/tokens", json={"name": ""}, headers=_bearer(secret))
    assert response.status_code == 422
    assert "name" in str(response.json["errors"])


def test_cannot_revoke_someone_elses_token(client, make_user):
    alice, bob = make_user(), make_user()
    bobs_token, _ = actions.create_api_token(bob, "bob's")
    _, alice_secret = actions.create_api_token(alice, "alice's")
    db.session.commit()
    response = client.delete(f"/api/v1/tokens/{bobs_token.id}", headers=_bearer(alice_secret))
    assert response.status_code == 404


def test_cookie_authenticated_api_writes_need_the_csrf_token(client, make_user):
    user = make_user()
    client.login(user.email)
    assert client.get("/api/v1/me").json["id"] == user.id
    refused = client.post("/api/v1/tokens", json={"name": "x"})
    assert refused.status_code == 400
    allowed = client.post(
        "/api/v1/tokens", json={"name": "x"}, headers={"X-CSRFToken": client.csrf_token()}
    )
    assert allowed.status_code == 201


@pytest.mark.parametrize("header", ["Bearer x", "Bearer ", "Bearer"])
def test_a_bearer_header_that_signs_nobody_in_does_not_skip_csrf(client, make_user, header):
    user = make_user()
    client.login(user.email)
    refused = client.post("/api/v1/tokens", json={"name": "x"}, headers={"Authorization": header})
    assert refused.status_code == 400
    assert "expired or came from elsewhere" in refused.json["message"]
    assert client.get("/api/v1/tokens").json == []


def test_a_valid_token_beside_the_session_cookie_still_needs_csrf(client, make_user):
    """The cookie, read first, is what signs this request in: a cross-site form could send it."""
    user = make_user()
    _, secret = actions.create_api_token(user, "script")
    db.session.commit()
    client.login(user.email)
    refused = client.post("/api/v1/tokens", json={"name": "x"}, headers=_bearer(secret))
    assert refused.status_code == 400


def test_a_valid_token_alone_needs_no_csrf(app, make_user):
    user = make_user()
    _, secret = actions.create_api_token(user, "script")
    db.session.commit()
    created = app.test_client().post("/api/v1/tokens", json={"name": "x"}, headers=_bearer(secret))
    assert created.status_code == 201


def test_applicant_can_create_a_token_in_the_account_page(client, make_user):
    user = make_user(Role.APPLICANT)
    client.login(user.email)
    page = client.post_form("/account/tokens", {"name": "my script"}).get_data(as_text=True)
    assert "will not be shown again" in page
    assert "my script" in page


def test_openapi_document_is_generated_from_the_code(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/me" in doc["paths"]
    assert "delete" in doc["paths"]["/api/v1/tokens/{token_id}"]
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
