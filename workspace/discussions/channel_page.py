"""The channel page (its threads, 30 a page), rendered once for everyone and filled per reader.

What differs between readers with the same role, language and zone is whether they may
start a thread there, which of the listed threads have posts they have not read, and
whether they follow the channel: the first is in the cache key (core/pagecache.py), the
others are slots, filled from values read with the viewer in the request's one statement
(auth/viewer.py, read_along_on).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import Request, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import String, and_, bindparam, cast, func, literal_column, select

from workspace.auth.models import User
from workspace.auth.viewer import along_row, read_along_on
from workspace.core import pagecache, versions
from workspace.core.db import joined
from workspace.core.i18n import request_translations
from workspace.core.paging import page_number
from workspace.core.templating import url_maker
from workspace.discussions import queries
from workspace.discussions.models import Channel, Subscription, Thread, ThreadRead
from workspace.discussions.permissions import (
    WRITE_IN,
    ChannelAccess,
    channel_access,
)
from workspace.extensions import db


def shown(channel_id: int) -> tuple:
    """What a channel page shows (core/versions.py): the channel's threads, its rules and
    name, and members' names (thread rows name their authors)."""
    return (versions.key("channel", channel_id), "channels", "people")


@dataclass(frozen=True)
class ChannelListing:
    """Kept beside a rendered channel page: the threads listed, by id, with their last post
    number (what "unread" is measured against)."""

    last_seq: dict[int, int]


def access_or_404(channel_id: int, viewer: Any) -> ChannelAccess:
    load = partial(_access, channel_id)
    return queries.kept_access_or_404(("channel", channel_id), ("channels",), load, viewer)


def _access(channel_id: int) -> ChannelAccess | None:
    channel = db.session.get(Channel, channel_id)
    return channel_access(channel) if channel is not None else None


def remember_version(channel_id: int) -> None:
    """The channel's stamp, when it was read with the viewer (core/versions.py)."""
    row = along_row(("channel_version",))
    if row is not None:
        versions.remember(row, [versions.key("channel", channel_id)])


def audience(viewer: Any, access: ChannelAccess) -> tuple:
    return (WRITE_IN.allows(viewer, access),)


def render(channel_id: int, viewer: Any, number: int, tag: str | None) -> pagecache.Page:
    """The page as everyone may see it: nobody's reading state (those are slots)."""
    channel = queries.get_channel_or_404(channel_id, viewer)
    threads = queries.channel_threads(channel, number, tag=tag)
    return pagecache.render(
        "discussions/channel.html",
        ChannelListing({t.id: t.last_seq for t in threads.items}),
        channel=channel,
        page=threads,
        tag=tag,
        may_write=WRITE_IN.allows(viewer, channel),
        # What is the same on every row is built once for the page: the links differ only
        # by what ends them, and "by …" only by the name put in.
        thread_url=url_maker("discussions.thread", "thread_id"),
        tag_url=url_for(".channel", channel_id=channel.id, tag=""),
        by_author=Markup.escape(_("by %(name)s")),
    )


# --- the reader's own parts ---------------------------------------------------------------


def _reader_columns(user_id: Any, tagged: bool = False) -> dict[str, Any]:
    """Whether the viewer follows the channel (:channel_id), and the threads its page lists
    (:offset, and :tag_pattern if `tagged`) with how far the viewer read each, as
    "thread:seq" ("thread:" for one they have not opened), as columns for one row."""
    pattern = bindparam("tag_pattern") if tagged else None
    listed = (
        select(Thread.id)
        .where(*queries.in_channel(bindparam("channel_id"), pattern))
        .order_by(*queries.CHANNEL_ORDER)
        .limit(queries.THREADS_PER_PAGE)
        .offset(bindparam("offset"))
        .subquery()
    )
    read = and_(ThreadRead.thread_id == listed.c.id, ThreadRead.user_id == user_id)
    seq = func.coalesce(cast(ThreadRead.last_seq, String), literal_column("''"))
    reads = select(joined(cast(listed.c.id, String) + ":" + seq)).select_from(
        listed.outerjoin(ThreadRead, read)
    )
    follows = select(Subscription.id).where(
        Subscription.user_id == user_id, Subscription.channel_id == bindparam("channel_id")
    )
    return {
        "channel_version": versions.column("channel", bindparam("channel_id")),
        "channel_follows": follows.exists(),
        "channel_reads": reads.scalar_subquery(),
    }


def _params(request: Request) -> dict[str, Any]:
    params = {
        "channel_id": request.view_args.get("channel_id"),
        "offset": (page_number(request.args) - 1) * queries.THREADS_PER_PAGE,
    }
    if tag := request.args.get("tag"):
        params["tag_pattern"] = queries.tag_pattern(tag)
    return params


# The channel page reads them with the viewer (auth/viewer.py): two statements, with a
# tag's pattern and without, each planned for what it is.
read_along_on(
    "discussions.channel",
    lambda given: _reader_columns(User.id, "tag_pattern" in given),
    _params,
)
_READER = {
    tagged: select(*_reader_columns(bindparam("user_id"), tagged).values())
    for tagged in (False, True)
}
_READER_NAMES = tuple(_reader_columns(User.id))


def _reader(viewer: Any, listing: ChannelListing) -> tuple[bool, dict[int, int]]:
    row = along_row(_READER_NAMES)
    _, follows, reads = row or (None, None, None)
    seen = _seen(reads) if row is not None else None
    if seen is None or seen[0] != set(listing.last_seq):
        # Not read with the viewer, or the threads listed changed since the page was kept
        # (a write between the two statements): ask again, for this page's threads.
        params = {**_params(request), "user_id": viewer.id}
        statement = _READER["tag_pattern" in params]
        _, follows, reads = db.session.connection().execute(statement, params).one()
        seen = _seen(reads)
    return bool(follows), seen[1]


def _seen(reads: str | None) -> tuple[set[int], dict[int, int]]:
    """The threads listed, and how far the viewer read those they opened."""
    pairs = [item.split(":") for item in reads.split(",")] if reads else []
    return {int(thread) for thread, _ in pairs}, {int(t): int(s) for t, s in pairs if s}


def serve(page: pagecache.Page, viewer: Any) -> bytes:
    listing: ChannelListing = page.meta
    follows, seen = _reader(viewer, listing)

    def unread(thread_id: str) -> bool:
        thread = int(thread_id)
        return seen.get(thread, 0) < listing.last_seq[thread]

    catalog = request_translations()  # Flask-Babel's _() looks it up again on every call
    new, some_new = catalog.ugettext("New"), catalog.ugettext("%(num)d new")

    def new_posts(thread_id: str) -> str:
        thread = int(thread_id)
        if not seen.get(thread):
            return new
        return some_new % {"num": listing.last_seq[thread] - seen[thread]}

    fills = {"subscribed": lambda arg: follows, "thread_unread": unread, "new_posts": new_posts}
    return page.html(fills, _same_everywhere(listing, seen, new))


def _same_everywhere(listing: ChannelListing, seen: dict[int, int], new: str) -> dict:
    """For a reader who has opened none of the threads listed, or read them all, every row
    is the same: all new, or none."""
    if not seen:
        return {"thread_unread": True, "new_posts": new}
    if all(seen.get(thread, 0) >= last for thread, last in listing.last_seq.items()):
        return {"thread_unread": False, "new_posts": ""}
    return {}
