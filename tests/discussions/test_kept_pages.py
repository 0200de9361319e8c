"""Thread and channel pages are kept rendered per audience (core/pagecache.py): each test
warms a page as one reader, then looks as another, or after a change."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from workspace.auth.models import Role
from workspace.discussions import actions
from workspace.discussions.models import Post, Thread
from workspace.extensions import db
from workspace.members.models import Profile


def _client(app, user):
    client = app.test_client()
    client.login(user.email)
    return client


def _article(page: str, post) -> str:
    match = re.search(rf'<article id="post-{post.id}"[^>]*>', page)
    assert match, f"post {post.id} is not on the page"
    return match.group(0)


def test_unread_posts_are_each_readers_own(app, make_user, make_channel, make_thread, make_post):
    author, returning, newcomer = make_user(), make_user(), make_user()
    thread = make_thread(make_channel(), author)
    old = make_post(thread, author, "Before the returning reader's visit")
    returning_client = _client(app, returning)
    returning_client.get(f"/discussions/threads/{thread.id}")  # reads up to here
    new = make_post(thread, author, "After it")
    warm = _client(app, newcomer).get(f"/discussions/threads/{thread.id}").text
    assert "unread" not in _article(warm, new)  # a first visit marks nothing
    page = returning_client.get(f"/discussions/threads/{thread.id}").text
    assert "unread" in _article(page, new) and "unread" not in _article(page, old)
    again = returning_client.get(f"/discussions/threads/{thread.id}").text
    assert "unread" not in _article(again, new)  # read now


def test_following_a_thread_shows_only_to_its_follower(app, make_user, make_channel, make_thread):
    follower, other = make_user(), make_user()
    thread = make_thread(make_channel(), follower)
    actions.subscribe(follower, thread=thread)
    db.session.commit()
    warm = _client(app, other).get(f"/discussions/threads/{thread.id}").text
    page = _client(app, follower).get(f"/discussions/threads/{thread.id}").text
    assert "Follow replies" in warm and "Stop following" not in warm
    assert "Stop following" in page and "Follow replies" not in page


def test_moderation_shows_to_moderators_only_and_lists_their_channels(
    app, make_user, make_channel, make_thread
):
    member, insider, outsider = make_user(), make_user(Role.MODERATOR), make_user(Role.MODERATOR)
    thread = make_thread(make_channel(name="Border communities"), member)
    make_channel(name="Sahel liaison officers", restricted=True, members=[insider])
    clients = [_client(app, user) for user in (insider, outsider, member)]
    url = f"/discussions/threads/{thread.id}"
    insiders, outsiders, members = (client.get(url).text for client in clients)
    assert "Moderate this thread" in insiders and "Sahel liaison officers" in insiders
    assert "Moderate this thread" in outsiders and "Sahel liaison officers" not in outsiders
    assert "Moderate this thread" not in members


def test_a_restricted_thread_stays_hidden_after_an_insider_read_it(
    app, make_user, make_channel, make_thread
):
    insider, outsider = make_user(), make_user()
    db.session.add(Profile(user=insider, country="KE"))  # Africa
    db.session.commit()
    channel = make_channel(restricted=True, regions=["AFRICA"])
    thread = make_thread(channel, insider)
    assert _client(app, insider).get(f"/discussions/threads/{thread.id}").status_code == 200
    assert _client(app, outsider).get(f"/discussions/threads/{thread.id}").status_code == 404
    assert _client(app, outsider).get(f"/discussions/channels/{channel.id}").status_code == 404


def test_locking_a_thread_removes_the_reply_form_at_once(app, make_user, make_channel, make_thread):
    member, moderator = make_user(), make_user(Role.MODERATOR)
    thread = make_thread(make_channel(), member)
    client = _client(app, member)
    assert "Reply to the thread" in client.get(f"/discussions/threads/{thread.id}").text
    actions.lock(thread, moderator, True)
    db.session.commit()
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "Reply to the thread" not in page and "This thread is locked" in page


def test_channel_marks_threads_new_for_each_reader(app, make_user, make_channel, make_thread):
    reader, newcomer = make_user(), make_user()
    channel = make_channel()
    thread = make_thread(channel, make_user(), title="Drones over the border")
    reader_client = _client(app, reader)
    reader_client.get(f"/discussions/threads/{thread.id}")
    warm = reader_client.get(f"/discussions/channels/{channel.id}").text
    assert f'<tr id="thread-{thread.id}" class="" ' in warm and "badge-new" not in warm
    page = _client(app, newcomer).get(f"/discussions/channels/{channel.id}").text
    assert f'<tr id="thread-{thread.id}" class="unread" ' in page
    assert '<span class="badge badge-new">New</span>' in page
    actions.create_post(thread, make_user(), "Two more drones seen", None)
    actions.create_post(thread, make_user(), "And a third", None)
    db.session.commit()
    later = reader_client.get(f"/discussions/channels/{channel.id}").text
    assert '<span class="badge badge-new">2 new</span>' in later


def test_channel_follow_button_and_messages_are_each_readers_own(app, make_user, make_channel):
    follower, other = make_user(), make_user()
    channel = make_channel()
    client = _client(app, follower)
    page = client.get(f"/discussions/channels/{channel.id}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post(
        f"/discussions/channels/{channel.id}/subscribe",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "You will be notified of new threads" in answer.text
    assert "Stop following" in answer.text
    theirs = _client(app, other).get(f"/discussions/channels/{channel.id}").text
    assert "You will be notified" not in theirs
    assert "Follow new threads" in theirs and "Stop following" not in theirs
    mine = client.get(f"/discussions/channels/{channel.id}").text
    assert "You will be notified" not in mine and "Stop following" in mine


def test_a_new_thread_shows_in_its_channel_at_once(app, make_user, make_channel):
    reader, author = make_user(), make_user()
    channel = make_channel()
    client = _client(app, reader)
    assert "No threads yet." in client.get(f"/discussions/channels/{channel.id}").text
    actions.create_thread(channel, author, "Maritime patrol data", "Who shares AIS feeds?")
    db.session.commit()
    assert "Maritime patrol data" in client.get(f"/discussions/channels/{channel.id}").text


def test_a_kept_channel_page_costs_one_statement_on_any_page_and_tag(app, make_user, make_channel):
    from workspace.bench.querycount import count_queries

    reader, author = make_user(), make_user()
    channel = make_channel()
    for n in range(70):  # three pages, and two of those tagged
        actions.create_thread(
            channel, author, f"Patrol report {n}", "Seen.", "sahel" if n % 2 else ""
        )
    db.session.commit()
    client = _client(app, reader)
    for query in ("", "?page=2", "?tag=sahel", "?tag=sahel&page=2", "?page=x"):
        url = f"/discussions/channels/{channel.id}{query}"
        client.get(url)  # kept now
        with count_queries(app) as statements:
            page = client.get(url).text
        assert statements.count == 1, (query, str(statements))
        assert "badge-new" in page, query


def test_the_authors_own_actions_do_not_reach_other_members(
    app, make_user, make_channel, make_thread, make_post
):
    author, other = make_user(), make_user()
    thread = make_thread(make_channel(), author)
    make_post(thread, other, "A reply to mark as the answer")
    url = f"/discussions/threads/{thread.id}"
    warm = _client(app, author).get(url).text  # kept first, as the thread's author
    assert "Mark as the answer" in warm and "Write up as a good practice" in warm
    page = _client(app, other).get(url).text
    assert "Mark as the answer" not in page and "Write up as a good practice" not in page
    opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.seq == 1))
    edit_link = f"/discussions/posts/{opening}/edit"
    assert edit_link in warm and edit_link not in page  # the author's own post


def test_a_restricted_channel_page_stays_hidden_after_an_insider_saw_it(
    app, make_user, make_channel, make_thread
):
    insider, outsider = make_user(), make_user()
    channel = make_channel(restricted=True, members=[insider])
    make_thread(channel, insider, title="Liaison officers' rota")
    insiders = _client(app, insider).get(f"/discussions/channels/{channel.id}")
    assert insiders.status_code == 200 and "Liaison officers" in insiders.text
    assert _client(app, outsider).get(f"/discussions/channels/{channel.id}").status_code == 404


def test_a_reply_refreshes_its_own_thread_and_channel_row_in_every_process(
    make_app, app, make_user, make_channel, make_thread
):
    """Two app processes on one database: a reply posted through one leaves the other's
    kept pages of other threads as they were, and shows at once in its own thread and in
    its channel's row there."""
    other_process = make_app()
    reader, author = make_user(), make_user()
    channel = make_channel()
    replied = make_thread(channel, author, title="PNR retention periods")
    untouched = make_thread(channel, author, title="API message formats")
    client = _client(other_process, reader)
    urls = {t: f"/discussions/threads/{t.id}" for t in (replied, untouched)}
    for url in urls.values():
        client.get(url)  # kept in the other process
    assert 'data-label="Posts">1<' in _channel_row(client, channel, replied)
    # Behind the app's back: no action names it, so a kept page would still show the old title.
    db.session.execute(
        update(Thread).where(Thread.id == untouched.id).values(title="Changed by hand")
    )
    db.session.commit()
    form = _client(app, author)
    page = form.get(urls[replied]).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = form.post(
        f"/discussions/threads/{replied.id}/reply",
        data={"body": "Five years in most states.", "csrf_token": token},
    )
    assert answer.status_code == 302
    assert "Five years in most states." in client.get(urls[replied]).text
    assert "API message formats" in client.get(urls[untouched]).text  # still kept
    assert 'data-label="Posts">2<' in _channel_row(client, channel, replied)


def test_a_bulk_update_by_an_action_refreshes_the_page(app, make_user, make_channel, make_thread):
    """Moving a thread changes channels by UPDATE statements, not ORM objects: the pages
    still change, because the action names what it changed."""
    reader, moderator = make_user(), make_user(Role.MODERATOR)
    source, target = make_channel(name="Maritime borders"), make_channel(name="Drones")
    thread = make_thread(source, reader, title="AIS spoofing")
    client = _client(app, reader)
    assert "AIS spoofing" in client.get(f"/discussions/channels/{source.id}").text
    assert "AIS spoofing" not in client.get(f"/discussions/channels/{target.id}").text
    assert "Maritime borders" in client.get(f"/discussions/threads/{thread.id}").text
    actions.move_thread(thread, moderator, target, "On topic there")
    db.session.commit()
    assert "AIS spoofing" not in client.get(f"/discussions/channels/{source.id}").text
    assert "AIS spoofing" in client.get(f"/discussions/channels/{target.id}").text
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "Drones" in page and "Maritime borders" not in page


def _channel_row(client, channel, thread) -> str:
    page = client.get(f"/discussions/channels/{channel.id}").text
    match = re.search(rf'<tr id="thread-{thread.id}".*?</tr>', page, re.DOTALL)
    assert match, f"thread {thread.id} is not listed"
    return match.group(0)
