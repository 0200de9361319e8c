"""Room kinds: which rooms exist ("<kind>:<id>") and who may follow each."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

Authorizer = Callable[[Any, int], bool]
# (user, id) -> what decides how the room's events look to this user (language, zone,
# rights): any hashable value. Sockets with equal audiences receive the same message.
AudienceOf = Callable[[Any, int], Any]
# (event, message, audiences) -> {audience: message as that audience receives it}
Personalizer = Callable[[str, dict, list], dict]

USER_KIND = "user"
_KIND_RE = re.compile(r"^[a-z][a-z_]{0,30}$")


@dataclass(frozen=True)
class RoomKind:
    authorize: Authorizer
    presence: bool = False  # "who is viewing" and typing indicator for rooms of this kind
    audience: AudienceOf | None = None
    personalize: Personalizer | None = None

    def audience_of(self, user: Any, target: int) -> Any:
        return self.audience(user, target) if self.audience else None

    def message_for(self, event: str, message: dict, audiences: list) -> dict:
        """Each audience's copy of a stored message (the stored one for kinds without).

        An audience personalize() leaves out (the post is gone) still gets the event's
        numbers, so its client sees no gap."""
        if self.personalize is None:
            return dict.fromkeys(audiences, message)
        copies = self.personalize(event, message, audiences)
        bare = {key: message[key] for key in ("id", "room", "seq")}
        return {audience: copies.get(audience, bare) for audience in audiences}


ROOM_KINDS: dict[str, RoomKind] = {}


def register_room_kind(
    kind: str,
    authorize: Authorizer,
    *,
    presence: bool = False,
    audience: AudienceOf | None = None,
    personalize: Personalizer | None = None,
) -> None:
    """Let clients subscribe to rooms "<kind>:<id>"; authorize(user, id) decides each join.

    authorize receives an active user loaded afresh and the integer id; it must answer False
    for ids that do not exist. Registering a kind again replaces its authorizer.

    With `audience` and `personalize`, each process groups the sockets of a room by their
    audience (worked out at subscribe and at every access re-check) and sends each group
    the message personalize() made for it, from the stored event: once per audience, not
    per socket. Catch-up and polling go through personalize() too.
    """
    if not _KIND_RE.match(kind):
        raise ValueError(f"room kind must be lowercase letters or _, not {kind!r}")
    ROOM_KINDS[kind] = RoomKind(authorize, presence, audience, personalize)


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
