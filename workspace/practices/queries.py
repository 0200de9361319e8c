"""Reads for the practice pages and API; every listing goes through readable_practices_filter.

List pages run a fixed number of statements whatever the number of practices: counters live
on the practice row and expertise is loaded with one selectin query.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from workspace.core.paging import page_number
from workspace.discussions.queries import Page, _pages
from workspace.extensions import db
from workspace.members import queries as members_queries
from workspace.members.models import Expertise
from workspace.practices import search
from workspace.practices.models import (
    Practice,
    PracticeAttachment,
    PracticeComment,
    PracticeRevision,
    PracticeStatus,
    PracticeUseful,
    practice_expertise,
)
from workspace.practices.permissions import readable_practices_filter, reads_source

PER_PAGE = 20
LANDING_SIZE = 5
SORTS = ("newest", "consulted", "useful")


@dataclass
class Filters:
    q: str = ""
    region: str = ""
    country: str = ""
    expertise: str = ""
    language: str = ""
    status: str = ""
    sort: str = "newest"
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def _text(name: str, limit: int = 60) -> str:
            return (args.get(name) or "").strip()[:limit]

        page = page_number(args)
        status = _text("status").lower()
        sort = _text("sort").lower()
        return cls(
            q=_text("q", 200),
            region=_text("region").upper(),
            country=_text("country", 2).upper(),
            expertise=_text("expertise").lower(),
            language=_text("language", 8).lower(),
            status=status if status in {s.value for s in PracticeStatus} else "",
            sort=sort if sort in SORTS else "newest",
            page=page,
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)}


def filtered(user: Any, filters: Filters):
    """The select of practices the user may read that pass every filter given."""
    query = select(Practice).where(readable_practices_filter(user))
    if filters.status:
        query = query.where(Practice.status == PracticeStatus(filters.status))
    else:
        query = query.where(Practice.status == PracticeStatus.PUBLISHED)
    if filters.region:
        query = query.where(Practice.regions.contains(f" {filters.region} ", autoescape=True))
    if filters.country:
        query = query.where(Practice.countries.contains(f" {filters.country} ", autoescape=True))
    if filters.language:
        query = query.where(Practice.language == filters.language)
    if filters.expertise:
        with_area = (
            select(practice_expertise.c.practice_id)
            .join(Expertise, Expertise.id == practice_expertise.c.expertise_id)
            .where(Expertise.slug == filters.expertise)
        )
        query = query.where(Practice.id.in_(with_area))
    if filters.q:
        found = search.matching(filters.q)
        if found is None:
            return query.where(Practice.id.is_(None))
        query = query.where(Practice.id.in_(select(found.c.id)))
    return query


def _order(query, sort: str):
    if sort == "consulted":
        return query.order_by(Practice.view_count.desc(), Practice.id.desc())
    if sort == "useful":
        return query.order_by(Practice.useful_count.desc(), Practice.id.desc())
    return query.order_by(
        func.coalesce(Practice.published_at, Practice.updated_at).desc(), Practice.id.desc()
    )


def _with_lists(query):
    return query.options(joinedload(Practice.author), selectinload(Practice.expertise))


def practice_page(user: Any, filters: Filters) -> Page:
    query = filtered(user, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = list(
        db.session.scalars(
            _with_lists(_order(query, filters.sort))
            .limit(PER_PAGE)
            .offset((filters.page - 1) * PER_PAGE)
        ).unique()
    )
    return Page(items, filters.page, _pages(total, PER_PAGE), total)


def all_rows(user: Any, filters: Filters) -> list[Practice]:
    query = _with_lists(_order(filtered(user, filters), filters.sort))
    return list(db.session.scalars(query.options(selectinload(Practice.contacts))).unique())


def region_landing(user: Any, region: str) -> tuple[list[Practice], list[Practice]]:
    """The newest and the most consulted published practices of a region."""
    filters = Filters(region=region)
    newest = db.session.scalars(
        _with_lists(_order(filtered(user, filters), "newest")).limit(LANDING_SIZE)
    ).unique()
    consulted = db.session.scalars(
        _with_lists(_order(filtered(user, filters), "consulted")).limit(LANDING_SIZE)
    ).unique()
    return list(newest), list(consulted)


def translations_of(practice: Practice, user: Any) -> list[Practice]:
    """The other language versions: the original and every practice linked to it."""
    root = practice.translation_of_id or practice.id
    query = select(Practice).where(
        readable_practices_filter(user),
        Practice.id != practice.id,
        (Practice.id == root) | (Practice.translation_of_id == root),
    )
    return list(db.session.scalars(query.order_by(Practice.language)))


def revisions(practice: Practice, user: Any) -> list[PracticeRevision]:
    """The history of changes. Before its publication a practice from a restricted discussion
    held that discussion's words: those revisions are shown only to the discussion's readers."""
    query = (
        select(PracticeRevision)
        .options(joinedload(PracticeRevision.editor))
        .where(PracticeRevision.practice_id == practice.id)
        .order_by(PracticeRevision.created_at.desc(), PracticeRevision.id.desc())
    )
    if not reads_source(user, practice):
        if practice.published_at is None:
            return []
        query = query.where(PracticeRevision.created_at >= practice.published_at)
    return list(db.session.scalars(query).unique())


def comments(practice: Practice) -> list[PracticeComment]:
    return list(
        db.session.scalars(
            select(PracticeComment)
            .options(joinedload(PracticeComment.author))
            .where(PracticeComment.practice_id == practice.id)
            .order_by(PracticeComment.created_at, PracticeComment.id)
        ).unique()
    )


def files(practice: Practice) -> list[PracticeAttachment]:
    return list(
        db.session.scalars(
            select(PracticeAttachment)
            .where(PracticeAttachment.practice_id == practice.id)
            .order_by(PracticeAttachment.id)
        )
    )


def marked_useful(practice: Practice, user: Any) -> bool:
    return db.session.get(PracticeUseful, (practice.id, user.id)) is not None


def expertise_choices() -> list[Expertise]:
    return members_queries.expertise_choices()


def translatable(user: Any) -> list[Practice]:
    """Practices a new one may translate: published originals, for the form's choices."""
    query = select(Practice).where(
        readable_practices_filter(user), Practice.translation_of_id.is_(None)
    )
    return list(db.session.scalars(query.order_by(Practice.title).limit(500)))
