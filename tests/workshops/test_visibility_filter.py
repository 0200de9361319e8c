"""Lists filter workshops in SQL; they must show exactly what the Python rules allow."""

from __future__ import annotations

import functools
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.workshops.helpers import with_profile
from workspace.core.db import utcnow
from workspace.core.regions import region_codes, regions_of
from workspace.extensions import db
from workspace.workshops import queries
from workspace.workshops.models import (
    Eligibility,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
)
from workspace.workshops.permissions import (
    VIEW_WORKSHOP,
    eligible_filter,
    is_eligible,
    organizes_filter,
    visible_filter,
)

# (eligibility, regions, countries): open to all, by region, by country, and leftovers of
# another choice (an "all" workshop that still lists codes). EG is in LAS and Africa.
TARGETS = [
    (Eligibility.ALL, "", ""),
    (Eligibility.ALL, "LAS", "FR"),
    (Eligibility.REGIONS, "CENTRAL_ASIA", ""),
    (Eligibility.REGIONS, "LAS,ASEAN", ""),
    (Eligibility.REGIONS, "AFRICA", "KZ"),
    (Eligibility.COUNTRIES, "", "KZ"),
    (Eligibility.COUNTRIES, "", "FR,DE"),
    (Eligibility.COUNTRIES, "", "EG,TH"),
    (Eligibility.COUNTRIES, "ASEAN", "EG"),
]


def _workshops(organizer, co_organizer) -> list[Workshop]:
    now = utcnow().replace(microsecond=0)
    workshops = []
    combinations = itertools.product(Status, TARGETS, (-30, 30))
    for n, (status, (eligibility, regions, countries), days) in enumerate(combinations):
        workshop = Workshop(
            title=f"W{n} {status.value} {eligibility.value} {regions}/{countries} {days}",
            status=status,
            timezone="UTC",
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=4),
            eligibility=eligibility,
            eligible_regions=regions,
            eligible_countries=countries,
            capacity=10,
            organizer_id=organizer.id,
        )
        if n % 3 == 0:
            workshop.co_organizers.append(co_organizer)
        db.session.add(workshop)
        workshops.append(workshop)
    db.session.flush()
    return workshops


def _register(user, workshops: list[Workshop], status: RegistrationStatus) -> None:
    for n, workshop in enumerate(workshops):
        db.session.add(
            Registration(workshop_id=workshop.id, user_id=user.id, status=status, queue_number=n)
        )


@pytest.fixture
def matrix(make_user):
    """Every kind of viewer against every kind of workshop."""
    make_user = functools.partial(make_user, password=None)  # no password hashing: faster
    organizer = with_profile(make_user("organizer"), "FR")
    co_organizer = with_profile(make_user("member"), "FR")
    workshops = _workshops(organizer, co_organizer)
    registered = with_profile(make_user("member"), "FR")
    _register(registered, workshops[::5], RegistrationStatus.CONFIRMED)
    _register(registered, workshops[1::5], RegistrationStatus.WAITLISTED)
    gone = with_profile(make_user("member"), "DE")
    _register(gone, workshops[::2], RegistrationStatus.CANCELLED)
    users = [
        make_user("visitor"),
        with_profile(make_user("applicant"), "KZ"),
        make_user("member"),  # no profile
        with_profile(make_user("member")),  # no country
        with_profile(make_user("member"), "KZ"),  # Central Asia
        with_profile(make_user("member"), "EG"),  # LAS and Africa
        with_profile(make_user("member"), "TH"),  # ASEAN
        with_profile(make_user("member"), "FR"),  # in no region
        with_profile(make_user("member", suspended=True), "KZ"),
        with_profile(make_user("organizer"), "KZ"),  # organizes none of them
        organizer,
        co_organizer,
        registered,
        gone,
        with_profile(make_user("moderator"), "FR"),
        make_user("admin"),
    ]
    db.session.commit()
    return users, workshops


def _ids(condition) -> set[int]:
    return set(db.session.scalars(select(Workshop.id).where(condition)))


def test_the_sql_filters_agree_with_the_python_rules(matrix):
    users, workshops = matrix
    for user in users:
        seen = {w.id for w in workshops if VIEW_WORKSHOP.allows(user, w)}
        assert _ids(visible_filter(user)) == seen, user
        eligible = {w.id for w in workshops if is_eligible(user, w)}
        assert _ids(eligible_filter(user)) == eligible, user
        organizes = {w.id for w in workshops if w.is_organizer(user)}
        assert _ids(organizes_filter(user)) == organizes, user


def test_the_matrix_is_not_trivial(matrix):
    """Each rule both shows and hides something, or agreement above would prove little."""
    users, workshops = matrix
    counts = [sum(VIEW_WORKSHOP.allows(u, w) for w in workshops) for u in users]
    assert counts[0] == 0 and counts[-1] == len(workshops)
    assert len(set(counts)) >= 8


def test_lists_show_what_the_python_rules_allow(matrix):
    users, workshops = matrix
    now = utcnow()
    for user in users:
        upcoming = [w for w in workshops if w.ends_at >= now and VIEW_WORKSHOP.allows(user, w)]
        listed = queries.visible_workshops(user, "upcoming")
        assert [w.id for w in listed] == [w.id for w in sorted(upcoming, key=_by_date)], user
        past = {w.id for w in workshops if w.ends_at < now and VIEW_WORKSHOP.allows(user, w)}
        assert {w.id for w in queries.visible_workshops(user, "past")} == past, user


def _targets(workshop: Workshop, region: str) -> bool:
    """The region filter as the list applied it in Python before it moved to SQL."""
    if workshop.region_codes:
        return region in workshop.region_codes
    if workshop.country_codes:
        return any(region in regions_of(c) for c in workshop.country_codes)
    return True


def test_the_region_filter_follows_regions_then_countries_then_everyone(matrix):
    users, workshops = matrix
    admin = users[-1]
    for region in region_codes():
        shown = [w.id for w in queries.visible_workshops(admin, "all", region=region)]
        expected = [w.id for w in sorted(workshops, key=_by_date) if _targets(w, region)]
        assert shown == expected and 0 < len(shown) < len(workshops), region


def _by_date(workshop: Workshop) -> tuple:
    return workshop.starts_at, workshop.id


def test_the_page_of_a_list_is_counted_and_cut_in_the_database(matrix):
    users, _workshops = matrix
    member = users[4]
    everything = queries.visible_workshops(member, "all")
    first = queries.workshop_page(member, 1, 5, "all")
    third = queries.workshop_page(member, 3, 5, "all")
    assert first.total == len(everything) and first.pages == -(-len(everything) // 5)
    assert first.items == everything[:5] and third.items == everything[10:15]
    assert queries.workshop_page(member, 99, 5, "all").items == []
