"""Reminder e-mails a day and an hour before each workshop, sent once each.

Reminders are worked out from the schedule: every five minutes, and once as a worker
starts, the job looks for reminders that are due and not recorded as sent, so a worker that
was down catches up when it starts. A reminder is recorded and its e-mail stored in the
outbox in one transaction; the relay sends the e-mail until the server accepts it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workspace.auth.models import User, active_accounts
from workspace.core.db import utcnow
from workspace.core.i18n import as_reader, format_datetime, zone_name
from workspace.core.mail import send_mail
from workspace.core.tasks import crontab, run_periodically
from workspace.extensions import db
from workspace.workshops.models import (
    Registration,
    RegistrationStatus,
    ReminderSent,
    Status,
    Workshop,
)

# (kind, how long before the start). The job runs every five minutes; a reminder is due
# once the start is closer than its lead time (and the workshop has not begun).
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue every reminder due at `now`; returns how many. The caller commits."""
    now = now or utcnow()
    sent = 0
    for kind, lead in REMINDERS:
        due = db.session.scalars(
            select(Registration)
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .join(User, User.id == Registration.user_id)
            .where(
                active_accounts(now),  # the link is not for suspended or departed members
                Workshop.status == Status.PUBLISHED,
                Workshop.starts_at > now,
                Workshop.starts_at <= now + lead,
                Registration.status == RegistrationStatus.CONFIRMED,
                ~select(ReminderSent.id)
                .where(
                    ReminderSent.workshop_id == Registration.workshop_id,
                    ReminderSent.user_id == Registration.user_id,
                    ReminderSent.kind == kind,
                )
                .exists(),
            )
        ).all()
        for registration in due:
            # The hour reminder makes the day one pointless if both are due at once.
            if kind == "day" and registration.workshop.starts_at <= now + timedelta(hours=1):
                continue
            if _record(registration, kind):
                _send(registration, kind)
                sent += 1
    return sent


def _record(registration: Registration, kind: str) -> bool:
    """Claim the reminder; the unique constraint refuses a second claim by another worker."""
    try:
        with db.session.begin_nested():
            db.session.add(
                ReminderSent(
                    workshop_id=registration.workshop_id, user_id=registration.user_id, kind=kind
                )
            )
    except IntegrityError:
        return False
    return True


def _send(registration: Registration, kind: str) -> None:
    user, workshop = registration.user, registration.workshop
    if not user.email or not user.is_active:
        return
    with as_reader(user):
        # In the reader's own zone, named by its city, as on the workshop page.
        when = format_datetime(workshop.starts_at)
        zone = zone_name(user.timezone or current_app.config.get("DEFAULT_TIMEZONE") or "UTC")
        subject = (
            _("Tomorrow: %(title)s", title=workshop.title)
            if kind == "day"
            else _("In one hour: %(title)s", title=workshop.title)
        )
        details = workshop.meeting_url or ", ".join(
            p for p in (workshop.venue_address, workshop.venue_city) if p
        )
        body = _(
            'Reminder: "%(title)s" starts at %(when)s (%(zone)s).\n\n%(details)s\n\n%(url)s',
            title=workshop.title,
            when=when,
            zone=zone,
            details=details,
            url=f"{(current_app.config.get('BASE_URL') or '').rstrip('/')}/workshops/{workshop.id}",
        )
        send_mail(user.email, str(subject), str(body))


def workshop_reminders() -> None:
    send_due_reminders()


def init_app(app: Flask) -> None:
    run_periodically(crontab(minute="*/5"), workshop_reminders, at_start=True)
