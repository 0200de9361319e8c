"""Who is asking: the session cookie for pages, a bearer token for the API."""

from __future__ import annotations

from flask import Flask, abort, g, request, session
from flask_login import current_user, logout_user

from workspace.auth import actions
from workspace.extensions import login_manager

SESSION_KEY = "sid"
# Served without looking anyone up: liveness must not touch the database.
_NO_USER_ENDPOINTS = {"static", "core.healthz"}


@login_manager.user_loader
def _load_from_session(user_id: str):
    secret = session.get(SESSION_KEY)
    if not secret:
        return None
    row = actions.session_for_secret(secret)
    if row is None or str(row.user_id) != user_id:
        session.pop(SESSION_KEY, None)
        return None
    g.user_session = row
    return row.user


@login_manager.request_loader
def _load_from_token(req):
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = actions.user_for_api_token(header.removeprefix("Bearer ").strip())
    if user is None:
        abort(401, description="The API token is unknown or revoked.")
    g.api_token_auth = True
    return user


def _refuse_inactive_users() -> None:
    """A suspended or departed user loses access at once, whatever they still hold."""
    if request.endpoint in _NO_USER_ENDPOINTS:
        return
    if not current_user.is_authenticated or current_user.is_active:
        return
    g.refusal = actions.suspension_message(current_user)
    if not g.get("api_token_auth"):
        logout_user()
        session.pop(SESSION_KEY, None)
    abort(403, description=g.refusal)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our own session rows do this job
    app.before_request(_refuse_inactive_users)


def is_api_request() -> bool:
    return request.path.startswith("/api/")
