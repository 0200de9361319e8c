"""Who may do what, and restricted channels leaking nothing to outsiders."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.discussions.helpers import sign_in
from workspace.discussions import search
from workspace.discussions.models import Post
from workspace.discussions.permissions import can_read_channel
from workspace.extensions import db
from workspace.notifications import queries as notification_queries
from workspace.notifications.models import Notification
from workspace.notifications.permissions import may_read

SECRET = "Watchlist coordination for Nouakchott"


@pytest.fixture
def restricted(make_user, make_channel, make_thread, make_post, set_country):
    insider = make_user("member", name="Listed Officer")
    regional = make_user("member", name="Regional Officer")
    set_country(regional, "EG")  # Egypt: League of Arab States
    outsider = make_user("member", name="Outside Officer")
    set_country(outsider, "KZ")
    channel = make_channel(
        "Focal points — LAS", restricted=True, regions=["LAS"], members=[insider]
    )
    thread = make_thread(
        channel, insider, title=SECRET, body="Only for focal points: @[Outside Officer]"
    )
    reply = make_post(thread, regional, "Confidential reply about Nouakchott")
    return {
        "channel": channel,
        "thread": thread,
        "reply": reply,
        "insider": insider,
        "regional": regional,
        "outsider": outsider,
    }


def test_listed_and_regional_members_read_a_restricted_channel(client, restricted):
    for who in ("insider", "regional"):
        sign_in(client, restricted[who])
        page = client.get(f"/discussions/threads/{restricted['thread'].id}")
        assert page.status_code == 200 and SECRET in page.get_data(as_text=True)
        assert "Focal points" in client.get("/discussions/").get_data(as_text=True)


def test_restricted_channel_leaks_nothing_to_outsiders(client, restricted, make_user):
    outsider = restricted["outsider"]
    thread, channel, reply = restricted["thread"], restricted["channel"], restricted["reply"]
    sign_in(client, outsider)
    for url in (
        f"/discussions/channels/{channel.id}",
        f"/discussions/channels/{channel.id}/new",
        f"/discussions/threads/{thread.id}",
        f"/discussions/threads/{thread.id}?view=flat",
        f"/discussions/posts/{reply.id}",
        f"/discussions/posts/{reply.id}/history",
        f"/discussions/posts/{reply.id}/reply",
        f"/api/v1/threads/{thread.id}",
        f"/api/v1/posts/{reply.id}",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "x"}).status_code
        == 404
    )
    response = client.post(
        f"/api/v1/threads/{thread.id}/posts",
        json={"body": "x"},
        headers={"X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 404
    for url in (
        "/discussions/",
        "/api/v1/channels",
        "/discussions/search?q=Nouakchott",
        "/api/v1/search?q=Nouakchott",
        "/discussions/notifications",
    ):
        body = client.get(url).get_data(as_text=True)
        assert SECRET not in body and "Confidential reply" not in body, url
        assert "Focal points" not in body, url
    # The mention of the outsider created no notification for them.
    assert (
        db.session.scalar(select(Notification).where(Notification.user_id == outsider.id)) is None
    )
    assert not can_read_channel.allows(outsider, channel)
    assert search.search(outsider, search.SearchParams(q="Nouakchott")) == []


def test_admin_reads_every_channel_moderator_only_open_ones(client, restricted, make_user):
    admin = make_user("admin")
    moderator = make_user("moderator")
    sign_in(client, admin)
    assert client.get(f"/discussions/threads/{restricted['thread'].id}").status_code == 200
    sign_in(client, moderator)
    assert client.get(f"/discussions/threads/{restricted['thread'].id}").status_code == 404


def test_losing_access_stops_notifications_and_mail(restricted, make_user):
    regional = restricted["regional"]
    # The member moves to a country outside the region: earlier notifications disappear.
    db.session.add(
        Notification(
            user_id=regional.id,
            kind="reply",
            thread_id=restricted["thread"].id,
            post_id=restricted["reply"].id,
        )
    )
    db.session.commit()
    assert len(notification_queries.notifications_for(regional)) == 1
    regional.profile.country = "KZ"
    db.session.commit()
    db.session.expire_all()
    assert notification_queries.notifications_for(regional) == []
    assert not any(may_read(regional, n) for n in db.session.scalars(select(Notification)))


def test_applicant_cannot_read_discussions(client, make_user, make_channel, make_thread):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    applicant = make_user("applicant")
    sign_in(client, applicant)
    assert client.get("/discussions/").status_code == 403
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 403
    assert client.get("/api/v1/channels").status_code == 403
    assert "Discussions" not in client.get("/").get_data(as_text=True)


def test_visitor_is_asked_to_sign_in(client):
    assert client.get("/api/v1/channels").status_code == 401


def test_member_cannot_moderate(client, make_user, make_channel, make_thread, make_post):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    post = db.session.scalar(select(Post))
    sign_in(client, member)
    assert (
        client.post_form(
            f"/discussions/threads/{thread.id}/moderate", {"action": "pin"}
        ).status_code
        == 403
    )
    assert (
        client.post_form(f"/discussions/posts/{post.id}/hide", {"reason": "x"}).status_code == 403
    )
    assert client.get("/discussions/flags").status_code == 403
    assert "Moderate this thread" not in client.get(f"/discussions/threads/{thread.id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", ["member", "organizer", "moderator"])
def test_only_admins_manage_channels(client, make_user, make_channel, role):
    channel = make_channel()
    sign_in(client, make_user(role))
    assert client.get("/discussions/manage/channels/new").status_code == 403
    assert (
        client.post_form(
            f"/discussions/manage/channels/{channel.id}", {"name": "x", "slug": "x"}
        ).status_code
        == 403
    )


def test_admin_creates_a_restricted_channel(client, make_user):
    admin = make_user("admin")
    listed = make_user("member")
    sign_in(client, admin)
    response = client.post_form(
        "/discussions/manage/channels/new",
        {
            "name": "Focal points — LAS",
            "slug": "focal-las",
            "kind": "region",
            "restricted": "y",
            "regions": ["LAS"],
            "members": listed.email,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    from workspace.discussions.models import Channel

    channel = db.session.scalar(select(Channel))
    assert channel.restricted and channel.region_codes == ["LAS"]
    assert [m.user_id for m in channel.members] == [listed.id]
    bad = client.post_form(
        "/discussions/manage/channels/new",
        {"name": "Dup", "slug": "focal-las", "kind": "topic", "members": "nobody@x.example"},
    )
    assert bad.status_code == 400 and "No member with: nobody@x.example" in bad.get_data(
        as_text=True
    )


def test_demo_seed_makes_channels_and_threads(app):
    from workspace.demo.seed import seed_demo
    from workspace.discussions.models import Channel, Thread

    seed_demo(member_count=30)
    db.session.commit()
    assert db.session.query(Channel).count() == 9
    threads = db.session.query(Thread).count()
    assert threads > 200
    las = db.session.scalar(select(Channel).where(Channel.slug == "focal-points-las"))
    assert las.restricted and las.region_codes == ["LAS"]
    seed_demo(member_count=30)  # idempotent
    db.session.commit()
    assert db.session.query(Thread).count() == threads
