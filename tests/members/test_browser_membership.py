"""A moderator approves a request; the applicant, in another browser, reaches the directory."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import Role

pytestmark = pytest.mark.browser


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_moderator_approves_and_applicant_reaches_the_directory(
    app, start_live_server, make_user, new_context
):
    server = start_live_server()
    applicant = make_user(Role.APPLICANT, name="Chanthy Sok")
    moderator = make_user(Role.MODERATOR, name="Mariam Al-Rashid")

    them = new_context(base_url=server.url).new_page()
    _sign_in(them, applicant.email)
    them.get_by_role("link", name="Request membership").click()
    them.get_by_label("Nominating organization").fill("General Department of Immigration, Cambodia")
    them.get_by_label("Your position").fill("Deputy chief, Poipet checkpoint")
    them.get_by_label("Your areas of expertise").fill("Trafficking in persons, border communities")
    them.get_by_label("Why you wish to join").fill("To exchange with ASEAN and LAS colleagues.")
    them.get_by_role("button", name="Send the request").click()
    expect(them.locator("main")).to_contain_text("Waiting for a moderator")
    expect(them.get_by_role("link", name="Members")).to_have_count(0)

    mod = new_context(base_url=server.url).new_page()
    _sign_in(mod, moderator.email)
    mod.get_by_role("link", name="Requests").click()
    expect(mod.locator("main")).to_contain_text("Poipet checkpoint")
    mod.get_by_role("button", name="Approve Chanthy Sok").click()
    expect(mod.locator(".flash")).to_contain_text("Chanthy Sok is now a member")

    them.reload()
    expect(them.locator("main")).to_contain_text("Approved")
    them.get_by_role("link", name="Members").first.click()
    expect(them.get_by_role("heading", name="Member directory")).to_be_visible()
    expect(them.locator(".member-list")).to_contain_text("Chanthy Sok")
