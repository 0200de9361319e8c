"""The JSON API under /api/v1, documented by an OpenAPI 3 document built from the code.

Each domain defines a flask_smorest Blueprint in its api.py and mounts it with register().
Clients authenticate with a personal access token (Authorization: Bearer ...) or, from the
site's own pages, with the session cookie plus the CSRF token on writes.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from workspace.extensions import csrf

PREFIX = "/api/v1"


def register(app: Flask, blueprint) -> None:
    """Mount a domain's API blueprint under /api/v1; called from the domain's init_app."""
    csrf.exempt(blueprint)
    api = app.extensions["workspace.api"]
    api.register_blueprint(blueprint, url_prefix=PREFIX + (blueprint.url_prefix or ""))


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="Border Management Expert Workspace API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "servers": [{"url": "/"}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearerAuth": []}],
            "info": {
                "description": "Personal access tokens are created under Account → API tokens "
                "or with `workspace token create EMAIL`."
            },
        },
    )
    app.extensions["workspace.api"] = Api(app)
