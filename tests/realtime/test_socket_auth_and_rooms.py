"""Sockets are authenticated, rooms authorized, events sent after commit and caught up."""

import pytest
import socketio

from tests.realtime.conftest import publish_in, seq_of, token_for
from workspace.core.db import utcnow
from workspace.core.live import catchup, publishing, rooms
from workspace.core.live_events import LiveEvent
from workspace.extensions import db


def test_connect_without_credentials_is_refused(live_server, live_client):
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(live_server.url)


def test_connect_with_unknown_token_is_refused(live_server, live_client):
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(live_server.url, auth={"token": "bmw_not-a-token"})


def test_suspended_user_is_refused(live_server, live_client, make_user):
    member = make_user("member")
    secret = token_for(member)  # made before the suspension: a suspended account gets none
    member.suspended_at = utcnow()
    db.session.commit()
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(live_server.url, auth={"token": secret})


def test_session_cookie_authenticates(live_server, live_client, make_user):
    user = make_user("member")
    browser = live_server.app.test_client()
    browser.login(user.email)
    cookie = browser.get_cookie("workspace_session")
    client = live_client().connect(
        live_server.url, headers={"Cookie": f"workspace_session={cookie.value}"}
    )
    assert client.call("subscribe", {"testroom": 1}) == {"ok": True, "room": "testroom:1"}


def test_bearer_header_authenticates(live_server, live_client, make_user):
    secret = token_for(make_user("member"))
    client = live_client().connect(live_server.url, headers={"Authorization": f"Bearer {secret}"})
    assert client.call("subscribe", {"testroom": 2})["ok"] is True


def test_refused_room_gives_error_ack_and_no_events(live_server, live_client, make_user):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    ack = client.call("subscribe", {"testroom": 100})
    assert ack["ok"] is False and ack["error"]
    assert client.call("subscribe", {"testroom": 1})["ok"] is True

    publish_in(live_server.app, 100, "post.created", {"post_id": 1, "html": "<p>secret</p>"})
    marker = publish_in(live_server.app, 1, "post.created", {"post_id": 2, "html": "<p>hi</p>"})

    event, data = client.next_event(skip=("presence",))
    assert (event, data["id"], data["room"]) == ("post.created", marker, "testroom:1")
    assert data["html"] == "<p>hi</p>"


def test_lower_role_is_refused_by_the_authorizer(live_server, live_client, make_user):
    client = live_client().connect(
        live_server.url, auth={"token": token_for(make_user("applicant"))}
    )
    assert client.call("subscribe", {"testroom": 1})["ok"] is False


@pytest.mark.parametrize(
    "data",
    [
        None,
        "thread",
        {},
        {"testroom": "1"},
        {"testroom": -1},
        {"testroom": True},
        {"nosuchkind": 1},
        {"testroom": 1, "since": "x"},
    ],
)
def test_bad_subscriptions_get_a_clear_error(live_server, live_client, make_user, data):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    ack = client.call("subscribe", data)
    assert ack["ok"] is False and isinstance(ack["error"], str) and ack["error"]


def test_rolled_back_publish_never_arrives(live_server, live_client, make_user):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    client.call("subscribe", {"testroom": 3})
    publish_in(live_server.app, 3, "post.created", {"post_id": 1, "html": "x"}, commit=False)
    marker = publish_in(live_server.app, 3, "post.updated", {"post_id": 2, "html": "y"})

    event, data = client.next_event(skip=("presence",))
    assert (event, data["id"]) == ("post.updated", marker)
    with live_server.app.app_context():
        assert db.session.query(LiveEvent).count() == 1


def test_event_is_sent_only_at_commit(live_server, live_client, make_user):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    client.call("subscribe", {"testroom": 4})
    with live_server.app.app_context():
        publishing.publish("testroom", 4, "thread.created", {"thread_id": 9})
        # A socket round trip while uncommitted: nothing was queued for the client.
        client.call("subscribe", {"testroom": 5})
        assert [e for e, _ in list(client.events.queue) if e != "presence"] == []
        db.session.commit()
    event, data = client.next_event(skip=("presence",))
    assert (event, data["thread_id"]) == ("thread.created", 9)


def test_catch_up_sends_missed_events_in_order(live_server, live_client, make_user):
    secret = token_for(make_user("member"))
    first = publish_in(live_server.app, 6, "post.created", {"post_id": 1, "html": "a"})
    publish_in(live_server.app, 7, "post.created", {"post_id": 99, "html": "other room"})
    second = publish_in(live_server.app, 6, "post.updated", {"post_id": 1, "html": "b"})
    third = publish_in(live_server.app, 6, "post.created", {"post_id": 2, "html": "c"})

    client = live_client().connect(live_server.url, auth={"token": secret})
    ack = client.call("subscribe", {"testroom": 6, "since": seq_of(live_server.app, first)})
    assert ack == {"ok": True, "room": "testroom:6", "missed": 2, "complete": True}
    received = [client.next_event(skip=("presence",)) for _ in range(2)]
    assert [(e, d["id"], d["seq"], d["html"]) for e, d in received] == [
        ("post.updated", second, 2, "b"),
        ("post.created", third, 3, "c"),
    ]


def test_catch_up_rechecks_authorization(live_server, live_client, make_user, revoked):
    user = make_user("member")
    secret = token_for(user)
    first = publish_in(live_server.app, 8, "post.created", {"post_id": 1, "html": "a"})
    publish_in(live_server.app, 8, "post.created", {"post_id": 2, "html": "b"})
    revoked.add((user.id, 8))
    client = live_client().connect(live_server.url, auth={"token": secret})
    since = seq_of(live_server.app, first)
    assert client.call("subscribe", {"testroom": 8, "since": since})["ok"] is False
    assert client.events.empty()


def test_catch_up_says_when_events_were_pruned(live_server, live_client, make_user):
    secret = token_for(make_user("member"))
    old = publish_in(live_server.app, 9, "post.created", {"post_id": 1, "html": "a"})
    publish_in(live_server.app, 9, "post.created", {"post_id": 2, "html": "b"})
    with live_server.app.app_context():
        db.session.query(LiveEvent).filter(LiveEvent.id <= old + 1).delete()
        db.session.commit()
    publish_in(live_server.app, 9, "post.created", {"post_id": 3, "html": "c"})
    client = live_client().connect(live_server.url, auth={"token": secret})
    ack = client.call("subscribe", {"testroom": 9, "since": 0})  # 1 and 2 were forgotten
    assert ack["ok"] is True and ack["complete"] is False and ack["missed"] == 1


def test_personal_room_and_publish_to_user(live_server, live_client, make_user):
    user, other = make_user("member"), make_user("member")
    client = live_client().connect(live_server.url, auth={"token": token_for(user)})
    with live_server.app.app_context():
        publishing.publish_to_user(other.id, "notification", {"count": 7})
        event_id = publishing.publish_to_user(user.id, "notification", {"count": 3}).id
        db.session.commit()
    event, data = client.next_event()
    assert (event, data) == (
        "notification",
        {"id": event_id, "room": f"user:{user.id}", "seq": 1, "count": 3},
    )
    assert client.call("subscribe", {"user": other.id})["ok"] is False
    ack = client.call("subscribe", {"user": user.id, "since": 0})
    assert ack["missed"] == 1


def test_publish_refuses_reserved_keys_and_unknown_kinds(app):
    with pytest.raises(ValueError):
        publishing.publish("testroom", 1, "post.created", {"id": 3})
    with pytest.raises(ValueError):
        publishing.publish("nosuchkind", 1, "post.created", {})
    with pytest.raises(ValueError):
        rooms.register_room_kind("Bad Kind", lambda user, target: True)


def test_prune_forgets_old_events(app):
    from datetime import timedelta

    from workspace.core.db import utcnow

    old = publishing.publish("testroom", 1, "post.created", {"post_id": 1})
    old.created_at = utcnow() - catchup.RETENTION - timedelta(minutes=1)
    publishing.publish("testroom", 1, "post.created", {"post_id": 2})
    db.session.commit()
    catchup.prune_live_events()
    assert [row.payload["post_id"] for row in db.session.query(LiveEvent)] == [2]


def test_cross_site_origin_is_refused(live_server, live_client, make_user):
    secret = token_for(make_user("member"))
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(
            live_server.url, auth={"token": secret}, headers={"Origin": "https://evil.example"}
        )
    # websocket-client sends the server's own URL as Origin unless told otherwise.
    assert live_client().connect(live_server.url, auth={"token": secret}).sio.connected


def test_live_scripts_are_served_only_to_signed_in_users(client, login_as):
    # Which pages load them: tests/discussions/test_page_weight.py.
    assert "live.js" not in client.get("/login").get_data(as_text=True)
    login_as("member")
    assert client.get("/static/vendor/socket.io.min.js").status_code == 200
    assert client.get("/static/js/live.js").status_code == 200
