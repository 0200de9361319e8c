"""A member who reads only Arabic goes through the main pages in Debian's Chromium and meets
no interface word in Latin script: what others wrote sits isolated in `dir="auto"` or
`<bdi>`, and only acronyms (API, PNR) and file-format names stay as they are."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.auth.models import User
from workspace.demo.data import DEMO_PASSWORD
from workspace.demo.seed import seed_demo
from workspace.discussions.models import Channel, Thread
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeStatus
from workspace.workshops.models import Eligibility, Status, Workshop

pytestmark = pytest.mark.browser

# Interface text in Latin script: every text node outside what members wrote (bdi,
# dir="auto", another language's lang=) and outside code.
LATIN_WORDS = """() => {
  const skip = 'script,style,code,pre,kbd,samp,textarea,bdi,[dir="auto"],[lang]:not([lang="ar"])';
  const allowed = new Set(
    ['Markdown', 'Excel', 'Word', 'PowerPoint', 'OpenDocument', 'WebP', 'iCalendar']);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    for (const word of node.textContent.match(/[A-Za-z][A-Za-z'\u2019-]+/g) || []) {
      if (word !== word.toUpperCase() && !allowed.has(word)) found.push(word);
    }
  }
  return found;
}"""


def _pages(member_id: int) -> dict[str, str]:
    thread = db.session.scalar(
        select(Thread).join(Channel).where(Channel.restricted.is_(False)).order_by(Thread.id)
    )
    workshop = db.session.scalar(
        select(Workshop)
        .where(Workshop.status == Status.PUBLISHED, Workshop.eligibility == Eligibility.ALL)
        .order_by(Workshop.id)
    ) or db.session.scalar(select(Workshop).where(Workshop.eligibility == Eligibility.ALL))
    practice = db.session.scalar(
        select(Practice).where(Practice.status == PracticeStatus.PUBLISHED).order_by(Practice.id)
    )
    return {
        "home": "/",
        "directory": "/members",
        "profile": f"/members/{member_id}",
        "channels": "/discussions/",
        "channel": f"/discussions/channels/{thread.channel_id}",
        "thread": f"/discussions/threads/{thread.id}",
        "workshops": "/workshops/",
        "workshop": f"/workshops/{workshop.id}",
        "calendar": "/workshops/calendar",
        "practices": "/practices/",
        "practice": f"/practices/{practice.id}",
        "notifications": "/discussions/notifications",
        "account": "/account/security",
    }


def test_an_arabic_reader_meets_no_latin_interface_text(app, start_live_server, new_context):
    seed_demo(member_count=30)
    db.session.commit()
    member_id = db.session.scalar(select(User.id).where(User.email == "member@demo.example"))
    pages = _pages(member_id)
    server = start_live_server()
    page = new_context(base_url=server.url).new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill("member@demo.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#locale").select_option("ar")
    page.locator("form.language button").click()
    page.wait_for_function("document.documentElement.lang === 'ar'")

    latin = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        words = page.evaluate(LATIN_WORDS)
        if words:
            latin[name] = sorted(set(words))
    assert latin == {}, f"interface text left in Latin script: {latin}"
