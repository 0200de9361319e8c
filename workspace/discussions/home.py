"""The discussions' blocks of the home page: unread threads followed, mentions, flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from workspace.discussions.models import Flag, Post, Subscription, Thread, ThreadRead
from workspace.discussions.permissions import readable_channel_ids
from workspace.extensions import db
from workspace.notifications.models import Notification, NotificationKind
from workspace.notifications.permissions import still_readable

SHOWN = 5


@dataclass
class News:
    threads: list[Thread] = field(default_factory=list)
    thread_count: int = 0
    mentions: list[Notification] = field(default_factory=list)
    mention_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.thread_count or self.mention_count)


def _unread_followed(user: Any) -> tuple[list[Thread], int]:
    read = and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)
    rows = db.session.execute(
        select(Thread, func.count().over())
        .join(Subscription, Subscription.thread_id == Thread.id)
        .outerjoin(ThreadRead, read)
        .where(
            Subscription.user_id == user.id,
            Thread.last_seq > func.coalesce(ThreadRead.last_seq, 0),
            Thread.channel_id.in_(readable_channel_ids(user)),
        )
        .order_by(Thread.last_post_at.desc())
        .limit(SHOWN)
    ).all()
    return [thread for thread, _ in rows], rows[0][1] if rows else 0


def _unread_mentions(user: Any) -> tuple[list[Notification], int]:
    rows = db.session.execute(
        select(Notification, func.count().over())
        .options(joinedload(Notification.thread), joinedload(Notification.actor))
        .where(
            Notification.user_id == user.id,
            Notification.kind == NotificationKind.MENTION,
            Notification.read_at.is_(None),
            still_readable(user),
        )
        .order_by(Notification.created_at.desc())
        .limit(SHOWN)
    ).all()
    return [n for n, _ in rows], rows[0][1] if rows else 0


def news(user: Any) -> News:
    threads, thread_count = _unread_followed(user)
    mentions, mention_count = _unread_mentions(user)
    return News(threads, thread_count, mentions, mention_count)


def open_flags(user: Any) -> int:
    """Flags waiting for a moderator, in the channels this one reads."""
    return db.session.scalar(
        select(func.count())
        .select_from(Flag)
        .join(Post, Post.id == Flag.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Flag.resolved_at.is_(None), Thread.channel_id.in_(readable_channel_ids(user)))
    )
