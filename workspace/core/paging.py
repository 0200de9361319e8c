"""One page of a listing and the numbers a pager needs (templates/_pager.html shows them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workspace.core.bounds import bounded_int


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def page_number(args: Mapping[str, str]) -> int:
    """The page asked for in the query string: 1 for none, or anything but a positive number."""
    return bounded_int(args.get("page", 1), default=1)
