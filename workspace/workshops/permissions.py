"""Who may organize, see, register for and evaluate workshops."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, exists, false, literal_column, or_, true
from sqlalchemy.sql.expression import ColumnElement

from workspace.auth.models import Role
from workspace.core.permissions import Permission, ensure, role_of
from workspace.core.regions import countries_in, region_codes, regions_of
from workspace.extensions import db
from workspace.workshops.models import (
    Eligibility,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
    has_code,
    workshop_coorganizers,
)


def _country_of(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.country if profile is not None else None


def is_eligible(user, workshop: Workshop) -> bool:
    """Whether the workshop is meant for this member (by region or country, or everyone)."""
    if workshop.eligibility is Eligibility.ALL:
        return True
    country = _country_of(user)
    if workshop.eligibility is Eligibility.COUNTRIES:
        return country in workshop.country_codes
    return bool(set(regions_of(country)) & set(workshop.region_codes))


def _manages(user, workshop: Workshop) -> bool:
    return user.effective_role >= Role.MODERATOR or workshop.is_organizer(user)


def _views(user, workshop: Workshop) -> bool:
    if _manages(user, workshop):
        return True
    if workshop.status is Status.DRAFT:
        return False
    return is_eligible(user, workshop) or registration_of(user, workshop) is not None


def _registers(user, workshop: Workshop) -> bool:
    return workshop.status is Status.PUBLISHED and is_eligible(user, workshop)


def is_participant(user, workshop: Workshop) -> bool:
    registration = registration_of(user, workshop)
    return registration is not None and registration.status is RegistrationStatus.CONFIRMED


def _sees_details(user, workshop: Workshop) -> bool:
    return _manages(user, workshop) or is_participant(user, workshop)


def _sees_materials(user, workshop: Workshop) -> bool:
    return _sees_details(user, workshop) or (workshop.materials_public and _views(user, workshop))


def registration_of(user, workshop: Workshop) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        db.select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.user_id == user.id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    )


CREATE_WORKSHOP = Permission("create_workshop", Role.ORGANIZER)
# Co-organizers may be members; the workshop's own organizers and moderators manage it.
MANAGE_WORKSHOP = Permission("manage_workshop", Role.MEMBER, _manages)
VIEW_WORKSHOPS = Permission("view_workshops", Role.MEMBER)
VIEW_WORKSHOP = Permission("view_workshop", Role.MEMBER, _views)
REGISTER = Permission("register_workshop", Role.MEMBER, _registers)
SEE_DETAILS = Permission("see_workshop_details", Role.MEMBER, _sees_details)
SEE_MATERIALS = Permission("see_workshop_materials", Role.MEMBER, _sees_materials)
GIVE_FEEDBACK = Permission(
    "give_workshop_feedback",
    Role.MEMBER,
    lambda user, w: is_participant(user, w) and w.status is Status.COMPLETED,
)
VIEW_MONITORING = Permission("view_workshop_monitoring", Role.ORGANIZER)


# --- the same rules as SQL conditions, for lists ---------------------------------------------
# Lists filter and page in the database with these; single workshops keep the rules above.
# tests/workshops/test_visibility_filter.py checks that both give the same answers.


def visible_filter(user) -> ColumnElement[bool]:
    """VIEW_WORKSHOP (_views) as a condition on Workshop rows."""
    role = role_of(user)
    if role < VIEW_WORKSHOP.min_role:
        return false()
    if role >= Role.MODERATOR:
        return true()
    # The common case first: the database can stop there for most rows.
    return or_(
        and_(Workshop.status != Status.DRAFT, or_(eligible_filter(user), _registered(user))),
        organizes_filter(user),
    )


def organizes_filter(user) -> ColumnElement[bool]:
    """Workshop.is_organizer(user) as a condition."""
    co_organizes = exists().where(
        workshop_coorganizers.c.workshop_id == Workshop.id,
        workshop_coorganizers.c.user_id == user.id,
    )
    return or_(Workshop.organizer_id == user.id, co_organizes)


def eligible_filter(user) -> ColumnElement[bool]:
    """is_eligible(user, workshop) as a condition."""
    return eligible_in_country(_country_of(user))


def eligible_in_country(country: str | None) -> ColumnElement[bool]:
    """The same for a member of this country (or of none)."""
    conditions = [Workshop.eligibility == Eligibility.ALL]
    if country:
        listed = has_code(Workshop.eligible_countries, country)
        conditions.append(and_(Workshop.eligibility == Eligibility.COUNTRIES, listed))
    regions = [has_code(Workshop.eligible_regions, code) for code in regions_of(country)]
    if regions:
        conditions.append(and_(Workshop.eligibility == Eligibility.REGIONS, or_(*regions)))
    return or_(*conditions)


def eligible_in_country_column(country: ColumnElement[str]) -> ColumnElement[bool]:
    """The same for a country the statement reads (an empty string for none)."""
    regions = [
        and_(has_code(Workshop.eligible_regions, code), country.in_(_sql_codes(code)))
        for code in region_codes()
    ]
    return or_(
        Workshop.eligibility == Eligibility.ALL,
        and_(
            Workshop.eligibility == Eligibility.COUNTRIES,
            has_code(Workshop.eligible_countries, country),
        ),
        and_(Workshop.eligibility == Eligibility.REGIONS, or_(false(), *regions)),
    )


def _sql_codes(region: str) -> list[ColumnElement[str]]:
    """The region's countries written into the statement, which is built once and run on
    every request for the list, rather than bound anew each time."""
    codes = countries_in(region)
    assert all(code.isalpha() for code in codes), region  # regions.json: ISO codes only
    return [literal_column(f"'{code}'") for code in codes]


def _registered(user) -> ColumnElement[bool]:
    return exists().where(
        Registration.workshop_id == Workshop.id,
        Registration.user_id == user.id,
        Registration.status != RegistrationStatus.CANCELLED,
    )


def get_workshop_or_404(workshop_id: int, permission: Permission = VIEW_WORKSHOP) -> Workshop:
    """Fetch a workshop and check the permission; hidden drafts answer 404, not 403."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    if role_of(current_user) >= Role.MEMBER and not VIEW_WORKSHOP.allows(current_user, workshop):
        abort(404)
    ensure(permission, workshop)
    return workshop
