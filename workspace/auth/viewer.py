"""Who is asking: a plain record read with one statement at the start of each request.

Building the `User` model object (with its session and profile) costs the ORM about three
times what the statement itself costs, and most requests only need a few of its fields: the
role, the language and zone, the name shown in the header, the country for region rules.
`Viewer` carries just those. Code that changes the account or links rows to it still uses
`current_user`, which loads the model object on first use (auth/loaders.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import Request, g, request
from sqlalchemy import Select, bindparam, select, update

from workspace.auth.actions import due_for_touch, session_idle
from workspace.auth.models import Account, ApiToken, Role, User, UserSession, hash_secret
from workspace.core import reads, versions
from workspace.core.db import utcnow
from workspace.extensions import db


@dataclass(frozen=True)
class ViewerProfile:
    """The profile fields that permission rules read (regions follow from the country)."""

    country: str | None


@dataclass(frozen=True)
class Viewer(Account):
    id: int
    email: str | None
    display_name: str
    role: Role
    locale: str | None
    timezone: str | None
    suspended_at: datetime | None
    suspended_until: datetime | None
    deactivated_at: datetime | None
    created_at: datetime
    profile: ViewerProfile | None
    session_id: int | None = None  # signed in with a browser session
    token_id: int | None = None  # or with a personal access token


def current_viewer() -> Viewer | None:
    return g.get("viewer")


def viewer_of(user: User, session_id: int | None = None) -> Viewer:
    """The record for a model object, e.g. right after signing in."""
    profile = getattr(user, "profile", None)
    return Viewer(
        **{name: getattr(user, name) for name in _USER_FIELDS},
        profile=ViewerProfile(getattr(profile, "country", None)),
        session_id=session_id,
    )


_USER_FIELDS = (
    "id",
    "email",
    "display_name",
    "role",
    "locale",
    "timezone",
    "suspended_at",
    "suspended_until",
    "deactivated_at",
    "created_at",
)


_ALONG: dict[str, Callable[[], Any]] = {}
# endpoint -> (its columns by name, the bound values they take from the request)
_ALONG_ON_PAGE: dict[
    str, tuple[Callable[[frozenset[str]], dict[str, Any]], Callable[[Request], dict]]
] = {}


def read_along(name: str, column: Callable[[], Any]) -> None:
    """Read one more value about the viewer in the same statement, for a part of most pages
    (the unread count in the header). `column()` builds a scalar subquery on `User.id`; the
    value is then `along(name)` for the rest of the request."""
    _ALONG[name] = column
    _statement.cache_clear()
    _along_names.cache_clear()


def read_along_on(
    endpoint: str,
    columns: Callable[[frozenset[str]], dict[str, Any]],
    params: Callable[[Request], dict],
) -> None:
    """The same for the requests of one endpoint, whose page needs the viewer's own state
    (how far they read a thread): a round trip fewer on every such page. `columns(given)`
    builds them by name; they may use bound parameters, whose values `params(request)`
    gives, and `given` names those, so that a page may read differently by them (a
    channel's threads with a tag, or all)."""
    _ALONG_ON_PAGE[endpoint] = (columns, params)
    _statement.cache_clear()
    _along_names.cache_clear()


def along(name: str, default: Any = None) -> Any:
    return g.get("viewer_along", {}).get(name, default)


def along_row(names: tuple[str, ...]) -> tuple | None:
    """The values read along under these names, or None when this request's statement did
    not read them (the viewer signed in by this very request): the page then asks itself."""
    values = g.get("viewer_along", {})
    if not all(name in values for name in names):
        return None
    return tuple(values[name] for name in names)


Shape = tuple[str | None, frozenset[str], bool]  # endpoint, names of its values, header


def _along_columns(shape: Shape) -> dict[str, Any]:
    endpoint, given, header = shape
    columns = {name: build() for name, build in _ALONG.items()} if header else {}
    if endpoint in _ALONG_ON_PAGE:
        columns.update(_ALONG_ON_PAGE[endpoint][0](given))
    return columns


@cache
def _along_names(shape: Shape) -> tuple[str, ...]:
    return tuple(_along_columns(shape))


def _shape() -> tuple[Shape, dict[str, Any]]:
    """What this request reads along, and the values bound for it: its endpoint's, if it
    has any, and the header's unless it is an API call, which shows no header."""
    header = not request.path.startswith("/api/")
    page = _ALONG_ON_PAGE.get(request.endpoint)
    if page is None:
        return (None, frozenset(), header), {}
    params = page[1](request)
    return (request.endpoint, frozenset(params), header), params


@cache
def _statement(credential: type[UserSession] | type[ApiToken], shape: Shape) -> Select:
    """Built once (building it costs as much as running it); the profile model is mapped
    by the members domain, so it is looked up on first use rather than imported here."""
    profile = User.profile.property.mapper.class_
    touched = UserSession.last_seen_at if credential is UserSession else ApiToken.last_used_at
    return (
        select(
            credential.id,
            touched,
            *(getattr(User, name) for name in _USER_FIELDS),
            profile.country,
            # The content versions ride along: every page that is kept rendered needs them,
            # and they must be read before the data they stamp (core/versions.py).
            *versions.stamp_columns(),
            *_along_columns(shape).values(),
        )
        .join(User, User.id == credential.user_id)
        .outerjoin(profile, profile.user_id == User.id)
        .where(credential.token_hash == bindparam("token_hash"), credential.revoked_at.is_(None))
    )


def _read(credential, secret: str) -> tuple[Any, tuple[str, ...]]:
    """The viewer's row, and the names of the values read along at its end."""
    shape, params = _shape()
    params = {**params, "token_hash": hash_secret(secret)}
    # Plain rows, without the ORM's per-row work, outside the request's transaction.
    row = reads.first_row(_statement(credential, shape), params)
    return row, _along_names(shape)


def _viewer(row: Any, names: tuple[str, ...], **credential_id: int) -> Viewer:
    # The columns of _statement(): credential id and time, the user's, the country, the
    # content stamps, then the values read along.
    user_end = 2 + len(_USER_FIELDS)
    stamps_end = user_end + 1 + len(versions.viewer_kinds())
    versions.remember(row[user_end + 1 : stamps_end])
    g.viewer_along = dict(zip(names, row[stamps_end:], strict=True))
    fields = dict(zip(_USER_FIELDS, row[2:user_end], strict=True))
    # A member without a profile reads as one without a country, as the rules treat both.
    return Viewer(**fields, profile=ViewerProfile(row[user_end]), **credential_id)


def from_session_secret(secret: str) -> Viewer | None:
    """The viewer of a browser session, or None when it is unknown, revoked or idle too long."""
    row, names = _read(UserSession, secret)
    if row is None:
        return None
    now = utcnow()
    if session_idle(row[1], now):
        return None
    if due_for_touch(row[1], now):
        db.session.execute(
            update(UserSession).where(UserSession.id == row[0]).values(last_seen_at=now)
        )
    return _viewer(row, names, session_id=row[0])


def from_api_token(secret: str) -> Viewer | None:
    row, names = _read(ApiToken, secret)
    if row is None:
        return None
    now = utcnow()
    if due_for_touch(row[1], now):
        db.session.execute(update(ApiToken).where(ApiToken.id == row[0]).values(last_used_at=now))
    return _viewer(row, names, token_id=row[0])
