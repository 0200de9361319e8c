"""OpenID Connect providers, registered with Authlib from WORKSPACE_OIDC_PROVIDERS."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

_EXTENSION = "workspace.oidc"


def init_app(app: Flask) -> None:
    # One registry per app: Authlib caches clients by name, and tests build many apps.
    oauth = OAuth(app)
    for provider in app.config["OIDC_PROVIDERS"]:
        oauth.register(
            provider["name"],
            client_id=provider["client_id"],
            client_secret=provider["client_secret"],
            server_metadata_url=provider["server_metadata_url"],
            # Authlib adds state and nonce itself; S256 turns on PKCE.
            client_kwargs={"scope": provider["scope"], "code_challenge_method": "S256"},
        )
    app.extensions[_EXTENSION] = oauth


def providers() -> list[dict[str, str]]:
    return current_app.config["OIDC_PROVIDERS"]


def get_client(name: str):
    """The Authlib client for a configured provider, or None."""
    if not any(p["name"] == name for p in providers()):
        return None
    return current_app.extensions[_EXTENSION].create_client(name)
