"""Two browsers on one live page: events appear without reload, a reconnecting page catches up."""

import pytest
import requests

from tests.conftest import PASSWORD
from tests.realtime.app import install

pytestmark = pytest.mark.browser


@pytest.fixture
def live_page_server(start_live_server):
    server = start_live_server()
    install(server.app)  # the test-only page and publish route, before any request
    return server


def _open(new_context, server, user, room):
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"/_live_test/room/{room}")
    return page


def _publish(server, room, post_id, html, event="post.created"):
    response = requests.post(
        f"{server.url}/_live_test/publish",
        json={"room": room, "event": event, "payload": {"post_id": post_id, "html": html}},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def test_two_browsers_see_posts_presence_typing_and_catch_up(
    live_page_server, new_context, make_user
):
    from playwright.sync_api import expect

    alice = make_user("member", name="Alice Amari")
    bruno = make_user("member", name="Bruno Berg")
    first = _open(new_context, live_page_server, alice, 7)
    second = _open(new_context, live_page_server, bruno, 7)
    for page in (first, second):
        expect(page.locator("[data-live-thread]")).to_have_attribute("data-live-state", "live")

    # Who is viewing, in both pages.
    expect(first.locator("[data-live-presence] [data-live-names]")).to_have_text(
        "Alice Amari, Bruno Berg"
    )

    # A post appears in both, then an edit replaces it in place.
    _publish(live_page_server, 7, 41, '<article id="post-41"><p>First reply</p></article>')
    for page in (first, second):
        expect(page.locator("#post-41")).to_have_text("First reply")
    _publish(
        live_page_server, 7, 41, '<article id="post-41"><p>Edited</p></article>', "post.updated"
    )
    expect(second.locator("#post-41")).to_have_text("Edited")
    expect(second.locator("article")).to_have_count(1)

    # Typing in one page shows in the other.
    first.fill("textarea", "Thinking about it")
    expect(second.locator("[data-live-typing] [data-live-names]")).to_have_text("Alice Amari")

    # The second page goes offline, misses a post, reconnects and catches up.
    second.evaluate("window.workspaceLive.socket.disconnect()")
    expect(second.locator("[data-live-thread]")).to_have_attribute("data-live-state", "offline")
    _publish(live_page_server, 7, 42, '<article id="post-42"><p>While away</p></article>')
    expect(first.locator("#post-42")).to_have_text("While away")
    second.evaluate("window.workspaceLive.socket.connect()")
    expect(second.locator("#post-42")).to_have_text("While away")
    expect(second.locator("article")).to_have_count(2)


def test_page_without_live_attributes_does_not_connect(live_page_server, new_context, make_user):
    # An applicant's pages have no live element (not even the notification count).
    user = make_user("applicant")
    page = new_context(base_url=live_page_server.url).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.io") == "undefined"  # no live scripts at all here
    page.goto("/_live_test/quiet")  # the scripts, but no room named
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.io") == "function"
    assert page.evaluate("window.workspaceLive === undefined")
    assert errors == []
