"""Wiring: what this domain adds to the app (pages, API, live rooms, jobs, links)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from workspace.core import navigation, permissions
from workspace.home import mailbox, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    navigation.add_link(app, navigation.NavLink("home.index", _l("Home"), permissions.SIGNED_IN, 0))
    app.register_blueprint(mailbox.bp)
    block = navigation.HomeBlock("core/_home_outbox.html", mailbox.kept_count, permissions.ADMIN, 4)
    navigation.add_home_block(app, block)
