"""Index departed and suspended users

The directory leaves out applicants, departed and suspended members. Checking every
matching member's role and status cost a visit to each of their rows; the directory now
excludes the few who are out, found through ix_users_role and this partial index.

Revision ID: c4d1e2f3a5b6
Revises: b6f929d33341
Create Date: 2026-11-23 15:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "c4d1e2f3a5b6"
down_revision = "b6f929d33341"
branch_labels = None
depends_on = None

CONDITION = sa.text("deactivated_at IS NOT NULL OR suspended_at IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_users_departed_or_suspended",
        "users",
        ["id"],
        sqlite_where=CONDITION,
        postgresql_where=CONDITION,
    )


def downgrade() -> None:
    op.drop_index("ix_users_departed_or_suspended", table_name="users")
