"""The channel page (its threads, 30 a page), rendered once for everyone and filled per reader.

What differs between readers with the same role, language and zone is whether they may
start a thread there, which of the listed threads have posts they have not read, and
whether they follow the channel: the first is in the cache key (core/pagecache.py), the
others are slots filled from one statement per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, String, bindparam, cast, func, literal_column, select

from workspace.core import pagecache
from workspace.core.i18n import request_translations
from workspace.core.templating import url_maker
from workspace.discussions import queries
from workspace.discussions.models import Channel, Subscription, ThreadRead
from workspace.discussions.permissions import (
    WRITE_IN,
    ChannelAccess,
    channel_access,
)
from workspace.extensions import db

# Thread rows name their authors.
DOMAINS = ("discussions", "members")


@dataclass(frozen=True)
class ChannelListing:
    """Kept beside a rendered channel page: the threads listed, by id, with their last post
    number (what "unread" is measured against)."""

    last_seq: dict[int, int]


def access_or_404(channel_id: int, viewer: Any) -> ChannelAccess:
    load = partial(_access, channel_id)
    return queries.kept_access_or_404(("channel", channel_id), load, viewer)


def _access(channel_id: int) -> ChannelAccess | None:
    channel = db.session.get(Channel, channel_id)
    return channel_access(channel) if channel is not None else None


def audience(viewer: Any, access: ChannelAccess) -> tuple:
    return (WRITE_IN.allows(viewer, access),)


def render(channel_id: int, viewer: Any, number: int, tag: str | None) -> pagecache.Page:
    """The page as everyone may see it: nobody's reading state (those are slots)."""
    channel = queries.get_channel_or_404(channel_id, viewer)
    listing = queries.channel_threads(channel, None, number, tag=tag)
    threads = listing.threads
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
        by_author=_("by %(name)s"),
    )


# --- the reader's own parts ---------------------------------------------------------------


@cache
def _reader_statement(threads: int) -> Select:
    """Whether the viewer follows the channel, and how far they read each listed thread as
    "thread:seq,thread:seq". One bound value per thread, not an expanding IN list, whose
    binding costs more than the query; one statement per page length, built once."""
    listed = [bindparam(f"thread_{i}") for i in range(threads)]
    reads = (
        select(
            func.aggregate_strings(
                cast(ThreadRead.thread_id, String) + ":" + cast(ThreadRead.last_seq, String),
                literal_column("','"),
            )
        )
        .where(ThreadRead.user_id == bindparam("user_id"), ThreadRead.thread_id.in_(listed))
        .scalar_subquery()
    )
    follows = (
        select(Subscription.id)
        .where(
            Subscription.user_id == bindparam("user_id"),
            Subscription.channel_id == bindparam("channel_id"),
        )
        .exists()
    )
    return select(follows, reads)


def _reader(viewer: Any, channel_id: int, listing: ChannelListing) -> tuple[bool, dict[int, int]]:
    params = {f"thread_{i}": thread_id for i, thread_id in enumerate(listing.last_seq)}
    params.update(user_id=viewer.id, channel_id=channel_id)
    statement = _reader_statement(len(listing.last_seq))
    follows, reads = db.session.connection().execute(statement, params).one()
    pairs = (item.split(":") for item in reads.split(",")) if reads else ()
    return bool(follows), {int(thread): int(seq) for thread, seq in pairs}


def serve(page: pagecache.Page, viewer: Any, channel_id: int) -> bytes:
    listing: ChannelListing = page.meta
    follows, seen = _reader(viewer, channel_id, listing)

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
    return page.html(fills)
