"""How a handshake becomes a user: the accounts layer registers its resolver at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

# The user objects come from the accounts layer (auth.models.User), through use_authenticator().
CredentialReader = Callable[[Any], "tuple[str, str] | None"]
UserLoader = Callable[["tuple[str, str]"], Any]

_AUTH_KEY = "workspace.realtime.authenticator"


def use_authenticator(app: Flask, credential: CredentialReader, user_for: UserLoader) -> None:
    """Say how a handshake becomes a user; the accounts layer supplies this at start-up."""
    app.extensions[_AUTH_KEY] = (credential, user_for)


def credential_from(auth: Any) -> tuple[str, str] | None:
    """The ("session", secret) or ("token", secret) a handshake carries, if any."""
    return current_app.extensions[_AUTH_KEY][0](auth)


def user_for(credential: tuple[str, str]) -> Any | None:
    """The active user behind a credential, looked up afresh; None when it no longer holds."""
    return current_app.extensions[_AUTH_KEY][1](credential)
