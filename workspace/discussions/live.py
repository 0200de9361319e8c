"""The hook through which discussion writes reach live clients.

Actions call notify_live(event_name, payload_builder) after each write. It is a placeholder
until the realtime layer (workspace/core/realtime.py) is wired in: then it should queue the
event with after_commit() and build the payload only when someone listens. Events:
`thread.created`, `thread.updated`, `post.created`, `post.updated`, `notification`; payloads
carry ids, the channel/thread/user room they belong to and the rendered, sanitized HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def notify_live(event_name: str, payload_builder: Callable[[], dict[str, Any]]) -> None:
    """Placeholder hook: does nothing until the realtime layer is connected."""
    return None
