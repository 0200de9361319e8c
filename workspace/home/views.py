"""The landing page, the signed-in home, and health probes for load balancers."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from workspace.auth.models import Role
from workspace.auth.viewer import current_viewer
from workspace.core import navigation
from workspace.core.i18n import LOCALE_NAMES
from workspace.core.templating import site_name
from workspace.core.urls import safe_next
from workspace.extensions import db

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    viewer = current_viewer()
    if viewer is None:
        return render_template("core/landing.html")
    if viewer.role == Role.APPLICANT:  # shows their own membership request
        return render_template("core/home.html")
    return render_template("core/home.html", blocks=_blocks(current_user))


def _blocks(user) -> list[tuple[str, object]]:
    """What each domain has new or waiting for this member, in the domains' order."""
    shown = []
    for block in navigation.home_blocks():
        if block.permission.allows(user):
            data = block.load(user)
            if data:
                shown.append((block.template, data))
    return shown


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language; kept on the account when signed in."""
    locale = request.form.get("locale", "")
    if locale in LOCALE_NAMES:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
    return redirect(safe_next(request.form.get("next")))


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: a phone at a border post can keep the workspace on its screen."""
    icon = url_for("static", filename="favicon.svg")
    body = {
        "name": site_name(),
        "short_name": _("Workspace"),
        "start_url": url_for("home.index"),
        "display": "standalone",
        "background_color": "#f6f8fa",
        "theme_color": "#0f2a44",
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml"}],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page links to."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; say which
        checks["database"] = f"error: {exc.__class__.__name__}"
    redis_url = current_app.config["REDIS_URL"]
    if redis_url:
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503
