"""Good practices: write-ups of border management experiences, reviewed before publication."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.auth.models import User
from workspace.core.db import enum_column, utcnow
from workspace.extensions import db
from workspace.members.models import Expertise


class PracticeStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"


practice_expertise = Table(
    "practice_expertise",
    db.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("expertise_id", ForeignKey("expertise.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_practice_expertise_expertise_id", "expertise_id", "practice_id"),
)

practice_contacts = Table(
    "practice_contacts",
    db.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Practice(db.Model):
    __tablename__ = "practices"
    __table_args__ = (
        Index("ix_practices_status_published", "status", "published_at"),
        Index("ix_practices_status_views", "status", "view_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Markdown sources and their sanitized HTML, rendered once when saved.
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    outcomes: Mapped[str] = mapped_column(Text, default="")
    outcomes_html: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    lessons_html: Mapped[str] = mapped_column(Text, default="")
    # Optional indicator figures: [{"label": ..., "value": ..., "unit": ...}].
    figures: Mapped[list] = mapped_column(JSON, default=list)
    # Space separated with a space at each end (" LAS AFRICA ", " EG JO "), like thread tags,
    # so a filter is one indexed-free LIKE on a short column and no join.
    regions: Mapped[str] = mapped_column(String(200), default=" ")
    countries: Mapped[str] = mapped_column(String(1000), default=" ")
    tags: Mapped[str] = mapped_column(String(500), default=" ")
    agencies: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en", index=True)
    translation_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("practices.id", ondelete="SET NULL"), index=True
    )
    source_thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), index=True
    )
    source_workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[PracticeStatus] = mapped_column(
        enum_column(PracticeStatus, length=20), default=PracticeStatus.DRAFT
    )
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Counters kept on the row so list pages need no aggregate per practice.
    view_count: Mapped[int] = mapped_column(default=0)
    useful_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    # When the author confirmed that the text, written up from a restricted discussion, may be
    # read by every member; cleared by any later change, so what is published was confirmed.
    public_confirmed_at: Mapped[datetime | None]

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    expertise: Mapped[list[Expertise]] = relationship(
        secondary=practice_expertise, order_by=Expertise.name
    )
    contacts: Mapped[list[User]] = relationship(secondary=practice_contacts)
    translation_of: Mapped[Practice | None] = relationship(remote_side=[id])

    @property
    def region_list(self) -> list[str]:
        return self.regions.split()

    @property
    def country_list(self) -> list[str]:
        return self.countries.split()

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()


class PracticeRevision(db.Model):
    """One edit: who, when, and each changed field's text before and after."""

    __tablename__ = "practice_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()


class PracticeComment(db.Model):
    __tablename__ = "practice_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class PracticeUseful(db.Model):
    __tablename__ = "practice_useful"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PracticeView(db.Model):
    """At most one row per reader and day: the view counter moves once per reader per day."""

    __tablename__ = "practice_views"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)


class PracticeAttachment(db.Model):
    """A file attached to a practice (bytes kept by core.attachments)."""

    __tablename__ = "practice_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PracticeSubscription(db.Model):
    """Follow a region or an expertise area: notified when a practice there is published."""

    __tablename__ = "practice_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "region", "expertise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    region: Mapped[str | None] = mapped_column(String(20), index=True)
    expertise_id: Mapped[int | None] = mapped_column(
        ForeignKey("expertise.id", ondelete="CASCADE"), index=True
    )


class Curator(db.Model):
    """A member designated by an admin to review practices, whatever their role."""

    __tablename__ = "practice_curators"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
