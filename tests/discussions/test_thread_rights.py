"""The thread page asks the rules once per page; the answers must be the per-post ones."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.auth.models import Role
from workspace.discussions import permissions as rules
from workspace.discussions.models import Post
from workspace.extensions import db

PER_POST = {
    "react": rules.REACT,
    "flag": rules.FLAG_POST,
    "mark_answer": rules.MARK_ANSWER,
}


@pytest.mark.parametrize("locked", [False, True])
def test_thread_rights_agree_with_each_posts_rules(make_user, make_channel, make_thread,
                                                   make_post, locked):  # fmt: skip
    author, member, moderator = make_user(), make_user(), make_user(Role.MODERATOR)
    applicant = make_user(Role.APPLICANT)
    thread = make_thread(make_channel(), author)
    replies = [make_post(thread, member), make_post(thread, author)]
    hidden = make_post(thread, member)
    hidden.hidden_at = hidden.created_at
    thread.locked = locked
    db.session.commit()
    posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).all()
    assert len(posts) == 4 and hidden in posts and all(r in posts for r in replies)
    for viewer in (author, member, moderator, applicant):
        rights = rules.thread_rights(viewer, thread)
        assert rights.write == rules.WRITE_IN.allows(viewer, thread)
        assert rights.moderate == rules.MODERATE.allows(viewer, thread)
        for post in posts:
            for name, permission in PER_POST.items():
                assert getattr(rights, name) == permission.allows(viewer, post), (viewer, name)
            assert rights.edit(post) == rules.EDIT_POST.allows(viewer, post)
            assert rights.edit(post) == rules.DELETE_POST.allows(viewer, post)


def test_only_the_author_gets_edit_and_only_moderators_hide(client, make_user, make_channel,
                                                            make_thread, make_post):  # fmt: skip
    author, other = make_user(), make_user()
    thread = make_thread(make_channel(), author)
    make_post(thread, other, body="Biometric enrolment at remote posts")
    client.login(author.email)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert page.count(">Edit<") == 1  # the opening post, not the other member's reply
    assert "Hide the post" not in page
    assert "Mark as the answer" in page  # the thread's author marks answers
    client.post_form("/logout")
    client.login(make_user(Role.MODERATOR).email)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert page.count("Hide the post") == 2 and ">Edit<" not in page
