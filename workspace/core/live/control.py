"""Control messages between processes (disconnect, leave, recheck) over Redis pub/sub."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from redis.connection import parse_url

log = logging.getLogger(__name__)


def redis_channel(url: str, name: str) -> str:
    """Pub/sub channels ignore Redis database numbers: name them after it, so deployments
    (or test runs) on one Redis server with different databases never hear each other."""
    return f"workspace:{parse_url(url).get('db', 0)}:{name}"


class ControlChannel:
    """Applies each control message here and sends it to the other processes."""

    def __init__(self, redis: Any | None, url: str | None, apply: Callable[[dict], None]):
        self.redis = redis
        self.channel = redis_channel(url, "live-control") if url else None
        self.apply = apply

    def send(self, op: dict[str, Any]) -> None:
        self.apply(op)
        if self.redis is None:
            return
        try:
            self.redis.publish(self.channel, json.dumps(op))
        except Exception:
            # Other processes miss it; their heartbeat re-checks every socket's user anyway.
            log.warning("live control message not sent to other processes (Redis down?)")

    def listen(self) -> None:
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    self.apply(json.loads(message["data"]))
            except Exception:
                log.exception("live control listener failed; restarting")
                time.sleep(1)
