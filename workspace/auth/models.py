"""Users, their sign-in identities, browser sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.core.db import enum_column, utcnow
from workspace.core.roles import Role
from workspace.extensions import db

ROLE_COLUMN = enum_column(Role, length=20)


def hash_secret(secret: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


class Account:
    """The Flask-Login protocol and the effective role, read from an account's state.

    Shared by the User model and by auth.viewer.Viewer, the plain record of who is asking that
    each request reads; both need `id`, `role`, `suspended_at`, `suspended_until` and
    `deactivated_at`.
    """

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None and not self.is_suspended

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def effective_role(self) -> Role:
        """The role that permissions use: nothing beyond a visitor's while suspended or gone."""
        return self.role if self.is_active else Role.VISITOR


class User(Account, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(ROLE_COLUMN, default=Role.APPLICANT, index=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    suspended_at: Mapped[datetime | None]
    suspended_until: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    # Set when the member leaves or asks for erasure; the row stays so posts keep an author.
    deactivated_at: Mapped[datetime | None]

    identities: Mapped[list[Identity]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


# The member directory sorts by name, case-insensitively; this index serves that order.
Index("ix_users_display_name_lower", func.lower(User.display_name), User.id)

# Departed and suspended members are few: the directory finds them through this index to
# leave them out (members/queries.py, unlisted_ids), not by reading every member's row.
_DEPARTED_OR_SUSPENDED = or_(User.deactivated_at.is_not(None), User.suspended_at.is_not(None))
Index(
    "ix_users_departed_or_suspended",
    User.id,
    sqlite_where=_DEPARTED_OR_SUSPENDED,
    postgresql_where=_DEPARTED_OR_SUSPENDED,
)


def active_accounts(now: datetime | None = None) -> ColumnElement[bool]:
    """Account.is_active as a condition on User: neither departed nor suspended at `now`."""
    now = now or utcnow()
    not_suspended = or_(
        User.suspended_at.is_(None),
        and_(User.suspended_until.is_not(None), User.suspended_until <= now),
    )
    return and_(User.deactivated_at.is_(None), not_suspended)


class Identity(db.Model):
    """One way to sign in: a local password or an account at an OpenID Connect provider."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    LOCAL = "local"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    email_verified: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="identities")


class UserSession(db.Model):
    """A signed-in browser. The cookie holds only the random id; revoking the row signs out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    # Kept for RP-initiated logout (id_token_hint); never shown.
    id_token: Mapped[str | None] = mapped_column(Text)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A personal access token for scripts; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so the owner can tell tokens apart in the list.
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
