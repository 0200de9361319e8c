"""What search returns and in which order, on SQLite (FTS5) and PostgreSQL (stored vectors)."""

from sqlalchemy import select

from workspace.discussions import actions
from workspace.discussions.models import Post
from workspace.discussions.search import PER_PAGE, SearchParams, search
from workspace.extensions import db


def _ids(user, q, page=1):
    return [hit.post_id for hit in search(user, SearchParams(q=q, page=page))]


def _opening(thread):
    return db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.seq == 1))


def test_title_matches_find_the_opening_post_once_and_both_rank_first(
    make_user, make_channel, make_thread, make_post
):
    member = make_user("member")
    channel = make_channel()
    by_title = make_thread(channel, member, title="Manifest retention rules", body="How long?")
    reply = make_post(by_title, member, "We keep them a year.")
    by_body = make_thread(channel, member, title="Gate checks", body="We read the manifest.")
    both = make_thread(channel, member, title="Manifest formats", body="Our manifest is EDIFACT.")

    found = _ids(member, "manifest")

    opening = {t.id: _opening(t) for t in (by_title, by_body, both)}
    assert sorted(found) == sorted(opening.values())  # each once; the reply has no match
    assert reply.id not in found
    assert found[0] == opening[both.id]  # the words in the title and the text come first


def test_pages_do_not_overlap_and_hidden_posts_are_not_found(
    make_user, make_channel, make_thread, make_post
):
    member = make_user("member")
    moderator = make_user("moderator")
    thread = make_thread(make_channel(), member, title="Biometric gates", body="Gates")
    posts = [
        make_post(thread, member, f"Biometric enrolment, note {n}") for n in range(PER_PAGE + 5)
    ]
    hidden = posts[0]
    actions.hide_post(hidden, moderator, "Off topic")
    db.session.commit()

    first, second = _ids(member, "biometric"), _ids(member, "biometric", page=2)

    assert len(first) == PER_PAGE and not set(first) & set(second)
    assert sorted(first + second) == sorted([_opening(thread)] + [p.id for p in posts[1:]])
    assert hidden.id not in first + second
