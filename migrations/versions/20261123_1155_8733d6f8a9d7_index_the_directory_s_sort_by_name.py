"""Index the directory's sort by name

Revision ID: 8733d6f8a9d7
Revises: f63fc86a959f
Create Date: 2026-11-23 11:55:05.727683
"""

import sqlalchemy as sa
from alembic import op

revision = "8733d6f8a9d7"
down_revision = "f63fc86a959f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # An expression index: autogenerate cannot compare these, so it is written by hand.
    op.create_index(
        "ix_users_display_name_lower",
        "users",
        [sa.text("lower(display_name)"), "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_users_display_name_lower", table_name="users")
