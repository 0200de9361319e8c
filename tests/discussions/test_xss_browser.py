"""In a real browser, a thread full of XSS payloads runs none of them."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.discussions.test_xss import seed_payloads
from tests.discussions.xss import PAYLOADS
from workspace.discussions import actions
from workspace.extensions import db


def test_no_payload_runs_in_the_browser(live_server, new_context, make_user, make_channel):
    member = make_user("member", name="<img src=x onerror=window.__xss=1>")
    channel = make_channel("<svg onload=window.__xss=1>")
    threads = seed_payloads(channel, member)
    # One thread holding every payload as replies, in the tree and flat views.
    big = threads[0]
    for n, payload in enumerate(PAYLOADS):
        root = actions.create_post(big, member, payload)
        if n % 2:
            actions.create_post(big, member, payload, parent=root)
    db.session.commit()

    context = new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    for path in (
        "/discussions/",
        f"/discussions/channels/{channel.id}",
        f"/discussions/threads/{big.id}",
        f"/discussions/threads/{big.id}?view=flat",
        "/discussions/search?q=window",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        for link in page.locator(".post-body a").all()[:30]:
            link.hover()
        assert page.evaluate("typeof window.__xss") == "undefined", path
        if "/threads/" in path:
            assert page.locator(".post-body").count() > len(PAYLOADS)  # the posts are there
    assert dialogs == []
