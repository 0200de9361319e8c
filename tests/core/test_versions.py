"""Object versions: an action names the objects it changes, and their stamps change in the
same transaction, however the write was made; nothing else changes them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from workspace.auth.models import Role, UserSession
from workspace.core import versions
from workspace.core.versions import ObjectVersion
from workspace.discussions import actions as discussions
from workspace.discussions.models import Thread, ThreadRead
from workspace.extensions import db


def _stamps() -> dict[tuple[str, int], int]:
    db.session.commit()  # end the test's own transaction: read what others would
    rows = db.session.execute(
        select(ObjectVersion.kind, ObjectVersion.object_id, ObjectVersion.version)
    ).all()
    return {(kind, object_id): version for kind, object_id, version in rows}


@pytest.fixture
def two_threads(app, make_user):
    user = make_user(Role.MEMBER)
    channel = discussions.save_channel(None, name="API/PNR", slug="api-pnr", description="")
    first = discussions.create_thread(channel, user, "PNR retention", "How long?")
    second = discussions.create_thread(channel, user, "API formats", "Which version?")
    db.session.commit()
    return user, channel, first, second


def test_a_reply_changes_its_thread_and_channel_and_no_other_thread(two_threads):
    user, channel, first, second = two_threads
    before = _stamps()
    discussions.create_post(first, user, "Five years in most states.")
    db.session.commit()
    after = _stamps()
    assert after[("thread", first.id)] != before[("thread", first.id)]
    assert after[("channel", channel.id)] != before[("channel", channel.id)]
    assert after[("thread", second.id)] == before[("thread", second.id)]
    assert after[("channels", 0)] == before[("channels", 0)]


def test_a_named_object_is_stamped_however_the_write_was_made(two_threads):
    _, _, first, _ = two_threads
    before = _stamps()
    # A statement no parser of SQL text would read as an UPDATE of threads.
    db.session.execute(
        text(
            "WITH t AS (SELECT :id AS id) "
            "UPDATE threads SET title = 'Retention' WHERE id IN (SELECT id FROM t)"
        ),
        {"id": first.id},
    )
    versions.changed("thread", first.id)
    db.session.commit()
    assert _stamps()[("thread", first.id)] != before[("thread", first.id)]


def test_a_rolled_back_change_leaves_the_stamps(two_threads):
    _, _, first, _ = two_threads
    before = _stamps()
    db.session.execute(update(Thread).where(Thread.id == first.id).values(title="Gone"))
    versions.changed("thread", first.id)
    db.session.rollback()
    db.session.commit()  # nothing left to stamp
    assert _stamps() == before


def test_each_members_own_state_changes_no_stamp(two_threads, client):
    user, _, first, _ = two_threads
    client.login(user.email)  # writes a session row (and the user's last sign-in)
    before = _stamps()
    db.session.execute(
        update(ThreadRead).where(ThreadRead.thread_id == first.id).values(last_seq=7)
    )
    db.session.execute(update(UserSession).values(user_agent="Firefox"))
    db.session.commit()
    assert _stamps() == before


def test_a_kind_is_lowercase_letters():
    with pytest.raises(ValueError):
        versions.key("Thread; DROP", 1)
