"""User text in posts, titles and tags never reaches a page as live markup."""

from __future__ import annotations

import re

from tests.discussions.helpers import sign_in
from tests.discussions.xss import FORBIDDEN, PAYLOADS
from workspace.discussions import actions
from workspace.extensions import db

# A javascript:/data: URL or an on* handler inside a real tag (not escaped text).
LIVE_URL = re.compile(r"<[a-z][^<>]*\s(?:href|src|action)\s*=\s*[\"']?\s*(?:javascript|data):")
EVENT_HANDLER = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=")


def seed_payloads(channel, author):
    threads = []
    for n, payload in enumerate(PAYLOADS):
        thread = actions.create_thread(channel, author, f"T{n} {payload}", payload, payload[:38])
        actions.create_post(thread, author, f"reply {payload}")
        threads.append(thread)
    db.session.commit()
    return threads


def test_payloads_are_escaped_on_every_page(client, make_user, make_channel):
    member = make_user("member", name="<script>window.__xss=1</script>")
    channel = make_channel("<img src=x onerror=window.__xss=1>")
    threads = seed_payloads(channel, member)
    sign_in(client, member)
    urls = [
        "/discussions/",
        f"/discussions/channels/{channel.id}",
        "/discussions/notifications",
        "/discussions/search?q=window",
        "/discussions/search?q=script",
    ]
    for thread in threads:
        urls += [f"/discussions/threads/{thread.id}", f"/discussions/threads/{thread.id}?view=flat"]
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        lowered = page.lower()
        for fragment in FORBIDDEN:
            assert fragment.lower() not in lowered, (url, fragment)
        assert not LIVE_URL.search(lowered), url
        assert not EVENT_HANDLER.search(lowered), url
