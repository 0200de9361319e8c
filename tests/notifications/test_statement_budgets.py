"""What a post or a published practice costs the database does not grow with its readers.

Each test counts the statements of the write and its commit (tests/notifications/conftest.py)
for a small audience and a large one: the notifications, the live header counts and the
e-mails of one event are written in bulk, a fixed number of statements for any audience.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.notifications.world import build_world
from workspace.auth import actions as auth_actions
from workspace.bench.querycount import count_queries
from workspace.core.live_events import LiveEvent
from workspace.core.outbox import Outbox
from workspace.discussions import actions as discussions
from workspace.extensions import db
from workspace.notifications.actions import set_email_mode
from workspace.notifications.models import EmailMode, Notification, NotificationKind
from workspace.practices import actions as practices

REPLY_BUDGET = 26  # the live events are numbered per room: one statement for their counters
PASSWORD = "a long enough passphrase 42"
SLACK = 2  # a first row of a kind (a read mark, a stamp) may cost one statement more


def _reply(world, body="Which fields does your unit check?"):
    return lambda: discussions.create_post(world.thread, world.member, body, world.reply)


def _rows(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_a_reply_costs_the_same_for_no_follower_and_two_hundred(quiet_app, statements):
    alone, followed = build_world(0), build_world(200)
    set_email_mode(followed.crowd[0], EmailMode.DIGEST)  # e-mail choices are read, in bulk
    set_email_mode(followed.crowd[1], EmailMode.OFF)
    db.session.commit()
    quiet = statements(_reply(alone))
    busy = statements(_reply(followed))
    assert quiet <= REPLY_BUDGET, str(statements.last)
    assert busy <= quiet + SLACK, str(statements.last)
    # Every follower was told, and the reply's parent's author.
    post_id = db.session.scalar(select(func.max(Notification.post_id)))
    assert _rows(Notification, post_id=post_id) == 201


def test_everyone_following_is_told_once_live_and_by_e_mail(quiet_app, statements):
    world = build_world(30)
    set_email_mode(world.crowd[0], EmailMode.DIGEST)
    db.session.commit()
    events_before, mails_before = _rows(LiveEvent), _rows(Outbox)
    statements(_reply(world))
    post_id = db.session.scalar(select(func.max(Notification.post_id)))
    told = db.session.scalars(select(Notification.user_id).where(Notification.post_id == post_id))
    # The crowd follows the thread; the reply's parent's author (the member) wrote it.
    assert sorted(told) == sorted(u.id for u in [*world.crowd, world.author])
    assert _rows(LiveEvent) - events_before >= 31  # one header count per reader
    assert _rows(Outbox) - mails_before == 30  # all but the digest reader, at once


def test_mentioning_fifty_members_costs_what_mentioning_one_does(quiet_app, statements):
    world = build_world(0)
    one = f"@[{world.author.display_name}]"
    many_world = build_world(50)
    many = " ".join(f"@[{u.display_name}]" for u in many_world.crowd)
    few = statements(_reply(world, f"Thanks {one}"))
    lots = statements(_reply(many_world, f"Thanks {many}"))
    assert few <= REPLY_BUDGET + 1, str(statements.last)  # + reading who the names are
    assert lots <= few + SLACK, str(statements.last)
    post_id = db.session.scalar(select(func.max(Notification.post_id)))
    assert _rows(Notification, post_id=post_id, kind=NotificationKind.MENTION) == 50


def test_a_new_thread_costs_the_same_for_ten_channel_followers_and_a_hundred(quiet_app, statements):
    small, large = build_world(10), build_world(100)

    def start(world):
        return lambda: discussions.create_thread(
            world.channel, world.member, "Biometric enrolment at land crossings", "Any numbers?"
        )

    few, many = statements(start(small)), statements(start(large))
    assert few <= REPLY_BUDGET + 5, str(statements.last)
    assert many <= few + SLACK, str(statements.last)


def test_publishing_a_practice_costs_the_same_for_ten_followers_and_a_hundred(
    quiet_app, statements
):
    small, large = build_world(10), build_world(100)

    def publish(world):
        practice = practices.create_practice(
            world.author,
            {
                "title": "Joint patrols on the river border",
                "summary": "Two services patrol one stretch together.",
                "body": "Shared schedules, one radio channel, one report.",
                "regions": ["LAS"],
                "language": "en",
                "expertise": [world.area.slug],
            },
        )
        practices.submit(practice, world.author, confirm_public=True)
        db.session.commit()
        return lambda: practices.approve(practice, world.moderator)

    few, many = statements(publish(small)), statements(publish(large))
    assert few <= REPLY_BUDGET, str(statements.last)
    assert many <= few + SLACK, str(statements.last)
    newest = db.session.scalar(select(func.max(Notification.practice_id)))
    followers = _rows(Notification, practice_id=newest, kind=NotificationKind.NEW_PRACTICE)
    assert followers == 100
    assert _rows(Notification, practice_id=newest) == 101  # and the author's notice


@pytest.mark.parametrize("readers", [0, 1])
def test_a_reply_nobody_else_reads_writes_no_notification(quiet_app, statements, readers):
    world = build_world(readers)
    before = _rows(Notification)
    statements(lambda: discussions.create_post(world.thread, world.author, "A note to self."))
    assert _rows(Notification) - before == readers


def test_posting_a_reply_from_the_page_costs_the_same_for_any_audience(quiet_app, make_app):
    """The whole request: session, viewer, permission checks, the write and its commit."""
    serving = make_app(OUTBOX_IMMEDIATE=False)  # its own contexts, as in production
    client = serving.test_client()
    costs = []
    for crowd in (0, 200):
        world = build_world(crowd)
        auth_actions.set_password(world.member, PASSWORD)
        db.session.commit()
        client.login(world.member.email, PASSWORD)
        url = f"/discussions/threads/{world.thread.id}/reply"
        data = {"body": "We check both.", "parent_id": str(world.reply.id)}
        data["csrf_token"] = client.csrf_token()
        with count_queries(serving) as queries:
            assert client.post(url, data=data).status_code == 302
        costs.append(queries.count)
        client.post_form("/logout")
    assert costs[1] <= costs[0] + SLACK, costs
    assert costs[0] <= REPLY_BUDGET + 3, costs  # the session and viewer reads come along
