"""The thread's events for a page polling while its live connection is down."""

from sqlalchemy import delete

from workspace.auth.models import User
from workspace.core.live import catchup, publishing
from workspace.core.live_events import LiveEvent
from workspace.discussions import actions
from workspace.discussions.models import Thread
from workspace.extensions import db


def _thread(author: User, **channel) -> int:
    channel = actions.save_channel(None, name="Maritime borders", slug="maritime", **channel)
    thread = actions.create_thread(
        channel, db.session.merge(author), "Small boats at night", "Which radars work?"
    )
    db.session.commit()
    return thread.id


def _reply(thread_id: int, author: User, body: str) -> int:
    post = actions.create_post(db.session.get(Thread, thread_id), db.session.merge(author), body)
    db.session.commit()
    return post.id


def test_polling_gives_the_replies_after_the_last_event_as_live_sends_them(client, make_user):
    author, reader = make_user("member"), make_user("member")
    thread_id = _thread(author)
    client.login(reader.email)
    url = f"/discussions/threads/{thread_id}/events"
    since = catchup.last_event_id("thread", thread_id)  # what the page was rendered with

    first = _reply(thread_id, author, "Coastal radar and drones.")
    second = _reply(thread_id, author, "Thermal cameras on patrol boats.")

    body = client.get(f"{url}?since={since}").json
    created = [e["data"] for e in body["events"] if e["event"] == "post.created"]
    assert [e["post_id"] for e in created] == [first, second]
    assert "Thermal cameras on patrol boats." in created[1]["html"]
    assert body["complete"] is True

    after_first = next(
        e["data"]["seq"] for e in body["events"] if e["data"].get("post_id") == first
    )
    again = client.get(f"{url}?since={after_first}").json["events"]
    assert [e["data"]["post_id"] for e in again if e["event"] == "post.created"] == [second]


def test_polling_follows_the_thread_read_rule(client, make_user):
    admin, outsider, applicant = make_user("admin"), make_user("member"), make_user("applicant")
    thread_id = _thread(admin, restricted=True, member_ids=[admin.id])
    _reply(thread_id, admin, "Focal points only.")
    url = f"/discussions/threads/{thread_id}/events?since=0"

    client.login(outsider.email)
    assert client.get(url).status_code == 404
    client.post_form("/logout")
    client.login(applicant.email)
    assert client.get(url).status_code == 403
    client.post_form("/logout")
    assert client.get(url).status_code == 302  # to the sign-in page
    client.login(admin.email)
    assert client.get(url).status_code == 200


def test_a_thread_without_events_yet_is_caught_up_completely(client, make_user):
    author, reader = make_user("member"), make_user("member")
    thread_id = _thread(author)  # its creation is an event of the channel, not the thread
    pruned = publishing.publish_to_user(author.id, "notification", {"count": 1})
    publishing.publish_to_user(author.id, "notification", {"count": 2})
    db.session.commit()
    db.session.execute(delete(LiveEvent).where(LiveEvent.id <= pruned.id))  # as pruning does
    db.session.commit()
    since = catchup.last_event_id("thread", thread_id)  # what the page was rendered with
    client.login(reader.email)

    reply = _reply(thread_id, author, "Radar coverage maps are shared weekly.")

    body = client.get(f"/discussions/threads/{thread_id}/events?since={since}").json
    assert [e["data"]["post_id"] for e in body["events"] if e["event"] == "post.created"] == [reply]
    assert body["complete"] is True  # nothing of the thread was forgotten: no reload asked


def test_a_channel_page_polls_its_rows_as_the_page_renders_them(client, make_user):
    author, reader = make_user("member"), make_user("member")
    thread_id = _thread(author)
    channel_id = db.session.get(Thread, thread_id).channel_id
    since = catchup.last_event_id("channel", channel_id)
    client.login(reader.email)
    thread = actions.create_thread(
        db.session.get(Thread, thread_id).channel,
        db.session.merge(author),
        "Drones over the river",
        "Who flies them?",
        tags="drones, rivers",
    )
    db.session.commit()
    _reply(thread_id, author, "Radar coverage maps are shared weekly.")

    url = f"/discussions/channels/{channel_id}/events"
    body = client.get(f"{url}?since={since}").json
    rows = {e["data"]["thread_id"]: e["data"] for e in body["events"]}
    assert body["complete"] is True
    assert [e["event"] for e in body["events"]] == ["thread.created", "thread.updated"]
    created, replied = rows[thread.id], rows[thread_id]
    assert created["tags"] == ["drones", "rivers"] and "#drones" in created["html"]
    assert f'<tr id="thread-{thread.id}" class="unread"' in created["html"]
    assert replied["post_count"] == 2 and "New" in replied["html"]  # never opened by the reader
    # The channel page's own row, as it renders it for this reader.
    page = client.get(f"/discussions/channels/{channel_id}").get_data(as_text=True)
    assert created["html"].split("<td data-post-count")[0].split("</a>")[0] in page

    client.post_form("/logout")
    client.login(make_user("applicant").email)
    assert client.get(f"{url}?since=0").status_code == 403
