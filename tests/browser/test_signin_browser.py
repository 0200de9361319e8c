"""Sign-in through the real pages in Debian's Chromium."""

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import Role

pytestmark = pytest.mark.browser


def test_member_signs_in_with_a_password_and_out_again(
    app, start_live_server, make_user, new_context
):
    server = start_live_server()
    user = make_user(Role.MEMBER, name="Siti Rahmawati")
    page = new_context(base_url=server.url).new_page()
    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account")).to_contain_text("Siti Rahmawati")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".flash")).to_contain_text("You are signed out.")


def test_sign_in_through_the_providers_own_pages(
    app, start_live_server, oidc_provider, new_context
):
    server = start_live_server(oidc_providers=json.dumps([oidc_provider.provider_config()]))
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    # The provider's own login form, then its consent form.
    page.locator("input[name=login]").fill("timur")
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]", has_text="Continue").click()
    expect(page.locator(".account")).to_contain_text("Timur Rakhimov")
    expect(page.locator("main")).to_contain_text("not yet admitted")


def test_arabic_interface_is_right_to_left(app, start_live_server, new_context):
    server = start_live_server()
    page = new_context(base_url=server.url, locale="ar").new_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
