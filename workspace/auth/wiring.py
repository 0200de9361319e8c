"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask

from workspace.auth import api, live, loaders, oidc, views
from workspace.core import api_mount


def init_app(app: Flask) -> None:
    loaders.init_app(app)
    oidc.init_app(app)
    live.init_app(app)
    app.register_blueprint(views.bp)
    api_mount.register(app, api.blp)
