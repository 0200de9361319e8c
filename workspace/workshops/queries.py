"""Read helpers: the workshops a member may see, the people registered, the statistics."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import (
    Select,
    String,
    and_,
    cast,
    false,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import load_only, raiseload, selectinload, subqueryload
from sqlalchemy.sql.expression import ColumnElement, ScalarSelect

from workspace.core.db import joined, utcnow
from workspace.core.paging import Page, page_count
from workspace.core.regions import countries_in, regions_of
from workspace.extensions import db
from workspace.members.genders import GENDERS
from workspace.members.models import Expertise
from workspace.workshops.models import (
    Feedback,
    Format,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
    has_code,
    has_codes,
    workshop_coorganizers,
    workshop_topics,
)
from workspace.workshops.permissions import (
    eligible_in_country_column,
    is_eligible,
    organizes_filter,
    visible_filter,
)

SMALL_COUNT = 5
PRIVATE_BREAKDOWNS = frozenset({"gender"})
HIDDEN = "hidden"  # a count hidden so that a small one beside it cannot be worked out
# The columns templates/workshops/index.html shows on a card.
CARD_COLUMNS = (
    Workshop.title,
    Workshop.status,
    Workshop.format,
    Workshop.timezone,
    Workshop.starts_at,
    Workshop.ends_at,
    Workshop.venue_city,
    Workshop.venue_country,
)


def visible_workshops(
    user,
    scope: str = "upcoming",
    topic: int | None = None,
    region: str | None = None,
    fmt: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Workshop]:
    """Every workshop the member may see in the scope, with the filters applied."""
    query = _listed(user, scope, topic, region, fmt, start, end)
    # Co-organizers too, for the API's permission checks. subqueryload, not selectinload:
    # one statement per relation however many workshops (selectinload splits every 500 ids).
    query = query.options(subqueryload(Workshop.topics), subqueryload(Workshop.co_organizers))
    return list(db.session.scalars(query))


def workshop_page(user, number: int, per_page: int, scope: str = "upcoming", **filters) -> Page:
    """One page of visible_workshops(), counted and cut in the database."""
    query = _listed(user, scope, **filters)
    total = db.session.scalar(query.with_only_columns(func.count(Workshop.id)).order_by(None))
    # Only what a card shows; anything else raises rather than load row by row.
    shown = query.options(load_only(*CARD_COLUMNS, raiseload=True), raiseload(Workshop.topics))
    shown = shown.limit(per_page).offset((number - 1) * per_page)
    items = list(db.session.scalars(shown)) if total else []
    return Page(items, number, page_count(total, per_page), total)


def topic_names(workshops: list[Workshop]) -> dict[int, list[str]]:
    """The names of each workshop's topics, by workshop id (plain rows: no objects to build)."""
    if not workshops:
        return {}
    name = Expertise.name_column(str(get_locale()).split("_")[0])
    rows = db.session.execute(
        select(workshop_topics.c.workshop_id, name)
        .join(Expertise, Expertise.id == workshop_topics.c.expertise_id)
        .where(workshop_topics.c.workshop_id.in_([w.id for w in workshops]))
        .order_by(name)
    )
    names: dict[int, list[str]] = {}
    for workshop_id, name in rows:
        names.setdefault(workshop_id, []).append(name)
    return names


def _listed(
    user,
    scope: str,
    topic: int | None = None,
    region: str | None = None,
    fmt: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select:
    """The query behind the lists: the permission rule and every filter, in SQL."""
    # VIEW_WORKSHOP already hides drafts from members unless they organize them, so the
    # upcoming and past lists need no rule of their own for drafts.
    query = select(Workshop).where(visible_filter(user))
    now = utcnow()
    if scope == "upcoming":
        query = query.where(Workshop.ends_at >= now).order_by(Workshop.starts_at, Workshop.id)
    elif scope == "past":
        query = query.where(Workshop.ends_at < now)
        query = query.order_by(Workshop.starts_at.desc(), Workshop.id.desc())
    else:
        query = query.order_by(Workshop.starts_at, Workshop.id)
    if scope == "mine":
        query = query.where(_takes_part(user))
    if start is not None:
        query = query.where(Workshop.ends_at >= start)
    if end is not None:
        query = query.where(Workshop.starts_at < end)
    if topic:
        query = query.where(Workshop.topics.any(id=topic))
    if fmt and fmt in {f.value for f in Format}:
        query = query.where(Workshop.format == Format(fmt))
    if region:
        query = query.where(_targets_region(region))
    return query


def beyond_country(user_id: ColumnElement[int], country: ColumnElement[str]) -> ScalarSelect:
    """The workshops a member sees (registered, or organizing) that members of their country
    do not, as "id,id" (NULL for none, as for most members: their list is the same as their
    compatriots'). The member's own workshops are found through their indexes first, so
    it costs the same with 10 workshops or 10,000."""
    # Correlated by hand: SQL finds `user_id` (users.id) three statements out.
    theirs = union(
        select(Registration.workshop_id)
        .where(Registration.user_id == user_id)
        .where(Registration.status != RegistrationStatus.CANCELLED)
        .correlate_except(Registration),
        select(Workshop.id).where(Workshop.organizer_id == user_id).correlate_except(Workshop),
        select(workshop_coorganizers.c.workshop_id)
        .where(workshop_coorganizers.c.user_id == user_id)
        .correlate_except(workshop_coorganizers),
    )
    everyone_of_country = and_(Workshop.status != Status.DRAFT, eligible_in_country_column(country))
    ids = select(joined(cast(Workshop.id, String)))
    return ids.where(Workshop.id.in_(theirs), ~everyone_of_country).scalar_subquery()


def _takes_part(user) -> ColumnElement[bool]:
    mine = select(Registration.workshop_id).where(
        Registration.user_id == user.id, Registration.status != RegistrationStatus.CANCELLED
    )
    return Workshop.id.in_(mine) | organizes_filter(user)


def _targets_region(region: str) -> ColumnElement[bool]:
    """Workshops for the region: by their regions, else their countries, else everyone's."""
    countries = [has_code(Workshop.eligible_countries, c) for c in countries_in(region)]
    return or_(
        has_code(Workshop.eligible_regions, region),
        and_(~has_codes(Workshop.eligible_regions), or_(false(), *countries)),
        and_(~has_codes(Workshop.eligible_regions), ~has_codes(Workshop.eligible_countries)),
    )


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


def suppressed(rows: list[tuple[str, int]], private: bool = False) -> list[tuple[str, int, str]]:
    """(value, count, shown) for one breakdown whose total is known.

    A count under five is shown as "<5". A count that could then be worked out from the total
    (the only one hidden) is hidden too, as HIDDEN: the smallest count above zero still shown
    goes with it. For a private answer (gender), an empty count is "<5" as well, so a group in which
    everyone gave the same answer does not tell each one's answer.
    """
    small = {v for v, c in rows if c < SMALL_COUNT and (c > 0 or private)}
    shown = sorted((c, v) for v, c in rows if v not in small and c)  # hiding a 0 hides nothing
    hidden_total = sum(c for v, c in rows if v in small)
    hidden = set()
    alone = sum(1 for v, c in rows if v in small and c) == 1  # its count is total - shown
    if shown and (alone or (small and not hidden_total and len(shown) == 1)):
        hidden.add(shown[0][1])
    return [(v, c, HIDDEN if v in hidden else "<5" if v in small else str(c)) for v, c in rows]


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
    by["gender"] = Counter(dict.fromkeys([*GENDERS, "—"], 0))  # every answer, even unused
    for registration in confirmed:
        profile = getattr(registration.user, "profile", None)
        country = profile.country if profile else None
        for region in regions_of(country) or ("—",):
            by["region"][region] += 1
        by["country"][country or "—"] += 1
        by["org_type"][profile.org_type.value if profile and profile.org_type else "—"] += 1
        gender = profile.gender if profile else None
        by["gender"][gender if gender in GENDERS else "—"] += 1
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
        # Largest first, but gender in its fixed order: the order would tell which is larger.
        "by": {
            key: list(c.items()) if key in PRIVATE_BREAKDOWNS else c.most_common()
            for key, c in by.items()
        },
    }


def workshops_of(member, viewer, limit: int = 5) -> list[Workshop]:
    """Published workshops the member organizes or takes part in that the viewer may see."""
    query = _listed(member, "mine").where(visible_filter(viewer), Workshop.status != Status.DRAFT)
    query = query.order_by(None).order_by(Workshop.starts_at.desc(), Workshop.id.desc())
    return list(db.session.scalars(query.limit(limit)))
