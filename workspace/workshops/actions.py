"""Write paths for workshops. They validate, change and flush; the caller commits."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from workspace.audit.actions import record
from workspace.auth.models import User, hash_secret, new_secret
from workspace.core import versions
from workspace.core.bounds import is_id
from workspace.core.db import utcnow
from workspace.core.errors import ActionError
from workspace.core.i18n import as_reader
from workspace.core.links import is_web_url
from workspace.core.mail import send_mail
from workspace.core.markup import render_markdown
from workspace.core.permissions import ensure
from workspace.extensions import db
from workspace.members.models import Expertise
from workspace.members.queries import listed_members
from workspace.notifications.actions import tell
from workspace.notifications.models import NotificationKind
from workspace.workshops.models import (
    AgendaItem,
    CalendarFeedToken,
    Feedback,
    Material,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
)
from workspace.workshops.permissions import (
    CREATE_WORKSHOP,
    GIVE_FEEDBACK,
    MANAGE_WORKSHOP,
    REGISTER,
)

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING)
# Fields a change to which matters to registered participants.
_NOTIFY_FIELDS = (
    "title", "starts_at", "ends_at", "timezone", "format", "venue_city", "venue_country",
    "venue_address", "meeting_url",
)  # fmt: skip


class WorkshopError(ActionError):
    """A request that cannot be carried out; the message is shown to the user."""


def local_to_utc(local: datetime, timezone: str) -> datetime:
    """A wall-clock time in the workshop's zone, as a UTC instant."""
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check(workshop: Workshop) -> None:
    if not valid_timezone(workshop.timezone):
        raise WorkshopError(_("Unknown time zone."))
    if workshop.ends_at <= workshop.starts_at:
        raise WorkshopError(_("The workshop must end after it starts."))
    if workshop.capacity is None or workshop.capacity < 1:
        raise WorkshopError(_("The capacity must be at least one."))
    opens, closes = workshop.registration_opens_at, workshop.registration_closes_at
    if opens and closes and closes <= opens:
        raise WorkshopError(_("Registration must close after it opens."))
    if closes and closes > workshop.ends_at:
        raise WorkshopError(_("Registration must close before the workshop ends."))
    if opens and opens >= workshop.starts_at:
        raise WorkshopError(_("Registration must open before the workshop starts."))


def _listed(ids) -> set[int]:
    """Co-organizers and trainers are members the directory lists; any other id, an
    applicant's or a departed member's, is refused like one that does not exist."""
    wanted = set(ids)
    if not all(is_id(i) for i in wanted) or (
        wanted and {uid for uid, _name in listed_members(wanted)} != wanted
    ):
        raise WorkshopError(_("Co-organizers and trainers must be members of the directory."))
    return wanted


def _apply(workshop: Workshop, data: dict) -> set[str]:
    changed = set()
    for key, value in data.items():
        if key in ("topic_ids", "co_organizer_ids", "agenda"):
            continue
        if key == "objectives":
            workshop.objectives_html = render_markdown(value or "")
        if getattr(workshop, key, None) != value:
            changed.add(key)
            setattr(workshop, key, value)
    if "topic_ids" in data:
        ids = [i for i in data["topic_ids"] or [] if is_id(i)]  # unknown areas are left out
        workshop.topics = list(db.session.scalars(select(Expertise).where(Expertise.id.in_(ids))))
    if "co_organizer_ids" in data:
        ids = _listed(data["co_organizer_ids"] or [])
        workshop.co_organizers = list(db.session.scalars(select(User).where(User.id.in_(ids))))
    if "agenda" in data:
        _listed(item["trainer_id"] for item in data["agenda"] or [] if item.get("trainer_id"))
        workshop.sessions = [AgendaItem(**item) for item in data["agenda"] or []]
    return changed


def create_workshop(organizer: User, data: dict) -> Workshop:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(CREATE_WORKSHOP, user=organizer)
    workshop = Workshop(organizer=organizer, status=Status.DRAFT, sequence=0)
    workshop.registration_version = 0
    _apply(workshop, data)
    _check(workshop)
    db.session.add(workshop)
    db.session.flush()
    return workshop


def update_workshop(workshop: Workshop, data: dict, actor: User) -> Workshop:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    if workshop.status in (Status.CANCELLED, Status.COMPLETED):
        raise WorkshopError(_("A cancelled or completed workshop can no longer be changed."))
    changed = _apply(workshop, data)
    _check(workshop)
    if workshop.status is Status.PUBLISHED and changed:
        workshop.sequence += 1
        if changed & set(_NOTIFY_FIELDS):
            _notify_participants(workshop, "changed")
    db.session.flush()
    return workshop


def publish_workshop(workshop: Workshop, actor: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    if workshop.status is not Status.DRAFT:
        raise WorkshopError(_("Only a draft can be published."))
    workshop.status = Status.PUBLISHED
    db.session.flush()


def cancel_workshop(workshop: Workshop, actor: User) -> None:
    """Cancel; a moderator or admin cancelling someone else's workshop is audited."""
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    if workshop.status not in (Status.DRAFT, Status.PUBLISHED):
        raise WorkshopError(_("This workshop cannot be cancelled."))
    was_published = workshop.status is Status.PUBLISHED
    if not workshop.is_organizer(actor):
        record(
            "workshop.cancel",
            workshop,
            changes={"status": [workshop.status.value, Status.CANCELLED.value]},
            actor=actor,
        )
    workshop.status = Status.CANCELLED
    workshop.sequence += 1
    if was_published:
        _notify_participants(workshop, "cancelled")
    db.session.flush()


def complete_workshop(workshop: Workshop, actor: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    if workshop.status is not Status.PUBLISHED:
        raise WorkshopError(_("Only a published workshop can be marked completed."))
    workshop.status = Status.COMPLETED
    db.session.flush()


def _registrations(workshop: Workshop, *statuses: RegistrationStatus) -> list[Registration]:
    """With their members, who are e-mailed: one statement for any number of registrants."""
    return list(
        db.session.scalars(
            select(Registration)
            .options(joinedload(Registration.user))
            .where(Registration.workshop_id == workshop.id, Registration.status.in_(statuses))
            .order_by(Registration.queue_number)
        )
    )


def _mail(user: User, subject: str, body: str) -> None:
    if not user.email or not user.is_active:  # suspended or departed: no workshop news
        return
    with as_reader(user):
        send_mail(user.email, str(subject), str(body))


def _workshop_url(workshop: Workshop) -> str:
    try:
        return url_for("workshops.detail", workshop_id=workshop.id, _external=True)
    except RuntimeError:  # outside a request (jobs, CLI)
        base = (current_app.config.get("BASE_URL") or "").rstrip("/")
        return f"{base}/workshops/{workshop.id}"


def _workshop_path(workshop: Workshop) -> str:
    try:
        return url_for("workshops.detail", workshop_id=workshop.id)
    except RuntimeError:  # outside a request (jobs, CLI)
        return f"/workshops/{workshop.id}"


def _notify_participants(workshop: Workshop, what: str) -> None:
    users = [r.user for r in _registrations(workshop, *ACTIVE)]
    for user in users:
        with as_reader(user):
            if what == "cancelled":
                subject = _("Workshop cancelled: %(title)s", title=workshop.title)
                body = _(
                    'The workshop "%(title)s" has been cancelled. We are sorry for the '
                    "inconvenience.\n\n%(url)s",
                    title=workshop.title,
                    url=_workshop_url(workshop),
                )
            else:
                subject = _("Workshop updated: %(title)s", title=workshop.title)
                body = _(
                    'The details of the workshop "%(title)s" have changed (time, place or '
                    "link). Please check the workshop page and update your calendar.\n\n%(url)s",
                    title=workshop.title,
                    url=_workshop_url(workshop),
                )
            _mail(user, subject, body)
    kind = (
        NotificationKind.WORKSHOP_CANCELLED
        if what == "cancelled"
        else NotificationKind.WORKSHOP_CHANGED
    )
    tell([u for u in users if u.is_active], kind, _workshop_path(workshop), workshop.title)


# --- registration -----------------------------------------------------------------------


def _lock_workshop(workshop_id: int) -> Workshop:
    """Take the workshop's write lock before reading any seat count.

    The UPDATE makes SQLite take its write lock (writers queue behind it) and PostgreSQL lock
    the row; SELECT ... FOR UPDATE then reads the fresh row (a no-op lock on SQLite).
    """
    db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(registration_version=Workshop.registration_version + 1)
        .execution_options(synchronize_session=False)
    )
    return db.session.scalars(
        select(Workshop)
        .where(Workshop.id == workshop_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _confirmed_count(workshop: Workshop) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def registration_open(workshop: Workshop, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if workshop.status is not Status.PUBLISHED or now >= workshop.starts_at:
        return False
    if workshop.registration_opens_at and now < workshop.registration_opens_at:
        return False
    return not (workshop.registration_closes_at and now >= workshop.registration_closes_at)


def register(workshop_id: int, user: User, now: datetime | None = None) -> Registration:
    """Give the member a seat, or a place on the waiting list; never more seats than capacity."""
    versions.changed("workshops")  # the list (core/versions.py)
    workshop = _lock_workshop(workshop_id)
    ensure(REGISTER, workshop, user=user)
    if not registration_open(workshop, now):
        raise WorkshopError(_("Registration for this workshop is not open."))
    registration = db.session.scalar(
        select(Registration).where(
            Registration.workshop_id == workshop.id, Registration.user_id == user.id
        )
    )
    if registration is not None and registration.status in ACTIVE:
        return registration
    if workshop.requires_approval:
        status = RegistrationStatus.PENDING
    elif _confirmed_count(workshop) < workshop.capacity:
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
    if registration is None:
        registration = Registration(workshop_id=workshop.id, user_id=user.id)
        db.session.add(registration)
    registration.status = status
    registration.queue_number = workshop.registration_version
    registration.attended = None
    db.session.flush()
    return registration


def waiting_position(registration: Registration) -> int | None:
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.workshop_id == registration.workshop_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.queue_number < registration.queue_number,
        )
    )
    return ahead + 1


def _promote(workshop: Workshop) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served, and tell each member."""
    free = workshop.capacity - _confirmed_count(workshop)
    promoted = []
    if free <= 0 or workshop.status is not Status.PUBLISHED:
        return promoted
    for registration in _registrations(workshop, RegistrationStatus.WAITLISTED)[:free]:
        registration.status = RegistrationStatus.CONFIRMED
        promoted.append(registration)
        user = registration.user
        with as_reader(user):
            _mail(
                user,
                _("You have a seat: %(title)s", title=workshop.title),
                _(
                    "A place has become free and you have moved from the waiting list to a "
                    'confirmed seat at "%(title)s".\n\n%(url)s',
                    title=workshop.title,
                    url=_workshop_url(workshop),
                ),
            )
    users = [r.user for r in promoted if r.user.is_active]
    tell(users, NotificationKind.SEAT_CONFIRMED, _workshop_path(workshop), workshop.title)
    db.session.flush()
    return promoted


def cancel_registration(workshop_id: int, user: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    workshop = _lock_workshop(workshop_id)
    registration = db.session.scalar(
        select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.user_id == user.id,
            Registration.status.in_(ACTIVE),
        )
    )
    if registration is None:
        raise WorkshopError(_("You are not registered for this workshop."), status=404)
    registration.status = RegistrationStatus.CANCELLED
    db.session.flush()
    _promote(workshop)


def approve_registration(registration: Registration, actor: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    workshop = _lock_workshop(registration.workshop_id)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.PENDING:
        raise WorkshopError(_("This registration is not waiting for approval."))
    if _confirmed_count(workshop) < workshop.capacity:
        registration.status = RegistrationStatus.CONFIRMED
    else:
        registration.status = RegistrationStatus.WAITLISTED
    registration.queue_number = workshop.registration_version
    db.session.flush()


def set_capacity(workshop: Workshop, capacity: int, actor: User) -> None:
    """A larger capacity promotes waiting members at once."""
    versions.changed("workshops")  # the list (core/versions.py)
    update_workshop(workshop, {"capacity": capacity}, actor)
    _promote(_lock_workshop(workshop.id))


# --- after the workshop -------------------------------------------------------------------


def mark_attendance(workshop: Workshop, attended_user_ids: set[int], actor: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    for registration in _registrations(workshop, RegistrationStatus.CONFIRMED):
        registration.attended = registration.user_id in attended_user_ids
    db.session.flush()


def add_material(workshop: Workshop, title: str, url: str, actor: User) -> Material:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    if not is_web_url(url):
        raise WorkshopError(_("A material link must start with https:// or http://."))
    material = Material(title=title, url=url)
    workshop.materials.append(material)
    db.session.flush()
    return material


def remove_material(workshop: Workshop, material: Material, actor: User) -> None:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(MANAGE_WORKSHOP, workshop, user=actor)
    workshop.materials.remove(material)
    db.session.flush()


def submit_feedback(workshop: Workshop, user: User, ratings: dict, comments: str) -> Feedback:
    versions.changed("workshops")  # the list (core/versions.py)
    ensure(GIVE_FEEDBACK, workshop, user=user)
    existing = db.session.scalar(
        select(Feedback).where(Feedback.workshop_id == workshop.id, Feedback.user_id == user.id)
    )
    if existing is not None:
        raise WorkshopError(_("You have already given feedback on this workshop."))
    for value in ratings.values():
        if not 1 <= int(value) <= 5:
            raise WorkshopError(_("Ratings go from 1 to 5."))
    feedback = Feedback(workshop_id=workshop.id, user_id=user.id, comments=comments, **ratings)
    db.session.add(feedback)
    db.session.flush()
    return feedback


# --- personal calendar feed -----------------------------------------------------------------


def reset_feed_token(user: User) -> str:
    """A new secret for the member's calendar feed; the old URL stops working."""
    secret = new_secret("cal")
    token = db.session.get(CalendarFeedToken, user.id)
    if token is None:
        token = CalendarFeedToken(user_id=user.id, token_hash="")
        db.session.add(token)
    token.token_hash = hash_secret(secret)
    token.created_at = utcnow()
    db.session.flush()
    return secret


def revoke_feed_token(user: User) -> None:
    token = db.session.get(CalendarFeedToken, user.id)
    if token is not None:
        db.session.delete(token)
        db.session.flush()


def user_for_feed_token(secret: str) -> User | None:
    token = db.session.scalar(
        select(CalendarFeedToken).where(CalendarFeedToken.token_hash == hash_secret(secret))
    )
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    return user if user is not None and user.is_active else None
