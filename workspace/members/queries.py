"""Reading the directory: one filtered page in a fixed number of queries, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from workspace.auth.models import Role, User
from workspace.core import regions
from workspace.core.db import utcnow
from workspace.core.permissions import can
from workspace.extensions import db
from workspace.members.models import (
    Expertise,
    OrgType,
    Profile,
    ProfileLanguage,
    profile_expertise,
)
from workspace.members.permissions import MANAGE_MEMBERSHIP

PAGE_SIZE = 25
MEMBER_ROLES = [Role.MEMBER, Role.ORGANIZER, Role.MODERATOR, Role.ADMIN]


@dataclass
class DirectoryFilters:
    q: str = ""
    country: str = ""
    region: str = ""
    org_type: str = ""
    expertise: str = ""
    language: str = ""
    page: int = 1
    # Suspended members are listed only to those who can reinstate them.
    include_suspended: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> DirectoryFilters:
        filters = cls(
            q=(args.get("q") or "").strip()[:200],
            country=(args.get("country") or "").strip().upper()[:2],
            region=(args.get("region") or "").strip(),
            org_type=(args.get("org_type") or "").strip(),
            expertise=(args.get("expertise") or "").strip()[:60],
            language=(args.get("language") or "").strip().lower()[:8],
            include_suspended=can(MANAGE_MEMBERSHIP),
        )
        try:
            filters.page = max(1, int(args.get("page") or 1))
        except ValueError:
            filters.page = 1
        if filters.region and filters.region not in regions.region_codes():
            filters.errors["region"] = filters.region
            filters.region = ""
        if filters.org_type and filters.org_type not in {o.value for o in OrgType}:
            filters.errors["org_type"] = filters.org_type
            filters.org_type = ""
        return filters

    def as_args(self, **changes) -> dict[str, str | int]:
        values = {
            "q": self.q,
            "country": self.country,
            "region": self.region,
            "org_type": self.org_type,
            "expertise": self.expertise,
            "language": self.language,
            "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _uses_profile(filters: DirectoryFilters) -> bool:
    return bool(filters.q or filters.country or filters.region or filters.org_type)


def directory_query(filters: DirectoryFilters, columns: Any = User) -> Select:
    """Members (not applicants, not departed) matching every filter, unsorted.

    `columns` narrows what is selected (e.g. `User.id` to count): the profile is joined
    only for rows or filters that need it.
    """
    query = select(columns).where(User.role.in_(MEMBER_ROLES), User.deactivated_at.is_(None))
    if columns is User or _uses_profile(filters):
        query = query.outerjoin(Profile, Profile.user_id == User.id)
    if not filters.include_suspended:
        query = query.where(or_(User.suspended_at.is_(None), User.suspended_until <= utcnow()))
    if filters.q:
        # Contact details and gender are deliberately not searched: they must not leak.
        pattern = f"%{_escape_like(filters.q.lower())}%"
        query = query.where(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                func.lower(Profile.organization).like(pattern, escape="\\"),
                func.lower(Profile.position).like(pattern, escape="\\"),
                func.lower(Profile.bio).like(pattern, escape="\\"),
            )
        )
    if filters.country:
        query = query.where(Profile.country == filters.country)
    if filters.region:
        query = query.where(Profile.country.in_(regions.countries_in(filters.region)))
    if filters.org_type:
        query = query.where(Profile.org_type == OrgType(filters.org_type))
    # IN over the (key, user_id) indexes reads only the matching members; a correlated
    # EXISTS would be evaluated once for every member in the directory.
    if filters.expertise:
        expertise_id = select(Expertise.id).where(Expertise.slug == filters.expertise)
        query = query.where(
            User.id.in_(
                select(profile_expertise.c.user_id).where(
                    profile_expertise.c.expertise_id == expertise_id.scalar_subquery()
                )
            )
        )
    if filters.language:
        query = query.where(
            User.id.in_(
                select(ProfileLanguage.user_id).where(ProfileLanguage.code == filters.language)
            )
        )
    return query


# The directory's order; ix_users_display_name_lower serves it when nothing else narrows.
_BY_NAME = (func.lower(User.display_name), User.id)


def _with_profiles(query: Select) -> Select:
    return query.options(
        contains_eager(User.profile).selectinload(Profile.languages),
        contains_eager(User.profile).selectinload(Profile.expertise),
    )


@dataclass
class DirectoryPage:
    items: list[User]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def directory_page(filters: DirectoryFilters, per_page: int = PAGE_SIZE) -> DirectoryPage:
    """A page of the directory in four queries: a count, the page, its languages, its expertise.

    Both the count and the choice of the page read only ids (no profile columns unless a
    filter needs them), so sorting thousands of matches moves narrow rows; only the page's
    own members are loaded in full.
    """
    total = db.session.scalar(
        select(func.count()).select_from(directory_query(filters, User.id).subquery())
    )
    page_ids = (
        directory_query(filters, User.id)
        .order_by(*_BY_NAME)
        .limit(per_page)
        .offset((filters.page - 1) * per_page)
    )
    query = _with_profiles(
        select(User)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(User.id.in_(page_ids.scalar_subquery()))
        .order_by(*_BY_NAME)
    )
    items = list(db.session.scalars(query).unique())
    return DirectoryPage(items, filters.page, per_page, total)


def all_directory_rows(filters: DirectoryFilters) -> list[User]:
    query = _with_profiles(directory_query(filters)).order_by(*_BY_NAME)
    return list(db.session.scalars(query).unique())


def expertise_choices() -> list[Expertise]:
    return list(db.session.scalars(select(Expertise).order_by(Expertise.name)))


def get_member_or_404(user_id: int) -> User:
    """A member of the directory (with their profile loaded), or 404."""
    user = db.session.scalar(
        _with_profiles(
            select(User)
            .outerjoin(Profile, Profile.user_id == User.id)
            .where(User.id == user_id, User.deactivated_at.is_(None))
        )
    )
    if user is None:
        abort(404)
    return user


def get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user
