"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from workspace.core import api_mount, navigation, permissions, versions
from workspace.members import api, home, views
from workspace.members.permissions import MANAGE_MEMBERSHIP


def init_app(app: Flask) -> None:
    versions.read_with_viewer("members")  # the directory (core/versions.py)
    app.register_blueprint(views.bp)
    api_mount.register(app, api.blp)
    for link in (
        navigation.NavLink("members.directory", _l("Members"), permissions.MEMBER, 10),
        navigation.NavLink("members.queue", _l("Requests"), permissions.MODERATOR, 20),
    ):
        navigation.add_link(app, link)
    navigation.add_home_block(
        app,
        navigation.HomeBlock("members/_home.html", home.waiting_requests, MANAGE_MEMBERSHIP, 5),
    )
