"""A test-only app: the real app plus the test room kind and routes to publish through it.

Served by the real `serve` command in a subprocess, never shipped:

    python -m tests.realtime.app --no-worker --port 5001
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template_string, request

import tests.realtime.conftest  # noqa: F401  (registers the "testroom" kind)
from workspace import create_app
from workspace.core.live import access as live_access
from workspace.core.live import publishing
from workspace.extensions import csrf

bp = Blueprint("live_test", __name__, url_prefix="/_live_test")

PAGE = """{% extends "base.html" %}
{% block content %}
<section data-live-thread="{{ room }}" data-live-kind="testroom"
         data-live-since="{{ live_since('testroom', room) }}">
  <p data-live-presence hidden>{{ _("Viewing now:") }} <span data-live-names></span></p>
  <p data-live-typing hidden><span data-live-names></span> {{ _("is typing…") }}</p>
  <p data-live-stale hidden>{{ _("There is new activity.") }} <a href="">{{ _("Reload") }}</a></p>
  <div data-live-posts>
    {% for post in posts %}<article id="post-{{ post.id }}">{{ post.html }}</article>{% endfor %}
  </div>
  <textarea aria-label="reply"></textarea>
</section>
{% endblock %}
{% block live %}{% include "core/_live_scripts.html" %}{% endblock %}"""
# The live scripts on a page that names no room to follow.
QUIET_PAGE = """{% extends "base.html" %}
{% block content %}<p>Nothing live here.</p>{% endblock %}
{% block live %}{% include "core/_live_scripts.html" %}{% endblock %}"""


@bp.post("/publish")
def publish():
    """Publish one event (JSON {room, event, payload}); it leaves when this request commits."""
    data = request.get_json()
    row = publishing.publish("testroom", data["room"], data["event"], data["payload"])
    return jsonify(id=row.id)


@bp.post("/disconnect/<int:user_id>")
def disconnect(user_id: int):
    live_access.disconnect_user(user_id)
    return jsonify(ok=True)


@bp.get("/room/<int:room>")
def page(room: int):
    return render_template_string(PAGE, room=room, posts=[])


@bp.get("/quiet")
def quiet_page():
    return render_template_string(QUIET_PAGE)


def install(app: Flask) -> Flask:
    csrf.exempt(bp)
    app.register_blueprint(bp)
    return app


def make() -> Flask:
    return install(create_app())


if __name__ == "__main__":
    # The real `workspace serve` command, on this app (`flask --app` would refuse to serve).
    from flask.cli import ScriptInfo

    from workspace.cli import serve

    serve.main(obj=ScriptInfo(create_app=make), prog_name="serve")
