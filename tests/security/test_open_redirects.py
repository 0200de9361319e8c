"""Every return address a client gives is followed only when it stays on this site."""

from __future__ import annotations

import pytest

from workspace.core.urls import local_path, safe_next

OFF_SITE = [
    "//evil.example",
    "////evil.example",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http://evil.example/",
    "HTTPS://evil.example",
    "https:evil.example",
    "//evil.example@localhost/",
    "http://localhost@evil.example/",
    "https://localhost/",  # this host, another scheme: the test client speaks http
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "evil.example",
    "relative/path",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/%00",
    "/%FF%FE",
    "/" + "a" * 3000,
    "",
]

ON_SITE = [
    "/",
    "/directory",
    "/directory?country=KE&page=2",
    "/discussions/threads/3#post-9",
    "/search?q=a%20b",
    "/search?q=http://example.org",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_addresses_fall_back_to_the_home_page(app, target):
    with app.test_request_context("/"):
        assert local_path(target) is None
        assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_paths_of_this_site_are_followed(app, target):
    with app.test_request_context("/"):
        assert safe_next(target) == target


def test_an_absolute_address_of_this_site_becomes_its_path(app):
    with app.test_request_context("/", base_url="http://localhost"):
        assert safe_next("http://localhost/directory?page=2") == "/directory?page=2"


@pytest.mark.parametrize("target", ["////evil.example", "/\\evil.example", "/%2F%2Fevil.example"])
def test_sign_in_does_not_send_the_browser_off_site(client, make_user, target):
    user = make_user()
    token = client.csrf_token()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"csrf_token": token, "email": user.email, "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # Already signed in, the sign-in page forwards at once: still not off site.
    again = client.get("/login", query_string={"next": target})
    assert again.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client, make_user):
    user = make_user()
    token = client.csrf_token()
    response = client.post(
        "/login?next=/directory",
        data={"csrf_token": token, "email": user.email, "password": "correct-horse-battery"},
    )
    assert response.headers["Location"] == "/directory"


@pytest.mark.parametrize("target", ["////evil.example", "https://evil.example", "/\t/evil"])
def test_the_language_switcher_does_not_send_the_browser_off_site(client, target):
    response = client.post_form("/language", {"locale": "fr", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switcher_returns_to_the_page(client):
    response = client.post_form("/language", {"locale": "fr", "next": "/login?x=1"})
    assert response.headers["Location"] == "/login?x=1"
