"""Every change that can end someone's access closes their live rooms, on every process.

The sockets are connected to a served process; the change is made by another (this test
process), through the same actions the pages call. The two share only PostgreSQL and Redis.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
import socketio
from flask import Flask
from sqlalchemy import text

from tests.conftest import _CSRF_RE, PASSWORD, _test_settings
from tests.realtime.conftest import LiveClient
from workspace import create_app
from workspace.auth import actions as auth_actions
from workspace.auth.models import ApiToken, Role, User, UserSession, hash_secret
from workspace.core.live import publishing
from workspace.discussions import actions
from workspace.discussions.models import Channel, Thread
from workspace.extensions import db
from workspace.members import actions as member_actions
from workspace.members.models import CountryChange

# Events that may arrive around the ones a test waits for, from the change itself.
AROUND = ("presence", "thread.updated", "thread.created", "notification")


@dataclass
class Sides:
    """`changes`: the app of this process, where the changes are made; `url`: the served
    process the sockets are connected to."""

    changes: Flask
    url: str

    def member(self, role: str = "member", country: str | None = None) -> int:
        with self.changes.app_context():
            name = uuid.uuid4().hex[:8]
            user = auth_actions.create_user(
                f"{name}@test.example", f"Expert {name}", Role(role), PASSWORD
            )
            if country:
                member_actions.profile_of(user).country = country
            db.session.commit()
            return user.id

    def token(self, user_id: int) -> str:
        with self.changes.app_context():
            _, secret = auth_actions.create_api_token(db.session.get(User, user_id), "live")
            db.session.commit()
            return secret

    def channel(self, restricted=True, regions=(), member_ids=()) -> int:
        with self.changes.app_context():
            slug = f"c-{uuid.uuid4().hex[:8]}"
            channel = actions.save_channel(
                None,
                name=f"Channel {slug}",
                slug=slug,
                restricted=restricted,
                regions=list(regions),
                member_ids=list(member_ids),
            )
            db.session.commit()
            return channel.id

    def thread(self, channel_id: int, author_id: int) -> int:
        with self.changes.app_context():
            thread = actions.create_thread(
                db.session.get(Channel, channel_id),
                db.session.get(User, author_id),
                "Biometric enrolment at land crossings",
                "How do you handle queues at peak hours?",
            )
            db.session.commit()
            return thread.id

    def reply(self, thread_id: int, author_id: int) -> int:
        with self.changes.app_context():
            post = actions.create_post(
                db.session.get(Thread, thread_id), db.session.get(User, author_id), "We use kiosks."
            )
            db.session.commit()
            return post.id

    def marker(self, user_id: int) -> int:
        """An event to the user's personal room: what arrives before it shows what did."""
        with self.changes.app_context():
            event_id = publishing.publish_to_user(user_id, "notification", {"count": 7}).id
            db.session.commit()
            return event_id

    def follow(self, client: LiveClient, **room: int) -> LiveClient:
        assert client.call("subscribe", room)["ok"] is True
        return client


@pytest.fixture
def sides(shared_postgres, shared_redis, start_process, tmp_path, monkeypatch) -> Iterator[Sides]:
    settings = _test_settings(shared_postgres, redis_url=shared_redis)
    changes = create_app(settings, str(tmp_path / "changes"))
    with changes.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        _ids_of_its_own()
    monkeypatch.setenv("WORKSPACE_LOGIN_RATE_LIMIT", "1000 per minute")
    yield Sides(changes, start_process(shared_postgres, shared_redis))
    with changes.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _ids_of_its_own() -> None:
    """Start the ids of rooms at a random number: tests running at the same time share Redis,
    and with it the rooms "thread:1" or "user:1" of their own scratch databases."""
    start = random.randrange(10**6, 2 * 10**9)
    for table in ("users", "channels", "threads", "posts"):
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :start)"),
            {"table": table, "start": start},
        )
    db.session.commit()


def _closed_rooms(client: LiveClient, count: int) -> set[str]:
    return {client.next_event("room.closed", skip=AROUND)[1]["room"] for _ in range(count)}


def _still_following(sides: Sides, client: LiveClient, thread_id: int, author_id: int) -> None:
    post_id = sides.reply(thread_id, author_id)
    while client.next_event("post.created", skip=AROUND)[1]["post_id"] != post_id:
        pass  # an earlier reply of the test


def _no_longer_following(sides: Sides, client: LiveClient, thread_id: int, user_id: int):
    sides.reply(thread_id, sides.member("admin"))
    marker = sides.marker(user_id)
    assert client.next_event(skip=("presence", "thread.updated"))[1]["id"] == marker


def test_moving_a_thread_closes_it_to_readers_of_the_old_channel_only(sides, live_client):
    outsider, insider, moderator = sides.member(), sides.member(), sides.member("admin")
    thread_id = sides.thread(sides.channel(restricted=False), moderator)
    focal_points = sides.channel(member_ids=[insider])
    left = sides.follow(
        live_client().connect(sides.url, auth={"token": sides.token(outsider)}), thread=thread_id
    )
    stays = sides.follow(
        live_client().connect(sides.url, auth={"token": sides.token(insider)}), thread=thread_id
    )

    with sides.changes.app_context():
        actions.move_thread(
            db.session.get(Thread, thread_id),
            db.session.get(User, moderator),
            db.session.get(Channel, focal_points),
        )
        db.session.commit()

    assert _closed_rooms(left, 1) == {f"thread:{thread_id}"}
    _no_longer_following(sides, left, thread_id, outsider)
    _still_following(sides, stays, thread_id, moderator)


def test_narrowing_a_channels_regions_closes_it_and_its_threads(sides, live_client):
    admin, egyptian = sides.member("admin"), sides.member(country="EG")  # LAS and Africa
    channel_id = sides.channel(regions=["LAS"])
    thread_id = sides.thread(channel_id, admin)
    client = live_client().connect(sides.url, auth={"token": sides.token(egyptian)})
    sides.follow(client, thread=thread_id)
    sides.follow(client, channel=channel_id)

    with sides.changes.app_context():
        channel = db.session.get(Channel, channel_id)
        actions.save_channel(
            channel, name=channel.name, slug=channel.slug, restricted=True, regions=["ASEAN"]
        )
        db.session.commit()

    assert _closed_rooms(client, 2) == {f"thread:{thread_id}", f"channel:{channel_id}"}
    _no_longer_following(sides, client, thread_id, egyptian)


def test_removing_a_member_from_a_channel_closes_it_and_its_threads(sides, live_client):
    admin, removed, kept = sides.member("admin"), sides.member(), sides.member()
    channel_id = sides.channel(member_ids=[removed, kept])
    thread_id = sides.thread(channel_id, admin)
    gone = live_client().connect(sides.url, auth={"token": sides.token(removed)})
    sides.follow(gone, thread=thread_id)
    sides.follow(gone, channel=channel_id)
    stays = sides.follow(
        live_client().connect(sides.url, auth={"token": sides.token(kept)}), thread=thread_id
    )

    with sides.changes.app_context():
        channel = db.session.get(Channel, channel_id)
        actions.save_channel(
            channel, name=channel.name, slug=channel.slug, restricted=True, member_ids=[kept]
        )
        db.session.commit()

    assert _closed_rooms(gone, 2) == {f"thread:{thread_id}", f"channel:{channel_id}"}
    _no_longer_following(sides, gone, thread_id, removed)
    _still_following(sides, stays, thread_id, admin)


def test_a_country_change_closes_the_region_channels_left(sides, live_client):
    moderator, member = sides.member("moderator"), sides.member(country="JO")  # LAS
    thread_id = sides.thread(sides.channel(regions=["LAS"]), sides.member("admin"))
    client = sides.follow(
        live_client().connect(sides.url, auth={"token": sides.token(member)}), thread=thread_id
    )

    with sides.changes.app_context():
        user = db.session.get(User, member)
        member_actions.update_profile(user, {"country": "KZ"}, user)  # asks a moderator
        db.session.commit()
        change = member_actions.pending_country_change(user)
        assert isinstance(change, CountryChange)
        member_actions.approve_country_change(change, db.session.get(User, moderator))
        db.session.commit()

    assert _closed_rooms(client, 1) == {f"thread:{thread_id}"}
    _no_longer_following(sides, client, thread_id, member)


def test_an_admin_made_moderator_loses_the_restricted_channels(sides, live_client):
    demoted, admin = sides.member("admin"), sides.member("admin")
    channel_id = sides.channel(member_ids=[admin])
    open_thread = sides.thread(sides.channel(restricted=False), admin)
    restricted_thread = sides.thread(channel_id, admin)
    client = live_client().connect(sides.url, auth={"token": sides.token(demoted)})
    sides.follow(client, thread=restricted_thread)
    sides.follow(client, thread=open_thread)

    with sides.changes.app_context():
        member_actions.change_role(
            db.session.get(User, demoted), Role.MODERATOR, db.session.get(User, admin)
        )
        db.session.commit()

    assert _closed_rooms(client, 1) == {f"thread:{restricted_thread}"}
    _still_following(sides, client, open_thread, admin)


def test_a_suspension_closes_every_room_then_the_connection(sides, live_client):
    moderator, member = sides.member("moderator"), sides.member()
    thread_id = sides.thread(sides.channel(restricted=False), moderator)
    client = sides.follow(
        live_client().connect(sides.url, auth={"token": sides.token(member)}), thread=thread_id
    )

    with sides.changes.app_context():
        member_actions.suspend(
            db.session.get(User, member),
            "Shared a restricted document",
            None,
            db.session.get(User, moderator),
        )
        db.session.commit()

    assert _closed_rooms(client, 1) == {f"thread:{thread_id}"}
    assert client.disconnected.wait(10)


def test_revoking_an_api_token_closes_the_sockets_it_opened(sides, live_client):
    member = sides.member()
    thread_id = sides.thread(sides.channel(restricted=False), member)
    revoked_secret, kept_secret = sides.token(member), sides.token(member)
    gone = sides.follow(
        live_client().connect(sides.url, auth={"token": revoked_secret}), thread=thread_id
    )
    stays = sides.follow(
        live_client().connect(sides.url, auth={"token": kept_secret}), thread=thread_id
    )

    with sides.changes.app_context():
        token = db.session.scalar(
            db.select(ApiToken).where(ApiToken.token_hash == hash_secret(revoked_secret))
        )
        auth_actions.revoke_api_token(token)
        db.session.commit()

    assert _closed_rooms(gone, 1) == {f"thread:{thread_id}"}
    assert gone.disconnected.wait(10)
    _still_following(sides, stays, thread_id, member)
    with pytest.raises(socketio.exceptions.ConnectionError):
        live_client().connect(sides.url, auth={"token": revoked_secret})


def _signed_in_browser(sides: Sides, user_id: int) -> requests.Session:
    """Sign in through the served process's sign-in page, as a browser does."""
    with sides.changes.app_context():
        email = db.session.get(User, user_id).email
    browser = requests.Session()
    page = browser.get(f"{sides.url}/login", timeout=10).text
    form = {"csrf_token": _CSRF_RE.search(page).group(1), "email": email, "password": PASSWORD}
    response = browser.post(f"{sides.url}/login", data=form, timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return browser


def _cookie_socket(sides: Sides, live_client, browser: requests.Session) -> LiveClient:
    cookie = f"workspace_session={browser.cookies['workspace_session']}"
    return live_client().connect(sides.url, headers={"Cookie": cookie})


def test_revoking_a_session_closes_the_sockets_of_that_browser(sides, live_client):
    member = sides.member()
    thread_id = sides.thread(sides.channel(restricted=False), member)
    laptop = _signed_in_browser(sides, member)
    phone = _signed_in_browser(sides, member)
    gone = sides.follow(_cookie_socket(sides, live_client, phone), thread=thread_id)
    stays = sides.follow(_cookie_socket(sides, live_client, laptop), thread=thread_id)

    with sides.changes.app_context():
        newest = db.session.scalar(
            db.select(UserSession)
            .where(UserSession.user_id == member)
            .order_by(UserSession.id.desc())
            .limit(1)
        )
        auth_actions.revoke_session(newest)  # the phone's: signed in last
        db.session.commit()

    assert _closed_rooms(gone, 1) == {f"thread:{thread_id}"}
    assert gone.disconnected.wait(10)
    _still_following(sides, stays, thread_id, member)
