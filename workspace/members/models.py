"""Member profiles and the shared expertise taxonomy."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.auth.models import User
from workspace.core.db import enum_column, utcnow
from workspace.extensions import db

# Languages an area's name is kept in besides English.
TRANSLATED = ("fr", "ar", "ru")


class OrgType(enum.Enum):
    NATIONAL_AGENCY = "national_agency"
    REGIONAL_ORGANIZATION = "regional_organization"
    INTERNATIONAL_PARTNER = "international_partner"
    CIVIL_SOCIETY = "civil_society"


class ContactVisibility(enum.Enum):
    MEMBERS = "members"
    MODERATORS = "moderators"
    NOBODY = "nobody"


profile_expertise = Table(
    "profile_expertise",
    db.metadata,
    Column("user_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("expertise_id", ForeignKey("expertise.id", ondelete="CASCADE"), primary_key=True),
    # The directory filters by expertise first, so the reverse lookup needs its own index.
    Index("ix_profile_expertise_expertise_id", "expertise_id", "user_id"),
)


class Expertise(db.Model):
    """An area of the shared taxonomy; admins add areas, slugs stay stable."""

    __tablename__ = "expertise"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # English is `name`, the fallback wherever a translation is missing.
    name_fr: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name_ar: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name_ru: Mapped[str] = mapped_column(String(120), default="", server_default="")

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", "") if language in TRANSLATED else self.name

    @classmethod
    def name_column(cls, language: str):
        """The name in `language` as SQL, English where it is empty."""
        if language not in TRANSLATED:
            return cls.name
        return func.coalesce(func.nullif(getattr(cls, f"name_{language}"), ""), cls.name)

    @property
    def label(self) -> str:
        """The area's name in the reader's language."""
        return self.name_in(str(get_locale()).split("_")[0]) or self.name


class ProfileLanguage(db.Model):
    __tablename__ = "profile_languages"
    __table_args__ = (Index("ix_profile_languages_code", "code", "user_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(8), primary_key=True)


class Profile(db.Model):
    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(200), default="", index=True)
    org_type: Mapped[OrgType | None] = mapped_column(enum_column(OrgType), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitized once when the bio is saved.
    bio_html: Mapped[str] = mapped_column(Text, default="")
    # Self-declared, optional, for disaggregated statistics only; never shown to other members.
    gender: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    contact_visibility: Mapped[ContactVisibility] = mapped_column(
        enum_column(ContactVisibility), default=ContactVisibility.MEMBERS
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(backref=db.backref("profile", uselist=False))
    languages: Mapped[list[ProfileLanguage]] = relationship(
        cascade="all, delete-orphan", order_by=ProfileLanguage.code
    )
    expertise: Mapped[list[Expertise]] = relationship(
        secondary=profile_expertise, order_by=Expertise.name
    )

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]


class RequestStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class MembershipRequest(db.Model):
    """An applicant's request to join the group; moderators approve or reject it."""

    __tablename__ = "membership_requests"
    __table_args__ = (Index("ix_membership_requests_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    nominating_organization: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    justification: Mapped[str] = mapped_column(Text)
    expertise: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.PENDING
    )
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Invitation(db.Model):
    """A single-use, time-limited link admitting whoever signs in with it; only its hash is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])


class CountryChangeStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"  # by the member, where the site allows it: shown to moderators


class CountryChange(db.Model):
    """A member's change of their own country, which decides the region channels they read:
    a request a moderator decides, or (self-service) a change moderators are shown."""

    __tablename__ = "country_changes"
    __table_args__ = (Index("ix_country_changes_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    country_from: Mapped[str | None] = mapped_column(String(2))
    country_to: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[CountryChangeStatus] = mapped_column(
        enum_column(CountryChangeStatus), default=CountryChangeStatus.PENDING
    )
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
