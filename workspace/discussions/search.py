"""Full-text search over threads and posts: SQLite FTS5 or PostgreSQL, one interface.

SQLite keeps a separate FTS5 table (`post_fts`, rowid = post id) that the write paths
update through index_post()/unindex_post(). PostgreSQL keeps the words of each post and
thread title in a generated column (`posts.body_fts`, `threads.title_fts`, to_tsvector
'simple', GIN-indexed): the database fills them on every write, and ranking reads them
instead of parsing every matching post again. Both are permission-filtered with
readable_channels_filter() and return highlights as escaped text with <mark> around the
matches: FTS5 cuts them itself, PostgreSQL's are cut in core/excerpts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    DDL,
    Select,
    String,
    bindparam,
    case,
    column,
    event,
    func,
    literal_column,
    select,
    table,
    text,
    true,
    union_all,
)

from workspace.auth.models import Account, User
from workspace.core.excerpts import excerpt, marked, searched_words
from workspace.discussions.models import Channel, Post, Thread
from workspace.discussions.permissions import readable_channels_filter
from workspace.extensions import db

PER_PAGE = 20
_START, _STOP = "\x02", "\x03"

# --- schema: created with the tables (create_all) and by the migration -------------------

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS post_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS post_fts"
# PostgreSQL: the generated columns and their indexes (names end in _fts: see include_object).
# STORAGE MAIN keeps a post's vector in its row: left to the default, PostgreSQL moved it out
# to the TOAST table for most posts (it is the widest column and compresses badly), and
# fetching it back for ts_rank cost more than the ranking itself.
PG_CREATE_POSTS = [
    "ALTER TABLE posts ADD COLUMN IF NOT EXISTS body_fts tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    "ALTER TABLE posts ALTER COLUMN body_fts SET STORAGE MAIN",
    "CREATE INDEX IF NOT EXISTS ix_posts_body_fts ON posts USING gin (body_fts)",
    # New entries wait in a pending list that every search reads through until it is merged
    # (4 MB by default: all of 4,000 thread titles, or a bulk import): 256 kB keeps it short.
    "ALTER INDEX ix_posts_body_fts SET (gin_pending_list_limit = 256)",
]
PG_CREATE_THREADS = [
    "ALTER TABLE threads ADD COLUMN IF NOT EXISTS title_fts tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_threads_title_fts ON threads USING gin (title_fts)",
    "ALTER INDEX ix_threads_title_fts SET (gin_pending_list_limit = 256)",
]
PG_CREATE = PG_CREATE_POSTS + PG_CREATE_THREADS
PG_DROP = [
    "DROP INDEX IF EXISTS ix_posts_body_fts",
    "DROP INDEX IF EXISTS ix_threads_title_fts",
    "ALTER TABLE posts DROP COLUMN IF EXISTS body_fts",
    "ALTER TABLE threads DROP COLUMN IF EXISTS title_fts",
]

event.listen(Post.__table__, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite"))
event.listen(Post.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))
for _statement in PG_CREATE_POSTS:
    event.listen(Post.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in PG_CREATE_THREADS:
    event.listen(Thread.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: the search objects are written by hand, not compared with the models."""
    return not (name and ("_fts" in name or name.startswith("post_fts")))


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


# --- keeping the SQLite index in step ---------------------------------------------------


def index_post(post: Post, title: str | None = None) -> None:
    if not _is_sqlite():
        return
    unindex_post(post)
    if not post.is_visible:
        return
    db.session.execute(
        text("INSERT INTO post_fts(rowid, title, body) VALUES (:id, :title, :body)"),
        {"id": post.id, "title": title or "", "body": post.body},
    )


def unindex_post(post: Post) -> None:
    if _is_sqlite():
        db.session.execute(text("DELETE FROM post_fts WHERE rowid = :id"), {"id": post.id})


# --- queries ------------------------------------------------------------------------------


@dataclass
class SearchParams:
    q: str = ""
    channel: int | None = None
    author: str = ""
    tag: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> SearchParams:
        def _int(value):
            try:
                return int(value) if value not in (None, "") else None
            except ValueError:
                return None

        def _date(value):
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                return None

        return cls(
            q=(args.get("q") or "").strip()[:200],
            channel=_int(args.get("channel")),
            author=(args.get("author") or "").strip()[:200],
            tag=(args.get("tag") or "").strip().lower().lstrip("#")[:40],
            since=_date(args.get("since")),
            until=_date(args.get("until")),
            page=max(1, _int(args.get("page")) or 1),
        )


@dataclass(frozen=True)
class Hit:
    """One result: only what the page and the API show, read as plain columns."""

    post_id: int
    thread_id: int
    channel_id: int
    author_id: int
    author_name: str
    created_at: datetime
    title: Markup
    snippet: Markup


def highlight(raw: str | None) -> Markup:
    """Escape everything, then turn the match markers into <mark> elements."""
    escaped = str(escape(raw or ""))
    return Markup(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _fts5_query(q: str) -> str:
    """Each word as a quoted FTS5 string: user input never becomes FTS5 syntax."""
    words = re.findall(r"\w+", q, re.UNICODE)
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The statements are built once per process for each combination of filters, with bound
# parameters: building the PostgreSQL one took about 2 ms of every search.


@dataclass(frozen=True)
class Reach:
    """The channels a reader may read, for the search, and how PostgreSQL keeps the others'
    posts out: nothing to do when all are read; most readers miss a few restricted
    channels, whose threads are found through their channel index and left out as a set;
    a reader admitted to few channels (fewer threads read than hidden) has each matching
    post's thread looked up instead (`look_up`), which costs in proportion to the matches,
    not to the forum."""

    readable: tuple[int, ...]
    hidden: tuple[int, ...] = ()
    look_up: bool = False

    @classmethod
    def of(cls, rows) -> Reach:
        """From rows of (id, readable, thread_count), one per channel."""
        readable = [r for r in rows if r.readable]
        hidden = [r for r in rows if not r.readable]
        return cls(
            readable=tuple(r.id for r in readable),
            hidden=tuple(r.id for r in hidden),
            look_up=sum(r.thread_count for r in hidden) > sum(r.thread_count for r in readable),
        )


def channels_of(user: Account, *columns) -> list:
    """Every channel as (id, readable, thread_count, *columns), in the channel list's order:
    what the search needs to know of them, with one statement."""
    readable = readable_channels_filter(user).label("readable")
    return db.session.execute(
        select(Channel.id, readable, Channel.thread_count, *columns).order_by(
            Channel.kind, Channel.position, Channel.name
        )
    ).all()


def reach_of(user: Account) -> Reach:
    return Reach.of(channels_of(user))


@dataclass(frozen=True)
class _Shape:
    """Which of the optional filters a search uses, and how it keeps hidden posts out."""

    channel: bool = False
    author: bool = False
    tag: bool = False
    since: bool = False
    until: bool = False
    leave_out: bool = False  # leave out the threads of the hidden channels
    look_up: bool = False  # look each matching post's thread up

    @classmethod
    def of(cls, params: SearchParams, reach: Reach) -> _Shape:
        return cls(
            channel=bool(params.channel),
            author=bool(params.author),
            tag=bool(params.tag),
            since=bool(params.since),
            until=bool(params.until),
            leave_out=bool(reach.hidden) and not reach.look_up,
            look_up=reach.look_up,
        )


def _values(params: SearchParams, reach: Reach) -> dict[str, Any]:
    values: dict[str, Any] = {
        "q": params.q,
        "match": _fts5_query(params.q),
        "channels": list(reach.readable),
        "hidden": list(reach.hidden),
        "channel": params.channel,
        "author": f"%{_like(params.author)}%",
        "tag": f"%{_like(f' {params.tag} ')}%",
        "limit": PER_PAGE,
        "offset": (params.page - 1) * PER_PAGE,
    }
    if params.since:
        values["since"] = datetime.combine(params.since, time(), UTC)
    if params.until:
        values["until"] = datetime.combine(params.until + timedelta(days=1), time(), UTC)
    return values


def _post_filters(shape: _Shape) -> list:
    clauses = [Post.deleted_at.is_(None), Post.hidden_at.is_(None)]
    if shape.author:
        authors = select(User.id).where(User.display_name.ilike(bindparam("author"), escape="\\"))
        clauses.append(Post.author_id.in_(authors))
    if shape.since:
        clauses.append(Post.created_at >= bindparam("since"))
    if shape.until:
        clauses.append(Post.created_at < bindparam("until"))
    return clauses


def _thread_filters(shape: _Shape) -> list:
    """Readable channels come in as ids, worked out by readable_channels_filter()."""
    clauses = [Thread.channel_id.in_(bindparam("channels", expanding=True))]
    if shape.channel:
        clauses.append(Thread.channel_id == bindparam("channel"))
    if shape.tag:
        clauses.append(Thread.tags.like(bindparam("tag"), escape="\\"))
    return clauses


# Hit's first fields in their order, then the thread's title.
_COLUMNS = (
    Post.id,
    Post.thread_id,
    Thread.channel_id,
    Post.author_id,
    User.display_name,
    Post.created_at,
    Thread.title,
)


@cache
def _sqlite_statement(shape: _Shape) -> Select:
    title_snip = literal_column(f"highlight(post_fts, 0, '{_START}', '{_STOP}')")
    body_snip = literal_column(f"snippet(post_fts, 1, '{_START}', '{_STOP}', '…', 24)")
    fts = table("post_fts", column("rowid"), column("rank"))
    return (
        select(*_COLUMNS, title_snip, body_snip)
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .join(fts, fts.c.rowid == Post.id)
        .outerjoin(User, User.id == Post.author_id)
        .where(text("post_fts MATCH :match"), *_post_filters(shape), *_thread_filters(shape))
        .order_by(fts.c.rank)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _title_rank(title_vector, tsquery):
    """A thread title's part of a post's rank: its own rank where the title matches the
    query, else none (a title with a word the query excludes adds nothing)."""
    return case((title_vector.bool_op("@@")(tsquery), func.ts_rank(title_vector, tsquery)), else_=0)


def _by_body_filtered(shape: _Shape, tsquery, in_body) -> Select:
    """Matching posts in the threads a channel or tag filter leaves, or in the few channels
    a reader may read: each post looks its thread up by id (remembered per thread). Left to
    itself the planner reads and hashes every thread of the forum instead: it assumes the
    words of a query occur independently, so it expects a tenth of the posts that two
    related words match, and it prices each lookup as a disk read. OFFSET 0 keeps the
    lookup a lookup."""
    title_vector = literal_column("threads.title_fts")
    thread_rank = (
        select(_title_rank(title_vector, tsquery).label("rank"))
        .where(Thread.id == Post.thread_id, *_thread_filters(shape))
        .offset(0)
        .lateral("thread_rank")
    )
    body_rank = func.ts_rank(literal_column("posts.body_fts"), tsquery)
    return (
        select(Post.id.label("id"), (body_rank + thread_rank.c.rank).label("rank"))
        .select_from(Post)
        .join(thread_rank, true())
        .where(in_body, *_post_filters(shape))
    )


def _by_body(shape: _Shape, tsquery, in_body) -> Select:
    """Matching posts the reader may read, with the rank of the few threads whose titles
    match: no lookup of each post's thread, which cost as much as the rest of the search.
    The threads of hidden channels are left out as a set (see Reach)."""
    title_vector = literal_column("threads.title_fts")
    titles = (
        select(Thread.id, func.ts_rank(title_vector, tsquery).label("rank"))
        .where(title_vector.bool_op("@@")(tsquery))
        .subquery("titles")
    )
    body_rank = func.ts_rank(literal_column("posts.body_fts"), tsquery)
    rank = body_rank + func.coalesce(titles.c.rank, 0)
    return (
        select(Post.id.label("id"), rank.label("rank"))
        .select_from(Post)
        .outerjoin(titles, titles.c.id == Post.thread_id)
        .where(in_body, *_reach_filters(shape), *_post_filters(shape))
    )


def _reach_filters(shape: _Shape) -> list:
    """Not the threads of the hidden channels: NOT IN keeps them a hashed set the matching
    posts are checked against. (The readable threads as an IN set would not do: PostgreSQL
    joins them to the posts and, expecting a tenth of the matches, searches the index again
    for each thread, 0.27 ms a thread.)"""
    if not shape.leave_out:
        return []
    hidden = bindparam("hidden", expanding=True)
    return [Post.thread_id.not_in(select(Thread.id).where(Thread.channel_id.in_(hidden)))]


@cache
def _postgres_statement(shape: _Shape) -> Select:
    """Posts whose text matches, or opening posts whose thread title matches, best first.

    Each side of the UNION ALL comes from its GIN index and ranks its rows where it reads
    them (going back to the rows by id cost as much as the ranking); the title side leaves
    out the opening posts the body side found, so no post comes twice. Only the page's 20
    rows are joined to their authors, and come with the text their excerpts are cut from.
    """
    tsquery = func.websearch_to_tsquery("simple", bindparam("q", type_=String))
    body_vector = literal_column("posts.body_fts")
    title_vector = literal_column("threads.title_fts")
    in_body = body_vector.bool_op("@@")(tsquery)
    if shape.channel or shape.tag or shape.look_up:
        by_body = _by_body_filtered(shape, tsquery, in_body)
    else:
        by_body = _by_body(shape, tsquery, in_body)
    rank = func.ts_rank(body_vector, tsquery) + func.ts_rank(title_vector, tsquery)
    by_title = (
        select(Post.id.label("id"), rank.label("rank"))
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.seq == 1, title_vector.bool_op("@@")(tsquery), ~in_body)
        .where(*_post_filters(shape), *_thread_filters(shape))
    )
    found = union_all(by_body, by_title).subquery("found")
    page = (
        select(found.c.id, found.c.rank)
        .order_by(found.c.rank.desc(), found.c.id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    return (
        select(*_COLUMNS, Post.body)
        .select_from(page)
        .join(Post, Post.id == page.c.id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(User, User.id == Post.author_id)
        .order_by(page.c.rank.desc(), Post.id.desc())
    )


def search(user: Account, params: SearchParams, reach: Reach | None = None) -> list[Hit]:
    """One page of the posts `user` may read that match, best first.

    `reach`: the channels `user` may read, when the caller has them already (the search
    page lists them); otherwise they are looked up here.
    """
    sqlite = _is_sqlite()
    if not params.q or (sqlite and not _fts5_query(params.q)):
        return []
    if reach is None:
        reach = reach_of(user)
    if not reach.readable:
        return []
    shape = _Shape.of(params, reach)
    values = _values(params, reach)
    if sqlite:
        return [_marked_hit(row) for row in db.session.execute(_sqlite_statement(shape), values)]
    words = searched_words(params.q)
    rows = db.session.execute(_postgres_statement(shape), values)
    return [_cut_hit(row, words) for row in rows]


def _marked_hit(row) -> Hit:
    """From FTS5's title and snippet, with markers around the matches."""
    *columns, thread_title, title, snippet = row
    return Hit(*columns, highlight(title or thread_title), highlight(snippet))


def _cut_hit(row, words: frozenset[str]) -> Hit:
    *columns, title, body = row
    return Hit(*columns, marked(title, words), excerpt(body, words))
