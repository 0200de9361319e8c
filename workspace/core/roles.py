"""The roles of the workspace, known to every layer: permissions are checked in all of them."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    """Roles in increasing order of trust; each includes what the ones before it may do."""

    VISITOR = "visitor"
    APPLICANT = "applicant"
    MEMBER = "member"
    ORGANIZER = "organizer"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _ROLE_RANKS[self]  # compared on every permission check: a lookup, not a scan

    def __ge__(self, other: Role) -> bool:
        return self.rank >= other.rank

    def __gt__(self, other: Role) -> bool:
        return self.rank > other.rank

    def __le__(self, other: Role) -> bool:
        return self.rank <= other.rank

    def __lt__(self, other: Role) -> bool:
        return self.rank < other.rank


_ROLE_RANKS = {role: rank for rank, role in enumerate(Role)}
