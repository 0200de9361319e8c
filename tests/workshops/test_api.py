"""The workshops API: same rules as the pages, JSON errors with status codes."""

from __future__ import annotations

from tests.workshops.helpers import make_workshop
from workspace.auth import actions as auth_actions
from workspace.extensions import db

PAYLOAD = {
    "title": "Biometrics and human rights safeguards",
    "format": "virtual",
    "timezone": "Asia/Dushanbe",
    "starts_at": "2031-03-12T10:00:00+05:00",
    "ends_at": "2031-03-12T13:00:00+05:00",
    "meeting_url": "https://meet.example.org/bio",
    "capacity": 2,
    "eligible_regions": ["CENTRAL_ASIA"],
    "eligibility": "regions",
}


def _bearer(make_user, role):
    user = make_user(role)
    _token, secret = auth_actions.create_api_token(user, "t")
    db.session.commit()
    return user, {"Authorization": f"Bearer {secret}"}


def test_create_publish_register_and_cancel(client, make_user):
    _organizer, org = _bearer(make_user, "organizer")
    created = client.post("/api/v1/workshops", json=PAYLOAD, headers=org)
    assert created.status_code == 201, created.get_json()
    workshop = created.get_json()
    assert workshop["status"] == "draft" and workshop["starts_at"].startswith("2031-03-12T05:00")
    assert workshop["eligible_regions"] == ["CENTRAL_ASIA"]
    wid = workshop["id"]
    patched = client.patch(
        f"/api/v1/workshops/{wid}",
        json={"status": "published", "eligibility": "all", "capacity": 1},
        headers=org,
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["status"] == "published"

    _a, first = _bearer(make_user, "member")
    _b, second = _bearer(make_user, "member")
    seat = client.post(f"/api/v1/workshops/{wid}/registration", headers=first).get_json()
    assert seat["status"] == "confirmed" and seat["waiting_list_position"] is None
    assert client.get(f"/api/v1/workshops/{wid}", headers=first).get_json()["meeting_url"]
    wait = client.post(f"/api/v1/workshops/{wid}/registration", headers=second).get_json()
    assert wait == {**wait, "status": "waitlisted", "waiting_list_position": 1}
    assert client.get(f"/api/v1/workshops/{wid}", headers=second).get_json()["meeting_url"] is None
    assert client.delete(f"/api/v1/workshops/{wid}/registration", headers=first).status_code == 204
    mine = client.get(f"/api/v1/workshops/{wid}/registration", headers=second).get_json()
    assert mine["status"] == "confirmed"
    listed = client.get("/api/v1/workshops", headers=second).get_json()
    assert [w["id"] for w in listed] == [wid]


def test_api_refuses_members_and_bad_input(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer)
    _m, member = _bearer(make_user, "member")
    _a, applicant = _bearer(make_user, "applicant")
    assert client.post("/api/v1/workshops", json=PAYLOAD, headers=member).status_code == 403
    assert client.get("/api/v1/workshops", headers=applicant).status_code == 403
    assert (
        client.patch(
            f"/api/v1/workshops/{workshop.id}", json={"capacity": 99}, headers=member
        ).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/workshops/{workshop.id}/registration", headers=applicant).status_code
        == 403
    )
    _o, org = _bearer(make_user, "organizer")
    for change, field in (
        ({"ends_at": "2031-03-12T09:00:00+05:00"}, "ends_at"),
        ({"timezone": "Nowhere/City"}, "timezone"),
        ({"capacity": 0}, "capacity"),
    ):
        bad = client.post("/api/v1/workshops", json={**PAYLOAD, **change}, headers=org)
        assert bad.status_code == 422
        assert bad.get_json()["code"] == 422, bad.get_json()
        assert field in str(bad.get_json()), bad.get_json()
    assert client.get("/api/v1/workshops/99999", headers=org).status_code == 404
