"""The practices API: same filters and permissions as the pages, JSON errors."""

from __future__ import annotations

from tests.discussions.helpers import sign_in


def test_practice_lifecycle_through_the_api(client, make_user, token_for, expertise):
    author, moderator = make_user("member"), make_user("moderator")
    mine, theirs = token_for(author), token_for(moderator)
    created = client.post(
        "/api/v1/practices",
        json={
            "title": "Trace small arms across borders",
            "summary": "Marking and record-keeping shared between customs services.",
            "body": "Every seized weapon is **traced**.",
            "regions": ["AFRICA"],
            "countries": ["ML", "NE"],
            "expertise": ["biometrics"],
            "figures": [{"label": "Weapons traced", "value": "1,450"}],
        },
        headers=mine,
    )
    assert created.status_code == 201, created.get_json()
    practice = created.get_json()
    assert practice["status"] == "draft" and "<strong>traced</strong>" in practice["body_html"]
    pid = practice["id"]

    assert client.get(f"/api/v1/practices/{pid}", headers=theirs).status_code == 200
    assert client.post(f"/api/v1/practices/{pid}/approve", headers=theirs).status_code == 403
    patched = client.patch(
        f"/api/v1/practices/{pid}", json={"lessons": "Start small."}, headers=mine
    )
    assert patched.get_json()["lessons_html"].strip() == "<p>Start small.</p>"
    assert (
        client.post(f"/api/v1/practices/{pid}/submit", headers=mine).get_json()["status"]
        == "submitted"
    )
    assert client.post(f"/api/v1/practices/{pid}/approve", headers=mine).status_code == 403
    refused = client.post(f"/api/v1/practices/{pid}/return", json={}, headers=theirs)
    assert refused.status_code == 422 and refused.get_json()["message"]
    approved = client.post(f"/api/v1/practices/{pid}/approve", json={}, headers=theirs)
    assert approved.get_json()["status"] == "published"

    listing = client.get("/api/v1/practices?region=AFRICA&expertise=biometrics", headers=mine)
    assert [p["id"] for p in listing.get_json()["items"]] == [pid]
    assert client.get("/api/v1/practices?region=ASEAN", headers=mine).get_json()["total"] == 0


def test_api_refuses_lower_roles_and_bad_input(client, make_user, token_for):
    applicant = token_for(make_user("applicant"))
    assert client.get("/api/v1/practices", headers=applicant).status_code == 403
    assert client.post("/api/v1/practices", json={}, headers=applicant).status_code in (403, 422)
    member = token_for(make_user("member"))
    bad = client.post(
        "/api/v1/practices",
        json={"title": "x", "summary": "y", "body": "z", "regions": ["MARS"]},
        headers=member,
    )
    assert bad.status_code == 422 and "MARS" in bad.get_json()["message"]
    missing = client.post("/api/v1/practices", json={"title": "x"}, headers=member)
    assert missing.status_code == 422 and "summary" in missing.get_json()["errors"]["json"]
    assert client.get("/api/v1/practices/999", headers=member).status_code == 404


def test_cookie_session_works_for_the_api(client, make_user, make_practice):
    practice = make_practice(make_user("member"))
    sign_in(client, make_user("member"))
    assert client.get(f"/api/v1/practices/{practice.id}").get_json()["title"] == practice.title
