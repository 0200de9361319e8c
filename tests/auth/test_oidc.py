"""Single sign-on against a real OpenID Connect provider (the npm package oidc-provider)."""

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from tests.fixtures.oidc import login_through_provider, logout_through_provider
from workspace.auth.models import Identity, Role, User
from workspace.extensions import db

AMINA = "amina.haddad@example.org"


@pytest.fixture
def sso_app(app, make_app, oidc_provider):
    providers = [
        oidc_provider.provider_config(),
        oidc_provider.provider_config("other", "Other IdP"),
    ]
    return make_app(oidc_providers=json.dumps(providers))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, login: str, provider: str = "testidp", **kwargs):
    """Go from the app's button through the provider's forms and back to the callback."""
    start = client.get(f"/auth/{provider}/login")
    assert start.status_code == 302
    callback = login_through_provider(start.headers["Location"], login, **kwargs)
    return client.get(_path(callback))


def test_login_page_lists_every_provider(sso_app):
    page = sso_app.test_client().get("/login").get_data(as_text=True)
    assert "Sign in with Test IdP" in page and "Sign in with Other IdP" in page


def test_authorization_request_uses_pkce_state_and_nonce(sso_app, oidc_provider):
    start = sso_app.test_client().get("/auth/testidp/login")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert start.headers["Location"].startswith(oidc_provider.issuer)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    assert query["redirect_uri"] == ["http://localhost/auth/testidp/callback"]


def test_first_sign_in_creates_an_applicant(sso_app):
    client = sso_app.test_client()
    response = sign_in(client, "amina")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = db.session.scalar(select(User).where(User.email == AMINA))
    assert user.display_name == "Amina Haddad" and user.role is Role.APPLICANT
    assert [(i.provider, i.subject, i.email_verified) for i in user.identities] == [
        ("testidp", "amina", True)
    ]
    assert "Amina Haddad" in client.get("/").get_data(as_text=True)


def test_second_sign_in_finds_the_same_user(sso_app):
    sign_in(sso_app.test_client(), "amina")
    sign_in(sso_app.test_client(), "amina")
    assert db.session.scalars(select(User).where(User.email == AMINA)).all().__len__() == 1


def test_verified_email_links_to_an_existing_account(sso_app, make_user):
    existing = make_user(Role.MEMBER, email=AMINA, name="Amina H.")
    client = sso_app.test_client()
    sign_in(client, "amina")
    identities = db.session.scalars(
        select(Identity).where(Identity.user_id == existing.id).order_by(Identity.provider)
    ).all()
    assert [i.provider for i in identities] == ["local", "testidp"]
    assert "Amina H." in client.get("/").get_data(as_text=True)  # the member, not a new applicant


def test_unverified_email_never_takes_over_an_account(sso_app, make_user):
    make_user(Role.ADMIN, email="someone@example.org")
    client = sso_app.test_client()
    response = sign_in(client, "unverified")
    assert response.status_code == 403
    assert "has not verified it" in response.get_data(as_text=True)
    assert client.get("/account/security").status_code == 302
    assert db.session.scalar(select(Identity).where(Identity.subject == "unverified")) is None


def test_tampered_state_is_refused(sso_app):
    client = sso_app.test_client()
    start = client.get("/auth/testidp/login")
    callback = login_through_provider(start.headers["Location"], "amina")
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["state"] = "forged-" + query["state"]
    response = client.get(f"{parts.path}?{urlencode(query)}")
    assert response.status_code == 400
    assert "could not be verified" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == AMINA)) is None


def test_id_token_from_the_wrong_issuer_is_refused(
    app, make_app, oidc_provider, wrong_issuer_metadata_url
):
    config = oidc_provider.provider_config()
    config["server_metadata_url"] = wrong_issuer_metadata_url
    client = make_app(oidc_providers=json.dumps([config])).test_client()
    response = sign_in(client, "amina")
    assert response.status_code == 400
    assert "could not be verified" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == AMINA)) is None


def test_refused_consent_signs_nobody_in(sso_app):
    client = sso_app.test_client()
    response = sign_in(client, "amina", consent=False)
    assert response.status_code == 400
    assert "cancelled or refused" in response.get_data(as_text=True)


def test_unknown_provider_is_a_404(sso_app):
    assert sso_app.test_client().get("/auth/nope/login").status_code == 404
    assert sso_app.test_client().get("/auth/nope/callback?code=x&state=y").status_code == 404


def test_unreachable_provider_gets_a_clear_page(make_app, oidc_provider):
    config = oidc_provider.provider_config()
    config["server_metadata_url"] = "http://127.0.0.1:1/.well-known/openid-configuration"
    response = (
        make_app(oidc_providers=json.dumps([config])).test_client().get("/auth/testidp/login")
    )
    assert response.status_code == 502
    assert "not reachable" in response.get_data(as_text=True)


def test_logout_ends_the_local_session_and_the_provider_session(sso_app, oidc_provider):
    client = sso_app.test_client()
    sign_in(client, "amina")
    response = client.post_form("/logout")
    end_session = response.headers["Location"]
    query = parse_qs(urlsplit(end_session).query)
    assert end_session.startswith(oidc_provider.metadata()["end_session_endpoint"])
    assert query["post_logout_redirect_uri"] == ["http://localhost/"]
    assert query["id_token_hint"]
    assert client.get("/account/security").status_code == 302  # signed out here already
    assert logout_through_provider(end_session) == "http://localhost/"
