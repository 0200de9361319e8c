"""Writing notifications: one event's, for all its readers at once; e-mail choice; read marks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from flask import g
from sqlalchemy import insert, update

from workspace.auth.models import User
from workspace.core import outbox
from workspace.core.db import utcnow
from workspace.core.live import publishing
from workspace.core.live.names import EventName
from workspace.extensions import db
from workspace.notifications.mail import EMAIL_KIND
from workspace.notifications.models import (
    NOTICES,
    DiscussionSettings,
    EmailMode,
    Notification,
    NotificationKind,
)
from workspace.notifications.queries import email_modes, unread_counts


@dataclass(frozen=True)
class About:
    """What one event's notifications are about, and who caused them."""

    actor_id: int | None
    thread_id: int | None = None
    post_id: int | None = None
    practice_id: int | None = None


def notify(readers: Sequence[User], kinds: Mapping[int, NotificationKind], about: About) -> None:
    """Store a notification for each reader and pass it on: the header count live to their
    open pages, an e-mail if they asked for one at once.

    The caller has chosen the readers (they may read what it is about, the actor is not
    among them). The cost is the same few statements for one reader or hundreds: one
    INSERT of the notifications, one or two counts (queries.unread_counts), one read of the
    e-mail choices, one INSERT of the live events and, at commit, one of the outbox rows.
    Past 1,000 rows SQLAlchemy splits an INSERT in pages of 1,000.
    """
    if not readers:
        return
    shared = asdict(about)
    rows = [{"user_id": u.id, "kind": kinds[u.id], **shared} for u in readers]
    stored = db.session.execute(
        # Unordered RETURNING: SQLite would insert row by row to keep the order.
        insert(Notification).returning(Notification.id, Notification.user_id),
        rows,
    ).all()
    counts = unread_counts(readers)
    publishing.publish_to_users(
        EventName.NOTIFICATION, {u.id: {"count": counts[u.id]} for u in readers}
    )
    modes = email_modes(u.id for u in readers)
    at_once = [{"notification_id": nid} for nid, uid in stored if modes[uid] is EmailMode.IMMEDIATE]
    outbox.add_many(EMAIL_KIND, at_once)


def tell(
    readers: Sequence[User],
    kind: NotificationKind,
    link: str,
    detail: str = "",
    actor_id: int | None = None,
    practice_id: int | None = None,
) -> None:
    """A notice to each reader about their own affairs, in the write's transaction: shown in
    the page and the header count, live on their open pages, never e-mailed from here (the
    domain that tells has sent its own e-mail, or chose not to).

    One INSERT and one or two counts for any number of readers, like notify().
    """
    if kind not in NOTICES:
        raise ValueError(f"{kind} is not a notice")
    readers = [u for u in readers if u is not None]
    if not readers:
        return
    now = utcnow()
    shared = {"kind": kind, "link": link, "detail": detail or None, "actor_id": actor_id,
              "practice_id": practice_id, "emailed_at": now, "created_at": now}  # fmt: skip
    db.session.execute(insert(Notification), [{"user_id": u.id, **shared} for u in readers])
    counts = unread_counts(readers)
    publishing.publish_to_users(
        EventName.NOTIFICATION, {u.id: {"count": counts[u.id]} for u in readers}
    )


def open_notice(notification: Notification) -> str:
    """Mark a notice read as its reader opens it; the page it leads to."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        g.pop("unread_notifications", None)
    return notification.link or ""


def set_email_mode(user: User, mode: EmailMode) -> None:
    settings = db.session.get(DiscussionSettings, user.id)
    if settings is None:
        db.session.add(DiscussionSettings(user_id=user.id, email_mode=mode))
    else:
        settings.email_mode = mode
    db.session.flush()


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    g.unread_notifications = 0  # not the count read with the viewer any more
