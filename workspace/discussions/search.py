"""Full-text search over threads and posts: SQLite FTS5 or PostgreSQL, one interface.

SQLite keeps a separate FTS5 table (`post_fts`, rowid = post id) that the write paths
update through index_post()/unindex_post(). PostgreSQL keeps the words of each post and
thread title in a generated column (`posts.body_fts`, `threads.title_fts`, to_tsvector
'simple', GIN-indexed): the database fills them on every write, and ranking reads them
instead of parsing every matching post again. Both are permission-filtered with
readable_channels_filter() and return highlights as escaped text with <mark> around the
matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import DDL, column, event, func, literal_column, select, table, text, union_all
from sqlalchemy.orm import joinedload

from workspace.auth.models import User
from workspace.discussions.models import Post, Thread
from workspace.discussions.permissions import readable_channel_ids
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


@dataclass
class Hit:
    post: Post
    thread: Thread
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


def _filters(query, user: User, params: SearchParams):
    query = query.where(
        Thread.channel_id.in_(readable_channel_ids(user)),
        Post.deleted_at.is_(None),
        Post.hidden_at.is_(None),
    )
    if params.channel:
        query = query.where(Thread.channel_id == params.channel)
    if params.author:
        authors = select(User.id).where(
            User.display_name.ilike(f"%{_like(params.author)}%", escape="\\")
        )
        query = query.where(Post.author_id.in_(authors))
    if params.tag:
        query = query.where(Thread.tags.contains(f" {params.tag} ", autoescape=True))
    if params.since:
        query = query.where(Post.created_at >= datetime.combine(params.since, time(), UTC))
    if params.until:
        end = datetime.combine(params.until + timedelta(days=1), time(), UTC)
        query = query.where(Post.created_at < end)
    return query


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_query(user: User, params: SearchParams, offset: int):
    match = _fts5_query(params.q)
    if not match:
        return None
    title_snip = literal_column(f"highlight(post_fts, 0, '{_START}', '{_STOP}')")
    body_snip = literal_column(f"snippet(post_fts, 1, '{_START}', '{_STOP}', '…', 24)")
    fts = table("post_fts", column("rowid"), column("rank"))
    query = (
        select(Post, Thread, title_snip, body_snip)
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .join(fts, fts.c.rowid == Post.id)
        .where(text("post_fts MATCH :match").bindparams(match=match))
        .order_by(fts.c.rank)
    )
    return _filters(query, user, params).limit(PER_PAGE).offset(offset)


def _postgres_query(user: User, params: SearchParams, offset: int):
    """Posts whose text matches, or opening posts whose thread title matches, best first.

    Each side of the UNION ALL comes from its GIN index and ranks its rows where it reads
    them (going back to the rows by id cost as much as the ranking); the title side leaves
    out the opening posts the body side found, so no post comes twice. Only the page's 20
    rows are joined to their authors and highlighted.
    """
    tsquery = func.websearch_to_tsquery("simple", params.q)
    body_vector = literal_column("posts.body_fts")
    title_vector = literal_column("threads.title_fts")
    rank = func.ts_rank(body_vector, tsquery) + func.ts_rank(title_vector, tsquery)
    ranked = select(Post.id.label("id"), rank.label("rank")).join(
        Thread, Thread.id == Post.thread_id
    )
    in_body = body_vector.bool_op("@@")(tsquery)
    by_body = ranked.where(in_body)
    by_title = ranked.where(Post.seq == 1, title_vector.bool_op("@@")(tsquery), ~in_body)
    found = union_all(_filters(by_body, user, params), _filters(by_title, user, params))
    found = found.subquery("found")
    page = (
        select(found.c.id, found.c.rank)
        .order_by(found.c.rank.desc(), found.c.id.desc())
        .limit(PER_PAGE)
        .offset(offset)
        .subquery("page")
    )
    options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=40, MinWords=15, MaxFragments=2"
    title_options = f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true"
    return (
        select(
            Post,
            Thread,
            func.ts_headline("simple", Thread.title, tsquery, title_options),
            func.ts_headline("simple", Post.body, tsquery, options),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .join(page, page.c.id == Post.id)
        .order_by(page.c.rank.desc(), Post.id.desc())
    )


def search(user: User, params: SearchParams) -> list[Hit]:
    if not params.q:
        return []
    offset = (params.page - 1) * PER_PAGE
    if _is_sqlite():
        query = _sqlite_query(user, params, offset)
        if query is None:
            return []
    else:
        query = _postgres_query(user, params, offset)
    query = query.options(joinedload(Post.author))
    hits = []
    for post, thread, title, snippet in db.session.execute(query).unique():
        hits.append(Hit(post, thread, highlight(title or thread.title), highlight(snippet)))
    return hits
