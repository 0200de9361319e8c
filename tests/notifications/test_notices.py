"""Every e-mail about a member's own affairs is also a notice in the app, linked to its object."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.workshops.helpers import make_workshop
from workspace.auth.models import Role
from workspace.extensions import db
from workspace.notifications.models import Notification

NOTICE_LINK = re.compile(r'href="(/discussions/notifications/\d+)"><bdi>([^<]*)</bdi>')


def _notices(client) -> list[tuple[str, str]]:
    page = client.get("/discussions/notifications").get_data(as_text=True)
    return NOTICE_LINK.findall(page)


def test_a_waiting_list_promotion_is_a_notice_that_leads_to_the_workshop(app, make_user):
    organizer = make_user(Role.ORGANIZER)
    workshop = make_workshop(organizer, capacity=1, title="Maritime border surveillance")
    first, second = make_user(), make_user()
    one, two = app.test_client(), app.test_client()
    one.login(first.email)
    two.login(second.email)
    one.post_form(f"/workshops/{workshop.id}/register")
    two.post_form(f"/workshops/{workshop.id}/register")
    assert _notices(two) == []

    one.post_form(f"/workshops/{workshop.id}/unregister")

    [(link, text)] = _notices(two)
    assert text == "You have a seat: Maritime border surveillance"
    assert 'data-unread="1"' in two.get("/").get_data(as_text=True)
    opened = two.get(link)
    assert opened.status_code == 302 and opened.location.endswith(f"/workshops/{workshop.id}")
    assert 'data-unread="0"' in two.get("/").get_data(as_text=True)
    assert _notices(one) == []  # the one who left is told nothing
    assert one.get(link).status_code == 404  # nor may open another member's notice


def test_a_cancelled_workshop_tells_every_participant_in_one_insert(app, make_user):
    organizer = make_user(Role.ORGANIZER)
    workshop = make_workshop(organizer, title="Document fraud detection")
    members = [make_user() for _ in range(3)]
    for member in members:
        client = app.test_client()
        client.login(member.email)
        client.post_form(f"/workshops/{workshop.id}/register")
    boss = app.test_client()
    boss.login(organizer.email)
    assert boss.post_form(f"/workshops/{workshop.id}/cancel").status_code == 302
    count = select(func.count()).select_from(Notification)
    assert db.session.scalar(count) == 3
    client = app.test_client()
    client.login(members[0].email)
    assert [text for _, text in _notices(client)] == [
        "Workshop cancelled: Document fraud detection"
    ]


def test_the_inviter_is_told_the_invitation_went_out(client, make_user):
    client.login(make_user(Role.MODERATOR).email)
    client.post_form("/membership/invitations", {"email": "guest@frontex.example"})
    [(link, text)] = _notices(client)
    assert text == "Invitation sent to guest@frontex.example"
    assert client.get(link).location.endswith("/membership/requests")
