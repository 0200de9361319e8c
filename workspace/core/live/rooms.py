"""Room kinds: which rooms exist ("<kind>:<id>") and who may follow each."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

Authorizer = Callable[[Any, int], bool]

USER_KIND = "user"
_KIND_RE = re.compile(r"^[a-z][a-z_]{0,30}$")


@dataclass(frozen=True)
class RoomKind:
    authorize: Authorizer
    presence: bool = False  # "who is viewing" and typing indicator for rooms of this kind


ROOM_KINDS: dict[str, RoomKind] = {}


def register_room_kind(kind: str, authorize: Authorizer, *, presence: bool = False) -> None:
    """Let clients subscribe to rooms "<kind>:<id>"; authorize(user, id) decides each join.

    authorize receives an active user loaded afresh and the integer id; it must answer False
    for ids that do not exist. Registering a kind again replaces its authorizer.
    """
    if not _KIND_RE.match(kind):
        raise ValueError(f"room kind must be lowercase letters or _, not {kind!r}")
    ROOM_KINDS[kind] = RoomKind(authorize=authorize, presence=presence)


def room_name(kind: str, target: int) -> str:
    return f"{kind}:{int(target)}"


register_room_kind(USER_KIND, lambda user, user_id: user.id == user_id)


def kind_of(room: str) -> RoomKind:
    return ROOM_KINDS.get(room.partition(":")[0], RoomKind(lambda user, target: False))


def parse_target(data: Any) -> tuple[str, int]:
    """The (kind, id) a client names, such as {"thread": 5}; ValueError says what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(_('Send an object such as {"thread": 5}.'))
    kinds = [key for key in data if key in ROOM_KINDS]
    if len(kinds) != 1:
        raise ValueError(_("Name exactly one room to follow, such as thread or channel."))
    kind = kinds[0]
    target = data[kind]
    if isinstance(target, bool) or not isinstance(target, int) or target < 1:
        raise ValueError(_("The room id must be a positive whole number."))
    return kind, target
