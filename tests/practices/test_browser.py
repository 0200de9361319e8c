"""In Chromium: a member goes from the navigation to a region view and opens a practice."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import Role
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import PracticeStatus

pytestmark = pytest.mark.browser


def test_member_finds_a_published_practice_from_the_region_view(
    app, start_live_server, make_user, make_practice, new_context
):
    server = start_live_server()
    author = make_user(Role.MEMBER, name="Aigerim Nurlanova")
    make_practice(
        author,
        title="Mobile biometric enrolment at remote crossing points",
        regions=["CENTRAL_ASIA"],
        outcomes="Remote posts check travellers against the **same lists** as airports.",
    )
    draft = make_practice(author, title="Unfinished drone write-up", regions=["CENTRAL_ASIA"],
                          status=PracticeStatus.DRAFT)  # fmt: skip
    actions.update_practice(draft, author, {"lessons": "draft only"})
    db.session.commit()
    member = make_user(Role.MEMBER, name="Dilnoza Karimova")
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Good practices", exact=True).click()
    page.locator(".practice-regions").get_by_role("link", name="Central Asia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Asia")
    expect(page.locator("main")).not_to_contain_text("Unfinished drone write-up")
    page.locator("#newest-h + .practice-card").get_by_role(
        "link", name="Mobile biometric enrolment at remote crossing points"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mobile biometric enrolment at remote crossing points"
    )
    expect(page.locator(".practice-outcomes strong")).to_have_text("same lists")
    expect(page.locator(".practice-facts")).to_contain_text("Aigerim Nurlanova")
