"""Who may read and write discussions: one rule for pages, API, search, mail and live events.

`can_read_channel` decides for one channel; `readable_channels_filter(user)` is the same
rule as SQL, used by every listing and search query so restricted threads never leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true

from workspace.auth.models import Role
from workspace.core.permissions import Permission, role_of
from workspace.core.regions import regions_of
from workspace.discussions.models import Channel, ChannelMember, ChannelRegion, Post, Thread


def user_regions(user: Any) -> tuple[str, ...]:
    profile = getattr(user, "profile", None)
    return regions_of(getattr(profile, "country", None))


@dataclass(frozen=True)
class ChannelAccess:
    """What the reading rule needs of a channel, as a value that outlives the request."""

    restricted: bool
    member_ids: frozenset[int]
    region_codes: tuple[str, ...]


@dataclass(frozen=True)
class ThreadFacts:
    """What the rules need of a thread, kept with its cached page (discussions/views.py)
    so a page served from the cache asks them without loading the thread."""

    id: int
    channel: ChannelAccess
    locked: bool
    author_id: int


def channel_access(channel: Channel) -> ChannelAccess:
    if not channel.restricted:  # the common case reads neither members nor regions
        return ChannelAccess(False, frozenset(), ())
    members = frozenset(m.user_id for m in channel.members)
    return ChannelAccess(True, members, tuple(channel.region_codes))


def thread_facts(thread: Thread) -> ThreadFacts:
    return ThreadFacts(thread.id, channel_access(thread.channel), thread.locked, thread.author_id)


def _reads_channel(user: Any, channel: Channel | ChannelAccess | None) -> bool:
    if channel is None:
        return False
    if not channel.restricted or user.effective_role >= Role.ADMIN:
        return True
    if isinstance(channel, Channel):
        channel = channel_access(channel)
    if user.id in channel.member_ids:
        return True
    return bool(set(channel.region_codes) & set(user_regions(user)))


def _channel_of(obj: Any) -> Channel | ChannelAccess | None:
    if isinstance(obj, Channel | ChannelAccess):
        return obj
    if isinstance(obj, Thread | ThreadFacts):
        return obj.channel
    if isinstance(obj, Post):
        return obj.thread.channel
    return None


def readable_channels_filter(user: Any) -> ColumnElement[bool]:
    """A WHERE clause on Channel: the channels `user` may read (nothing for applicants)."""
    if role_of(user) < Role.MEMBER:
        return false()
    if role_of(user) >= Role.ADMIN:
        return true()
    listed = select(ChannelMember.channel_id).where(ChannelMember.user_id == user.id)
    clauses = [Channel.restricted.is_(False), Channel.id.in_(listed)]
    regions = user_regions(user)
    if regions:
        by_region = select(ChannelRegion.channel_id).where(ChannelRegion.region.in_(regions))
        clauses.append(Channel.id.in_(by_region))
    return or_(*clauses)


def readable_channel_ids(user: Any):
    """A subquery of readable channel ids, for filtering threads and posts."""
    return select(Channel.id).where(readable_channels_filter(user)).scalar_subquery()


def _is_author(user: Any, obj: Any) -> bool:
    return getattr(obj, "author_id", None) == user.id


def _writes_in(user: Any, obj: Any) -> bool:
    thread = obj if isinstance(obj, Thread | ThreadFacts) else getattr(obj, "thread", None)
    if thread is not None and thread.locked and user.effective_role < Role.MODERATOR:
        return False
    return _reads_channel(user, _channel_of(obj))


def post_editable(post: Post) -> bool:
    return post.deleted_at is None and post.hidden_at is None


def _edits_post(user: Any, post: Post) -> bool:
    return post_editable(post) and _is_author(user, post) and _writes_in(user, post)


def _marks_answer(user: Any, obj: Post | Thread) -> bool:
    """On a post, or on a thread for all of its posts at once."""
    if not _reads_channel(user, _channel_of(obj)):
        return False
    thread = obj if isinstance(obj, Thread | ThreadFacts) else obj.thread
    return user.effective_role >= Role.MODERATOR or thread.author_id == user.id


def _moderates(user: Any, obj: Any) -> bool:
    return obj is None or _reads_channel(user, _channel_of(obj))


# Reading: members and above, and for a restricted channel only those it admits.
READ_DISCUSSIONS = Permission("read_discussions", Role.MEMBER)
can_read_channel = Permission(
    "read_channel", Role.MEMBER, lambda user, obj: _reads_channel(user, _channel_of(obj))
)
WRITE_IN = Permission("write_in_thread", Role.MEMBER, _writes_in)
EDIT_POST = Permission("edit_post", Role.MEMBER, _edits_post)
DELETE_POST = Permission("delete_post", Role.MEMBER, _edits_post)
REACT = Permission("react", Role.MEMBER, lambda user, post: _reads_channel(user, _channel_of(post)))
FLAG_POST = Permission(
    "flag_post", Role.MEMBER, lambda user, post: _reads_channel(user, _channel_of(post))
)
MARK_ANSWER = Permission("mark_answer", Role.MEMBER, _marks_answer)
MODERATE = Permission("moderate_discussions", Role.MODERATOR, _moderates)
MANAGE_CHANNELS = Permission("manage_channels", Role.ADMIN)


@dataclass(frozen=True)
class ThreadRights:
    """What a viewer may do with the posts of one thread, worked out once for a whole page.

    Every rule above depends on the thread (its channel, lock and author), not on the post,
    except editing, which also needs the post's author and state: a page of 50 posts asks
    the permission rules five times instead of 300.
    """

    user_id: int | None
    write: bool
    moderate: bool
    react: bool
    flag: bool
    mark_answer: bool

    def edit(self, post: Post) -> bool:
        """EDIT_POST and DELETE_POST for a post of this thread."""
        return self.edits(post.author_id, post_editable(post))

    def edits(self, author_id: int, editable: bool) -> bool:
        """The same, from the post's author and whether it is neither deleted nor hidden."""
        return self.write and author_id == self.user_id and editable


def thread_rights(user: Any, thread: Thread | ThreadFacts) -> ThreadRights:
    return ThreadRights(
        user_id=getattr(user, "id", None),
        write=WRITE_IN.allows(user, thread),
        moderate=MODERATE.allows(user, thread),
        react=REACT.allows(user, thread),
        flag=FLAG_POST.allows(user, thread),
        mark_answer=MARK_ANSWER.allows(user, thread),
    )
