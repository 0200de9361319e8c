"""Reads for pages and the API; every listing is filtered by readable_channels_filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from workspace.core.permissions import ensure
from workspace.discussions.models import (
    Channel,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
)
from workspace.discussions.notifications import still_readable
from workspace.discussions.permissions import (
    READ_DISCUSSIONS,
    can_read_channel,
    readable_channel_ids,
    readable_channels_filter,
)
from workspace.extensions import db

THREADS_PER_PAGE = 30
BRANCHES_PER_PAGE = 20
FLAT_PER_PAGE = 50
# Deeper replies are folded behind a "continue this conversation" link.
MAX_DEPTH = 6


def get_channel_or_404(channel_id: int, user: Any = None) -> Channel:
    user = current_user if user is None else user
    ensure(READ_DISCUSSIONS, user=user)
    channel = db.session.get(Channel, channel_id)
    if channel is None or not can_read_channel.allows(user, channel):
        abort(404)  # a restricted channel does not exist for outsiders
    return channel


def get_thread_or_404(thread_id: int, user: Any = None) -> Thread:
    user = current_user if user is None else user
    ensure(READ_DISCUSSIONS, user=user)
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.channel)])
    if thread is None or not can_read_channel.allows(user, thread):
        abort(404)
    return thread


def get_post_or_404(post_id: int, user: Any = None) -> Post:
    user = current_user if user is None else user
    ensure(READ_DISCUSSIONS, user=user)
    post = db.session.get(Post, post_id)
    if post is None or not can_read_channel.allows(user, post.thread):
        abort(404)
    return post


def readable_channels(user: Any) -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel)
            .where(readable_channels_filter(user))
            .order_by(Channel.kind, Channel.position, Channel.name)
        )
    )


def readable_threads(user: Any):
    """A select of threads in channels the user may read."""
    return select(Thread).where(Thread.channel_id.in_(readable_channel_ids(user)))


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


def _pages(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def channel_threads(channel: Channel, user: Any, page: int = 1, tag: str | None = None) -> Page:
    query = select(Thread).where(Thread.channel_id == channel.id)
    total = channel.thread_count
    if tag:
        query = query.where(Thread.tags.contains(f" {tag} ", autoescape=True))
        total = db.session.scalar(
            select(func.count(Thread.id)).where(
                Thread.channel_id == channel.id, Thread.tags.contains(f" {tag} ", autoescape=True)
            )
        )
    threads = list(
        db.session.scalars(
            query.options(joinedload(Thread.author))
            .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
            .limit(THREADS_PER_PAGE)
            .offset((page - 1) * THREADS_PER_PAGE)
        ).unique()
    )
    return Page(threads, page, _pages(total, THREADS_PER_PAGE), total)


def last_read(user: Any, thread_ids: list[int]) -> dict[int, int]:
    if not thread_ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(ThreadRead.thread_id, ThreadRead.last_seq).where(
            ThreadRead.user_id == user.id, ThreadRead.thread_id.in_(thread_ids)
        )
    )
    return dict(rows.all())


@dataclass
class PostView:
    """What a thread page needs about its posts, fetched in a fixed number of queries."""

    posts: list[Post]
    reactions: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: set[tuple[int, str]] = field(default_factory=set)
    folded: dict[int, int] = field(default_factory=dict)
    revisions: set[int] = field(default_factory=set)
    parents: dict[int, int] = field(default_factory=dict)


def _decorate(posts: list[Post], user: Any) -> PostView:
    view = PostView(posts)
    ids = [p.id for p in posts]
    for post_id, kind, count in db.session.execute(
        select(Reaction.post_id, Reaction.kind, func.count())
        .where(Reaction.post_id.in_(ids))
        .group_by(Reaction.post_id, Reaction.kind)
    ):
        view.reactions.setdefault(post_id, {})[kind] = count
    view.mine = set(
        db.session.execute(
            select(Reaction.post_id, Reaction.kind).where(
                Reaction.post_id.in_(ids), Reaction.user_id == user.id
            )
        ).all()
    )
    view.revisions = set(
        db.session.scalars(
            select(PostRevision.post_id).where(PostRevision.post_id.in_(ids)).distinct()
        )
    )
    # Always run (even with nothing to look up), so a page costs the same number of queries.
    parent_ids = {p.parent_id for p in posts if p.parent_id}
    view.parents = dict(
        db.session.execute(select(Post.id, Post.seq).where(Post.id.in_(parent_ids))).all()
    )
    return view


def _folded(deepest: list[int]) -> dict[int, int]:
    """How many replies hang below each post at the deepest level shown."""
    child = select(Post.parent_id, func.count()).where(Post.parent_id.in_(deepest))
    return dict(db.session.execute(child.group_by(Post.parent_id)).all())


def thread_tree(thread: Thread, user: Any, page: int = 1) -> tuple[PostView, Page]:
    """One page of root-level branches, each with its replies down to MAX_DEPTH levels."""
    roots_query = select(Post.id).where(Post.thread_id == thread.id, Post.parent_id.is_(None))
    total = db.session.scalar(select(func.count()).select_from(roots_query.subquery()))
    root_ids = list(
        db.session.scalars(
            roots_query.order_by(Post.seq)
            .limit(BRANCHES_PER_PAGE)
            .offset((page - 1) * BRANCHES_PER_PAGE)
        )
    )
    posts = (
        list(
            db.session.scalars(
                select(Post)
                .options(joinedload(Post.author))
                .where(
                    Post.thread_id == thread.id,
                    Post.root_id.in_(root_ids),
                    Post.depth <= MAX_DEPTH,
                )
                .order_by(Post.path)
            ).unique()
        )
        if root_ids
        else []
    )
    view = _decorate(posts, user)
    view.folded = _folded([p.id for p in posts if p.depth == MAX_DEPTH])
    return view, Page(root_ids, page, _pages(total, BRANCHES_PER_PAGE), total)


def subtree(thread: Thread, post: Post, user: Any) -> PostView:
    """A folded branch on its own page: the post and its replies (MAX_DEPTH levels deeper)."""
    posts = list(
        db.session.scalars(
            select(Post)
            .options(joinedload(Post.author))
            .where(
                Post.thread_id == thread.id,
                Post.path.startswith(post.path),
                Post.depth <= post.depth + MAX_DEPTH,
            )
            .order_by(Post.path)
        ).unique()
    )
    posts = [p for p in posts if p.id == post.id or p.path.startswith(post.path + "/")]
    view = _decorate(posts, user)
    view.folded = _folded([p.id for p in posts if p.depth == post.depth + MAX_DEPTH])
    return view


def thread_flat(thread: Thread, user: Any, page: int = 1) -> tuple[PostView, Page]:
    """Posts in the order written; pages are ranges of sequence numbers (an index lookup)."""
    first, last = (page - 1) * FLAT_PER_PAGE + 1, page * FLAT_PER_PAGE
    posts = list(
        db.session.scalars(
            select(Post)
            .options(joinedload(Post.author))
            .where(Post.thread_id == thread.id, and_(Post.seq >= first, Post.seq <= last))
            .order_by(Post.seq)
        ).unique()
    )
    return _decorate(posts, user), Page(
        posts, page, _pages(thread.last_seq, FLAT_PER_PAGE), thread.last_seq
    )


def flat_page_of(post: Post) -> int:
    return (post.seq - 1) // FLAT_PER_PAGE + 1


def revisions(post: Post) -> list[PostRevision]:
    return list(
        db.session.scalars(
            select(PostRevision)
            .options(joinedload(PostRevision.editor))
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())
        ).unique()
    )


def notifications_for(user: Any, limit: int = 100) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .options(
                joinedload(Notification.thread),
                joinedload(Notification.practice),
                joinedload(Notification.actor),
            )
            .where(Notification.user_id == user.id, still_readable(user))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        ).unique()
    )


def recent_threads_by(author_id: int, viewer: Any, limit: int = 5) -> list[Thread]:
    """The author's latest threads that the viewer may read (for the profile page)."""
    query = (
        readable_threads(viewer)
        .where(Thread.author_id == author_id)
        .order_by(Thread.created_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
