"""Every page and endpoint of the members domain refuses the roles it must refuse."""

import pytest

from workspace.auth import actions as auth_actions
from workspace.auth.models import Role
from workspace.extensions import db

ROLES = ["visitor", "applicant", "member", "suspended", "organizer", "moderator", "admin"]
ALLOWED = {
    "member+": {"member", "organizer", "moderator", "admin"},
    "moderator+": {"moderator", "admin"},
    "admin": {"admin"},
    "signed-in": {"applicant", "member", "organizer", "moderator", "admin"},
}

# (method, url template, who may, expected status when allowed)
PAGES = [
    ("GET", "/members", "member+", 200),
    ("GET", "/members/{target}", "member+", 200),
    ("GET", "/members/{target}/edit", "moderator+", 200),
    ("GET", "/members/{target}/manage", "moderator+", 200),
    ("GET", "/members/export.csv", "moderator+", 200),
    ("GET", "/members/expertise", "admin", 200),
    ("GET", "/membership/requests", "moderator+", 200),
    ("GET", "/membership/request", "signed-in", 200),
    ("GET", "/audit", "moderator+", 200),
    ("GET", "/account/data", "signed-in", 200),
    ("GET", "/account/data/export.json", "signed-in", 200),
    ("POST", "/members/{target}/role", "moderator+", 302),
    ("POST", "/members/{target}/suspend", "moderator+", 400),
    ("POST", "/membership/invitations", "moderator+", 302),
]
API = [
    ("GET", "/api/v1/members", "member+", 200),
    ("GET", "/api/v1/members/{target}", "member+", 200),
    ("GET", "/api/v1/members/me", "signed-in", 200),
    ("PATCH", "/api/v1/members/me", "member+", 200),
    ("GET", "/api/v1/membership/requests", "moderator+", 200),
    ("POST", "/api/v1/members/{target}/role", "moderator+", 200),
    ("POST", "/api/v1/members/{target}/reinstate", "moderator+", 409),
    ("GET", "/api/v1/audit", "moderator+", 200),
    ("GET", "/api/v1/members/me/export", "signed-in", 200),
]


def _client_as(app, make_user, role: str):
    client = app.test_client()
    if role == "visitor":
        return client, None
    user = make_user("member" if role == "suspended" else role)
    client.login(user.email)
    if role == "suspended":
        from workspace.core.db import utcnow

        user.suspended_at = utcnow()
        db.session.commit()
    return client, user


@pytest.mark.parametrize("role", ROLES)
def test_pages_permission_matrix(app, make_user, role):
    target = make_user()
    client, _ = _client_as(app, make_user, role)
    for method, template, who, ok in PAGES:
        url = template.format(target=target.id)
        response = client.get(url) if method == "GET" else client.post_form(url, {"role": "member"})
        allowed = role in ALLOWED[who]
        if allowed:
            assert response.status_code == ok, (role, method, url, response.status_code)
        elif role == "visitor" or (role == "suspended" and response.status_code == 302):
            # A suspended user is refused once (403), then signed out like a visitor.
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(app, make_user, role):
    target = make_user()
    client = app.test_client()
    headers = {}
    if role != "visitor":
        user = make_user("member" if role == "suspended" else role)
        _, secret = auth_actions.create_api_token(user, "t")
        if role == "suspended":
            from workspace.core.db import utcnow

            user.suspended_at = utcnow()
        db.session.commit()
        headers = {"Authorization": f"Bearer {secret}"}
    for method, template, who, ok in API:
        url = template.format(target=target.id)
        body = {"role": "member"} if url.endswith("/role") else {}
        response = client.open(url, method=method, json=body, headers=headers)
        allowed = role in ALLOWED[who]
        if allowed:
            expected = {ok}
        elif role == "visitor":
            expected = {401}  # a write too: no cookie signs it in, so no CSRF token is asked
        else:
            expected = {403}
        assert response.status_code in expected, (role, method, url, response.get_json())


def test_moderator_cannot_act_on_an_admin_or_themselves(client, make_user):
    moderator = make_user(Role.MODERATOR)
    admin = make_user(Role.ADMIN)
    client.login(moderator.email)
    for url in (f"/members/{admin.id}/suspend", f"/members/{moderator.id}/suspend"):
        assert client.post_form(url, {"reason": "x"}).status_code == 403
    db.session.expire_all()
    assert admin.is_active and moderator.is_active


def test_applicant_profiles_are_not_in_the_directory(client, make_user):
    applicant = make_user(Role.APPLICANT, name="Not Yet Member")
    client.login(make_user().email)
    assert "Not Yet Member" not in client.get("/members").get_data(as_text=True)
    assert client.get(f"/members/{applicant.id}").status_code == 404
