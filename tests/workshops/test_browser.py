"""In Chromium: a member registers, sees the meeting link and downloads the .ics."""

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.workshops.helpers import make_workshop
from workspace.auth.models import Role

pytestmark = pytest.mark.browser


def test_member_registers_sees_the_link_and_downloads_the_calendar_file(
    app, start_live_server, make_user, new_context
):
    server = start_live_server()
    organizer = make_user(Role.ORGANIZER)
    workshop = make_workshop(organizer, title="Biometrics and human rights safeguards")
    member = make_user(Role.MEMBER, name="Siti Rahmawati")
    page = new_context(base_url=server.url, accept_downloads=True).new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Workshops", exact=True).click()
    page.get_by_role("link", name="Biometrics and human rights safeguards").click()
    expect(page.locator(".ws-facts")).to_contain_text("Shown to registered participants.")
    expect(page.locator(".ws-meeting-link")).to_have_count(0)
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".ws-my-status")).to_contain_text("Seat confirmed")
    expect(page.locator(".ws-meeting-link")).to_have_text("https://meet.example.org/api-pnr")
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    body = Path(info.value.path()).read_bytes()
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Biometrics and human rights safeguards"
    assert event.decoded("DTSTART") == workshop.starts_at
    assert "meet.example.org/api-pnr" in str(event["DESCRIPTION"])
