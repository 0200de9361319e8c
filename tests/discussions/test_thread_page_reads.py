"""The thread page reads its posts, replies, reactions and reader state in a few queries;
these check that what it shows is still right."""

from __future__ import annotations

import re

from tests.discussions.helpers import sign_in
from workspace.discussions import actions, queries
from workspace.extensions import db


def test_reaction_counts_include_others_and_mark_only_mine(
    client, make_user, make_channel, make_thread, make_post
):
    reader, other, third = (make_user("member") for _ in range(3))
    thread = make_thread(make_channel(), other)
    post = make_post(thread, other, "worth a thanks")
    actions.react(post, other, "thanks")
    actions.react(post, third, "thanks")
    actions.react(post, third, "agree")
    db.session.commit()
    sign_in(client, reader)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    article = page[page.index(f'id="post-{post.id}"') :]
    assert re.search(r'value="thanks"[^>]*aria-pressed="false".*?</span> 2</button>', article)
    actions.react(post, reader, "thanks")
    db.session.commit()
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    article = page[page.index(f'id="post-{post.id}"') :]
    assert re.search(r'value="thanks"[^>]*aria-pressed="true".*?</span> 3</button>', article)
    assert re.search(r'value="agree"[^>]*aria-pressed="false".*?</span> 1</button>', article)


def test_flat_view_names_the_post_replied_to(client, make_user, make_channel, make_thread):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    root = actions.create_post(thread, member, "a root reply")
    for n in range(queries.FLAT_PER_PAGE):
        actions.create_post(thread, member, f"filler {n}")
    late = actions.create_post(thread, member, "answering the root", parent=root)
    db.session.commit()
    sign_in(client, member)
    page = client.get(f"/discussions/threads/{thread.id}?view=flat&page=2")
    html = page.get_data(as_text=True)
    article = html[html.index(f'id="post-{late.id}"') :]
    # The post replied to is on the first page; its number is still shown.
    assert f"in reply to #{root.seq}" in article[: article.index("</header>")]


def test_a_tree_page_past_the_end_still_counts_the_pages(
    client, make_user, make_channel, make_thread
):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    for n in range(queries.BRANCHES_PER_PAGE + 1):
        actions.create_post(thread, member, f"branch {n}")
    db.session.commit()
    sign_in(client, member)
    second = client.get(f"/discussions/threads/{thread.id}?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "branch 20" in second
    beyond = client.get(f"/discussions/threads/{thread.id}?page=7")
    assert beyond.status_code == 200
    assert "Page 7 of 2" in beyond.get_data(as_text=True)


def test_follow_button_and_unread_marker_follow_the_reader(
    client, make_user, make_channel, make_thread
):
    reader, author = make_user("member"), make_user("member")
    thread = make_thread(make_channel(), author)
    sign_in(client, reader)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Follow replies" in page and " unread" not in page
    client.post_form(f"/discussions/threads/{thread.id}/subscribe")
    new = actions.create_post(thread, author, "something new")
    db.session.commit()
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Stop following" in page
    assert re.search(rf'id="post-{new.id}" class="post [^"]*unread', page)
