"""The good practices' blocks of the home page: new in my regions, waiting for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select, true

from workspace.discussions.permissions import user_regions
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeStatus
from workspace.practices.permissions import readable_practices_filter

SHOWN = 5


@dataclass
class News:
    regions: tuple[str, ...] = ()
    practices: list[Practice] = field(default_factory=list)
    count: int = 0

    def __bool__(self) -> bool:
        return bool(self.count)


def news(user: Any) -> News:
    """The newest published practices about the regions of the member's country (all of
    them for a member of an international partner, whose country is in none)."""
    regions = user_regions(user)
    about = (
        or_(*(Practice.regions.contains(f" {code} ") for code in regions)) if regions else true()
    )
    rows = db.session.execute(
        select(Practice, func.count().over())
        .where(Practice.status == PracticeStatus.PUBLISHED, about)
        .order_by(Practice.published_at.desc(), Practice.id.desc())
        .limit(SHOWN)
    ).all()
    return News(regions, [p for p, _ in rows], rows[0][1] if rows else 0)


def to_review(user: Any) -> list[tuple[int, str, int]]:
    """Submitted practices waiting for a curator, oldest first: (id, title, how many in all)."""
    return db.session.execute(
        select(Practice.id, Practice.title, func.count().over())
        .where(Practice.status == PracticeStatus.SUBMITTED, readable_practices_filter(user))
        .order_by(Practice.submitted_at, Practice.id)
        .limit(SHOWN)
    ).all()
