"""The session cookie is checked once per process: a copy from the cache must behave as the
cookie itself would, whatever other requests did with it."""

from __future__ import annotations

from workspace.auth.models import Role


def _cookie(client) -> str:
    return client.get_cookie("workspace_session").value


def test_a_tampered_cookie_is_refused_after_the_genuine_one_was_seen(make_app, make_user):
    app = make_app()
    client = app.test_client()
    client.login(make_user(Role.MEMBER).email)
    genuine = _cookie(client)
    assert "Sign out" in client.get("/").text
    forged = genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")
    stranger = app.test_client()
    stranger.set_cookie("workspace_session", forged)
    assert "Sign out" not in stranger.get("/").text


def test_an_expired_cookie_signs_nobody_in(make_app, make_user):
    app = make_app()
    client = app.test_client()
    client.login(make_user(Role.MEMBER).email)
    assert "Sign out" in client.get("/").text
    app.permanent_session_lifetime = 0  # every cookie is now older than allowed
    assert "Sign out" not in client.get("/").text


def test_only_sessions_of_plain_values_are_kept(make_app, make_user):
    app = make_app()
    client = app.test_client()
    client.login(make_user(Role.MEMBER).email)
    client.get("/")
    plain = _cookie(client)
    client.post_form("/logout")  # the signed-out page's cookie holds a message (a list)
    with_message = _cookie(client)
    assert "You are signed out." in client.get("/").text  # sent, opened, not kept
    checked = app.session_interface._checked
    assert plain in checked and with_message not in checked
    with app.test_request_context("/", headers={"Cookie": f"workspace_session={plain}"}):
        from flask import request

        first = app.session_interface.open_session(app, request)
        first["sid"] = "changed by one request"
        second = app.session_interface.open_session(app, request)
    assert second["sid"] != "changed by one request"
