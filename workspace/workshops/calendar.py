"""iCalendar files: one per workshop, and a member's personal feed."""

from __future__ import annotations

from icalendar import Calendar, Event

from workspace.core.db import utcnow
from workspace.workshops.models import Status, Workshop

PRODID = "-//Border Management Expert Workspace//Workshops//EN"


def _uid(workshop: Workshop, domain: str) -> str:
    return f"workshop-{workshop.id}@{domain}"


def _event(workshop: Workshop, url: str, domain: str, show_details: bool) -> Event:
    zone = workshop.zone
    event = Event()
    event.add("uid", _uid(workshop, domain))
    event.add("dtstamp", utcnow())
    event.add("sequence", workshop.sequence)
    event.add("summary", workshop.title)
    event.add("dtstart", workshop.starts_at.astimezone(zone))
    event.add("dtend", workshop.ends_at.astimezone(zone))
    event.add("url", url)
    event.add("status", "CANCELLED" if workshop.status is Status.CANCELLED else "CONFIRMED")
    description = [url]
    if show_details:
        place = ", ".join(p for p in (workshop.venue_address, workshop.venue_city) if p)
        if place:
            event.add("location", place)
        if workshop.meeting_url:
            description.insert(0, workshop.meeting_url)
            if not place:
                event.add("location", workshop.meeting_url)
    elif workshop.venue_city:
        event.add("location", workshop.venue_city)
    event.add("description", "\n".join(description))
    return event


def build_calendar(entries: list[tuple[Workshop, str, bool]], domain: str) -> bytes:
    """entries: (workshop, its page URL, whether the viewer may see venue and link)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if any(w.status is Status.CANCELLED for w, _, _ in entries) and len(entries) == 1:
        calendar.add("method", "CANCEL")
    else:
        calendar.add("method", "PUBLISH")
    for workshop, url, show in entries:
        calendar.add_component(_event(workshop, url, domain, show))
    calendar.add_missing_timezones()  # a VTIMEZONE for every TZID used
    return calendar.to_ical()
