"""Registering: seats, the waiting list, promotion, approval, and capacity under concurrency."""

from __future__ import annotations

import threading

import requests
from sqlalchemy import select

from tests.workshops.helpers import make_workshop
from workspace.auth import actions as auth_actions
from workspace.extensions import db
from workspace.workshops import actions
from workspace.workshops.models import Registration, RegistrationStatus


def _statuses(workshop):
    db.session.expire_all()
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.queue_number)
    )
    return [(r.user_id, r.status) for r in rows]


def test_fifty_members_at_once_get_exactly_ten_seats(live_server, make_user, mailbox):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, capacity=10)
    members = [make_user("member", password=None) for _ in range(50)]
    tokens = {}
    for member in members:
        _token, secret = auth_actions.create_api_token(member, "test")
        tokens[member.id] = secret
    db.session.commit()
    url = f"{live_server.url}/api/v1/workshops/{workshop.id}/registration"
    answers: dict[int, dict] = {}
    start = threading.Barrier(50)

    def register(member_id: int) -> None:
        start.wait()
        response = requests.post(
            url, headers={"Authorization": f"Bearer {tokens[member_id]}"}, timeout=120
        )
        assert response.status_code == 200, response.text
        answers[member_id] = response.json()

    threads = [threading.Thread(target=register, args=(m.id,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 50
    seats = [a for a in answers.values() if a["status"] == "confirmed"]
    waiting = sorted(
        (a["waiting_list_position"], uid)
        for uid, a in answers.items()
        if a["status"] == "waitlisted"
    )
    assert len(seats) == 10
    assert [position for position, _ in waiting] == list(range(1, 41))
    rows = _statuses(workshop)
    assert [s for _, s in rows].count(RegistrationStatus.CONFIRMED) == 10
    # The order in the database is the order the answers gave.
    assert [uid for uid, s in rows if s is RegistrationStatus.WAITLISTED] == [
        uid for _, uid in waiting
    ]

    # Two seated members cancel: the first two waiting take their seats, in order.
    seated = [uid for uid, s in rows if s is RegistrationStatus.CONFIRMED][:2]
    for uid in seated:
        response = requests.delete(url, headers={"Authorization": f"Bearer {tokens[uid]}"})
        assert response.status_code == 204
    rows = _statuses(workshop)
    assert [s for _, s in rows].count(RegistrationStatus.CONFIRMED) == 10
    promoted = {uid for uid, s in rows if s is RegistrationStatus.CONFIRMED} - {
        uid for uid in answers if answers[uid]["status"] == "confirmed"
    }
    assert promoted == {waiting[0][1], waiting[1][1]}
    third = requests.get(url, headers={"Authorization": f"Bearer {tokens[waiting[2][1]]}"})
    assert third.json()["waiting_list_position"] == 1


def test_cancelling_promotes_and_tells_the_member(make_app, make_user, mailbox):
    app = make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))
    client = app.test_client()
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, capacity=1, title="Maritime border surveillance")
    first, second = make_user("member"), make_user("member", email="second@test.example")
    client.login(first.email)
    client.post_form(f"/workshops/{workshop.id}/register")
    client.post_form("/logout")
    client.login(second.email)
    client.post_form(f"/workshops/{workshop.id}/register")
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "On the waiting list" in page and "position 1" in page
    client.post_form("/logout")
    client.login(first.email)
    assert client.post_form(f"/workshops/{workshop.id}/unregister").status_code == 302
    [message] = mailbox.wait_for(1)
    assert message["To"] == "second@test.example"
    assert "Maritime border surveillance" in message["Subject"]
    assert dict(_statuses(workshop))[second.id] is RegistrationStatus.CONFIRMED


def test_registration_needing_approval(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, requires_approval=True)
    member = make_user("member")
    client.login(member.email)
    client.post_form(f"/workshops/{workshop.id}/register")
    assert "Waiting for the organizers" in client.get(f"/workshops/{workshop.id}").get_data(
        as_text=True
    )
    [registration] = db.session.scalars(select(Registration)).all()
    # The member cannot approve themself.
    url = f"/workshops/{workshop.id}/registrations/{registration.id}/approve"
    assert client.post_form(url).status_code in (403, 404)
    client.post_form("/logout")
    client.login(organizer.email)
    assert client.post_form(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status is RegistrationStatus.CONFIRMED


def test_registration_window_is_respected(client, make_user):
    from datetime import timedelta

    from workspace.core.db import utcnow

    organizer = make_user("organizer")
    workshop = make_workshop(organizer, registration_opens_at=utcnow() + timedelta(days=2))
    client.login(make_user("member").email)
    client.post_form(f"/workshops/{workshop.id}/register")
    assert db.session.scalar(select(Registration)) is None
    assert actions.registration_open(workshop, utcnow() + timedelta(days=3))
