"""Full-text search over good practices, beside the discussions' search (same interface).

SQLite: an FTS5 table `practice_fts` (rowid = practice id) kept in step by index_practice().
PostgreSQL: a GIN expression index on the practice's text, searched directly. Results are
filtered by readable_practices_filter(), so drafts reach only their author and curators.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markupsafe import Markup
from sqlalchemy import (
    DDL,
    Select,
    String,
    bindparam,
    column,
    event,
    func,
    literal_column,
    select,
    table,
    text,
)

from workspace.core.excerpts import excerpt, marked, searched_words
from workspace.discussions.search import _START, _STOP, _fts5_query, _is_sqlite, highlight
from workspace.extensions import db
from workspace.practices.models import Practice
from workspace.practices.permissions import readable_practices_filter

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS practice_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS practice_fts"
# One expression for the index and the query, so PostgreSQL uses the index.
PG_DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, '') "
    "|| ' ' || coalesce(outcomes, '') || ' ' || coalesce(lessons, '')"
)
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS ix_practices_fts ON practices "
    f"USING gin (to_tsvector('simple', {PG_DOCUMENT}))"
)
PG_DROP = "DROP INDEX IF EXISTS ix_practices_fts"

event.listen(Practice.__table__, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite"))
event.listen(Practice.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))
event.listen(Practice.__table__, "after_create", DDL(PG_CREATE).execute_if(dialect="postgresql"))


def _document(practice: Practice) -> str:
    parts = (practice.summary, practice.body, practice.outcomes, practice.lessons)
    return "\n".join(p for p in parts if p)


def index_practice(practice: Practice) -> None:
    if not _is_sqlite():
        return
    db.session.execute(text("DELETE FROM practice_fts WHERE rowid = :id"), {"id": practice.id})
    db.session.execute(
        text("INSERT INTO practice_fts(rowid, title, body) VALUES (:id, :title, :body)"),
        {"id": practice.id, "title": practice.title, "body": _document(practice)},
    )


@dataclass
class PracticeHit:
    practice: Practice
    title: Markup
    snippet: Markup


def matching(q: str):
    """(a select of matching practice ids with a rank, or None when q has no words)."""
    if _is_sqlite():
        match = _fts5_query(q)
        if not match:
            return None
        fts = table("practice_fts", column("rowid"), column("rank"))
        return (
            select(fts.c.rowid.label("id"), fts.c.rank.label("rank"))
            .where(text("practice_fts MATCH :match").bindparams(match=match))
            .subquery()
        )
    tsquery = func.websearch_to_tsquery("simple", q)
    vector = func.to_tsvector("simple", literal_column(PG_DOCUMENT))
    return (
        select(Practice.id.label("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
        .where(vector.bool_op("@@")(tsquery))
        .subquery()
    )


# Built once per process: building it cost more than running it on an empty match.
@cache
def _search_statement(sqlite: bool) -> Select:
    """Matching practices, best first, with FTS5's highlighted title and snippet on SQLite
    (for any reader: the caller adds who may read them)."""
    if sqlite:
        title = literal_column(f"highlight(practice_fts, 0, '{_START}', '{_STOP}')")
        snippet = literal_column(f"snippet(practice_fts, 1, '{_START}', '{_STOP}', '…', 24)")
        fts = table("practice_fts", column("rowid"))
        return (
            select(Practice, title, snippet)
            .join(fts, fts.c.rowid == Practice.id)
            .where(text("practice_fts MATCH :match"))
            .order_by(literal_column("practice_fts.rank"))
        )
    tsquery = func.websearch_to_tsquery("simple", bindparam("q", type_=String))
    vector = func.to_tsvector("simple", literal_column(PG_DOCUMENT))
    found = (
        select(Practice.id.label("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
        .where(vector.bool_op("@@")(tsquery))
        .subquery()
    )
    return (
        select(Practice)
        .join(found, found.c.id == Practice.id)
        .order_by(found.c.rank, Practice.id.desc())
    )


def search_practices(user, q: str, limit: int = 10, offset: int = 0) -> list[PracticeHit]:
    """Practices the user may read that match q, best first, with highlighted snippets."""

    sqlite = _is_sqlite()
    match = _fts5_query(q)
    if not q or (sqlite and not match):
        return []
    query = (
        _search_statement(sqlite)
        .where(readable_practices_filter(user))
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    values = {"q": q, "match": match, "limit": limit, "offset": offset}
    if sqlite:
        rows = db.session.execute(query, values)
        return [PracticeHit(p, highlight(t or p.title), highlight(s)) for p, t, s in rows]
    words = searched_words(q)
    return [
        PracticeHit(p, marked(p.title, words), excerpt(_document(p), words))
        for p in db.session.scalars(query, values)
    ]
