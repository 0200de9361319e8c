"""Every kind of response carries the headers that limit what a page can do.

Pages, error pages (404, 403, 405, 413, 500), JSON answers and errors, attachments,
CSV and JSON exports, iCalendar files, static files and the live layer's polling answers:
each is fetched and checked. Behind TLS, Strict-Transport-Security and Secure cookies too.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.discussions.test_attachments_and_mail import tiny_png
from tests.workshops.helpers import make_workshop
from workspace.auth import actions as auth_actions
from workspace.discussions import actions as discussions
from workspace.discussions import attachments
from workspace.discussions.models import Post
from workspace.extensions import db

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
BIG = b"x" * (26 * 1024 * 1024)  # over the 25 MB any request may be


def _assert_protected(response, what: str) -> None:
    headers = response.headers
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy or "sandbox" in policy, f"{what}: {policy!r}"
    assert "script-src 'self'" in policy or "default-src 'none'" in policy, f"{what}: {policy!r}"


@pytest.fixture
def app_500(make_app):
    """The app, with a page and an API route that fail as a bug would."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def fail():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", "broken", fail)
    app.add_url_rule("/api/v1/broken", "api_broken", fail)
    with app.app_context():
        yield app


def test_every_kind_of_response_has_the_headers(app_500, make_user):
    client = app_500.test_client()
    member = make_user("member")
    moderator = make_user("moderator")
    applicant = make_user("applicant")
    channel = discussions.save_channel(None, name="Passenger data", slug="api-pnr")
    discussions.create_thread(channel, member, "Scans", "A scan of the form")
    post = db.session.scalar(select(Post))
    picture = attachments.attach(post, "map.png", tiny_png())
    document = attachments.attach(post, "form.pdf", b"%PDF-1.4 test")
    workshop = make_workshop(make_user("organizer"))
    _, secret = auth_actions.create_api_token(member, "t")
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}

    anonymous = [
        ("landing page", "GET", "/", {}, 200),
        ("sign-in page", "GET", "/login", {}, 200),
        ("redirect to sign in", "GET", "/members", {}, 302),
        ("page not found", "GET", "/no/such/page", {}, 404),
        ("method not allowed", "PUT", "/login", {}, 405),
        ("form too large", "POST", "/login", {"data": BIG}, 413),
        ("NUL byte in a query", "GET", "/?tag=a%00b", {}, 400),
        ("page failing", "GET", "/broken", {}, 500),
        ("API failing", "GET", "/api/v1/broken", {}, 500),
        ("API not found", "GET", "/api/v1/no-such-thing", {}, 404),
        ("API signed out", "GET", "/api/v1/members", {}, 401),
        ("API method not allowed", "DELETE", "/api/v1/members", {}, 405),
        (
            "API body too large",
            "PATCH",
            "/api/v1/members/me",
            {"data": BIG, "headers": bearer, "content_type": "application/json"},
            413,
        ),
        ("API document", "GET", "/api/v1/openapi.json", {}, 200),
        ("static file", "GET", "/static/css/app.css", {}, 200),
        ("live polling", "GET", "/socket.io/?EIO=4&transport=polling", {}, None),
    ]
    for what, method, url, kwargs, status in anonymous:
        response = client.open(url, method=method, **kwargs)
        assert status is None or response.status_code == status, (what, response.status_code)
        _assert_protected(response, what)

    signed_in = {
        applicant: [("page forbidden", "/members", 403), ("API forbidden", "/api/v1/audit", 403)],
        member: [
            ("image attachment", f"/discussions/attachments/{picture.id}/{picture.filename}", 200),
            ("file attachment", f"/discussions/attachments/{document.id}/{document.filename}", 200),
            ("iCalendar file", f"/workshops/{workshop.id}/calendar.ics", 200),
            ("own data as JSON", "/account/data/export.json", 200),
            ("API answer", "/api/v1/members/me", 200),
        ],
        moderator: [
            ("directory CSV", "/members/export.csv", 200),
            ("monitoring CSV", "/workshops/monitoring.csv", 200),
        ],
    }
    for user, fetches in signed_in.items():
        client.post_form("/logout")
        client.login(user.email)
        for what, url, status in fetches:
            response = client.get(url)
            assert response.status_code == status, (what, response.status_code)
            _assert_protected(response, what)


def test_behind_tls_browsers_are_told_to_keep_to_it(make_app, make_user):
    app = make_app(cookie_secure="true", proxy_hops="1")
    user = make_user()
    client = app.test_client()
    # TLS ended at the proxy, which says so: the app trusts it (WORKSPACE_PROXY_HOPS=1).
    behind_proxy = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in client.get("/login").headers  # plain http

    https = "https://workspace.example"
    page = client.get("/login", base_url=https).get_data(as_text=True)
    token = page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
    form = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    referer = {"Referer": f"{https}/login"}  # Flask-WTF checks it over https
    signed_in = client.post("/login", data=form, base_url=https, headers=referer)
    assert signed_in.status_code == 302
    cookie = next(c for c in signed_in.headers.getlist("Set-Cookie") if "workspace_session" in c)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert signed_in.headers["Strict-Transport-Security"].startswith("max-age=")
