"""The bench's bulk data is the data the app itself would have written: reply trees that the
thread page walks, posts that search finds, workshops the list shows, and the app can go on
writing after it (ids and sequence numbers continue)."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from workspace.bench.dataset import (
    add_channel,
    add_search_posts,
    add_thread,
    add_threads,
    add_workshops,
    post_text,
)
from workspace.core.db import utcnow
from workspace.core.markup import render_markdown
from workspace.discussions import actions, search
from workspace.discussions.models import Channel, Post, Thread
from workspace.extensions import db
from workspace.workshops.models import Registration, Status, Workshop


def test_post_html_is_what_the_app_renders_from_the_markdown():
    rng = random.Random(1)
    for _ in range(30):
        body, html = post_text(rng)
        assert html == render_markdown(body)


def test_a_bulk_thread_is_a_reply_tree_the_thread_page_shows(app, client, make_user):
    thread_id = add_thread(add_channel("tree", "Tree"), 120)
    posts = db.session.scalars(select(Post).where(Post.thread_id == thread_id)).all()
    by_id = {p.id: p for p in posts}
    assert sorted(p.seq for p in posts) == list(range(1, 121))
    for post in posts:
        parent = by_id.get(post.parent_id)
        if parent is None:
            assert post.root_id == post.id and post.depth == 0
        else:
            assert post.path.startswith(parent.path + "/") and post.depth == parent.depth + 1
            assert post.root_id == parent.root_id and parent.seq < post.seq
    thread = db.session.get(Thread, thread_id)
    assert (thread.post_count, thread.last_seq) == (120, 120)

    reader = make_user()
    client.login(reader.email)
    page = client.get(f"/discussions/threads/{thread_id}").get_data(as_text=True)
    shown = page.count('id="post-')
    assert shown == 50  # 20 branches of 2.5 posts on average, as in a busy exchange
    assert "Page 1 of 3" in page


def test_the_app_keeps_writing_after_bulk_posts(app, make_user):
    thread_id = add_thread(add_channel("more", "More"), 30)
    author = make_user()
    thread = db.session.get(Thread, thread_id)
    reply = actions.create_post(thread, author, "A reply about passenger data exchange.")
    db.session.commit()
    assert reply.seq == 31 and reply.id > db.session.scalar(select(func.min(Post.id)))
    assert db.session.get(Thread, thread_id).post_count == 31


def test_search_finds_bulk_posts_and_their_thread_titles(app, make_user):
    assert add_search_posts(300) == 300
    assert add_search_posts(300) == 0
    assert db.session.scalar(select(func.count()).select_from(Post)) == 300
    reader = make_user()
    words = db.session.scalars(select(Post.body).order_by(Post.id).limit(1)).one().split()[:3]
    hits = search.search(reader, search.SearchParams(q=" ".join(words)))
    assert hits and all("<mark>" in h.snippet or "<mark>" in h.title for h in hits)
    title = db.session.scalars(select(Thread.title).order_by(Thread.id).limit(1)).one()
    title_word = max(title.split("(")[0].split(), key=len).strip("?:,.")
    found = search.search(reader, search.SearchParams(q=title_word))
    assert any("<mark>" in str(h.title) for h in found)


def test_add_threads_tops_the_channel_up(app):
    channel_id = add_channel("list", "List")
    assert len(add_threads(channel_id, 40)) == 40
    assert add_threads(channel_id, 40) == []
    assert len(add_threads(channel_id, 55)) == 15
    channel = db.session.get(Channel, channel_id)
    assert channel.thread_count == 55 and channel.last_post_at is not None
    counts = db.session.scalars(select(Thread.post_count).where(Thread.channel_id == channel_id))
    assert set(counts) == {1}


def test_add_workshops_keeps_exactly_that_many_upcoming(app):
    def upcoming() -> int:
        query = select(func.count()).where(
            Workshop.ends_at >= utcnow(), Workshop.status == Status.PUBLISHED
        )
        return db.session.scalar(query.select_from(Workshop))

    assert add_workshops(25) == 25 and upcoming() == 25
    assert add_workshops(60) == 35 and upcoming() == 60
    add_workshops(25)
    assert upcoming() == 25
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 60
    assert db.session.scalar(select(func.count()).select_from(Registration)) >= 60 * 3
