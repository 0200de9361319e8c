"""Who is behind a live socket: the session cookie or API token of its handshake."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, session

from workspace.auth import actions
from workspace.auth.loaders import SESSION_KEY
from workspace.auth.models import User
from workspace.core.live import credentials


def credential(auth: Any) -> tuple[str, str] | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    if not token:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            token = header.removeprefix("Bearer ").strip()
    if isinstance(token, str) and token:
        return ("token", token)
    secret = session.get(SESSION_KEY)
    if isinstance(secret, str) and secret:
        return ("session", secret)
    return None


def user_for(credential: tuple[str, str]) -> User | None:
    """Looked up afresh each time: a signed-out session or revoked token stops at once."""
    kind, secret = credential
    if kind == "token":
        user = actions.user_for_api_token(secret)
    else:
        row = actions.session_for_secret(secret)
        user = row.user if row is not None else None
    if user is None or not user.is_active:
        return None
    return user


def init_app(app: Flask) -> None:
    credentials.use_authenticator(app, credential, user_for)
