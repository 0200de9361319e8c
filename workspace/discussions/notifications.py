"""Who is told about a new thread or post: mentions, replies to you, followers.

A notification is created only for someone who may read the thread; the notifications
package stores and passes on all of one post's at once, and checks again before counting,
listing or e-mailing one (the `SUBJECT` below, registered in wiring.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from workspace.auth.models import User
from workspace.discussions.models import Channel, Post, Subscription, Thread
from workspace.discussions.permissions import can_read_channel, readable_channel_ids
from workspace.extensions import db
from workspace.notifications.actions import About, notify
from workspace.notifications.models import Notification, NotificationKind
from workspace.notifications.permissions import Subject


def _readable(user: Any) -> ColumnElement[bool]:
    threads = select(Thread.id).where(Thread.channel_id.in_(readable_channel_ids(user)))
    return Notification.thread_id.in_(threads)


def _may_read(user: Any, notification: Notification) -> bool:
    return notification.thread is not None and can_read_channel.allows(user, notification.thread)


def _open_to_members() -> ColumnElement[bool]:
    return (
        select(Thread.id)
        .join(Channel, Channel.id == Thread.channel_id)
        .where(Thread.id == Notification.thread_id, Channel.restricted.is_(False))
        .exists()
    )


SUBJECT = Subject(readable=_readable, may_read=_may_read, open_to_members=_open_to_members)


def _notify(recipients: dict[int, NotificationKind], thread: Thread, post: Post) -> None:
    recipients.pop(post.author_id, None)
    if not recipients:
        return
    # The profile comes along: a restricted channel admits by the country's regions.
    users = db.session.scalars(
        select(User).where(User.id.in_(recipients)).options(joinedload(User.profile))
    ).all()
    readers = [u for u in users if can_read_channel.allows(u, thread)]
    about = About(actor_id=post.author_id, thread_id=thread.id, post_id=post.id)
    notify(readers, recipients, about)


def _subscribers(**where) -> list[int]:
    column, value = next(iter(where.items()))
    return list(
        db.session.scalars(
            select(Subscription.user_id).where(getattr(Subscription, column) == value)
        )
    )


def on_new_thread(thread: Thread, post: Post, mentioned: list[User]) -> None:
    recipients = dict.fromkeys(
        _subscribers(channel_id=thread.channel_id), NotificationKind.NEW_THREAD
    )
    recipients.update({u.id: NotificationKind.MENTION for u in mentioned})
    _notify(recipients, thread, post)


def on_new_post(post: Post, parent: Post | None, mentioned: list[User]) -> None:
    thread = post.thread
    recipients = dict.fromkeys(_subscribers(thread_id=thread.id), NotificationKind.REPLY)
    if parent is not None:
        recipients[parent.author_id] = NotificationKind.REPLY
    recipients.update({u.id: NotificationKind.MENTION for u in mentioned})
    _notify(recipients, thread, post)


def on_mentions(post: Post, mentioned: list[User]) -> None:
    _notify({u.id: NotificationKind.MENTION for u in mentioned}, post.thread, post)
