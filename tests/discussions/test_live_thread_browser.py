"""Live updates on the real discussion pages, in two browsers."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import User
from workspace.discussions import actions
from workspace.discussions.models import Thread
from workspace.extensions import db

pytestmark = pytest.mark.browser


def _signed_in_page(new_context, server, email):
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_a_reply_and_a_lock_appear_in_the_other_browser_without_reload(
    live_server, new_context, make_user, make_channel, make_thread
):
    amina, timur = make_user("member"), make_user("member")
    channel = make_channel()
    thread = make_thread(channel, amina, title="Sharing PNR data under the new law")
    writer = _signed_in_page(new_context, live_server, amina.email)
    reader = _signed_in_page(new_context, live_server, timur.email)
    for page in (writer, reader):
        page.goto(f"/discussions/threads/{thread.id}")
        expect(page.locator("[data-live-thread]")).to_have_attribute("data-live-state", "live")
    expect(reader.locator("[data-live-presence]")).to_contain_text(amina.display_name)

    writer.fill("textarea[name=body]", "Our unit shares **PNR** only through the PIU.")
    writer.click(".reply-form button[type=submit]")

    expect(reader.locator("[data-live-posts]")).to_contain_text(
        "Our unit shares PNR only through the PIU."
    )
    # The fragment was sanitized Markdown, not raw text.
    expect(reader.locator("[data-live-posts] strong", has_text="PNR")).to_have_count(1)

    # A moderator locks the thread elsewhere; the open page shows it, and a channel page
    # open on the side shows the new reply count.
    channel_page = _signed_in_page(new_context, live_server, make_user("member").email)
    channel_page.goto(f"/discussions/channels/{channel.id}")
    expect(channel_page.locator("[data-live-channel]")).to_have_attribute("data-live-state", "live")
    expect(reader.locator(f'[data-thread-locked="{thread.id}"]')).to_be_hidden()
    with live_server.app.app_context():
        moderator = db.session.get(User, make_user("moderator").id)
        actions.lock(db.session.get(Thread, thread.id), moderator, True)
        db.session.commit()
    expect(reader.locator(f'[data-thread-locked="{thread.id}"]')).to_be_visible()
    expect(channel_page.locator(f"#thread-{thread.id} [data-post-count]")).to_have_text("2")
