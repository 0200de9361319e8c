"""Losing access: close sockets and rooms, in every process, when a user may no longer read."""

from __future__ import annotations

from typing import Any

from workspace.core.live.membership import current_state
from workspace.core.live.rooms import room_name
from workspace.core.transaction import after_commit


def disconnect_user(user_id: int) -> None:
    """Close every socket of this user, in every process; applies now and again at commit.

    Call it when a user is suspended, leaves, or has all sessions revoked.
    """
    _control_now_and_after_commit({"op": "disconnect", "user_id": int(user_id)})


def revoke_room_access(kind: str, target: int, user_id: int) -> None:
    """Make this user's sockets leave room "<kind>:<target>", in every process.

    The client receives ``room.closed`` ``{"room": "<kind>:<target>"}``. Call it when a user is
    removed from a restricted channel (once per room they could follow).
    """
    room = room_name(kind, target)
    _control_now_and_after_commit({"op": "leave", "user_id": int(user_id), "room": room})


def recheck_access(user_id: int) -> None:
    """After the commit, ask every authorizer again for each room this user's sockets follow,
    in every process; refused rooms are left (``room.closed``), and sockets whose user is no
    longer active or whose session or token was revoked are closed.

    The simplest call when access changes in ways that touch many rooms (a member removed
    from a restricted channel and so from all its threads, a region change, a role change,
    a revoked session or token).
    """
    state = current_state()
    op = {"op": "recheck", "user_id": int(user_id)}
    after_commit(lambda: state.control(op))


def recheck_all_access() -> None:
    """recheck_access() for every connected user, in every process, after the commit.

    For changes whose losers are not listed one by one, such as a channel's regions or its
    restriction; cheap enough because it only touches sockets that are open.
    """
    state = current_state()
    op = {"op": "recheck", "user_id": None}
    after_commit(lambda: state.control(op))


def recheck_room(kind: str, target: int) -> None:
    """After the commit, ask the authorizer again for every socket following this one room,
    in every process (a thread moved to another channel)."""
    state = current_state()
    op = {"op": "recheck", "user_id": None, "room": room_name(kind, target)}
    after_commit(lambda: state.control(op))


def _control_now_and_after_commit(op: dict[str, Any]) -> None:
    state = current_state()
    state.control(op)
    # Again once committed: a re-subscription racing the commit still saw the old access.
    after_commit(lambda: state.control(op))
