"""An organizer fills the workshop form in Chromium, with JavaScript and without: agenda
rows are added and removed (in the page, or by a reload that keeps what was typed),
countries are found by typing part of their name, and the time zone starts as the
browser's own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from workspace.extensions import db
from workspace.workshops.models import Workshop

pytestmark = pytest.mark.browser


def _new_workshop_page(new_context, server, make_user, javascript: bool):
    organizer = make_user("organizer", name="Nodira Karimova")
    context = new_context(
        base_url=server.url, java_script_enabled=javascript, timezone_id="Asia/Dushanbe"
    )
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(organizer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto("/workshops/new")
    page.get_by_label("Title", exact=True).fill("Risk analysis at green borders")
    page.get_by_label("Format").select_option("virtual")
    page.get_by_label("Meeting link").fill("https://meet.example.org/risk")
    page.get_by_label("Starts", exact=True).first.fill("2030-05-06T09:00")
    page.get_by_label("Ends").fill("2030-05-06T12:00")
    return page


def _fill_session(page, number: int, starts: str, title: str) -> None:
    row = page.locator("[data-agenda-row]").nth(number - 1)
    assert row.locator("legend").inner_text() == f"Session {number}"
    row.get_by_label("Starts").fill(starts)
    row.get_by_label("Session title").fill(title)


def _saved_sessions() -> list[str]:
    db.session.expire_all()
    workshop = db.session.scalar(select(Workshop))
    return [s.title for s in workshop.sessions]


def test_agenda_rows_with_javascript(app, start_live_server, make_user, new_context):
    server = start_live_server()
    page = _new_workshop_page(new_context, server, make_user, javascript=True)
    assert page.get_by_label("Time zone of the workshop").input_value() == "Asia/Dushanbe"
    page.evaluate("window.stillHere = true")
    _fill_session(page, 1, "2030-05-06T09:00", "Welcome")
    page.get_by_role("button", name="Add a session").click()
    _fill_session(page, 2, "2030-05-06T10:00", "Profiles of smuggling routes")
    page.get_by_role("button", name="Add a session").click()
    _fill_session(page, 3, "2030-05-06T11:00", "Joint patrols")
    page.locator("[data-agenda-row]").nth(0).get_by_role("button", name="Remove").click()
    assert page.locator("[data-agenda-row] legend").all_inner_texts() == [
        "Session 1", "Session 2"]  # fmt: skip
    assert page.evaluate("window.stillHere") is True  # no reload
    page.get_by_label("Who may register").select_option("countries")
    page.get_by_role("searchbox", name="Countries").fill("tajik")
    page.get_by_role("checkbox", name="Tajikistan").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/workshops/*")
    assert _saved_sessions() == ["Profiles of smuggling routes", "Joint patrols"]
    assert db.session.scalar(select(Workshop)).country_codes == ["TJ"]


def test_agenda_rows_without_javascript(app, start_live_server, make_user, new_context):
    server = start_live_server()
    page = _new_workshop_page(new_context, server, make_user, javascript=False)
    page.get_by_label("Time zone of the workshop").select_option("Asia/Dushanbe")
    _fill_session(page, 1, "2030-05-06T09:00", "Welcome")
    page.get_by_role("button", name="Add a session").click()
    page.wait_for_load_state()
    assert page.get_by_label("Title", exact=True).input_value() == "Risk analysis at green borders"
    _fill_session(page, 2, "2030-05-06T10:00", "Profiles of smuggling routes")
    page.get_by_role("button", name="Add a session").click()
    page.wait_for_load_state()
    page.locator("[data-agenda-row]").nth(0).get_by_role("button", name="Remove").click()
    page.wait_for_load_state()
    assert page.locator("[data-agenda-row] legend").all_inner_texts() == [
        "Session 1", "Session 2"]  # fmt: skip
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/workshops/*")
    assert _saved_sessions() == ["Profiles of smuggling routes"]
    assert db.session.scalar(select(Workshop)).timezone == "Asia/Dushanbe"
