"""Markdown over WORKSPACE_MARKDOWN_MAX_KB is refused before it is rendered: the form comes
back with a message in the reader's language and the typed text, the API answers 422; and
under gevent a long render leaves the process serving its other connections."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

import workspace
from tests.discussions.helpers import sign_in
from workspace.auth import actions as auth_actions
from workspace.discussions.models import Post
from workspace.extensions import db
from workspace.members.models import Profile

# 40 KB: over the default 32 KB, under the posts' 50,000 characters.
HEAVY = "\n\n".join(f"Paragraph {n}: the e-gates at the crossing *fall back* to manual checks."
                    for n in range(560))  # fmt: skip


def _posts(body: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Post.id)).where(Post.body == body))


def test_a_reply_over_the_limit_comes_back_with_its_text_and_a_message(
    client, make_user, make_channel, make_thread
):
    assert 32 * 1024 < len(HEAVY.encode()) < 50_000
    author = make_user("member")
    author.locale = "fr"
    db.session.commit()
    thread = make_thread(make_channel(), author)
    sign_in(client, author)
    answer = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": HEAVY})
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "Ce texte est trop long" in page and "32" in page
    assert HEAVY in page  # in the textarea, to shorten
    assert _posts(HEAVY) == 0
    # Shortened, it goes through.
    short = HEAVY[: 30 * 1024]
    answer = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": short})
    assert answer.status_code == 302
    assert _posts(short) == 1


def test_the_api_answers_422_naming_the_field(app, make_user, make_channel, make_thread):
    author = make_user("member")
    thread = make_thread(make_channel(), author)
    _, secret = auth_actions.create_api_token(author, "script")
    db.session.commit()
    answer = app.test_client().post(
        f"/api/v1/threads/{thread.id}/posts",
        json={"body": HEAVY},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == 422
    assert "too long" in body["errors"]["json"]["body"][0]
    assert _posts(HEAVY) == 0


def test_a_bio_over_the_limit_is_refused_beside_the_field(client, make_user):
    member = make_user("member")
    db.session.add(Profile(user=member))
    db.session.commit()
    sign_in(client, member)
    bio = "Twenty years at the Almaty land crossing. " * 1000
    answer = client.post_form(
        f"/members/{member.id}/edit", {"display_name": member.display_name, "bio": bio}
    )
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code in (200, 400)
    assert "This text is too long" in page and bio in page
    db.session.rollback()
    assert not db.session.get(Profile, member.id).bio


def test_the_limit_is_a_setting(make_app, make_user, make_channel, make_thread):
    app = make_app(markdown_max_kb="1")
    author = make_user("member")
    thread = make_thread(make_channel(), author)
    client = app.test_client()
    sign_in(client, author)
    refused = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "x" * 1100})
    accepted = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "y" * 1000})
    assert (refused.status_code, accepted.status_code) == (400, 302)


GEVENT_PROBE = """
from gevent import monkey
monkey.patch_all()
import gevent
from workspace.core.markup import render_markdown

ticks = []
def ticker():
    while True:
        ticks.append(1)
        gevent.sleep(0.001)

gevent.spawn(ticker)
gevent.sleep(0.01)
text = "|a|b|c|\\n|-|-|-|\\n" + "\\n".join(f"|{i}|x|y|" for i in range(2500))
before = len(ticks)
html = render_markdown(text)
assert html.count("<tr>") == 2501, html[:200]
print(len(ticks) - before)
"""


def test_under_gevent_other_connections_go_on_while_a_long_text_renders():
    """A 30 KB table takes the renderer a tenth of a second or more: greenlets of other
    connections keep running meanwhile (inline, on the hub, none would)."""
    env = {**os.environ, "PYTHONPATH": str(Path(workspace.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", GEVENT_PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 0
