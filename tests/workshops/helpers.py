"""Factories shared by the workshop tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workspace.core.db import utcnow
from workspace.extensions import db
from workspace.members.models import Profile
from workspace.workshops import actions
from workspace.workshops.models import Eligibility, Format, Workshop


def with_profile(user, country: str | None = None, timezone: str | None = None, **fields):
    db.session.add(Profile(user=user, country=country, **fields))
    if timezone:
        user.timezone = timezone
    db.session.commit()
    return user


def make_workshop(organizer, publish: bool = True, **overrides) -> Workshop:
    start = overrides.pop("starts_at", utcnow().replace(microsecond=0) + timedelta(days=10))
    data = {
        "title": "Regional workshop on API/PNR implementation",
        "objectives": "Share **practice** on advance passenger information.",
        "format": Format.HYBRID,
        "timezone": "Asia/Almaty",
        "starts_at": start,
        "ends_at": start + timedelta(hours=6),
        "venue_city": "Almaty",
        "venue_country": "KZ",
        "venue_address": "12 Dostyk Avenue, conference room B",
        "meeting_url": "https://meet.example.org/api-pnr",
        "eligibility": Eligibility.ALL,
        "capacity": 10,
    }
    data.update(overrides)
    workshop = actions.create_workshop(organizer, data)
    if publish:
        actions.publish_workshop(workshop, organizer)
    db.session.commit()
    return workshop


def at(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
