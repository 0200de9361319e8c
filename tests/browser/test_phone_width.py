"""Every main page fits a phone 360 px wide: nothing makes the reader scroll sideways, in
English and in Arabic (right to left), buttons and fields are at least 44 px high for a
finger, and the header folds into a menu button."""

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
PHONE = {"width": 360, "height": 740}

# The page's sideways overflow and the widest element that sticks out of the screen
# (outside scrolling boxes such as code blocks, which scroll on their own).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  let widest = null;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 0.5 && box.left >= -0.5) || scrolls(el)) continue;
    if (!widest || box.width > widest.width) {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
      const name = [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes]
        .filter(Boolean).join('.');
      const text = el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
      widest = {width: Math.round(box.width), element: name, text};
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, widest};
}"""

# Controls a finger must hit that are shorter than 44 px.
SMALL_TARGETS = """() => {
  const controls = 'button, select, .button, ' +
    'input:not([type="checkbox"], [type="radio"], [type="hidden"])';
  return [...document.querySelectorAll(controls)]
    .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
    .map((el) => el.tagName.toLowerCase() + ' ' + (el.name || el.textContent.trim().slice(0, 30)));
}"""


def _ids() -> dict[str, int]:
    thread = db.session.scalar(
        select(Thread).join(Channel).where(Channel.restricted.is_(False)).order_by(Thread.id)
    )
    workshop = db.session.scalar(
        select(Workshop)
        .where(Workshop.status == Status.PUBLISHED, Workshop.eligibility == Eligibility.ALL)
        .order_by(Workshop.id)
    ) or db.session.scalar(select(Workshop).where(Workshop.eligibility == Eligibility.ALL))
    organizer = db.session.scalar(select(User).where(User.email == "organizer@demo.example"))
    organized = db.session.scalar(
        select(Workshop).where(Workshop.organizer_id == organizer.id).order_by(Workshop.id)
    )
    practice = db.session.scalar(
        select(Practice).where(Practice.status == PracticeStatus.PUBLISHED).order_by(Practice.id)
    )
    member = db.session.scalar(select(User.id).where(User.email == "member@demo.example"))
    return {
        "thread": thread.id,
        "channel": thread.channel_id,
        "workshop": workshop.id,
        "organized": organized.id,
        "practice": practice.id,
        "member": member,
    }


def _pages(ids: dict[str, int]) -> dict[str, dict[str, str]]:
    return {
        "member@demo.example": {
            "home": "/",
            "channel list": "/discussions/",
            "channel": f"/discussions/channels/{ids['channel']}",
            "thread": f"/discussions/threads/{ids['thread']}",
            "directory": "/members",
            "member profile": f"/members/{ids['member']}",
            "own profile": "/members/me",
            "workshops list": "/workshops/",
            "workshop page": f"/workshops/{ids['workshop']}",
            "calendar": "/workshops/calendar",
            "sessions": "/account/security",
            "practices list": "/practices/",
            "practice page": f"/practices/{ids['practice']}",
            "notifications": "/discussions/notifications",
            "discussion search": "/discussions/search?q=border",
        },
        "organizer@demo.example": {
            "new workshop": "/workshops/new",
            "edit workshop": f"/workshops/{ids['organized']}/edit",
            "participants": f"/workshops/{ids['organized']}/participants",
            "monitoring": "/workshops/monitoring",
            "find a time": "/workshops/find-time?regions=LAS&hours=3&weeks=2",
        },
        "moderator@demo.example": {
            "audit log": "/audit",
            "membership requests": "/membership/requests",
            "flags": "/discussions/flags",
            "manage member": f"/members/{ids['member']}/manage",
        },
        "admin@demo.example": {
            "new channel": "/discussions/manage/channels/new",
            "edit channel": f"/discussions/manage/channels/{ids['channel']}",
            "expertise areas": "/members/expertise",
            "curators": "/practices/curators",
        },
    }


def _sign_in(new_context, base_url: str, email: str, locale: str = "en"):
    page = new_context(base_url=base_url, viewport=PHONE).new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    if locale != "en":
        page.locator("#locale").select_option(locale)
        page.locator("form.language button").click()
        page.wait_for_function(f"document.documentElement.lang === '{locale}'")
    return page


def _overflowing(page, pages: dict[str, str]) -> dict[str, dict]:
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            found[f"{name} ({url})"] = overflow
        if small := page.evaluate(SMALL_TARGETS):
            found[f"{name} ({url}): targets under 44 px"] = small
    return found


@pytest.fixture
def demo_server(app, start_live_server):
    seed_demo(member_count=30)
    db.session.commit()
    return _ids(), start_live_server()


def test_every_main_page_fits_a_phone(demo_server, new_context):
    ids, server = demo_server
    found = {}
    for email, pages in _pages(ids).items():
        found.update(_overflowing(_sign_in(new_context, server.url, email), pages))
    assert found == {}, f"pages wider than a phone: {found}"


def test_arabic_pages_fit_a_phone(demo_server, new_context):
    ids, server = demo_server
    pages = _pages(ids)
    member = {k: pages["member@demo.example"][k] for k in ("home", "thread", "workshop page")}
    found = _overflowing(_sign_in(new_context, server.url, "member@demo.example", "ar"), member)
    moderator = _sign_in(new_context, server.url, "moderator@demo.example", "ar")
    found.update(_overflowing(moderator, {"audit log": "/audit"}))
    assert found == {}, f"pages wider than a phone: {found}"


def test_the_header_folds_into_a_menu_button_that_works_without_javascript(demo_server, browser):
    _ids, server = demo_server
    context = browser.new_context(base_url=server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail address").fill("member@demo.example")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        directory = page.locator(".main-nav").get_by_role("link", name="Members", exact=True)
        assert not directory.is_visible()
        menu = page.locator("label.menu-button")
        box = menu.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        menu.click()
        assert directory.is_visible()
        directory.click()
        page.wait_for_url("**/members")
    finally:
        context.close()
