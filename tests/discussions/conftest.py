"""Factories for discussion tests: channels, threads and posts through the real actions."""

from __future__ import annotations

import pytest

from workspace.discussions import actions
from workspace.discussions.models import Channel, ChannelKind
from workspace.extensions import db
from workspace.members.models import Profile


@pytest.fixture
def make_channel(app):
    counter = iter(range(1, 10_000))

    def factory(name=None, restricted=False, regions=(), members=(), kind=ChannelKind.TOPIC):
        n = next(counter)
        channel = Channel(
            name=name or f"Channel {n}",
            slug=f"channel-{n}",
            kind=kind,
            restricted=restricted,
        )
        db.session.add(channel)
        db.session.flush()
        actions.save_channel(
            channel,
            name=channel.name,
            slug=channel.slug,
            kind=kind,
            restricted=restricted,
            regions=list(regions),
            member_ids=[u.id for u in members],
        )
        db.session.commit()
        return channel

    return factory


@pytest.fixture
def make_thread(app):
    def factory(channel, author, title="A question on API data", body="What do you use?", tags=""):
        thread = actions.create_thread(channel, author, title, body, tags)
        db.session.commit()
        return thread

    return factory


@pytest.fixture
def make_post(app):
    def factory(thread, author, body="A reply", parent=None):
        post = actions.create_post(thread, author, body, parent)
        db.session.commit()
        return post

    return factory


@pytest.fixture
def set_country(app):
    def factory(user, country):
        db.session.add(Profile(user_id=user.id, country=country))
        db.session.commit()
        db.session.expire(user)

    return factory
