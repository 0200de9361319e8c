"""Channels, threads and posts (a reply tree), with reactions, edits and flags."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.auth.models import User
from workspace.core.db import enum_column, utcnow
from workspace.extensions import db

# Reactions are a small fixed set: a key stored, a symbol and a label shown.
REACTIONS = ("agree", "insightful", "thanks", "question")
# Digits of one step of a post's tree path; a thread holds at most 10**8 posts.
PATH_DIGITS = 8


class ChannelKind(enum.Enum):
    TOPIC = "topic"
    REGION = "region"


class Channel(db.Model):
    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ChannelKind] = mapped_column(
        enum_column(ChannelKind, length=20), default=ChannelKind.TOPIC
    )
    # A restricted channel is readable only by its listed members and by members whose
    # profile country lies in one of its regions (and by admins, who manage it).
    restricted: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    thread_count: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    regions: Mapped[list[ChannelRegion]] = relationship(
        cascade="all, delete-orphan", order_by="ChannelRegion.region"
    )
    members: Mapped[list[ChannelMember]] = relationship(cascade="all, delete-orphan")

    @property
    def region_codes(self) -> list[str]:
        return [r.region for r in self.regions]


class ChannelRegion(db.Model):
    __tablename__ = "channel_regions"
    __table_args__ = (Index("ix_channel_regions_region", "region", "channel_id"),)

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(String(20), primary_key=True)


class ChannelMember(db.Model):
    __tablename__ = "channel_members"
    __table_args__ = (Index("ix_channel_members_user_id", "user_id", "channel_id"),)

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )

    user: Mapped[User] = relationship()


class Thread(db.Model):
    __tablename__ = "threads"
    # In the channel page's order (discussions/queries.py, CHANNEL_ORDER), to its last key.
    __table_args__ = (
        Index("ix_threads_channel_order", "channel_id", "pinned", "last_post_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Normalised tags, space separated with a space at each end: " biometrics eu-ees ".
    tags: Mapped[str] = mapped_column(String(500), default=" ")
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    post_count: Mapped[int] = mapped_column(default=0)
    # The highest post sequence number given out in this thread.
    last_seq: Mapped[int] = mapped_column(default=0)
    # The reply marked as the answer (no foreign key: posts already point at threads).
    answer_post_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_post_at: Mapped[datetime] = mapped_column(default=utcnow)

    channel: Mapped[Channel] = relationship()
    author: Mapped[User] = relationship()

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("thread_id", "seq"),
        Index("ix_posts_thread_path", "thread_id", "path"),
        Index("ix_posts_thread_root", "thread_id", "parent_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    # The root-level post of this post's branch (itself for a root-level post).
    root_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Position in the thread in order of writing, from 1 (the opening post).
    seq: Mapped[int] = mapped_column()
    depth: Mapped[int] = mapped_column(default=0)
    # Zero-padded sequence numbers from the root down: sorting by path gives the tree.
    path: Mapped[str] = mapped_column(String(1000))
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitized once when written.
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None


class PostRevision(db.Model):
    """The text a post had before an edit; the history is shown to readers."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # When this text was written (the post's creation or an earlier edit).
    written_at: Mapped[datetime] = mapped_column()
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()


class Reaction(db.Model):
    __tablename__ = "post_reactions"
    __table_args__ = (Index("ix_post_reactions_user_id", "user_id"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(db.Model):
    __tablename__ = "post_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str] = mapped_column(String(20), default="")

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])


class ThreadRead(db.Model):
    """How far a member has read a thread (the highest post sequence number seen)."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(default=0)


class Subscription(db.Model):
    __tablename__ = "discussion_subscriptions"
    __table_args__ = (
        UniqueConstraint("user_id", "thread_id", "channel_id"),
        Index("ix_discussion_subscriptions_thread_id", "thread_id"),
        Index("ix_discussion_subscriptions_channel_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))


class Attachment(db.Model):
    """A file attached to a post, stored once under the instance folder by its SHA-256."""

    __tablename__ = "post_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
