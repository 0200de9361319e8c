"""Workshops, their agenda, registrations, reminders, materials, feedback and feed tokens."""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, literal

from workspace.auth.models import User
from workspace.core.db import enum_column, utcnow
from workspace.extensions import db
from workspace.members.models import Expertise


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class Format(enum.Enum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"


class Eligibility(enum.Enum):
    ALL = "all"
    REGIONS = "regions"
    COUNTRIES = "countries"


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"  # waiting for the organizer's approval
    CANCELLED = "cancelled"


workshop_topics = Table(
    "workshop_topics",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("expertise_id", ForeignKey("expertise.id", ondelete="CASCADE"), primary_key=True),
)

workshop_coorganizers = Table(
    "workshop_coorganizers",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    # A member's own workshops, by member: the workshop list asks on every request.
    Index("ix_workshop_coorganizers_user_id", "user_id", "workshop_id"),
)


def _codes(raw: str) -> list[str]:
    return [code for code in raw.split(",") if code]


class _Position(FunctionElement):
    """Where a text starts inside another (0: nowhere), case-sensitive like Python's `in`."""

    type = Integer()
    inherit_cache = True


@compiles(_Position, "sqlite")
def _position_sqlite(element, compiler, **kw) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_Position, "postgresql")
def _position_postgresql(element, compiler, **kw) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def has_code(column, code: str | ColumnElement[str]) -> ColumnElement[bool]:
    """SQL twin of `code in _codes(column)`: the code between commas, exactly. `code` may be
    an expression (a member's country, known only to the database)."""
    needle = literal(f",{code},") if isinstance(code, str) else literal(",") + code + ","
    return _Position(literal(",") + column + ",", needle) > 0


def has_codes(column) -> ColumnElement[bool]:
    """SQL twin of `bool(_codes(column))`: something besides commas."""
    return func.replace(column, ",", "") != ""


# Seats a workshop may offer: more than any venue or call holds, well within the column.
CAPACITY_MAX = 100_000


class Workshop(db.Model):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[str] = mapped_column(Text, default="")
    objectives_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Status] = mapped_column(
        enum_column(Status, length=20), default=Status.DRAFT, index=True
    )
    format: Mapped[Format] = mapped_column(enum_column(Format, length=20), default=Format.IN_PERSON)
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    venue_city: Mapped[str] = mapped_column(String(120), default="")
    venue_country: Mapped[str | None] = mapped_column(String(2))
    venue_address: Mapped[str] = mapped_column(Text, default="")
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    eligibility: Mapped[Eligibility] = mapped_column(
        enum_column(Eligibility, length=20), default=Eligibility.ALL
    )
    # Comma-separated codes: region codes from regions.json, ISO 3166 country codes.
    eligible_regions: Mapped[str] = mapped_column(String(200), default="")
    eligible_countries: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    interpretation: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    materials_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Plain references until the discussions domain offers thread links.
    source_thread_url: Mapped[str] = mapped_column(String(500), default="")
    discussion_url: Mapped[str] = mapped_column(String(500), default="")
    organizer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # iCalendar SEQUENCE: raised on every change once published.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every registration write first, so concurrent writers queue on this row.
    registration_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organizer: Mapped[User] = relationship(foreign_keys=[organizer_id])
    topics: Mapped[list[Expertise]] = relationship(
        secondary=workshop_topics, order_by=Expertise.name
    )
    co_organizers: Mapped[list[User]] = relationship(secondary=workshop_coorganizers)
    sessions: Mapped[list[AgendaItem]] = relationship(
        cascade="all, delete-orphan", order_by="AgendaItem.starts_at"
    )
    materials: Mapped[list[Material]] = relationship(
        cascade="all, delete-orphan", order_by="Material.id"
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def region_codes(self) -> list[str]:
        return _codes(self.eligible_regions)

    @property
    def country_codes(self) -> list[str]:
        return _codes(self.eligible_countries)

    @property
    def language_codes(self) -> list[str]:
        return _codes(self.languages)

    def is_organizer(self, user) -> bool:
        uid = getattr(user, "id", None)
        return uid == self.organizer_id or any(u.id == uid for u in self.co_organizers)


class AgendaItem(db.Model):
    __tablename__ = "workshop_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(String(200))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    trainer_name: Mapped[str] = mapped_column(String(200), default="")

    trainer: Mapped[User | None] = relationship()

    @property
    def trainer_label(self) -> str:
        return self.trainer.display_name if self.trainer else self.trainer_name


class Registration(db.Model):
    __tablename__ = "workshop_registrations"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, length=20))
    # Order in the queue: the workshop's registration_version when the member (re)registered.
    queue_number: Mapped[int] = mapped_column(Integer)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship()


class ReminderSent(db.Model):
    """One row per reminder e-mail: the unique constraint makes a second send impossible."""

    __tablename__ = "workshop_reminders"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "day" or "hour"
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class Material(db.Model):
    __tablename__ = "workshop_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(db.Model):
    __tablename__ = "workshop_feedback"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rating_overall: Mapped[int] = mapped_column(SmallInteger)
    rating_content: Mapped[int] = mapped_column(SmallInteger)
    rating_organization: Mapped[int] = mapped_column(SmallInteger)
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarFeedToken(db.Model):
    """The secret in a member's personal calendar feed URL; only its hash is kept."""

    __tablename__ = "workshop_feed_tokens"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
