"""A thread page stays light on a slow link: what a browser downloads for a full first page
of replies, compressed as the server sends it, fits a budget in bytes; and only pages that
update live load the live scripts."""

from __future__ import annotations

import re

import pytest

from workspace.bench.dataset import add_channel, add_thread
from workspace.bench.weight import BROWSER_ENCODINGS, decoded, first_load

FIRST_LOAD_BUDGET = 45 * 1024  # HTML + CSS + JS + everything it loads
LATER_BUDGET = 12 * 1024  # the page alone: its stylesheet and scripts are kept a year


def _fetch(client, encodings: str):
    def fetch(url: str) -> tuple[int, bytes]:
        answer = client.get(url, headers={"Accept-Encoding": encodings})
        assert answer.status_code == 200, url
        return len(answer.data), decoded(answer.data, answer.headers.get("Content-Encoding"))

    return fetch


@pytest.fixture
def busy_thread(app):
    """A thread of 60 replies in a tree, with reactions: its first page is a full one.
    (channel id, thread id)"""
    channel_id = add_channel("weight", "Passenger data")
    return channel_id, add_thread(channel_id, 60)


def test_a_thread_page_fits_the_budget_of_a_slow_link(client, login_as, busy_thread):
    login_as("member")
    url = f"/discussions/threads/{busy_thread[1]}"
    assert client.get(url).get_data(as_text=True).count('<article id="post-') >= 40  # full
    weight = first_load(_fetch(client, BROWSER_ENCODINGS), url)  # brotli, as browsers take it
    assert {"/static/js/live.js", "/static/vendor/socket.io.min.js", "/static/css/app.css"} <= {
        f.split("?")[0] for f in weight["files"]
    }
    assert weight["first"] <= FIRST_LOAD_BUDGET, weight
    assert weight["later"] <= LATER_BUDGET, weight
    # A client that takes gzip alone still gets the first load within the budget.
    assert first_load(_fetch(client, "gzip"), url)["first"] <= FIRST_LOAD_BUDGET


def test_only_pages_that_update_live_load_the_live_scripts(client, login_as, busy_thread):
    assert "live.js" not in client.get("/login").get_data(as_text=True)
    user = login_as("member")
    for url in ("/", "/members", "/workshops/", "/discussions/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html, url
    channel_id, thread_id = busy_thread
    channel = client.get(f"/discussions/channels/{channel_id}").get_data(as_text=True)
    thread = client.get(f"/discussions/threads/{thread_id}").get_data(as_text=True)
    for html in (channel, thread):
        assert re.search(r'src="/static/vendor/socket\.io\.min\.js\?v=\w+" defer', html)
        assert re.search(rf'src="/static/js/live\.js\?v=\w+" data-user="{user.id}" defer', html)
