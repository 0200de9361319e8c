"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace.core import api_mount, navigation
from workspace.core.regions import region_codes, region_name
from workspace.notifications.permissions import register_subject
from workspace.practices import api, home, notifications, views
from workspace.practices.permissions import CURATE, READ_PRACTICES


def _regions() -> list[tuple[str, str]]:
    return [
        (url_for("practices.region", region=code), region_name(code)) for code in region_codes()
    ]


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    api_mount.register(app, api.blp)
    register_subject("practice", notifications.SUBJECT)
    link = navigation.NavLink("practices.index", _l("Good practices"), READ_PRACTICES, 60, _regions)
    navigation.add_link(app, link)
    for block in (
        navigation.HomeBlock("practices/_home_review.html", home.to_review, CURATE, 7),
        navigation.HomeBlock("practices/_home.html", home.news, READ_PRACTICES, 50),
    ):
        navigation.add_home_block(app, block)
