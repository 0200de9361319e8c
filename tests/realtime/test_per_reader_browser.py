"""A live post looks to each reader exactly as it does once they reload: their language,
their zone, their controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workspace.auth.models import User
from workspace.discussions import actions
from workspace.discussions.models import Thread
from workspace.extensions import db

pytestmark = pytest.mark.browser

# What a reader sees of a post: its text (with the date) and each control, by what it does.
SEEN = """(id) => {
  const post = document.getElementById(id);
  const controls = [...post.querySelectorAll("a, button, form, input")].map((el) => [
    el.tagName,
    el.getAttribute("href") || el.getAttribute("action") || el.getAttribute("name") || "",
    el.textContent.trim(),
    el.name === "csrf_token" ? el.value.length > 0 : el.value || "",
  ]);
  return {text: post.innerText, controls: controls};
}"""


def _reader(live_server, make_user, locale: str, zone: str) -> User:
    user = make_user("member")
    with live_server.app.app_context():
        row = db.session.get(User, user.id)
        row.locale, row.timezone = locale, zone
        db.session.commit()
    return user


def _page_on(new_context, server, user: User, thread_id: int):
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"/discussions/threads/{thread_id}")
    expect(page.locator("[data-live-thread]")).to_have_attribute("data-live-state", "live")
    return page


def test_each_reader_sees_the_live_post_as_a_reload_shows_it(live_server, new_context, make_user):
    english = _reader(live_server, make_user, "en", "America/Los_Angeles")
    french = _reader(live_server, make_user, "fr", "Pacific/Auckland")
    with live_server.app.app_context():
        channel = actions.save_channel(None, name="Document fraud", slug="document-fraud")
        thread = actions.create_thread(
            channel, db.session.get(User, english.id), "Forged visas", "Seen any lately?"
        )
        db.session.commit()
        thread_id = thread.id
    pages = {
        "en": _page_on(new_context, live_server, english, thread_id),
        "fr": _page_on(new_context, live_server, french, thread_id),
    }

    # The English reader's reply, written elsewhere (a script, another tab).
    with live_server.app.app_context():
        thread = db.session.get(Thread, thread_id)
        post = actions.create_post(thread, db.session.get(User, english.id), "Yes, **three**.")
        db.session.commit()
        post_id = f"post-{post.id}"

    live = {}
    for language, page in pages.items():
        expect(page.locator(f"#{post_id} strong", has_text="three")).to_have_count(1)
        live[language] = page.evaluate(SEEN, post_id)
    for language, page in pages.items():
        page.reload()
        expect(page.locator(f"#{post_id}")).to_have_count(1)
        assert page.evaluate(SEEN, post_id) == live[language], language

    # And each saw it in their own terms: the author may edit, the other may flag.
    assert "Edit" in live["en"]["text"] and "Flag" not in live["en"]["text"]
    assert "Signaler" in live["fr"]["text"] and "Modifier" not in live["fr"]["text"]
    # Each in their zone: Los Angeles and Auckland never share the hour.
    en_date, fr_date = live["en"]["controls"][1][2], live["fr"]["controls"][1][2]
    assert en_date.split("·")[1] != fr_date.split("·")[1]


def test_the_page_catches_up_on_a_gap_and_on_resync_keeping_the_draft(
    live_server, make_app, new_context, make_user
):
    reader = _reader(live_server, make_user, "en", "Europe/Paris")
    with live_server.app.app_context():
        channel = actions.save_channel(None, name="Land borders", slug="land-borders")
        author = db.session.get(User, reader.id)
        thread = actions.create_thread(channel, author, "Queues at dawn", "How long?")
        db.session.commit()
        thread_id = thread.id
    page = _page_on(new_context, live_server, reader, thread_id)
    page.fill("textarea[name=body]", "A draft the reader is still writing")
    # Another process, whose events never reach this page's server.
    elsewhere = make_app()

    def reply(app, body: str) -> int:
        with app.app_context():
            post = actions.create_post(
                db.session.get(Thread, thread_id), db.session.get(User, reader.id), body
            )
            db.session.commit()
            return post.id

    missed = reply(elsewhere, "Two hours on Monday.")
    live = reply(live_server.app, "Forty minutes today.")  # one number past the missed one
    for post_id in (missed, live):
        expect(page.locator(f"#post-{post_id}")).to_have_count(1)
    order = page.locator("[data-live-posts] article").evaluate_all("els => els.map(e => e.id)")
    assert order[-2:] == [f"post-{missed}", f"post-{live}"]

    # The server lost track (its Redis connection came back): it asks the page to catch up.
    lost = reply(elsewhere, "Closed at noon.")
    live_server.app.extensions["workspace.realtime"].resync()
    expect(page.locator(f"#post-{lost}")).to_contain_text("Closed at noon.")
    expect(page.locator("textarea[name=body]")).to_have_value("A draft the reader is still writing")
    for post_id in (missed, live, lost):
        expect(page.locator(f"#post-{post_id}")).to_have_count(1)
