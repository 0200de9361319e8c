"""Keep post search vectors in the row, and a short GIN pending list

PostgreSQL moved `posts.body_fts` out to the TOAST table for most posts (the widest column,
and a tsvector compresses badly), so ranking the matches of a search fetched every vector
back from there: about two thirds of the statement. STORAGE MAIN keeps it in the row and
moves the post's text and HTML out first when a row is too wide. VACUUM FULL rewrites the
existing rows under the new rule (it takes the table's lock for a few seconds per 100,000
posts). The GIN indexes' pending lists of new entries, which every search reads through
until they are merged, are capped at 256 kB instead of 4 MB (4,000 thread titles sat in
theirs, so the planner scanned the table instead). SQLite is unchanged.

Revision ID: c4e1a7d2f9b3
Revises: c4d1e2f3a5b6
Create Date: 2026-11-23 15:45:00.000000
"""

from alembic import op

revision = "c4e1a7d2f9b3"
down_revision = "c4d1e2f3a5b6"
branch_labels = None
depends_on = None


def _set_storage(storage: str, pending_list: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER INDEX ix_posts_body_fts {pending_list}")
    op.execute(f"ALTER INDEX ix_threads_title_fts {pending_list}")
    op.execute(f"ALTER TABLE posts ALTER COLUMN body_fts SET STORAGE {storage}")
    # VACUUM cannot run inside a transaction.
    with op.get_context().autocommit_block():
        op.execute("VACUUM FULL posts")


def upgrade() -> None:
    _set_storage("MAIN", "SET (gin_pending_list_limit = 256)")


def downgrade() -> None:
    _set_storage("EXTENDED", "RESET (gin_pending_list_limit)")
