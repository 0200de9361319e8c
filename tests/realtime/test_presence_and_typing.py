"""Who is viewing a room, and the typing indicator (one process, in memory)."""

from tests.realtime.conftest import publish_in, token_for
from workspace.core.live import catchup, publishing


def test_presence_follows_joins_and_disconnects(live_server, live_client, make_user):
    ada, ben = make_user("member", name="Ada"), make_user("member", name="Ben")
    first = live_client().connect(live_server.url, auth={"token": token_for(ada)})
    assert first.call("subscribe", {"testroom": 20})["ok"] is True
    assert first.next_event("presence")[1]["names"] == ["Ada"]

    second = live_client().connect(live_server.url, auth={"token": token_for(ben)})
    second.call("subscribe", {"testroom": 20})
    _, data = first.next_event("presence")
    assert data["names"] == ["Ada", "Ben"]
    assert data["viewers"] == [{"user": ada.id, "name": "Ada"}, {"user": ben.id, "name": "Ben"}]

    second.close()
    assert first.next_event("presence")[1]["names"] == ["Ada"]


def test_same_user_in_two_tabs_is_listed_once(live_server, live_client, make_user):
    secret = token_for(make_user("member", name="Ada"))
    tabs = [live_client().connect(live_server.url, auth={"token": secret}) for _ in range(2)]
    for tab in tabs:
        tab.call("subscribe", {"testroom": 21})
    tabs[0].next_event("presence")
    assert tabs[0].next_event("presence")[1]["names"] == ["Ada"]


def test_typing_is_relayed_to_others_and_rate_limited(live_server, live_client, make_user):
    ada, ben = make_user("member", name="Ada"), make_user("member", name="Ben")
    typist = live_client().connect(live_server.url, auth={"token": token_for(ada)})
    reader = live_client().connect(live_server.url, auth={"token": token_for(ben)})
    for client in (typist, reader):
        client.call("subscribe", {"testroom": 22})

    assert typist.call("typing", {"testroom": 22}) == {"ok": True, "relayed": True}
    assert typist.call("typing", {"testroom": 22}) == {"ok": True, "relayed": False}
    _, data = reader.next_event("typing", skip=("presence",))
    assert data == {"room": "testroom:22", "user": ada.id, "name": "Ada"}

    # The typist never hears itself: the next event it gets is a post.
    event_id = publish_in(live_server.app, 22, "post.created", {"post_id": 1, "html": "x"})
    assert typist.next_event(skip=("presence",)) == (
        "post.created",
        {"id": event_id, "room": "testroom:22", "seq": 1, "post_id": 1, "html": "x"},
    )


def test_typing_needs_a_subscription(live_server, live_client, make_user):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    assert client.call("typing", {"testroom": 23})["ok"] is False


def test_unsubscribe_leaves_the_room(live_server, live_client, make_user):
    client = live_client().connect(live_server.url, auth={"token": token_for(make_user("member"))})
    client.call("subscribe", {"testroom": 24})
    assert client.call("unsubscribe", {"testroom": 24}) == {"ok": True}
    publish_in(live_server.app, 24, "post.created", {"post_id": 1, "html": "x"})
    with live_server.app.app_context():
        from workspace.extensions import db

        user_id = live_server.app.extensions["workspace.realtime"].sockets
        user_id = next(iter(user_id.values())).user_id
        marker = publishing.publish_to_user(user_id, "notification", {"count": 1}).id
        db.session.commit()
    assert client.next_event(skip=("presence",))[1]["id"] == marker


def test_last_event_id_of_a_room(app):
    from workspace.extensions import db

    assert catchup.last_event_id("testroom", 25) == 0
    row = publishing.publish("testroom", 25, "post.created", {"post_id": 1})
    publishing.publish("testroom", 26, "post.created", {"post_id": 2})
    db.session.commit()
    assert catchup.last_event_id("testroom", 25) == row.seq == 1
