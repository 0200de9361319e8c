"""Reading notifications: unread counts (one member's, or many at once), e-mail choices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask import g
from sqlalchemy import bindparam, case, func, select, union_all
from sqlalchemy.orm import joinedload

from workspace.auth.models import Role, User
from workspace.auth.viewer import along, read_along
from workspace.core.permissions import role_of
from workspace.extensions import db
from workspace.notifications.models import (
    NOTICES,
    DiscussionSettings,
    EmailMode,
    Notification,
)
from workspace.notifications.permissions import (
    READ_NOTIFICATIONS,
    open_to_members,
    still_readable,
)

# Members whose counts one statement works out with the readability rule: each is a branch
# of a UNION ALL, and SQLite takes at most 500 of them.
COUNT_BATCH = 200


def email_mode(user: User) -> EmailMode:
    settings = db.session.get(DiscussionSettings, user.id)
    return settings.email_mode if settings else EmailMode.IMMEDIATE


def email_modes(user_ids: Iterable[int]) -> dict[int, EmailMode]:
    """Each member's e-mail choice, in one statement (immediate unless they chose)."""
    modes = dict.fromkeys(user_ids, EmailMode.IMMEDIATE)
    if modes:
        rows = db.session.execute(
            select(DiscussionSettings.user_id, DiscussionSettings.email_mode).where(
                DiscussionSettings.user_id.in_(modes)
            )
        )
        modes.update((user_id, mode) for user_id, mode in rows)
    return modes


# Index-only on ix_notifications_user_unread, built once, on the table: a Core count skips
# the ORM's statement and result layers, which cost more than the query itself.
_notifications = Notification.__table__.c
_UNREAD = select(func.count()).where(
    _notifications.user_id == bindparam("user_id"), _notifications.read_at.is_(None)
)


def _unread_of_viewer():
    """The index-only count for the viewer's row, read with the viewer (auth/viewer.py)."""
    return (
        select(func.count())
        .where(_notifications.user_id == User.id, _notifications.read_at.is_(None))
        .scalar_subquery()
    )


read_along("unread_notifications", _unread_of_viewer)


def header_count(user: Any) -> int:
    """The unread count in the header, worked out once per request: most often the count
    read with the viewer is the answer (see unread_count)."""
    if "unread_notifications" not in g:
        if not READ_NOTIFICATIONS.allows(user):
            g.unread_notifications = 0
        else:
            unread = along("unread_notifications")
            g.unread_notifications = unread_count(user, unread)
    return g.unread_notifications


def unread_count(user: User, unread: int | None = None) -> int:
    """Unread notifications about threads and practices the user can still read.

    Most members have none, and admins read every channel: for them the index-only count is
    the answer. Only a member with unread notifications pays for the readability filter, so
    a notification from a channel they lost access to still does not count. `unread` is
    the index-only count when it was read already (with the viewer, see header_count).
    """
    if role_of(user) < Role.MEMBER:
        return 0
    if unread is None:  # not read with the viewer already
        db.session.flush()  # what the ORM would do before its own query: count pending rows
        unread = db.session.connection().scalar(_UNREAD, {"user_id": user.id}) or 0
    if not unread or role_of(user) >= Role.ADMIN:
        return unread
    return db.session.scalar(_readable_unread(user).with_only_columns(func.count()))


def unread_counts(users: Sequence[User]) -> dict[int, int]:
    """unread_count() of many members, in one statement, or two when some of them have
    unread notifications about restricted threads or unpublished practices (one more per
    COUNT_BATCH such members: each needs the readability rule of their own)."""
    counts = dict.fromkeys((u.id for u in users), 0)
    members = {u.id: u for u in users if role_of(u) >= Role.MEMBER}
    if not members:
        return counts
    db.session.flush()
    opened = func.count(case((open_to_members(), 1)))
    rows = db.session.execute(
        select(Notification.user_id, func.count(), opened)
        .where(Notification.user_id.in_(members), Notification.read_at.is_(None))
        .group_by(Notification.user_id)
    )
    to_filter = []
    for user_id, unread, open_count in rows:
        user = members[user_id]
        if unread == open_count or role_of(user) >= Role.ADMIN:
            counts[user_id] = unread
        else:
            to_filter.append(user)
    for start in range(0, len(to_filter), COUNT_BATCH):
        batch = to_filter[start : start + COUNT_BATCH]
        each = [
            _readable_unread(u)
            .with_only_columns(Notification.user_id, func.count())
            .group_by(Notification.user_id)
            for u in batch
        ]
        counts.update((user_id, n) for user_id, n in db.session.execute(union_all(*each)))
    return counts


def _readable_unread(user: User):
    return select(Notification.id).where(
        Notification.user_id == user.id, Notification.read_at.is_(None), still_readable(user)
    )


def notifications_for(user: Any, limit: int = 100) -> list[Notification]:
    """The member's latest notifications about what they may still read, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .options(
                joinedload(Notification.thread),
                joinedload(Notification.practice),
                joinedload(Notification.actor),
            )
            .where(Notification.user_id == user.id, still_readable(user))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        ).unique()
    )


def own_notice(user: Any, notification_id: int) -> Notification | None:
    """One of the member's notices (never another member's)."""
    return db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id,
            Notification.user_id == user.id,
            Notification.kind.in_(NOTICES),
        )
    )
