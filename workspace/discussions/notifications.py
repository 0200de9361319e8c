"""Notifications: mentions, replies to you, new threads in channels you follow.

A notification is created only for someone who may read the thread, and checked again
before it is e-mailed (immediately or in the daily digest, as the member chose).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, g, render_template
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select, update

from workspace.auth.models import Role, User
from workspace.auth.viewer import along, read_along
from workspace.core import outbox, realtime
from workspace.core.db import utcnow
from workspace.core.i18n import as_reader
from workspace.core.mail import send_mail
from workspace.core.permissions import role_of
from workspace.core.tasks import crontab, periodic_task
from workspace.discussions.models import (
    DiscussionSettings,
    EmailMode,
    Notification,
    NotificationKind,
    Post,
    Subscription,
    Thread,
)
from workspace.discussions.permissions import (
    READ_DISCUSSIONS,
    can_read_channel,
    readable_channel_ids,
)
from workspace.extensions import db
from workspace.practices.permissions import VIEW_PRACTICE, readable_practice_ids


def email_mode(user: User) -> EmailMode:
    settings = db.session.get(DiscussionSettings, user.id)
    return settings.email_mode if settings else EmailMode.IMMEDIATE


def set_email_mode(user: User, mode: EmailMode) -> None:
    settings = db.session.get(DiscussionSettings, user.id)
    if settings is None:
        db.session.add(DiscussionSettings(user_id=user.id, email_mode=mode))
    else:
        settings.email_mode = mode
    db.session.flush()


def still_readable(user: User):
    """A WHERE clause: notifications about a thread or practice the user may still read."""

    threads = select(Thread.id).where(Thread.channel_id.in_(readable_channel_ids(user)))
    return or_(
        Notification.thread_id.in_(threads),
        Notification.practice_id.in_(readable_practice_ids(user)),
    )


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
        if not READ_DISCUSSIONS.allows(user):
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
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            still_readable(user),
        )
    )


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    g.unread_notifications = 0  # not the count read with the viewer any more


def _notify(recipients: dict[int, NotificationKind], thread: Thread, post: Post) -> None:
    if not recipients:
        return
    users = db.session.scalars(select(User).where(User.id.in_(recipients))).all()
    for user in users:
        if user.id == post.author_id or not can_read_channel.allows(user, thread):
            continue
        notification = Notification(
            user_id=user.id,
            kind=recipients[user.id],
            actor_id=post.author_id,
            thread_id=thread.id,
            post_id=post.id,
        )
        deliver(notification, user)


def deliver(notification: Notification, user: User) -> None:
    """Store a notification for `user` and pass it on: live to their pages, e-mail if asked."""
    db.session.add(notification)
    db.session.flush()
    # The header's count on the member's open pages (their personal room).
    realtime.publish_to_user(user.id, "notification", {"count": unread_count(user)})
    if email_mode(user) is EmailMode.IMMEDIATE:
        outbox.add(EMAIL_KIND, {"notification_id": notification.id})


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


# --- e-mail ----------------------------------------------------------------------------


def _deliverable(notification: Notification) -> tuple[User, list[Notification]] | None:
    user = db.session.get(User, notification.user_id)
    if user is None or not user.email or not user.is_active:
        return None
    return user, [notification]


def _readable(user: User, notifications: list[Notification]) -> list[Notification]:
    """Drop what the member may no longer read (moved thread, changed restriction)."""

    return [
        n
        for n in notifications
        if (n.thread is not None and can_read_channel.allows(user, n.thread))
        or (n.practice is not None and VIEW_PRACTICE.allows(user, n.practice))
    ]


def _send(user: User, notifications: list[Notification], digest: bool) -> None:
    notifications = _readable(user, notifications)
    now = utcnow()
    for n in notifications:
        n.emailed_at = now
    if not notifications:
        return
    base_url = (current_app.config.get("BASE_URL") or "").rstrip("/")
    with as_reader(user):
        body = render_template(
            "emails/discussions/notifications.txt",
            user=user,
            notifications=notifications,
            base_url=base_url,
            digest=digest,
            labels=kind_labels(),
        )
        if digest:
            subject = _("Your daily discussion digest (%(count)d)", count=len(notifications))
        else:
            first = notifications[0]
            title = first.thread.title if first.thread else first.practice.title
            subject = _("New in “%(title)s”", title=title)
    send_mail(user.email, subject, body)


def kind_labels() -> dict[NotificationKind, str]:
    return {
        NotificationKind.MENTION: _("mentioned you"),
        NotificationKind.REPLY: _("replied"),
        NotificationKind.NEW_THREAD: _("started a thread"),
        NotificationKind.NEW_PRACTICE: _("published a good practice"),
    }


EMAIL_KIND = "discussions.notification_email"


def email_notification(entry: outbox.Outbox) -> None:
    """The outbox handler: e-mail one notification, unless read or e-mailed already."""
    notification_id = entry.payload["notification_id"]
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.emailed_at or notification.read_at:
        return
    found = _deliverable(notification)
    if found is None or email_mode(found[0]) is not EmailMode.IMMEDIATE:
        return
    _send(found[0], found[1], digest=False)


def send_digests() -> int:
    """E-mail each digest reader what they have not read nor received in the last day."""
    since = utcnow() - timedelta(days=1)
    pending = db.session.scalars(
        select(Notification)
        .join(DiscussionSettings, DiscussionSettings.user_id == Notification.user_id)
        .where(
            DiscussionSettings.email_mode == EmailMode.DIGEST,
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= since,
        )
        .order_by(Notification.user_id, Notification.created_at)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for n in pending:
        by_user.setdefault(n.user_id, []).append(n)
    sent = 0
    for user_id, items in by_user.items():
        user = db.session.get(User, user_id)
        if user is None or not user.email or not user.is_active:
            continue
        _send(user, items, digest=True)
        sent += 1
    db.session.flush()
    return sent


@periodic_task(crontab(hour="6", minute="0"))
def daily_digest() -> None:
    send_digests()
