"""Control messages between processes (disconnect, leave, recheck) over Redis pub/sub."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from redis.connection import parse_url

log = logging.getLogger(__name__)


def redis_channel(url: str, name: str) -> str:
    """Pub/sub channels ignore Redis database numbers: name them after it, so deployments
    (or test runs) on one Redis server with different databases never hear each other."""
    return f"workspace:{parse_url(url).get('db', 0)}:{name}"


RETRY_EVERY = 0.5  # seconds between attempts to listen again once Redis is unreachable


class ControlChannel:
    """Applies each control message here and sends it to the other processes.

    Events travel on it too (op "deliver"): each process renders them for its own sockets.
    While Redis is unreachable the other processes miss them, so once this process listens
    again it calls `reconnected` (they are told to catch up).
    """

    def __init__(
        self,
        redis: Any | None,
        url: str | None,
        apply: Callable[[dict], None],
        reconnected: Callable[[], None] = lambda: None,
    ):
        self.redis = redis
        self.channel = redis_channel(url, "live-control") if url else None
        self.apply = apply
        self.reconnected = reconnected
        self.origin = uuid.uuid4().hex  # this process applied its own messages already

    def send(self, op: dict[str, Any]) -> None:
        self.apply(op)
        if self.redis is None:
            return
        try:
            self.redis.publish(self.channel, json.dumps({**op, "from": self.origin}))
        except Exception:
            # Other processes miss it; their heartbeat re-checks every socket's user anyway.
            log.warning("live control message not sent to other processes (Redis down?)")

    def listen(self) -> None:
        subscribed = False  # once: every later subscription follows a lost connection
        while True:
            try:
                pubsub = self.redis.pubsub()
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    # redis-py subscribes again by itself when it reconnects: that, too,
                    # is a connection that was lost.
                    if message["type"] == "subscribe":
                        if subscribed:
                            log.warning("live control channel reconnected to Redis")
                            self._reconnected()
                        subscribed = True
                    elif message["type"] == "message":
                        self._apply(message["data"])
            except Exception:
                log.warning("live control listener lost Redis; listening again")
                time.sleep(RETRY_EVERY)

    def _apply(self, data: str) -> None:
        try:
            op = json.loads(data)
            if op.pop("from", None) != self.origin:
                self.apply(op)
        except Exception:
            log.exception("live control message failed")

    def _reconnected(self) -> None:
        try:
            self.reconnected()
        except Exception:
            log.exception("live resync failed")
