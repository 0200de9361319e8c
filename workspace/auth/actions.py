"""Write paths for accounts, sign-in, sessions and tokens. They flush; the caller commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import joinedload

from workspace.auth.models import (
    ApiToken,
    Identity,
    Role,
    User,
    UserSession,
    hash_secret,
    new_secret,
)
from workspace.core import versions
from workspace.core.db import utcnow
from workspace.core.live import access as live_access
from workspace.core.permissions import SIGNED_IN, ensure
from workspace.extensions import db

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
SESSION_TOUCH_INTERVAL = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 10


class SignInError(Exception):
    """Sign-in refused; the message is safe to show to the person signing in."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(
    email: str, display_name: str, role: Role = Role.APPLICANT, password: str | None = None
) -> User:
    versions.changed("members")  # the directory (core/versions.py)
    user = User(email=normalize_email(email), display_name=display_name.strip(), role=role)
    db.session.add(user)
    if password is not None:
        set_password(user, password)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    identity = next((i for i in user.identities if i.provider == Identity.LOCAL), None)
    if identity is None:
        identity = Identity(provider=Identity.LOCAL, subject=user.email, email=user.email)
        user.identities.append(identity)
    identity.password_hash = _hasher.hash(password)


def authenticate_local(email: str, password: str) -> User:
    """Return the user with this e-mail and password, or raise SignInError."""
    identity = db.session.scalar(
        select(Identity).where(
            Identity.provider == Identity.LOCAL, Identity.subject == normalize_email(email)
        )
    )
    stored = identity.password_hash if identity and identity.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        raise SignInError(_l("Wrong e-mail address or password.")) from None
    if identity is None:
        raise SignInError(_l("Wrong e-mail address or password."))
    if _hasher.check_needs_rehash(stored):
        identity.password_hash = _hasher.hash(password)
    identity.last_used_at = utcnow()
    return identity.user


def sign_in_with_provider(provider: str, claims: dict[str, Any]) -> User:
    """Find or create the user behind an OpenID Connect identity.

    A known (provider, subject) signs in its user. Otherwise a verified e-mail that matches an
    existing user links the new identity to that user, and an unknown person becomes an
    applicant. An unverified e-mail never takes over an existing account.
    """
    subject = str(claims["sub"])
    email = normalize_email(claims.get("email") or "") or None
    verified = bool(claims.get("email_verified")) and email is not None
    identity = db.session.scalar(
        select(Identity).where(Identity.provider == provider, Identity.subject == subject)
    )
    if identity is None:
        user = get_user_by_email(email) if email else None
        if user is not None and not verified:
            raise SignInError(
                _l(
                    "An account already uses this e-mail address, and the provider has not "
                    "verified it. Sign in the way you did before."
                )
            )
        if user is None:
            name = claims.get("name") or (email.split("@")[0] if email else subject)
            user = User(email=email, display_name=name, role=Role.APPLICANT)
            versions.changed("members")
            db.session.add(user)
        identity = Identity(provider=provider, subject=subject, user=user)
        db.session.add(identity)
    identity.email, identity.email_verified = email, verified
    identity.last_used_at = utcnow()
    db.session.flush()
    return identity.user


def start_session(
    user: User, provider: str, id_token: str | None = None, user_agent: str | None = None
) -> str:
    """Record a new signed-in browser and return the secret the cookie carries."""
    if not user.is_active:
        raise SignInError(suspension_message(user))
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=hash_secret(secret),
            user=user,
            provider=provider,
            id_token=id_token,
            user_agent=(user_agent or "")[:255],
        )
    )
    user.last_login_at = utcnow()
    db.session.flush()
    return secret


def suspension_message(user: User):
    if user.deactivated_at is not None:
        return _l("This account has been closed.")
    if user.suspended_until is not None:
        until = f"{user.suspended_until:%Y-%m-%d %H:%M} UTC"
        return _l("This account is suspended until %(until)s.", until=until)
    return _l("This account is suspended.")


@cache
def _session_by_hash():
    """Built once, on first use (User.profile is a backref that exists only once every model
    is mapped): building the statement on each request cost as much as running it."""
    return (
        select(UserSession)
        .options(joinedload(UserSession.user, innerjoin=True).joinedload(User.profile))
        .where(UserSession.token_hash == bindparam("token_hash"), UserSession.revoked_at.is_(None))
    )


def session_idle(last_seen: datetime, now: datetime) -> bool:
    """A session unused this long has ended (WORKSPACE_SESSION_IDLE_DAYS)."""
    return now - last_seen > timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


def due_for_touch(last_used: datetime | None, now: datetime) -> bool:
    """Whether to write when a session or token was last used: reading pages doesn't write on
    every request, only once per SESSION_TOUCH_INTERVAL."""
    return last_used is None or now - last_used > SESSION_TOUCH_INTERVAL


def session_for_secret(secret: str) -> UserSession | None:
    # The user and their profile come in the same query: every page needs the user, and the
    # region rules (discussions, workshops) read the profile's country on most pages.
    row = db.session.scalar(_session_by_hash(), {"token_hash": hash_secret(secret)})
    if row is None:
        return None
    now = utcnow()
    if session_idle(row.last_seen_at, now):
        return None
    if due_for_touch(row.last_seen_at, now):
        row.last_seen_at = now
    return row


def revoke_session(row: UserSession) -> None:
    """End one signed-in browser, its live connections included."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        live_access.recheck_access(row.user_id)  # closes the sockets this session opened


def revoke_all_sessions(user: User) -> None:
    """Sign the user out everywhere: browser sessions, API tokens and live connections."""

    now = utcnow()
    for model in (UserSession, ApiToken):
        db.session.execute(
            update(model)
            .where(model.user_id == user.id, model.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    live_access.disconnect_user(user.id)


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    ensure(SIGNED_IN, user=user)
    secret = new_secret("bmw")
    token = ApiToken(user=user, name=name.strip() or "token", token_hash=hash_secret(secret))
    token.hint = secret[:10]
    db.session.add(token)
    db.session.flush()
    return token, secret


@cache
def _token_by_hash():
    """Built once, like _session_by_hash."""
    return (
        select(ApiToken)
        .options(joinedload(ApiToken.user, innerjoin=True).joinedload(User.profile))
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


def user_for_api_token(secret: str) -> User | None:
    token = db.session.scalar(_token_by_hash(), {"token_hash": hash_secret(secret)})
    if token is None:
        return None
    now = utcnow()
    if due_for_touch(token.last_used_at, now):
        token.last_used_at = now
    return token.user


def own_token(user: User, token_id: int) -> ApiToken | None:
    """The user's token with this id; someone else's does not exist for them."""
    ensure(SIGNED_IN, user=user)
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


def revoke_api_token(token: ApiToken) -> None:
    """Stop a token working, for the API and the live connections it opened."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        live_access.recheck_access(token.user_id)


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0
