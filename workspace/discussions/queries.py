"""Reads for pages and the API; every listing is filtered by readable_channels_filter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, case, func, literal, select
from sqlalchemy.orm import aliased, joinedload

from workspace.auth.models import User
from workspace.core import pagecache
from workspace.core.paging import Page, page_count
from workspace.core.permissions import ensure
from workspace.discussions.models import (
    Channel,
    Post,
    PostRevision,
    Reaction,
    Thread,
)
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
    # The access rule reads the channel. A thread this request already loaded (the thread
    # page's facts) comes from the session without a query, options or not.
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.channel)])
    if thread is None or not can_read_channel.allows(user, thread):
        abort(404)
    return thread


def kept_access_or_404(key: tuple, shown: tuple, load: Callable[[], Any], viewer: Any) -> Any:
    """The access rules `load()` gives (a thread's, a channel's), kept until one of the
    objects `shown` changes (core/versions.py); 404 when there are none or they do not
    admit the viewer."""
    ensure(READ_DISCUSSIONS, user=viewer)
    access = pagecache.kept(key, shown, load)
    if access is None or not can_read_channel.allows(viewer, access):
        abort(404)  # a restricted channel does not exist for outsiders
    return access


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


def _pages(total: int, per_page: int) -> int:
    return page_count(total, per_page)


# How a channel page orders its threads (ix_threads_channel_order serves it).
CHANNEL_ORDER = (Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())


def tag_pattern(tag: str) -> str:
    """A LIKE pattern (escaped with "/") for the threads with this tag."""
    escaped = tag.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"% {escaped} %"


def in_channel(channel_id: Any, pattern: Any = None) -> tuple:
    """The threads a channel page lists, with a tag's pattern or all; either value may be a
    bound parameter. No pattern rather than "%" for all: PostgreSQL, planning for any
    pattern, would guess that few threads match and sort them all to find the newest."""
    where = (Thread.channel_id == channel_id,)
    return where if pattern is None else (*where, Thread.tags.like(pattern, escape="/"))


def channel_threads(channel: Channel, page: int = 1, tag: str | None = None) -> Page:
    """A page of a channel's threads with their authors (the reader's own state is read
    apart: discussions/channel_page.py)."""
    where = in_channel(channel.id, tag_pattern(tag) if tag else None)
    total = channel.thread_count
    if tag:
        total = db.session.scalar(select(func.count(Thread.id)).where(*where))
    threads = db.session.scalars(
        select(Thread)
        .where(*where)
        .options(joinedload(Thread.author))
        .order_by(*CHANNEL_ORDER)
        .limit(THREADS_PER_PAGE)
        .offset((page - 1) * THREADS_PER_PAGE)
    ).all()
    return Page(list(threads), page, _pages(total, THREADS_PER_PAGE), total)


@dataclass
class PostView:
    """What a thread page needs about its posts, fetched in a fixed number of queries."""

    posts: list[Post]
    reactions: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: set[tuple[int, str]] = field(default_factory=set)
    folded: dict[int, int] = field(default_factory=dict)
    parents: dict[int, int] = field(default_factory=dict)


# The thread page's statements are built once per process, with bound parameters:
# building a statement of this size costs more than running it.


@dataclass(frozen=True, slots=True)
class PostRow:
    """A post as a thread page shows it, read as plain columns: building ORM objects for
    a page of 50 posts and their authors costs more than the query."""

    id: int
    thread_id: int
    author_id: int
    parent_id: int | None
    root_id: int | None
    seq: int
    depth: int
    path: str
    body_html: str
    created_at: Any
    edited_at: Any
    deleted_at: Any
    hidden_at: Any
    hidden_reason: str
    author_name: str

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None

    @classmethod
    def of(cls, post: Post) -> PostRow:
        """The row of a post already loaded as an object (a live event shows one post)."""
        return cls(*(getattr(post, name) for name in cls.__slots__[:-1]), post.author.display_name)


_ROW_COLUMNS = [getattr(Post, name) for name in PostRow.__slots__[:-1]]


@cache
def _posts_statement(fold: bool, extra: bool = False, light: bool = False) -> Select:
    """Posts with their authors, each with its parent's number and, when `fold`, at depth
    :fold_depth how many replies hang below it (the page folds them); `extra` adds the
    number of root-level posts of :thread_id, the same on every row. `light`: as PostRow
    columns rather than ORM objects."""
    parent, child = aliased(Post), aliased(Post)
    folded: Any = literal(0)
    if fold:
        below = select(func.count(child.id)).where(
            child.thread_id == Post.thread_id, child.parent_id == Post.id
        )
        folded = case((Post.depth == bindparam("fold_depth"), below.scalar_subquery()), else_=0)
    columns = [parent.seq, folded]
    if extra:
        columns.append(select(func.count()).select_from(_roots().subquery()).scalar_subquery())
    if light:
        statement = select(*_ROW_COLUMNS, User.display_name, *columns).join(
            User, User.id == Post.author_id
        )
    else:
        statement = select(Post, *columns).options(joinedload(Post.author))
    return statement.outerjoin(parent, parent.id == Post.parent_id)


def _load_posts(statement: Select, params: dict) -> tuple[PostView, list]:
    """Run a `_posts_statement`: one query, so a page costs the same however big the thread.
    Returns the posts and, when the statement has an extra column, its first value."""
    rows = db.session.execute(statement, params).all()
    width = len(PostRow.__slots__) if rows and len(rows[0]) > 4 else 1
    if width > 1:
        posts: list = [PostRow(*row[:width]) for row in rows]
    else:
        posts = [row[0] for row in rows]
    view = PostView(posts)
    for post, row in zip(posts, rows, strict=True):
        if row[width] is not None:
            view.parents[post.parent_id] = row[width]
        if row[width + 1]:
            view.folded[post.id] = row[width + 1]
    return view, [row[width + 2] for row in rows[:1] if len(row) > width + 2]


@cache
def _reactions_statement() -> Select:
    mine = func.max(case((Reaction.user_id == bindparam("user_id"), 1), else_=0))
    return (
        select(Reaction.post_id, Reaction.kind, func.count(), mine)
        .where(Reaction.post_id.in_(bindparam("post_ids", expanding=True)))
        .group_by(Reaction.post_id, Reaction.kind)
    )


def _add_reactions(view: PostView, user: Any) -> PostView:
    """Reaction counts and the viewer's own reactions, in one grouped query."""
    if not view.posts:
        return view
    params = {"post_ids": [p.id for p in view.posts], "user_id": getattr(user, "id", None)}
    for post_id, kind, count, own in db.session.execute(_reactions_statement(), params):
        view.reactions.setdefault(post_id, {})[kind] = count
        if own:
            view.mine.add((post_id, kind))
    return view


def _roots() -> Select:
    return select(Post.id).where(Post.thread_id == bindparam("thread_id"), Post.parent_id.is_(None))


@cache
def _tree_statement(light: bool = False) -> Select:
    page_roots = _roots().order_by(Post.seq).limit(bindparam("limit")).offset(bindparam("offset"))
    # No `thread_id =` here: the roots already are this thread's, and with it SQLite walks
    # the whole thread in path order instead of fetching the page's branches by root.
    return (
        _posts_statement(fold=True, extra=True, light=light)
        .where(Post.root_id.in_(page_roots.scalar_subquery()), Post.depth <= MAX_DEPTH)
        .order_by(Post.path)
    )


def thread_tree(
    thread: Thread, user: Any, page: int = 1, light: bool = False
) -> tuple[PostView, Page]:
    """One page of root-level branches, each with its replies down to MAX_DEPTH levels
    (`light`: as PostRows, for the page)."""
    params = {
        "thread_id": thread.id,
        "limit": BRANCHES_PER_PAGE,
        "offset": (page - 1) * BRANCHES_PER_PAGE,
        "fold_depth": MAX_DEPTH,
    }
    # The number of branches rides along on every row (the database counts it once).
    view, first = _load_posts(_tree_statement(light), params)
    if not first:  # a page past the last one has no rows to carry the total
        first = [db.session.scalar(select(func.count()).select_from(_roots().subquery()), params)]
    root_ids = [p.id for p in view.posts if p.parent_id is None]
    return _add_reactions(view, user), Page(
        root_ids, page, _pages(first[0], BRANCHES_PER_PAGE), first[0]
    )


def subtree(thread: Thread, post: Post, user: Any, light: bool = False) -> PostView:
    """A folded branch on its own page: the post and its replies (MAX_DEPTH levels deeper)."""
    statement = (
        _posts_statement(fold=True, light=light)
        .where(
            Post.thread_id == thread.id,
            Post.path.startswith(post.path),
            Post.depth <= post.depth + MAX_DEPTH,
        )
        .order_by(Post.path)
    )
    view, _ = _load_posts(statement, {"fold_depth": post.depth + MAX_DEPTH})
    view.posts = [p for p in view.posts if p.id == post.id or p.path.startswith(post.path + "/")]
    return _add_reactions(view, user)


@cache
def _flat_statement(light: bool = False) -> Select:
    return (
        _posts_statement(fold=False, light=light)
        .where(
            Post.thread_id == bindparam("thread_id"),
            Post.seq >= bindparam("first"),
            Post.seq <= bindparam("last"),
        )
        .order_by(Post.seq)
    )


def thread_flat(
    thread: Thread, user: Any, page: int = 1, light: bool = False
) -> tuple[PostView, Page]:
    """Posts in the order written; pages are ranges of sequence numbers (an index lookup)."""
    first, last = (page - 1) * FLAT_PER_PAGE + 1, page * FLAT_PER_PAGE
    view, _ = _load_posts(
        _flat_statement(light), {"thread_id": thread.id, "first": first, "last": last}
    )
    return _add_reactions(view, user), Page(
        view.posts, page, _pages(thread.last_seq, FLAT_PER_PAGE), thread.last_seq
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


def recent_threads_by(author_id: int, viewer: Any, limit: int = 5) -> list[Thread]:
    """The author's latest threads that the viewer may read (for the profile page)."""
    query = (
        readable_threads(viewer)
        .where(Thread.author_id == author_id)
        .order_by(Thread.created_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
