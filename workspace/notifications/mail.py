"""Notification e-mails: one at once (through the outbox) or the daily digest.

A notification is checked again before it is e-mailed: its reader may have lost access to
what it is about since it was stored (a moved thread, a changed restriction).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from workspace.auth.models import User
from workspace.core import outbox
from workspace.core.db import utcnow
from workspace.core.i18n import as_reader
from workspace.core.mail import send_mail
from workspace.extensions import db
from workspace.notifications.models import (
    DiscussionSettings,
    EmailMode,
    Notification,
    NotificationKind,
)
from workspace.notifications.permissions import may_read
from workspace.notifications.queries import email_mode

# The outbox kind of an immediate notification e-mail (rows of it may be waiting: keep it).
EMAIL_KIND = "discussions.notification_email"


def kind_labels() -> dict[NotificationKind, str]:
    return {
        NotificationKind.MENTION: _("mentioned you"),
        NotificationKind.REPLY: _("replied"),
        NotificationKind.NEW_THREAD: _("started a thread"),
        NotificationKind.NEW_PRACTICE: _("published a good practice"),
    }


def notice_text(n: Notification) -> str:
    """What a notice says, in the reader's language (its detail is data, not text)."""
    title = n.practice.title if n.practice is not None else (n.detail or "")
    texts = {
        NotificationKind.INVITATION_SENT: _("Invitation sent to %(email)s", email=n.detail),
        NotificationKind.REQUEST_APPROVED: _("Your membership request was approved."),
        NotificationKind.REQUEST_REJECTED: _("Your membership request was not approved."),
        NotificationKind.SEAT_CONFIRMED: _("You have a seat: %(title)s", title=title),
        NotificationKind.WORKSHOP_CHANGED: _("Workshop updated: %(title)s", title=title),
        NotificationKind.WORKSHOP_CANCELLED: _("Workshop cancelled: %(title)s", title=title),
        NotificationKind.PRACTICE_PUBLISHED: _(
            "Your good practice was published: %(title)s", title=title
        ),
        NotificationKind.PRACTICE_RETURNED: _(
            "Your good practice was returned to you: %(title)s", title=title
        ),
    }
    return texts[n.kind]


def _recipient(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    if user is None or not user.email or not user.is_active:
        return None
    return user


def _send(user: User, notifications: list[Notification], digest: bool) -> None:
    notifications = [n for n in notifications if may_read(user, n)]
    now = utcnow()
    for n in notifications:
        n.emailed_at = now
    if not notifications:
        return
    base_url = (current_app.config.get("BASE_URL") or "").rstrip("/")
    with as_reader(user):
        body = render_template(
            "emails/notifications/notifications.txt",
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


def email_notification(entry: outbox.Outbox) -> None:
    """The outbox handler: e-mail one notification, unless read or e-mailed already."""
    notification = db.session.get(Notification, entry.payload["notification_id"])
    if notification is None or notification.emailed_at or notification.read_at:
        return
    user = _recipient(notification.user_id)
    if user is None or email_mode(user) is not EmailMode.IMMEDIATE:
        return
    _send(user, [notification], digest=False)


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
        user = _recipient(user_id)
        if user is None:
            continue
        _send(user, items, digest=True)
        sent += 1
    db.session.flush()
    return sent
