"""Catching up on a thread gives its posts as they are now, made for the reader asking."""

from __future__ import annotations

from tests.realtime.conftest import token_for
from workspace.auth.models import User
from workspace.core.live import catchup
from workspace.discussions import actions
from workspace.discussions.models import Post, Thread
from workspace.extensions import db

ORIGINALS = {
    "hidden": "Our checkpoint code is 4471.",
    "deleted": "Posted in the wrong thread, sorry.",
    "edited": "We use fixed cameras only.",
}


def _thread_with_three_replies(app, author: User) -> tuple[int, dict[str, int], int]:
    """A thread, the number of its last event before the replies, and the replies' ids."""
    with app.app_context():
        author = db.session.get(User, author.id)
        channel = actions.save_channel(None, name="Border tech", slug="border-tech")
        thread = actions.create_thread(channel, author, "Cameras at crossings", "What works?")
        db.session.commit()
        since = catchup.last_event_id("thread", thread.id)
        posts = {
            name: actions.create_post(thread, author, body).id for name, body in ORIGINALS.items()
        }
        db.session.commit()
        return thread.id, posts, since


def _change_all_three(app, posts: dict[str, int], author: User, moderator: User) -> None:
    with app.app_context():
        author, moderator = db.session.get(User, author.id), db.session.get(User, moderator.id)
        actions.hide_post(db.session.get(Post, posts["hidden"]), moderator, "Operational detail")
        actions.delete_post(db.session.get(Post, posts["deleted"]), author)
        edited = db.session.get(Post, posts["edited"])
        actions.edit_post(edited, author, "We use fixed cameras and drones.")
        db.session.commit()


def _latest(events: list[tuple[str, dict]]) -> dict[int, dict]:
    """Each post's last event, as the page would end up showing it."""
    return {data["post_id"]: data for name, data in events if name.startswith("post.")}


def _assert_current(latest: dict[int, dict], posts: dict[str, int]) -> None:
    hidden, deleted, edited = (latest[posts[k]] for k in ("hidden", "deleted", "edited"))
    assert hidden["hidden"] is True and hidden["body_html"] == ""
    assert ORIGINALS["hidden"] not in hidden["html"]
    assert "Hidden by a moderator" in hidden["html"]
    assert deleted["deleted"] is True and deleted["body_html"] == ""
    assert ORIGINALS["deleted"] not in deleted["html"]
    assert "Deleted by its author." in deleted["html"]
    assert "fixed cameras and drones" in edited["html"] and "drones" in edited["body_html"]
    assert ORIGINALS["edited"] not in edited["html"]
    assert edited["version"] == 2 and hidden["version"] == 1
    for data in latest.values():
        # Not even the catch-up of the post's creation carries its first text.
        assert all(text not in str(data) for text in (ORIGINALS["hidden"], ORIGINALS["deleted"]))


def test_a_reconnecting_socket_catches_up_on_posts_as_they_are_now(
    live_server, live_client, make_user
):
    author, moderator, reader = make_user("member"), make_user("moderator"), make_user("member")
    thread_id, posts, since = _thread_with_three_replies(live_server.app, author)
    _change_all_three(live_server.app, posts, author, moderator)

    client = live_client().connect(live_server.url, auth={"token": token_for(reader)})
    ack = client.call("subscribe", {"thread": thread_id, "since": since})
    assert ack["ok"] is True and ack["complete"] is True and ack["missed"] == 6
    events = [client.next_event(skip=("presence",)) for _ in range(6)]
    assert [data["seq"] for _, data in events] == list(range(since + 1, since + 7))
    _assert_current(_latest(events), posts)
    # Made for this reader: they may flag others' posts; nobody's text is editable by them.
    assert "Flag" in _latest(events)[posts["edited"]]["html"]
    assert "Edit" not in _latest(events)[posts["edited"]]["html"]


def test_polling_catches_up_on_posts_as_they_are_now(app, client, make_user):
    author, moderator = make_user("member"), make_user("moderator")
    thread_id, posts, since = _thread_with_three_replies(app, author)
    _change_all_three(app, posts, author, moderator)
    client.login(author.email)

    body = client.get(f"/discussions/threads/{thread_id}/events?since={since}").json
    events = [(item["event"], item["data"]) for item in body["events"]]
    assert body["complete"] is True
    _assert_current(_latest(events), posts)
    # The author's own edited post offers them Edit, not Flag.
    assert "Edit" in _latest(events)[posts["edited"]]["html"]
    assert db.session.get(Thread, thread_id).post_count == 4
