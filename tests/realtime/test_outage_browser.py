"""What a reader sees when the live channel drops, and when a thread is closed to them."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import User
from workspace.core.live import publishing
from workspace.discussions import actions
from workspace.discussions.models import Channel, Thread
from workspace.extensions import db

pytestmark = pytest.mark.browser
SOCKET = re.compile(r"/socket\.io/")


def _signed_in_page(new_context, server, email):
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def _thread(server, author_id, **channel):
    with server.app.app_context():
        channel = actions.save_channel(None, name="Document security", slug="docsec", **channel)
        thread = actions.create_thread(
            channel, db.session.get(User, author_id), "Forged visas", "Seen new patterns?"
        )
        db.session.commit()
        return channel.id, thread.id


class LiveChannel:
    """Lets a test drop a page's Socket.IO connection and refuse its reconnections, as a
    proxy or a border post's link might, while the pages themselves still load. Routed
    before the page loads: Playwright watches only the WebSockets of pages loaded after."""

    def __init__(self, page):
        self.page = page
        self.down = False
        page.route_web_socket(SOCKET, self._websocket)
        page.route(SOCKET, lambda route: route.abort() if self.down else route.fallback())

    def _websocket(self, ws):
        if self.down:
            ws.close()
        else:
            ws.connect_to_server()

    def stop(self):
        self.down = True
        self.page.evaluate("window.workspaceLive.socket.io.engine.close()")

    def restore(self):
        self.down = False


def test_a_dropped_live_channel_is_announced_and_replies_still_arrive_by_polling(
    live_server, new_context, make_user
):
    amina, timur = make_user("member"), make_user("member")
    _, thread_id = _thread(live_server, amina.id)
    writer = _signed_in_page(new_context, live_server, amina.email)
    reader = _signed_in_page(new_context, live_server, timur.email)
    channel = LiveChannel(reader)
    for page in (writer, reader):
        page.goto(f"/discussions/threads/{thread_id}")
        expect(page.locator("[data-live-thread]")).to_have_attribute("data-live-state", "live")
    status = reader.locator("[data-live-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    notice = status.get_by_text("Live updates paused — reconnecting…")
    expect(notice).to_be_hidden()

    channel.stop()
    expect(notice).to_be_visible()

    writer.fill("textarea[name=body]", "Check the **hologram** under UV light.")
    writer.click(".reply-form button[type=submit]")
    reply = reader.locator("[data-live-posts] article", has_text="Check the hologram under UV")
    expect(reply).to_have_count(1)
    expect(reply.locator("strong", has_text="hologram")).to_have_count(1)
    expect(reader.locator("[data-live-thread]")).to_have_attribute("data-live-state", "offline")

    channel.restore()
    expect(reader.locator("[data-live-thread]")).to_have_attribute(
        "data-live-state", "live", timeout=30_000
    )
    expect(notice).to_be_hidden()
    expect(reply).to_have_count(1)  # caught up from the last polled event, not shown twice


def test_a_thread_and_channel_closed_to_the_reader_say_so_and_show_no_more_replies(
    live_server, new_context, make_user
):
    admin, focal_point = make_user("admin"), make_user("member")
    channel_id, thread_id = _thread(
        live_server, admin.id, restricted=True, member_ids=[admin.id, focal_point.id]
    )
    reader = _signed_in_page(new_context, live_server, focal_point.email)
    reader.goto(f"/discussions/threads/{thread_id}")
    live = reader.locator("[data-live-thread]")
    expect(live).to_have_attribute("data-live-state", "live")
    channel_page = reader.context.new_page()  # the channel, open in another tab
    channel_page.goto(f"/discussions/channels/{channel_id}")
    expect(channel_page.locator("[data-live-channel]")).to_have_attribute("data-live-state", "live")

    with live_server.app.app_context():
        channel = db.session.get(Channel, channel_id)
        actions.save_channel(
            channel, name=channel.name, slug=channel.slug, restricted=True, member_ids=[admin.id]
        )
        db.session.commit()

    expect(live).to_have_attribute("data-live-state", "closed")
    expect(reader.get_by_text("This thread is no longer available to you.")).to_be_visible()
    expect(channel_page.get_by_text("This channel is no longer available to you.")).to_be_visible()

    # A reply after that never shows: the notification sent after it arrives alone.
    with live_server.app.app_context():
        thread = db.session.get(Thread, thread_id)
        actions.create_post(thread, db.session.get(User, admin.id), "Focal points only.")
        publishing.publish_to_user(focal_point.id, "notification", {"count": 5})
        db.session.commit()
    expect(reader.locator("[data-notification-count]")).to_have_text("5")
    expect(reader.locator("[data-live-posts]")).not_to_contain_text("Focal points only.")
