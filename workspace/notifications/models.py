"""Notifications shown in the page and e-mailed, and each member's e-mail choice.

A notification is about a thread (and a post in it) or a good practice. Those tables belong
to the domains above this package: they are named here by table and class, never imported
(`ForeignKey("threads.id")`, `relationship("Thread")`), so the domains can call in.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.auth.models import User
from workspace.core.db import enum_column, utcnow
from workspace.extensions import db


class NotificationKind(enum.Enum):
    MENTION = "mention"
    REPLY = "reply"
    NEW_THREAD = "new_thread"
    NEW_PRACTICE = "new_practice"  # a practice published in a region or area you follow
    # Notices: a member's own affairs, each also e-mailed by its domain (or only shown).
    INVITATION_SENT = "invitation_sent"
    REQUEST_APPROVED = "request_approved"
    REQUEST_REJECTED = "request_rejected"
    SEAT_CONFIRMED = "seat_confirmed"
    WORKSHOP_CHANGED = "workshop_changed"
    WORKSHOP_CANCELLED = "workshop_cancelled"
    PRACTICE_PUBLISHED = "practice_published"
    PRACTICE_RETURNED = "practice_returned"


NOTICES = frozenset(
    {
        NotificationKind.INVITATION_SENT,
        NotificationKind.REQUEST_APPROVED,
        NotificationKind.REQUEST_REJECTED,
        NotificationKind.SEAT_CONFIRMED,
        NotificationKind.WORKSHOP_CHANGED,
        NotificationKind.WORKSHOP_CANCELLED,
        NotificationKind.PRACTICE_PUBLISHED,
        NotificationKind.PRACTICE_RETURNED,
    }
)


class EmailMode(enum.Enum):
    OFF = "off"
    IMMEDIATE = "immediate"
    DIGEST = "digest"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, length=20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A notification is about a thread, or (NEW_PRACTICE) about a good practice.
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    practice_id: Mapped[int | None] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    # A notice's page (a path in this site) and what it names: an address, a title, a comment.
    link: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # Set once the notification went out by e-mail (immediately or in a digest).
    emailed_at: Mapped[datetime | None] = mapped_column(index=True)

    # Thread and Practice, by name: their domains sit above this package (see the docstring).
    thread: Mapped[Any] = relationship("Thread", uselist=False)
    practice: Mapped[Any] = relationship("Practice", uselist=False)
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class DiscussionSettings(db.Model):
    """A member's e-mail choice for notifications (the table predates this package's name)."""

    __tablename__ = "discussion_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_mode: Mapped[EmailMode] = mapped_column(
        enum_column(EmailMode, length=20), default=EmailMode.IMMEDIATE
    )
