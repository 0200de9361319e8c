"""Organizers create, edit, publish and cancel workshops; members cannot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.workshops.helpers import make_workshop, with_profile
from workspace.auth import actions as auth_actions
from workspace.extensions import db
from workspace.members.models import Expertise
from workspace.workshops.models import Status, Workshop

FORM = {
    "title": "Biometrics and human rights safeguards",
    "objectives": "Discuss *safeguards*.<script>alert(1)</script>",
    "eligibility": "all",
    "format": "virtual",
    "timezone": "Asia/Dushanbe",
    "starts_at": "2030-03-12T10:00",
    "ends_at": "2030-03-12T13:00",
    "meeting_url": "https://meet.example.org/biometrics",
    "capacity": "25",
    "agenda": "2030-03-12 10:00 | Opening | Dr Amina Yusuf\n2030-03-12 11:00 | Case studies | ",
}


def test_organizer_creates_a_draft_with_local_times_stored_in_utc(client, make_user):
    organizer = make_user("organizer")
    topic = Expertise(slug="biometrics", name="Biometrics")
    db.session.add(topic)
    db.session.commit()
    client.login(organizer.email)
    response = client.post_form("/workshops/new", {**FORM, "topics": str(topic.id)})
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    # 10:00 in Dushanbe (UTC+5) is 05:00 UTC.
    assert workshop.starts_at.hour == 5 and workshop.starts_at.tzinfo is not None
    assert workshop.status is Status.DRAFT
    assert (
        "<script>" not in workshop.objectives_html
        and "<em>safeguards</em>" in workshop.objectives_html
    )
    assert [t.slug for t in workshop.topics] == ["biometrics"]
    assert [s.title for s in workshop.sessions] == ["Opening", "Case studies"]
    assert workshop.sessions[0].trainer_name == "Dr Amina Yusuf"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": "2030-03-12T09:00"}, "must end after it starts"),
        ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list"),
        ({"registration_closes_at": "2030-03-13T09:00"}, "close before the workshop ends"),
        ({"meeting_url": ""}, "needs a meeting link"),
        ({"agenda": "tomorrow | nothing"}, "Line 1 is not understood"),
        # Looked up before saving: PostgreSQL refuses NUL even in a query.
        ({"co_organizers": "amina\x00@example.org"}, "contains a null character"),
        ({"agenda": "2030-03-12 10:00 | Opening | a\x00@example.org"}, "a null character"),
        ({"title": "Bio\x00metrics"}, "a null character"),
    ],
)
def test_bad_input_gives_a_form_error(client, make_user, change, message):
    client.login(make_user("organizer").email)
    response = client.post_form("/workshops/new", {**FORM, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None


@pytest.mark.parametrize("role", ["member", "applicant"])
def test_members_and_applicants_cannot_organize(client, make_user, role):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer)
    client.login(make_user(role).email)
    assert client.get("/workshops/new").status_code == 403
    assert client.post_form("/workshops/new", FORM).status_code == 403
    assert client.post_form(f"/workshops/{workshop.id}/cancel").status_code in (403, 404)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code in (403, 404)
    assert client.get(f"/workshops/{workshop.id}/participants").status_code in (403, 404)
    assert client.get("/workshops/monitoring").status_code == 403
    assert client.get("/workshops/find-time").status_code == 403
    db.session.refresh(workshop)
    assert workshop.status is Status.PUBLISHED


def test_another_organizer_cannot_edit_but_a_co_organizer_and_moderator_can(client, make_user):
    owner, other, co = make_user("organizer"), make_user("organizer"), make_user("member")
    workshop = make_workshop(owner, co_organizer_ids=[co.id])
    client.login(other.email)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 403
    client.post_form("/logout")
    client.login(co.email)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 200
    client.post_form("/logout")
    client.login(make_user("moderator").email)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 200


def test_drafts_are_hidden_from_members_until_published(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, publish=False, title="Secret draft")
    member = make_user("member")
    client.login(member.email)
    assert client.get(f"/workshops/{workshop.id}").status_code == 404
    assert "Secret draft" not in client.get("/workshops/").get_data(as_text=True)
    client.post_form("/logout")
    client.login(organizer.email)
    assert client.post_form(f"/workshops/{workshop.id}/publish").status_code == 302
    client.post_form("/logout")
    client.login(member.email)
    assert "Secret draft" in client.get("/workshops/").get_data(as_text=True)


def test_eligibility_by_region_and_country(client, make_user):
    organizer = make_user("organizer")
    central = make_workshop(organizer, title="Central Asia only", eligibility="regions",
                            eligible_regions="CENTRAL_ASIA")  # fmt: skip
    kuwait = make_workshop(organizer, title="Kuwait only", eligibility="countries",
                           eligible_countries="KW")  # fmt: skip
    from workspace.workshops.models import Eligibility

    central.eligibility = Eligibility.REGIONS
    kuwait.eligibility = Eligibility.COUNTRIES
    db.session.commit()
    tajik = with_profile(make_user("member"), "TJ")
    client.login(tajik.email)
    page = client.get("/workshops/").get_data(as_text=True)
    assert "Central Asia only" in page and "Kuwait only" not in page
    assert client.get(f"/workshops/{kuwait.id}").status_code == 404
    assert client.post_form(f"/workshops/{kuwait.id}/register").status_code == 404
    assert client.post_form(f"/workshops/{central.id}/register").status_code == 302
    detail = client.get(f"/workshops/{central.id}")
    assert detail.status_code == 200 and "Central Asia" in detail.get_data(as_text=True)
    client.post_form("/logout")
    client.login(with_profile(make_user("member"), "KW").email)
    detail = client.get(f"/workshops/{kuwait.id}")
    assert detail.status_code == 200 and "Kuwait" in detail.get_data(as_text=True)


def test_filters_by_format(client, make_user):
    organizer = make_user("organizer")
    make_workshop(organizer, title="Online one", format="virtual")
    make_workshop(organizer, title="In Almaty", format="in_person", meeting_url="")
    client.login(make_user("member").email)
    page = client.get("/workshops/?format=virtual").get_data(as_text=True)
    assert "Online one" in page and "In Almaty" not in page


def test_a_moderator_cancelling_someone_elses_workshop_is_audited(client, make_user):
    from workspace.audit.models import AuditEntry

    workshop = make_workshop(make_user("organizer"))
    moderator = make_user("moderator")
    client.login(moderator.email)
    assert client.post_form(f"/workshops/{workshop.id}/cancel").status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).status is Status.CANCELLED
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert entry.action == "workshop.cancel" and entry.actor_id == moderator.id


def test_applicants_and_visitors_cannot_see_workshops(client, make_user):
    workshop = make_workshop(make_user("organizer"))
    assert client.get("/workshops/").status_code in (302, 401)
    assert client.get(f"/workshops/{workshop.id}").status_code in (302, 401)
    client.login(make_user("applicant").email)
    assert client.get("/workshops/").status_code == 403
    assert client.get(f"/workshops/{workshop.id}").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/calendar.ics").status_code == 403


def test_co_organizers_and_trainers_are_listed_members_only(client, make_user):
    organizer, member = make_user("organizer"), make_user("member")
    applicant = make_user("applicant", email="applicant@customs.example")
    departed = make_user("member")
    departed.deactivated_at = departed.created_at
    db.session.commit()
    _, secret = auth_actions.create_api_token(organizer, "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    body = {
        "title": "Maritime surveillance", "format": "virtual", "timezone": "Asia/Jakarta",
        "starts_at": "2030-03-12T10:00:00+07:00", "ends_at": "2030-03-12T12:00:00+07:00",
        "meeting_url": "https://meet.example.org/m", "capacity": 10,
    }  # fmt: skip
    answers = []
    for ids in ([applicant.id], [departed.id], [999_999]):
        refused = client.post("/api/v1/workshops", json={**body, "co_organizer_ids": ids},
                              headers=headers)  # fmt: skip
        assert refused.status_code == 422
        answers.append(refused.get_json()["message"])
    trainer = {"starts_at": "2030-03-12T03:00:00Z", "title": "Opening", "trainer_id": applicant.id}
    refused = client.post("/api/v1/workshops", json={**body, "agenda": [trainer]}, headers=headers)
    assert refused.status_code == 422
    assert len(set(answers)) == 1  # an applicant's id answers like a missing one
    assert db.session.scalar(select(Workshop)) is None
    done = client.post(
        "/api/v1/workshops", json={**body, "co_organizer_ids": [member.id]}, headers=headers
    )
    assert done.status_code == 201

    client.login(organizer.email)
    for address in ("applicant@customs.example", "nobody@customs.example"):
        page = client.post_form("/workshops/new", {**FORM, "co_organizers": address})
        assert page.status_code == 400
        assert f"No member with the e-mail {address}" in page.get_data(as_text=True)
