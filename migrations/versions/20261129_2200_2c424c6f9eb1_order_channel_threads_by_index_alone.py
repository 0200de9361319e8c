"""Order a channel's threads by the index alone

A channel page lists threads by pinned, last post and then id, newest first. The index
stopped at the last post, so PostgreSQL could not take a page's rows from it in that order
and sorted them again. With the id in the index the rows come out in order.

Revision ID: 2c424c6f9eb1
Revises: eb4cb8b57544
Create Date: 2026-11-29 22:00:00.000000
"""

from alembic import op

revision = "2c424c6f9eb1"
down_revision = "eb4cb8b57544"
branch_labels = None
depends_on = None

_NAME = "ix_threads_channel_order"


def upgrade() -> None:
    op.drop_index(_NAME, table_name="threads")
    op.create_index(_NAME, "threads", ["channel_id", "pinned", "last_post_at", "id"])


def downgrade() -> None:
    op.drop_index(_NAME, table_name="threads")
    op.create_index(_NAME, "threads", ["channel_id", "pinned", "last_post_at"])
