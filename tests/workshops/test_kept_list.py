"""The workshop list is kept rendered per audience (core/pagecache.py): members of one country
share it, and a member who takes part in a workshop their country does not see gets their own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.workshops.helpers import make_workshop, with_profile
from workspace.auth.models import Role, User
from workspace.auth.viewer import viewer_of
from workspace.extensions import db
from workspace.members.models import Profile
from workspace.workshops import actions, views
from workspace.workshops.models import Eligibility, Registration, RegistrationStatus
from workspace.workshops.permissions import is_eligible

CONFIRMED = RegistrationStatus.CONFIRMED


def _client(app, user):
    client = app.test_client()
    client.login(user.email)
    return client


def _titles(client) -> set[str]:
    page = client.get("/workshops/").text
    return {t for t in ("For Africa", "For everyone", "Draft plan") if t in page}


def test_members_see_the_workshops_meant_for_their_country(app, make_user):
    organizer = make_user(Role.ORGANIZER)
    make_workshop(organizer, title="For Africa", eligibility=Eligibility.REGIONS,
                  eligible_regions="AFRICA")  # fmt: skip
    make_workshop(organizer, title="For everyone")
    make_workshop(organizer, publish=False, title="Draft plan")
    kenyan = with_profile(make_user(), country="KE")
    kazakh = with_profile(make_user(), country="KZ")
    clients = [_client(app, user) for user in (kenyan, kazakh, organizer)]
    kenyans, kazakhs, organizers = (_titles(client) for client in clients)
    assert kenyans == {"For Africa", "For everyone"}
    assert kazakhs == {"For everyone"}
    assert organizers == {"For Africa", "For everyone", "Draft plan"}


def test_a_registration_beyond_ones_country_shows_to_that_member_only(app, make_user):
    organizer = make_user(Role.ORGANIZER)
    workshop = make_workshop(organizer, title="For Africa", eligibility=Eligibility.REGIONS,
                             eligible_regions="AFRICA")  # fmt: skip
    registered = with_profile(make_user(), country="KE")
    actions.register(workshop.id, registered)
    db.session.commit()
    registered.profile.country = "KZ"  # moved: no longer eligible, still registered
    db.session.commit()
    neighbour = with_profile(make_user(), country="KZ")
    clients = [_client(app, user) for user in (registered, neighbour)]
    assert _titles(clients[0]) == {"For Africa"}
    assert _titles(clients[1]) == set()


def test_a_member_after_a_moderator_does_not_see_drafts(app, make_user):
    make_workshop(make_user(Role.ORGANIZER), publish=False, title="Draft plan")
    make_workshop(make_user(Role.ORGANIZER), title="For everyone")
    moderator, member = _client(app, make_user(Role.MODERATOR)), _client(app, make_user())
    assert _titles(moderator) == {"Draft plan", "For everyone"}  # kept first
    assert _titles(member) == {"For everyone"}


def test_the_create_link_shows_to_organizers_only(app, make_user):
    make_workshop(make_user(Role.ORGANIZER), title="For everyone")
    organizer, member = _client(app, make_user(Role.ORGANIZER)), _client(app, make_user())
    assert "New workshop" in organizer.get("/workshops/").text
    assert "New workshop" not in member.get("/workshops/").text


# Each member takes part in every one of these (registered, or co-organizing the draft).
WORKSHOPS = {
    "everyone": {"eligibility": Eligibility.ALL},
    "Kenya and Egypt": {"eligibility": Eligibility.COUNTRIES, "eligible_countries": "KE,EG"},
    "Africa": {"eligibility": Eligibility.REGIONS, "eligible_regions": "AFRICA"},
    "Arab States": {"eligibility": Eligibility.REGIONS, "eligible_regions": "LAS"},
}


@pytest.mark.parametrize("country", [None, "KE", "EG", "KZ", "FR"])
def test_the_workshops_seen_beyond_ones_country_are_found_by_the_database_as_by_the_rules(
    app, make_user, country
):
    """The list's audience names them (views._beyond_country): read with the viewer's own
    statement, or alone, SQL must find what the Python rules say."""
    organizer = make_user(Role.ORGANIZER)
    member = with_profile(make_user(), country=country)
    workshops = [make_workshop(organizer, title=t, **rules) for t, rules in WORKSHOPS.items()]
    for number, workshop in enumerate(workshops):
        db.session.add(
            Registration(workshop=workshop, user=member, status=CONFIRMED, queue_number=number)
        )
    draft = make_workshop(organizer, publish=False, title="Draft")
    draft.co_organizers.append(member)
    db.session.commit()
    expected = {draft.id} | {w.id for w in workshops if not is_eligible(member, w)}
    with app.test_request_context("/workshops/"):
        viewer = viewer_of(member)
        assert views._beyond_country(viewer) == expected  # alone
    with_viewer = select(views._beyond_columns()["workshops_beyond"]).select_from(
        User.__table__.outerjoin(Profile.__table__)
    )
    ids = db.session.scalar(with_viewer.where(User.id == member.id))
    assert {int(i) for i in ids.split(",")} == expected  # with the viewer
