"""Discussion rooms follow the pages' read rule, and losing access ends the feed at once."""

from tests.realtime.conftest import token_for
from workspace.auth.models import User
from workspace.discussions import actions
from workspace.discussions.models import Channel
from workspace.extensions import db


def _restricted_thread(app, author_id: int, member_ids: list[int]):
    with app.app_context():
        channel = actions.save_channel(
            None, name="Focal points", slug="focal-points", restricted=True, member_ids=member_ids
        )
        thread = actions.create_thread(
            channel, db.session.get(User, author_id), "Watchlist hits", "For focal points only."
        )
        db.session.commit()
        return channel.id, thread.id


def test_outsiders_cannot_follow_a_restricted_thread(live_server, live_client, make_user):
    insider, outsider = make_user("member"), make_user("member")
    _, thread_id = _restricted_thread(live_server.app, insider.id, [insider.id])
    inside = live_client().connect(live_server.url, auth={"token": token_for(insider)})
    outside = live_client().connect(live_server.url, auth={"token": token_for(outsider)})
    assert inside.call("subscribe", {"thread": thread_id})["ok"] is True
    assert outside.call("subscribe", {"thread": thread_id})["ok"] is False


def test_removal_from_a_restricted_channel_stops_its_events(live_server, live_client, make_user):
    admin, insider = make_user("admin"), make_user("member")
    channel_id, thread_id = _restricted_thread(live_server.app, admin.id, [admin.id, insider.id])
    socket = live_client().connect(live_server.url, auth={"token": token_for(insider)})
    assert socket.call("subscribe", {"thread": thread_id})["ok"] is True

    with live_server.app.app_context():
        channel = db.session.get(Channel, channel_id)
        actions.save_channel(
            channel, name=channel.name, slug=channel.slug, restricted=True, member_ids=[admin.id]
        )
        db.session.commit()

    _, closed = socket.next_event("room.closed", skip=("presence",))
    assert closed["room"] == f"thread:{thread_id}"
