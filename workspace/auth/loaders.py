"""Who is asking: the session cookie for pages, a bearer token for the API.

Each request starts by reading its viewer (auth/viewer.py) into `g.viewer` with one plain
statement, and refuses suspended and departed accounts there. `current_user` stays the
`User` model object for code that changes the account or links rows to it; Flask-Login
loads it on first use, from the viewer already checked.
"""

from __future__ import annotations

from flask import Flask, abort, g, request, session
from flask_login import current_user, logout_user, user_logged_in, user_logged_out
from sqlalchemy.orm import joinedload

from workspace.auth import actions
from workspace.auth.models import User, UserSession
from workspace.auth.viewer import (
    Viewer,
    current_viewer,
    from_api_token,
    from_session_secret,
    viewer_of,
)
from workspace.core import api_mount
from workspace.extensions import csrf, db, login_manager

SESSION_KEY = "sid"
_FLASK_LOGIN_USER_KEY = "_user_id"
# Served without looking anyone up: liveness must not touch the database.
_NO_USER_ENDPOINTS = {"static", "home.healthz"}


def _from_session() -> Viewer | None:
    secret = session.get(SESSION_KEY)
    if not secret:
        return None
    viewer = from_session_secret(secret)
    if viewer is None or viewer.get_id() != session.get(_FLASK_LOGIN_USER_KEY):
        session.pop(SESSION_KEY, None)
        return None
    return viewer


def _from_token() -> Viewer | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    viewer = from_api_token(header.removeprefix("Bearer ").strip())
    if viewer is None:
        abort(401, description="The API token is unknown or revoked.")
    return viewer


def _identify() -> None:
    """Read the viewer; a suspended or departed user loses access at once, whatever they hold."""
    g.viewer = None
    if request.endpoint in _NO_USER_ENDPOINTS:
        return
    viewer = _from_session() or _from_token()
    if viewer is None or viewer.is_active:
        g.viewer = viewer
        return
    g.refusal = actions.suspension_message(viewer)
    if viewer.token_id is None:
        logout_user()
        session.pop(SESSION_KEY, None)
    abort(403, description=g.refusal)


def _account(viewer: Viewer | None) -> User | None:
    if viewer is None:
        return None
    return db.session.get(User, viewer.id, options=[joinedload(User.profile)])


@login_manager.user_loader
def _load_from_session(user_id: str) -> User | None:
    viewer = current_viewer()
    if viewer is None or viewer.session_id is None or viewer.get_id() != user_id:
        return None
    return _account(viewer)


@login_manager.request_loader
def _load_from_token(req) -> User | None:
    viewer = current_viewer()
    return _account(viewer) if viewer is not None and viewer.token_id is not None else None


def current_session_row() -> UserSession | None:
    """The browser session of this request, for the pages that show or revoke it."""
    viewer = current_viewer()
    if viewer is None or viewer.session_id is None:
        return None
    return db.session.get(UserSession, viewer.session_id)


def _signed_in(app: Flask, user: User) -> None:
    g.viewer = viewer_of(user)


def _signed_out(app: Flask, user: User) -> None:
    g.viewer = None


_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    # Flask-Login's own context processor loads the member's model object for every page
    # rendered, for the few templates that read it: they get the lazy proxy instead.
    login_manager.init_app(app, add_context_processor=False)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our own session rows do this job
    app.before_request(_identify)
    app.before_request(protect_api_writes)
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
    app.context_processor(lambda: {"viewer": current_viewer(), "current_user": current_user})


def is_api_request() -> bool:
    return request.path.startswith(api_mount.PREFIX + "/")


def protect_api_writes() -> None:
    """A write needs the CSRF token unless a valid token, not a cookie, says who is asking:
    a bearer header alone proves nothing when the session cookie is what signed the viewer in
    (auth/loaders.py reads the cookie first)."""
    is_write = (
        request.path.startswith(api_mount.PREFIX + "/") and request.method not in _SAFE_METHODS
    )
    if not is_write:
        return
    viewer = current_viewer()
    # Nobody signed in: there is no cookie worth forging, and the write answers 401 like
    # any other API refusal instead of a complaint about a missing CSRF token.
    if viewer is not None and viewer.token_id is None:
        csrf.protect()
