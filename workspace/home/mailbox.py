"""The mail viewer: admins read the e-mails kept in the outbox (the demo sends none).

On only where WORKSPACE_MAIL_VIEWER allows it (core/mail.py: viewer_enabled); elsewhere its
pages do not exist. A message is shown as the plain text it is, escaped, its web addresses
made links, so a demo's invitation or sign-up link can be followed from the browser.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup, escape

from workspace.core import mail
from workspace.core.permissions import ADMIN, require

bp = Blueprint("mailbox", __name__, url_prefix="/admin/outbox")

_URL = re.compile(r"https?://[^\s<>\"']+")


def linked(text: str) -> Markup:
    """Escaped text whose http(s) addresses are links (the escaping comes first)."""
    escaped = str(escape(text))
    return Markup(
        _URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener">{m.group(0)}</a>', escaped)
    )


@bp.before_request
def _only_where_enabled():
    if not mail.viewer_enabled(current_app.config):
        abort(404)


@bp.route("/")
@require(ADMIN)
def index():
    return render_template("core/outbox.html", entries=mail.kept())


@bp.route("/<int:entry_id>")
@require(ADMIN)
def message(entry_id: int):
    entry = mail.kept_one(entry_id)
    if entry is None:
        abort(404)
    return render_template(
        "core/outbox_message.html", entry=entry, body=linked(entry.payload["body"])
    )


def kept_count(user) -> int:
    """The home block of an admin where the viewer is on: how many e-mails it holds."""
    if not mail.viewer_enabled(current_app.config):
        return 0
    return mail.kept_count()
