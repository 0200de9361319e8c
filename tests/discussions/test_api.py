"""The discussions API with a personal access token."""

from __future__ import annotations

import pytest

from workspace.auth import actions as auth_actions
from workspace.extensions import db


@pytest.fixture
def token_for(app):
    def factory(user):
        _, secret = auth_actions.create_api_token(user, "script")
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return factory


def test_thread_lifecycle_through_the_api(client, make_user, make_channel, token_for):
    member = make_user("member")
    channel = make_channel("Drones and surveillance")
    headers = token_for(member)

    channels = client.get("/api/v1/channels", headers=headers).get_json()
    assert [c["name"] for c in channels] == ["Drones and surveillance"]

    created = client.post(
        f"/api/v1/channels/{channel.id}/threads",
        json={
            "title": "Counter-UAS at airports",
            "body": "Which *detection* first?",
            "tags": ["drones"],
        },
        headers=headers,
    )
    assert created.status_code == 201
    thread = created.get_json()
    assert thread["tags"] == ["drones"] and thread["post_count"] == 1

    first = client.get(f"/api/v1/threads/{thread['id']}", headers=headers).get_json()["posts"][0]
    assert first["html"] == "<p>Which <em>detection</em> first?</p>\n"

    reply = client.post(
        f"/api/v1/threads/{thread['id']}/posts",
        json={"body": "RF detection, then radar.", "parent_id": first["id"]},
        headers=headers,
    )
    assert reply.status_code == 201 and reply.get_json()["parent_id"] == first["id"]

    edited = client.patch(
        f"/api/v1/posts/{reply.get_json()['id']}", json={"body": "Radar first."}, headers=headers
    )
    assert edited.status_code == 200 and edited.get_json()["edited_at"]

    page = client.get(f"/api/v1/threads/{thread['id']}?view=tree", headers=headers).get_json()
    assert [p["seq"] for p in page["posts"]] == [1, 2] and page["pages"] == 1

    hits = client.get("/api/v1/search?q=radar", headers=headers).get_json()
    assert hits[0]["snippet"].startswith("<mark>Radar</mark> first")


def test_api_errors_are_json(client, make_user, make_channel, make_thread, token_for):
    member = make_user("member")
    other = make_user("member")
    channel = make_channel()
    thread = make_thread(channel, member)
    headers = token_for(member)
    missing = client.post(
        f"/api/v1/channels/{channel.id}/threads", json={"title": ""}, headers=headers
    )
    assert missing.status_code == 422 and "errors" in missing.get_json()
    bad_parent = client.post(
        f"/api/v1/threads/{thread.id}/posts",
        json={"body": "x", "parent_id": 99999},
        headers=headers,
    )
    assert bad_parent.status_code == 422
    first_id = client.get(f"/api/v1/threads/{thread.id}", headers=headers).get_json()["posts"][0][
        "id"
    ]
    refused = client.patch(
        f"/api/v1/posts/{first_id}", json={"body": "mine now"}, headers=token_for(other)
    )
    assert refused.status_code == 403 and refused.get_json()["code"] == 403
    assert client.get("/api/v1/threads/424242", headers=headers).status_code == 404
    assert client.get("/api/v1/search", headers=headers).status_code == 422


def test_applicant_token_is_refused(client, make_user, make_channel, token_for):
    channel = make_channel()
    headers = token_for(make_user("applicant"))
    assert client.get("/api/v1/channels", headers=headers).status_code == 403
    response = client.post(
        f"/api/v1/channels/{channel.id}/threads", json={"title": "t", "body": "b"}, headers=headers
    )
    assert response.status_code == 403


def test_a_null_character_in_json_or_the_query_is_a_json_400(
    client, make_user, make_channel, token_for
):
    channel = make_channel()
    headers = token_for(make_user("member"))
    url = f"/api/v1/channels/{channel.id}/threads"
    refused = client.post(url, json={"title": "Gate", "body": "a\x00b"}, headers=headers)
    assert refused.status_code == 400
    error = refused.get_json()
    assert error["code"] == 400 and "null character" in error["message"]
    nested = client.post(url, json={"title": "G", "body": "b", "tags": ["x\x00"]}, headers=headers)
    assert nested.status_code == 400
    assert client.get("/api/v1/channels", headers=headers).get_json()[0]["thread_count"] == 0

    searched = client.get("/api/v1/search?q=gate%00", headers=headers)
    assert searched.status_code == 400 and "null character" in searched.get_json()["message"]

    # A backslash before "u0000" is text like any other.
    created = client.post(url, json={"title": "Gate", "body": "write \\u0000"}, headers=headers)
    assert created.status_code == 201
    assert (
        "write \\u0000"
        in client.get(f"/api/v1/threads/{created.get_json()['id']}", headers=headers).get_json()[
            "posts"
        ][0]["html"]
    )
