"""A user who loses access stops receiving events at once."""

from tests.realtime.conftest import publish_in, token_for
from workspace.auth.models import User
from workspace.core.db import utcnow
from workspace.core.live import access as live_access
from workspace.core.live import publishing
from workspace.extensions import db


def _suspend(app, user_id: int, tell_live_layer: bool = True) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        user.suspended_at = utcnow()
        if tell_live_layer:
            live_access.disconnect_user(user.id)
        db.session.commit()


def test_suspended_users_socket_is_disconnected(live_server, live_client, make_user):
    suspended, colleague = make_user("member"), make_user("member")
    gone = live_client().connect(live_server.url, auth={"token": token_for(suspended)})
    stays = live_client().connect(live_server.url, auth={"token": token_for(colleague)})
    for client in (gone, stays):
        assert client.call("subscribe", {"testroom": 10})["ok"] is True

    _suspend(live_server.app, suspended.id)

    assert gone.disconnected.wait(10)
    event_id = publish_in(live_server.app, 10, "post.created", {"post_id": 1, "html": "x"})
    assert stays.next_event("post.created", skip=("presence",))[1]["id"] == event_id
    assert not gone.sio.connected


def test_reconnecting_suspended_user_is_refused(live_server, live_client, make_user):
    import pytest
    import socketio

    user = make_user("member")
    secret = token_for(user)
    _suspend(live_server.app, user.id)
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(live_server.url, auth={"token": secret})


def test_heartbeat_drops_sockets_of_users_suspended_elsewhere(live_server, live_client, make_user):
    user = make_user("member")
    client = live_client().connect(live_server.url, auth={"token": token_for(user)})
    _suspend(live_server.app, user.id, tell_live_layer=False)
    with live_server.app.app_context():  # what the heartbeat does every HEARTBEAT_INTERVAL
        live_server.app.extensions["workspace.realtime"].drop_inactive()
    assert client.disconnected.wait(10)


def test_subscribe_after_suspension_is_refused(live_server, live_client, make_user):
    user = make_user("member")
    client = live_client().connect(live_server.url, auth={"token": token_for(user)})
    _suspend(live_server.app, user.id, tell_live_layer=False)
    assert client.call("subscribe", {"testroom": 1})["ok"] is False
    assert client.disconnected.wait(10)


def test_revoked_room_access_stops_events(live_server, live_client, make_user, revoked):
    removed, colleague = make_user("member"), make_user("member")
    client = live_client().connect(live_server.url, auth={"token": token_for(removed)})
    other = live_client().connect(live_server.url, auth={"token": token_for(colleague)})
    for c in (client, other):
        assert c.call("subscribe", {"testroom": 11})["ok"] is True

    with live_server.app.app_context():
        revoked.add((removed.id, 11))
        live_access.revoke_room_access("testroom", 11, removed.id)
        db.session.commit()
    assert client.next_event("room.closed", skip=("presence",))[1] == {"room": "testroom:11"}

    event_id = publish_in(live_server.app, 11, "post.created", {"post_id": 1, "html": "x"})
    with live_server.app.app_context():
        marker = publishing.publish_to_user(removed.id, "notification", {"count": 1}).id
        db.session.commit()
    assert client.next_event(skip=("presence",))[1]["id"] == marker
    assert other.next_event("post.created", skip=("presence",))[1]["id"] == event_id
    assert client.call("subscribe", {"testroom": 11})["ok"] is False


def test_recheck_access_leaves_every_room_now_refused(live_server, live_client, make_user, revoked):
    user = make_user("member")
    client = live_client().connect(live_server.url, auth={"token": token_for(user)})
    for room in (12, 13):
        assert client.call("subscribe", {"testroom": room})["ok"] is True

    with live_server.app.app_context():
        revoked.add((user.id, 13))
        live_access.recheck_access(user.id)
        assert client.call("subscribe", {"testroom": 14})["ok"] is True
        assert all(
            event != "room.closed" for event, _ in list(client.events.queue)
        )  # waits for commit
        db.session.commit()
    assert client.next_event("room.closed", skip=("presence",))[1] == {"room": "testroom:13"}

    kept = publish_in(live_server.app, 12, "post.created", {"post_id": 1, "html": "x"})
    publish_in(live_server.app, 13, "post.created", {"post_id": 2, "html": "y"})
    marker = publish_in(live_server.app, 14, "post.created", {"post_id": 3, "html": "z"})
    assert [client.next_event(skip=("presence",))[1]["id"] for _ in range(2)] == [kept, marker]


def test_moderators_suspension_cuts_the_live_connection(live_server, live_client, make_user):
    from workspace.members import actions as member_actions

    member, moderator = make_user("member"), make_user("moderator")
    socket = live_client().connect(live_server.url, auth={"token": token_for(member)})
    assert socket.call("subscribe", {"testroom": 11})["ok"] is True
    with live_server.app.app_context():
        member_actions.suspend(
            db.session.get(User, member.id), "test", None, db.session.get(User, moderator.id)
        )
        db.session.commit()
    assert socket.disconnected.wait(10)
