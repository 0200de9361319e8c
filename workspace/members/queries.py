"""Reading the directory: one filtered page in a fixed number of queries, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from workspace.auth.models import Role, User
from workspace.core import regions
from workspace.core.db import utcnow
from workspace.core.paging import page_number
from workspace.core.permissions import can, ensure
from workspace.extensions import db
from workspace.members.models import (
    CountryChange,
    CountryChangeStatus,
    Expertise,
    MembershipRequest,
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
        filters.page = page_number(args)
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


def unlisted_ids(filters: DirectoryFilters) -> Select:
    """Users the directory leaves out: applicants and visitors, departed members and, for
    those who cannot reinstate them, suspended ones.

    They are few, and both halves are read through an index (ix_users_role and the partial
    ix_users_departed_or_suspended), so excluding them costs far less than checking the
    role and status of every matching member.
    """
    by_role = select(User.id).where(User.role.in_([r for r in Role if r not in MEMBER_ROLES]))
    # Written exactly as the partial index's condition, so both databases use the index.
    departed_or_suspended = or_(User.deactivated_at.is_not(None), User.suspended_at.is_not(None))
    if filters.include_suspended:
        still_out = User.deactivated_at.is_not(None)
    else:
        still_out = or_(
            User.deactivated_at.is_not(None),
            User.suspended_until.is_(None),
            User.suspended_until > utcnow(),
        )
    return by_role.union_all(select(User.id).where(departed_or_suspended, still_out))


def _expertise_ids(slug: str) -> Select:
    expertise_id = select(Expertise.id).where(Expertise.slug == slug).scalar_subquery()
    return select(profile_expertise.c.user_id).where(
        profile_expertise.c.expertise_id == expertise_id
    )


def _language_ids(code: str) -> Select:
    return select(ProfileLanguage.user_id).where(ProfileLanguage.code == code)


def directory_query(filters: DirectoryFilters, columns: Any = User) -> Select:
    """Members (not applicants, not departed) matching every filter, unsorted.

    `columns` narrows what is selected (e.g. `User.id` to count): the profile is joined
    only for rows or filters that need it.
    """
    query = select(columns).where(User.id.not_in(unlisted_ids(filters)))
    if columns is User or _uses_profile(filters):
        query = query.outerjoin(Profile, Profile.user_id == User.id)
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
        query = query.where(User.id.in_(_expertise_ids(filters.expertise)))
    if filters.language:
        query = query.where(User.id.in_(_language_ids(filters.language)))
    return query


def directory_count(filters: DirectoryFilters) -> Any:
    """How many members match, as a scalar subquery.

    Filtered only by expertise or language, the matches are that index's user ids less the
    unlisted: counted in the index alone, without visiting 20,000 member rows.
    """
    if filters.q or _uses_profile(filters) or not (filters.expertise or filters.language):
        matches = directory_query(filters, User.id).subquery()
        return select(func.count()).select_from(matches).scalar_subquery()
    if filters.expertise:
        links = _expertise_ids(filters.expertise)
        if filters.language:
            links = links.where(profile_expertise.c.user_id.in_(_language_ids(filters.language)))
    else:
        links = _language_ids(filters.language)
    user_id = links.selected_columns[0]
    counted = links.with_only_columns(func.count(user_id))
    return counted.where(user_id.not_in(unlisted_ids(filters))).scalar_subquery()


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
    """A page of the directory in three queries: the page with the count, its languages, its
    expertise.

    The choice of the page reads only ids (no profile columns unless a filter needs them),
    so sorting thousands of matches moves narrow rows; only the page's own members are
    loaded in full, and the count rides along on each of their rows.
    """
    total = directory_count(filters)
    page_ids = (
        directory_query(filters, User.id)
        .order_by(*_BY_NAME)
        .limit(per_page)
        .offset((filters.page - 1) * per_page)
    )
    query = (
        select(User, total)
        .outerjoin(Profile, Profile.user_id == User.id)
        .options(contains_eager(User.profile))
        .where(User.id.in_(page_ids.scalar_subquery()))
        .order_by(*_BY_NAME)
    )
    rows = db.session.execute(query).all()
    # A page past the last one has no rows to carry the count; count on its own.
    count = rows[0][1] if rows else db.session.scalar(select(total))
    users = [row[0] for row in rows]
    _load_languages_and_expertise([u.profile for u in users if u.profile is not None])
    return DirectoryPage(users, filters.page, per_page, count)


def _load_languages_and_expertise(profiles: list[Profile]) -> None:
    """Fill the profiles' languages and expertise in two plain queries.

    What selectinload does, without its per-load machinery, which cost more than the
    queries themselves on a page of 25.
    """
    if not profiles:
        return
    ids = [p.user_id for p in profiles]
    languages: dict[int, list] = {user_id: [] for user_id in ids}
    expertise: dict[int, list] = {user_id: [] for user_id in ids}
    for language in db.session.scalars(
        select(ProfileLanguage)
        .where(ProfileLanguage.user_id.in_(ids))
        .order_by(ProfileLanguage.code)
    ):
        languages[language.user_id].append(language)
    for user_id, area in db.session.execute(
        select(profile_expertise.c.user_id, Expertise)
        .join(Expertise, Expertise.id == profile_expertise.c.expertise_id)
        .where(profile_expertise.c.user_id.in_(ids))
        .order_by(Expertise.name)
    ):
        expertise[user_id].append(area)
    for profile in profiles:
        set_committed_value(profile, "languages", languages[profile.user_id])
        set_committed_value(profile, "expertise", expertise[profile.user_id])


def all_directory_rows(filters: DirectoryFilters) -> list[User]:
    query = _with_profiles(directory_query(filters)).order_by(*_BY_NAME)
    return list(db.session.scalars(query).unique())


def expertise_choices() -> list[Expertise]:
    areas = db.session.scalars(select(Expertise))
    return sorted(areas, key=lambda area: area.label.casefold())


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


def listed_members(ids: set[int] | None = None) -> list[tuple[int, str]]:
    """(id, name) of the members the directory lists to every member, by name; of these ids
    only when given. Contacts, co-organizers and trainers are picked among them: people the
    writer can already see, so an id or an address tells nothing of anyone else."""
    query = select(User.id, User.display_name).where(
        User.id.not_in(unlisted_ids(DirectoryFilters()))
    )
    if ids is not None:
        query = query.where(User.id.in_(ids))
    rows = db.session.execute(query.order_by(func.lower(User.display_name), User.id))
    return [(uid, name) for uid, name in rows]


def listed_member_by_email(email: str) -> User | None:
    """The listed member with this sign-in address, or None for anyone else."""
    return db.session.scalar(
        select(User).where(
            User.email == email.strip().lower(), User.id.not_in(unlisted_ids(DirectoryFilters()))
        )
    )


def pending_country_changes() -> list[CountryChange]:
    """Members' own country changes waiting for a moderator, oldest first."""
    return list(
        db.session.scalars(
            select(CountryChange)
            .options(joinedload(CountryChange.user))
            .where(CountryChange.status == CountryChangeStatus.PENDING)
            .order_by(CountryChange.created_at)
        )
    )


def recent_self_service_changes(days: int = 30) -> list[CountryChange]:
    """Country changes members made themselves (self-service), newest first."""
    since = utcnow() - timedelta(days=days)
    return list(
        db.session.scalars(
            select(CountryChange)
            .options(joinedload(CountryChange.user))
            .where(
                CountryChange.status == CountryChangeStatus.APPLIED,
                CountryChange.created_at >= since,
            )
            .order_by(CountryChange.created_at.desc())
            .limit(100)
        )
    )


# --- what moderators act on: whether it exists is theirs to know (pages and API) -----------


def managed_user_or_404(user_id: int) -> User:
    ensure(MANAGE_MEMBERSHIP)
    return get_user_or_404(user_id)


def request_or_404(request_id: int) -> MembershipRequest:
    ensure(MANAGE_MEMBERSHIP)
    return db.get_or_404(MembershipRequest, request_id)


def country_change_or_404(change_id: int) -> CountryChange:
    ensure(MANAGE_MEMBERSHIP)
    return db.get_or_404(CountryChange, change_id)
