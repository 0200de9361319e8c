"""In Chromium: a member freed from a waiting list finds the seat at home and in a notice."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.workshops.helpers import make_workshop
from workspace.auth.models import Role
from workspace.extensions import db
from workspace.workshops import actions

pytestmark = pytest.mark.browser


def test_a_promoted_member_sees_the_seat_at_home_opens_the_notice_and_the_profile(
    app, start_live_server, make_user, new_context
):
    server = start_live_server()
    organizer = make_user(Role.ORGANIZER)
    workshop = make_workshop(organizer, capacity=1, title="Container seals and tracking")
    first, member = make_user(), make_user(name="Siti Rahmawati")
    actions.register(workshop.id, first)
    actions.register(workshop.id, member)
    db.session.commit()
    actions.cancel_registration(workshop.id, first)  # the waiting member takes the seat
    db.session.commit()

    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    block = page.locator("#home-workshops")
    expect(block).to_contain_text("Your next workshops")
    expect(block.get_by_role("listitem")).to_contain_text("Seat confirmed")
    expect(page.locator("[data-notification-count]")).to_have_text("1")

    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="You have a seat: Container seals and tracking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Container seals and tracking")
    expect(page.locator("[data-notification-count]")).to_be_hidden()

    page.get_by_role("link", name="Siti Rahmawati").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siti Rahmawati")
    page.get_by_role("link", name="Sessions and API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions and API tokens")
