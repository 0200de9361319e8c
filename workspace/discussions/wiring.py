"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from workspace.core import api_mount, navigation, versions
from workspace.discussions import api, home, live, notifications, rendering, views
from workspace.discussions.permissions import MODERATE, READ_DISCUSSIONS
from workspace.notifications.permissions import register_subject


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    api_mount.register(app, api.blp)
    rendering.init_app(app)
    versions.read_with_viewer("channels", "people")  # on every thread and channel page
    live.init_app(app)
    register_subject("thread", notifications.SUBJECT)
    navigation.add_link(
        app, navigation.NavLink("discussions.index", _l("Discussions"), READ_DISCUSSIONS, 50)
    )
    for block in (
        navigation.HomeBlock("discussions/_home_flags.html", home.open_flags, MODERATE, 8),
        navigation.HomeBlock("discussions/_home.html", home.news, READ_DISCUSSIONS, 30),
    ):
        navigation.add_home_block(app, block)
