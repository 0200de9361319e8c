"""The header count a live event carries is the count the member's next page shows.

`unread_counts` works out many members' counts at once (for one post's readers); it must
give what `unread_count` gives each of them: notifications about a channel or a practice a
member may no longer read do not count.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.core.db import utcnow
from workspace.core.live.publishing import publish_to_users
from workspace.core.live.rooms import room_name
from workspace.core.live_events import LiveEvent
from workspace.extensions import db
from workspace.notifications import queries
from workspace.notifications.models import Notification, NotificationKind
from workspace.practices.models import PracticeStatus


@pytest.fixture
def people_and_notes(make_user, make_channel, make_thread, make_practice):
    admin, moderator = make_user("admin"), make_user("moderator")
    outsider, insider, nobody = make_user("member"), make_user("member"), make_user("member")
    applicant = make_user("applicant")
    author = make_user("member")
    open_thread = make_thread(make_channel(), author)
    # The author is listed too: only those a restricted channel admits may write in it.
    closed_thread = make_thread(make_channel(restricted=True, members=[insider, author]), author)
    published = make_practice(author)
    draft = make_practice(author, status=PracticeStatus.DRAFT)
    about = [
        {"thread_id": open_thread.id},
        {"thread_id": closed_thread.id},
        {"practice_id": published.id},
        {"practice_id": draft.id},
    ]
    for user in (admin, moderator, outsider, insider, applicant):
        for n, subject in enumerate(about):
            for read in (None, utcnow()) if n % 2 else (None,):
                db.session.add(
                    Notification(
                        user_id=user.id, kind=NotificationKind.REPLY, read_at=read, **subject
                    )
                )
    db.session.commit()
    return {
        "admin": admin,
        "moderator": moderator,
        "outsider": outsider,
        "insider": insider,
        "nobody": nobody,
        "applicant": applicant,
    }


@pytest.mark.parametrize("batch", [200, 1])
def test_many_counts_at_once_match_each_members_count(people_and_notes, monkeypatch, batch):
    monkeypatch.setattr(queries, "COUNT_BATCH", batch)  # one statement, or one per member
    users = list(people_and_notes.values())
    expected = {u.id: queries.unread_count(u) for u in users}
    assert queries.unread_counts(users) == expected
    by_name = {name: expected[u.id] for name, u in people_and_notes.items()}
    # Admins read everything; a moderator every channel open to them and every practice;
    # an outsider neither the restricted channel nor someone else's draft.
    assert by_name == {
        "admin": 4,
        "moderator": 3,
        "outsider": 2,
        "insider": 3,
        "nobody": 0,
        "applicant": 0,
    }


def test_live_counts_go_to_each_members_own_room_in_one_insert(people_and_notes):
    users = [people_and_notes["outsider"], people_and_notes["insider"]]
    ids = publish_to_users("notification", {u.id: {"count": u.id * 10} for u in users})
    db.session.commit()
    for user in users:
        event = db.session.get(LiveEvent, ids[user.id])
        assert event.room == room_name("user", user.id)
        assert (event.event, event.payload) == ("notification", {"count": user.id * 10})
    assert publish_to_users("notification", {}) == {}
    rooms = db.session.scalars(select(LiveEvent.room).where(LiveEvent.id.in_(ids.values())))
    assert sorted(rooms) == sorted(room_name("user", u.id) for u in users)
