"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from workspace.core import api_mount, navigation, permissions, versions
from workspace.workshops import api, home, tasks, views


def init_app(app: Flask) -> None:
    versions.read_with_viewer(
        "workshops", "members"
    )  # the list, and its topics' names (core/versions.py)
    tasks.init_app(app)
    app.register_blueprint(views.bp)
    api_mount.register(app, api.blp)
    navigation.add_link(
        app, navigation.NavLink("workshops.index", _l("Workshops"), permissions.MEMBER, 40)
    )
    for block in (
        navigation.HomeBlock(
            "workshops/_home_waiting.html", home.registrations_to_confirm, permissions.MEMBER, 6
        ),
        navigation.HomeBlock("workshops/_home.html", home.news, permissions.MEMBER, 40),
    ):
        navigation.add_home_block(app, block)
