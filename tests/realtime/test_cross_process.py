"""Two app processes sharing PostgreSQL and Redis: events and control cross between them."""

from __future__ import annotations

import uuid

import requests

from workspace import create_app
from workspace.auth import actions
from workspace.extensions import db


def _member_token(database_url: str, tmp_path) -> tuple[int, str]:
    app = create_app({"database_url": database_url, "redis_url": ""}, str(tmp_path / "setup"))
    with app.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        user = actions.create_user(f"{uuid.uuid4().hex[:8]}@test.example", "Cross Process")
        user.role = user.role.__class__("member")
        _, secret = actions.create_api_token(user, "cross-process")
        db.session.commit()
        user_id = user.id
        db.engine.dispose()
    return user_id, secret


def test_event_published_through_one_process_reaches_a_client_of_the_other(
    shared_postgres, shared_redis, start_process, live_client, tmp_path
):
    user_id, secret = _member_token(shared_postgres, tmp_path)
    first, second = (
        start_process(shared_postgres, shared_redis),
        start_process(shared_postgres, shared_redis),
    )
    client = live_client().connect(first, auth={"token": secret})
    assert client.call("subscribe", {"testroom": 1})["ok"] is True

    response = requests.post(
        f"{second}/_live_test/publish",
        json={"room": 1, "event": "post.created", "payload": {"post_id": 5, "html": "<p>x</p>"}},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    _, data = client.next_event("post.created", skip=("presence",))
    assert data == {
        "id": response.json()["id"],
        "room": "testroom:1",
        "seq": 1,
        "post_id": 5,
        "html": "<p>x</p>",
    }

    # A user suspended through the other process is disconnected here too.
    assert requests.post(f"{second}/_live_test/disconnect/{user_id}", timeout=10).ok
    assert client.disconnected.wait(10)


def test_presence_is_shared_across_processes(
    shared_postgres, shared_redis, start_process, live_client, tmp_path
):
    _, secret = _member_token(shared_postgres, tmp_path)
    first, second = (
        start_process(shared_postgres, shared_redis),
        start_process(shared_postgres, shared_redis),
    )
    room = 1 + uuid.uuid4().int % 99  # presence lives in Redis, outside the scratch database
    one = live_client().connect(first, auth={"token": secret})
    assert one.call("subscribe", {"testroom": room})["ok"] is True
    one.next_event("presence")
    two = live_client().connect(second, auth={"token": secret})
    assert two.call("subscribe", {"testroom": room})["ok"] is True
    _, data = one.next_event("presence")
    assert data["room"] == f"testroom:{room}"
    assert data["names"] == ["Cross Process"]
