"""A memo for values that are cheap to work out again but asked for on every request."""

from __future__ import annotations

from typing import Any


class CappedMemo(dict):
    """At most `size` entries; emptied when full. One entry per session is kept, so the
    size bounds memory whatever the number of sessions, and starting over costs one
    recomputation per active session."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: Any, value: Any) -> Any:
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value
