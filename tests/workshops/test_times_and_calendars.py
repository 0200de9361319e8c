"""Times in each viewer's zone, the .ics files, and who sees the venue and meeting link."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_skeleton, format_time, get_month_names
from flask_babel import get_locale
from icalendar import Calendar

from tests.workshops.helpers import make_workshop, with_profile
from workspace.extensions import db
from workspace.settings import LOCALES
from workspace.workshops import actions
from workspace.workshops.views import in_zone


def _shown(value: datetime, zone: str) -> str:
    local = value.astimezone(ZoneInfo(zone))
    day = format_skeleton("yMMMd", local, locale="en")
    return f"{day}, {format_time(local, 'short', locale='en')}"


def test_dushanbe_workshop_in_each_viewers_zone_across_brussels_dst(client, make_user):
    organizer = make_user("organizer")
    # Brussels moves to summer time on 30 March 2031; one workshop before, one after.
    before = actions.local_to_utc(datetime(2031, 3, 27, 10, 0), "Asia/Dushanbe")
    after = actions.local_to_utc(datetime(2031, 4, 3, 10, 0), "Asia/Dushanbe")
    assert before == datetime(2031, 3, 27, 5, 0, tzinfo=UTC)
    w1 = make_workshop(organizer, title="Before", timezone="Asia/Dushanbe", starts_at=before)
    w2 = make_workshop(organizer, title="After", timezone="Asia/Dushanbe", starts_at=after)
    expected = {
        "Asia/Kuwait": ("Mar 27, 2031, 8:00\u202fAM", "Apr 3, 2031, 8:00\u202fAM"),
        "Africa/Nairobi": ("Mar 27, 2031, 8:00\u202fAM", "Apr 3, 2031, 8:00\u202fAM"),
        "Asia/Jakarta": ("Mar 27, 2031, 12:00\u202fPM", "Apr 3, 2031, 12:00\u202fPM"),
        # 06:00 CET before the change, 07:00 CEST after it.
        "Europe/Brussels": ("Mar 27, 2031, 6:00\u202fAM", "Apr 3, 2031, 7:00\u202fAM"),
    }
    for zone, (first, second) in expected.items():
        assert _shown(before, zone) == first and _shown(after, zone) == second
        viewer = make_user("member")
        viewer.timezone = zone
        db.session.commit()
        client.login(viewer.email)
        page1 = client.get(f"/workshops/{w1.id}").get_data(as_text=True)
        page2 = client.get(f"/workshops/{w2.id}").get_data(as_text=True)
        assert first in page1, zone
        assert second in page2, zone
        # The workshop's own zone is shown beside it, by its city.
        assert "in Dushanbe" in page1 and "Mar 27, 2031, 10:00\u202fAM" in page1
        client.post_form("/logout")


def _parse(body: bytes):
    calendar = Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_ics_has_the_right_instants_uid_and_sequence(client, make_user):
    organizer = make_user("organizer")
    start = datetime(2031, 5, 6, 4, 0, tzinfo=UTC)
    workshop = make_workshop(organizer, timezone="Asia/Dushanbe", starts_at=start)
    member = make_user("member")
    client.login(member.email)
    response = client.get(f"/workshops/{workshop.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar, event = _parse(response.data)
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Asia/Dushanbe"]
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=6)
    assert event["DTSTART"].params["TZID"] == "Asia/Dushanbe"
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
    # Not registered: neither the link nor the address is in the file.
    assert "meet.example.org" not in response.get_data(as_text=True)
    assert "Dostyk" not in response.get_data(as_text=True)

    actions.update_workshop(workshop, {"starts_at": start + timedelta(hours=1)}, workshop.organizer)
    db.session.commit()
    _, event = _parse(client.get(f"/workshops/{workshop.id}/calendar.ics").data)
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == sequence + 1
    assert event.decoded("DTSTART") == start + timedelta(hours=1)

    actions.cancel_workshop(workshop, workshop.organizer)
    db.session.commit()
    calendar, event = _parse(client.get(f"/workshops/{workshop.id}/calendar.ics").data)
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == sequence + 2
    assert str(event["UID"]) == uid


def test_link_and_venue_only_for_confirmed_participants(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, capacity=1)
    seated, waiting = make_user("member"), make_user("member")
    for member in (seated, waiting):
        actions.register(workshop.id, member)
    db.session.commit()
    for member, sees in ((waiting, False), (seated, True)):
        client.login(member.email)
        page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
        api = client.get(f"/api/v1/workshops/{workshop.id}").get_json()
        ics = client.get(f"/workshops/{workshop.id}/calendar.ics").get_data(as_text=True)
        for text in (page, str(api), ics):
            assert ("meet.example.org/api-pnr" in text) is sees
            assert ("Dostyk" in text) is sees
        client.post_form("/logout")


def test_personal_feed_lists_my_workshops_and_can_be_revoked(client, make_user):
    organizer = make_user("organizer")
    mine = make_workshop(organizer, title="Mine")
    make_workshop(organizer, title="Not mine")
    member = make_user("member")
    actions.register(mine.id, member)
    db.session.commit()
    client.login(member.email)
    page = client.post_form("/workshops/feed", {"action": "reset"}).get_data(as_text=True)
    url = page.split('ws-feed-url">')[1].split("<")[0]
    path = url.replace("http://localhost", "")
    client.post_form("/logout")
    feed = client.get(path)
    assert feed.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Mine"]
    assert "meet.example.org" in feed.get_data(as_text=True)
    client.login(member.email)
    client.post_form("/workshops/feed", {"action": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/workshops/feed/cal_guess.ics").status_code == 404


def test_changes_and_cancellation_email_registered_participants(make_app, make_user, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    client = app.test_client()
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, title="Countering SALW trafficking")
    member = with_profile(make_user("member", email="idris@test.example"), "NE")
    actions.register(workshop.id, member)
    db.session.commit()
    client.login(organizer.email)
    form = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert "Countering SALW trafficking" in form
    data = {
        "title": "Countering SALW trafficking",
        "eligibility": "all",
        "format": "hybrid",
        "timezone": "Asia/Almaty",
        "starts_at": workshop.starts_at.astimezone(workshop.zone).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": workshop.ends_at.astimezone(workshop.zone).strftime("%Y-%m-%dT%H:%M"),
        "venue_city": "Niamey",
        "meeting_url": "https://meet.example.org/salw",
        "capacity": "10",
    }
    assert client.post_form(f"/workshops/{workshop.id}/edit", data).status_code == 302
    [changed] = mailbox.wait_for(1)
    assert changed["To"] == "idris@test.example" and "updated" in changed["Subject"]
    client.post_form(f"/workshops/{workshop.id}/cancel")
    cancelled = mailbox.wait_for(2)[1]
    assert "cancelled" in cancelled["Subject"]


@pytest.mark.parametrize("locale", LOCALES)
def test_workshop_times_read_as_babel_writes_them_in_every_language(app, locale):
    """The hour in the workshop's zone, the day, and the month as a word of the reader's
    language, whatever the style."""
    moments = [
        datetime(2026, m, 3 + m, (7 * m) % 24, (13 * m) % 60, tzinfo=UTC) for m in range(1, 13)
    ]
    zones = ("Asia/Dushanbe", "Europe/Brussels", "America/Santiago", "Asia/Kathmandu")
    with app.test_request_context(headers={"Accept-Language": locale}):
        assert str(get_locale()) == locale
        for moment, zone, fmt in itertools.product(moments, zones, ("short", "medium", "long")):
            local = moment.astimezone(ZoneInfo(zone))
            shown = in_zone(moment, zone, fmt)
            months = {
                get_month_names(width, context="format", locale=locale)[local.month]
                for width in ("abbreviated", "wide")
            }
            assert format_time(local, "short", locale=locale) in shown
            assert any(m in shown for m in months) and str(local.day) in shown, (shown, months)
