"""The workshops' blocks of the home page: my next workshops, open ones, registrations
waiting for the organizer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from workspace.core.db import utcnow
from workspace.extensions import db
from workspace.workshops.models import Registration, RegistrationStatus, Status, Workshop
from workspace.workshops.permissions import eligible_filter, organizes_filter

SHOWN = 5
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING)


@dataclass
class News:
    mine: list[tuple[Workshop, RegistrationStatus]] = field(default_factory=list)
    mine_count: int = 0
    open: list[Workshop] = field(default_factory=list)
    open_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.mine_count or self.open_count)


def _mine(user: Any, now) -> tuple[list, int]:
    rows = db.session.execute(
        select(Workshop, Registration.status, func.count().over())
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_(ACTIVE),
            Workshop.status == Status.PUBLISHED,
            Workshop.ends_at > now,
        )
        .order_by(Workshop.starts_at)
        .limit(SHOWN)
    ).all()
    return [(w, status) for w, status, _ in rows], rows[0][2] if rows else 0


def _open(user: Any, now) -> tuple[list[Workshop], int]:
    registered = select(Registration.workshop_id).where(
        Registration.user_id == user.id, Registration.status.in_(ACTIVE)
    )
    rows = db.session.execute(
        select(Workshop, func.count().over())
        .where(
            Workshop.status == Status.PUBLISHED,
            Workshop.starts_at > now,
            or_(Workshop.registration_opens_at.is_(None), Workshop.registration_opens_at <= now),
            or_(Workshop.registration_closes_at.is_(None), Workshop.registration_closes_at > now),
            eligible_filter(user),
            Workshop.id.not_in(registered),
        )
        .order_by(Workshop.starts_at)
        .limit(SHOWN)
    ).all()
    return [w for w, _ in rows], rows[0][1] if rows else 0


def news(user: Any) -> News:
    now = utcnow()
    mine, mine_count = _mine(user, now)
    opened, open_count = _open(user, now)
    return News(mine, mine_count, opened, open_count)


def registrations_to_confirm(user: Any) -> list[tuple[int, str, int]]:
    """(workshop id, title, pending registrations) of the workshops this member runs."""
    return db.session.execute(
        select(Workshop.id, Workshop.title, func.count())
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.status == RegistrationStatus.PENDING,
            Workshop.status == Status.PUBLISHED,
            organizes_filter(user),
        )
        .group_by(Workshop.id, Workshop.title)
        .order_by(Workshop.id)
        .limit(SHOWN)
    ).all()
