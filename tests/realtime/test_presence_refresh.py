"""The heartbeat keeps every open page listed as a viewer in Redis (shared presence)."""

from __future__ import annotations

import os
import time
import uuid

import redis

from tests.conftest import requires
from workspace.core.live.presence import Presence

REDIS_URL = os.environ.get("WORKSPACE_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def test_refresh_keeps_every_socket_of_every_room_listed():
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True, socket_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        requires(False, f"Redis is not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    presence = Presence(client)
    rooms = [f"thread:test-{uuid.uuid4().hex}" for _ in range(2)]
    try:
        presence.join(rooms[0], "sid-a", 1, "Amina")
        presence.join(rooms[0], "sid-b", 2, "Boris")
        presence.join(rooms[1], "sid-c", 3, "Chen")
        for room in rooms:  # as if the entries had outlived their TTL without a heartbeat
            key = presence._key(room)
            client.zadd(key, {member: time.time() - 1 for member in client.zrange(key, 0, -1)})

        presence.refresh()

        assert [v["name"] for v in presence.viewers(rooms[0])] == ["Amina", "Boris"]
        assert [v["name"] for v in presence.viewers(rooms[1])] == ["Chen"]
        assert all(client.ttl(presence._key(room)) > 0 for room in rooms)
    finally:
        client.delete(*(presence._key(room) for room in rooms))
