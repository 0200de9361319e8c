"""Posts on a thread page are rendered once and reused: no viewer may see another's page.

Each test warms the cache as one viewer, then looks as another, or after a change.
"""

from __future__ import annotations

import re

from workspace.auth.models import Role
from workspace.discussions import actions
from workspace.extensions import db


def _page(app, user, thread, **query):
    client = app.test_client()
    client.login(user.email)
    return client, client.get(f"/discussions/threads/{thread.id}", query_string=query).text


def _post_html(page: str, post) -> str:
    match = re.search(rf'<article id="post-{post.id}".*?</article>', page, re.S)
    assert match, f"post {post.id} is not on the page"
    return match.group(0)


def test_edit_and_delete_only_on_the_viewers_own_posts(app, make_user, make_channel,
                                                       make_thread, make_post):  # fmt: skip
    author, reader = make_user(), make_user()
    thread = make_thread(make_channel(), author)
    reply = make_post(thread, author, "Our PNR pilot started in March.")
    _, warm = _page(app, reader, thread)
    assert "/edit" not in _post_html(warm, reply)
    _, own = _page(app, author, thread)
    assert f"/discussions/posts/{reply.id}/edit" in _post_html(own, reply)
    _, again = _page(app, reader, thread)
    assert "/edit" not in _post_html(again, reply)
    assert "Flag" in _post_html(again, reply) and "Flag" not in _post_html(own, reply)


def test_reactions_edits_and_hiding_show_at_once(app, make_user, make_channel, make_thread,
                                                 make_post):  # fmt: skip
    author, reader = make_user(), make_user()
    moderator = make_user(Role.MODERATOR)
    thread = make_thread(make_channel(), author)
    reply = make_post(thread, author, "Advance passenger data since March.")
    _page(app, reader, thread)

    actions.react(reply, reader, "agree")
    db.session.commit()
    _, mine = _page(app, reader, thread)
    _, theirs = _page(app, author, thread)
    assert re.search(r'value="agree"[^>]*aria-pressed="true".*?</span> 1</button>',
                     _post_html(mine, reply), re.S)  # fmt: skip
    assert re.search(r'value="agree"[^>]*aria-pressed="false".*?</span> 1</button>',
                     _post_html(theirs, reply), re.S)  # fmt: skip

    actions.edit_post(reply, author, "Advance passenger data since April.")
    db.session.commit()
    _, edited = _page(app, reader, thread)
    assert "since April" in edited and "since March" not in edited

    actions.hide_post(reply, moderator, "Personal data")
    db.session.commit()
    _, hidden = _page(app, reader, thread)
    assert "Hidden by a moderator: <bdi>Personal data</bdi>" in _post_html(hidden, reply)
    assert "since April" not in hidden
    _, moderated = _page(app, moderator, thread)
    assert "since April" in _post_html(moderated, reply)
    assert "Show again" in _post_html(moderated, reply)


def test_each_viewers_forms_carry_their_own_token(app, make_user, make_channel, make_thread,
                                                  make_post):  # fmt: skip
    author, reader = make_user(), make_user()
    thread = make_thread(make_channel(), author)
    reply = make_post(thread, author)
    _page(app, author, thread)
    client, page = _page(app, reader, thread)
    form = re.search(r'action="([^"]+/react)".*?name="csrf_token"[^>]*value="([^"]+)"',
                     _post_html(page, reply), re.S)  # fmt: skip
    assert form and "\x00" not in page
    answer = client.post(form.group(1), data={"csrf_token": form.group(2), "kind": "thanks"})
    assert answer.status_code == 302
    _, after = _page(app, reader, thread)
    assert re.search(r'value="thanks"[^>]*aria-pressed="true"', _post_html(after, reply))


def test_a_french_reader_gets_french_posts_after_an_english_one(
    app, make_user, make_channel, make_thread, make_post
):
    author, reader = make_user(), make_user()
    reader.locale = "fr"
    db.session.commit()
    thread = make_thread(make_channel(), author)
    reply = make_post(thread, author)
    _, english = _page(app, author, thread)
    assert ">Reply</a>" in _post_html(english, reply)
    _, french = _page(app, reader, thread)
    assert ">Reply</a>" not in _post_html(french, reply)
    assert ">Répondre</a>" in _post_html(french, reply)
