"""Reading the audit log: which entries' details a reader may see.

An entry about a restricted channel, or about a thread, post, flag or good practice in one,
names the channel, quotes its words (reasons, before/after values) and lists its members.
Moderators outside the channel's audience see that the entry exists, not what it says; the
page and the API both read entries through shown_entries().
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from workspace.audit.models import AuditEntry
from workspace.discussions.models import Channel, Flag, Post, Thread
from workspace.discussions.permissions import can_read_channel
from workspace.extensions import db
from workspace.practices.models import Practice


@dataclass(frozen=True)
class ShownEntry:
    entry: AuditEntry
    hidden: bool

    @property
    def reason(self) -> str:
        return "" if self.hidden else self.entry.reason

    @property
    def changes(self) -> dict[str, Any]:
        return {} if self.hidden else self.entry.changes


def _ids(entries: list[AuditEntry], target_type: str) -> set[int]:
    return {e.target_id for e in entries if e.target_type == target_type and e.target_id}


def _channel_ids_by_target(entries: list[AuditEntry]) -> dict[tuple[str, int], set[int]]:
    """(target_type, target_id) → the channels the entry is about, a statement per kind."""
    about: dict[tuple[str, int], set[int]] = {}
    for cid in _ids(entries, "channel"):
        about[("channel", cid)] = {cid}
    statements = {
        "thread": select(Thread.id, Thread.channel_id).where(
            Thread.id.in_(_ids(entries, "thread"))
        ),
        "post": select(Post.id, Thread.channel_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.id.in_(_ids(entries, "post"))),
        "flag": select(Flag.id, Thread.channel_id)
        .join(Post, Post.id == Flag.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Flag.id.in_(_ids(entries, "flag"))),
        "practice": select(Practice.id, Thread.channel_id)
        .join(Thread, Thread.id == Practice.source_thread_id)
        .where(Practice.id.in_(_ids(entries, "practice"))),
    }
    for kind, statement in statements.items():
        if not _ids(entries, kind):
            continue
        for target_id, channel_id in db.session.execute(statement):
            about[(kind, target_id)] = {channel_id}
    for e in entries:  # a move names the channel it left too
        moved = (e.changes or {}).get("channel_id") if e.target_type == "thread" else None
        if moved:
            about.setdefault(("thread", e.target_id), set()).update(
                c for c in moved if isinstance(c, int)
            )
    return about


def _unreadable_channels(user: Any, channel_ids: set[int]) -> set[int]:
    if not channel_ids:
        return set()
    channels = db.session.scalars(select(Channel).where(Channel.id.in_(channel_ids)))
    return {c.id for c in channels if not can_read_channel.allows(user, c)}


def shown_entries(entries: list[AuditEntry], user: Any) -> list[ShownEntry]:
    about = _channel_ids_by_target(entries)
    unreadable = _unreadable_channels(user, set().union(*about.values()) if about else set())
    return [
        ShownEntry(e, bool(about.get((e.target_type, e.target_id), set()) & unreadable))
        for e in entries
    ]
