"""Read helpers: the workshops a member may see, the people registered, the statistics."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload, subqueryload

from workspace.auth.models import Role
from workspace.core.db import utcnow
from workspace.core.regions import regions_of
from workspace.extensions import db
from workspace.workshops.models import (
    Feedback,
    Format,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
    workshop_coorganizers,
)
from workspace.workshops.permissions import VIEW_WORKSHOP, is_eligible

SMALL_COUNT = 5


def visible_workshops(
    user,
    scope: str = "upcoming",
    topic: int | None = None,
    region: str | None = None,
    fmt: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Workshop]:
    """Workshops the member may see: upcoming, past or their own, with the filters applied."""
    now = utcnow()
    # Co-organizers too: the permission check below asks is_organizer() of every workshop.
    # subqueryload, not selectinload: one statement per relation however many workshops
    # there are (selectinload splits its IN list every 500 ids, so the count would grow).
    query = select(Workshop).options(
        subqueryload(Workshop.topics), subqueryload(Workshop.co_organizers)
    )
    if scope == "upcoming":
        query = query.where(Workshop.ends_at >= now).order_by(Workshop.starts_at)
    elif scope == "past":
        query = query.where(Workshop.ends_at < now).order_by(Workshop.starts_at.desc())
    else:
        query = query.order_by(Workshop.starts_at)
    if start is not None:
        query = query.where(Workshop.ends_at >= start)
    if end is not None:
        query = query.where(Workshop.starts_at < end)
    if topic:
        query = query.where(Workshop.topics.any(id=topic))
    if fmt and fmt in {f.value for f in Format}:
        query = query.where(Workshop.format == Format(fmt))
    if scope == "mine":
        mine = select(Registration.workshop_id).where(
            Registration.user_id == user.id, Registration.status != RegistrationStatus.CANCELLED
        )
        co = select(workshop_coorganizers.c.workshop_id).where(
            workshop_coorganizers.c.user_id == user.id
        )
        query = query.where(
            (Workshop.id.in_(mine)) | (Workshop.organizer_id == user.id) | (Workshop.id.in_(co))
        )
    workshops = [w for w in db.session.scalars(query) if VIEW_WORKSHOP.allows(user, w)]
    if scope in ("upcoming", "past") and user.effective_role < Role.MODERATOR:
        # Members browse what they may join; organizers still find their own drafts in "mine".
        workshops = [w for w in workshops if w.status is not Status.DRAFT or w.is_organizer(user)]
    if region:
        workshops = [w for w in workshops if _targets_region(w, region)]
    return workshops


def _targets_region(workshop: Workshop, region: str) -> bool:
    if workshop.region_codes:
        return region in workshop.region_codes
    if workshop.country_codes:
        return any(region in regions_of(c) for c in workshop.country_codes)
    return True


def registrations(workshop: Workshop, *statuses: RegistrationStatus) -> list[Registration]:
    query = (
        select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .options(selectinload(Registration.user))
        .order_by(Registration.queue_number)
    )
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    return list(db.session.scalars(query))


def seats_taken(workshop: Workshop) -> int:
    return len(registrations(workshop, RegistrationStatus.CONFIRMED))


def eligible_for(user, workshop: Workshop) -> bool:
    return is_eligible(user, workshop)


# --- monitoring -------------------------------------------------------------------------------


def suppress(count: int) -> str:
    """Counts below five are shown as "<5" so no one can be singled out."""
    return "<5" if 0 < count < SMALL_COUNT else str(count)


def indicators(workshops: list[Workshop]) -> dict:
    """Standardized indicators across the given workshops (counts only)."""
    ids = [w.id for w in workshops]
    regs = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.workshop_id.in_(ids))
            .options(selectinload(Registration.user))
        )
    )
    confirmed = [r for r in regs if r.status is RegistrationStatus.CONFIRMED]
    marked = [r for r in confirmed if r.attended is not None]
    attended = [r for r in marked if r.attended]
    feedback = list(db.session.scalars(select(Feedback).where(Feedback.workshop_id.in_(ids))))
    by: dict[str, Counter] = {"region": Counter(), "country": Counter(), "org_type": Counter()}
    by["gender"] = Counter()
    for registration in confirmed:
        profile = getattr(registration.user, "profile", None)
        country = profile.country if profile else None
        for region in regions_of(country) or ("—",):
            by["region"][region] += 1
        by["country"][country or "—"] += 1
        by["org_type"][profile.org_type.value if profile and profile.org_type else "—"] += 1
        by["gender"][(profile.gender if profile and profile.gender else "—")] += 1
    ratings = [f.rating_overall for f in feedback]
    return {
        "workshops": len(workshops),
        "registrations": len([r for r in regs if r.status is not RegistrationStatus.CANCELLED]),
        "confirmed": len(confirmed),
        "waitlisted": len([r for r in regs if r.status is RegistrationStatus.WAITLISTED]),
        "attended": len(attended),
        "attendance_rate": round(100 * len(attended) / len(marked)) if marked else None,
        "feedback_count": len(feedback),
        "satisfaction": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "ratings": Counter(ratings),
        "by": {key: sorted(c.items(), key=lambda kv: -kv[1]) for key, c in by.items()},
    }


def workshops_of(member, viewer, limit: int = 5) -> list[Workshop]:
    """Published workshops the member organizes or takes part in that the viewer may see."""
    shown = [
        w
        for w in visible_workshops(member, scope="mine")
        if w.status is not Status.DRAFT and VIEW_WORKSHOP.allows(viewer, w)
    ]
    return sorted(shown, key=lambda w: w.starts_at, reverse=True)[:limit]
