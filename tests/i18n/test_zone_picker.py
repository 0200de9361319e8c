"""Time zones are chosen by city with their present offset from UTC, and a member who has
not chosen one yet is offered the browser's own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from workspace.core.i18n import utc_offset, zone_choices
from workspace.extensions import db


@pytest.mark.parametrize(
    ("zone", "when", "offset"),
    [
        ("Asia/Kuwait", datetime(2030, 1, 15, tzinfo=UTC), "UTC+03:00"),
        ("Asia/Kolkata", datetime(2030, 1, 15, tzinfo=UTC), "UTC+05:30"),
        ("America/Bogota", datetime(2030, 1, 15, tzinfo=UTC), "UTC-05:00"),
        ("Europe/Paris", datetime(2030, 1, 15, tzinfo=UTC), "UTC+01:00"),
        ("Europe/Paris", datetime(2030, 7, 15, tzinfo=UTC), "UTC+02:00"),  # summer time
    ],
)
def test_the_offset_is_the_one_in_force_at_that_time(zone, when, offset):
    assert utc_offset(zone, when) == "\u200e" + offset


def test_zones_read_by_city_in_the_readers_language_with_the_offset(app):
    with app.test_request_context(), force_locale("fr"):
        labels = dict(zone_choices())
    assert labels["Asia/Dushanbe"] == "Douchanbé — Tadjikistan (\u200eUTC+05:00)"


def test_a_member_without_a_zone_is_offered_the_browsers(client, make_user):
    member = make_user("member")
    client.login(member.email)
    page = client.get(f"/members/{member.id}/edit").get_data(as_text=True)
    assert "data-zone-guess" in page and "js/forms.js" in page
    member.timezone = "Asia/Almaty"
    db.session.commit()
    page = client.get(f"/members/{member.id}/edit").get_data(as_text=True)
    assert "data-zone-guess" not in page  # their own choice stays
