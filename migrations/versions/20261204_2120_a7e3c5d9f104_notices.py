"""Notices: notifications about a member's own affairs, with a link and a detail.

Revision ID: a7e3c5d9f104
Revises: 8d2e5f1a7c93
Create Date: 2026-12-04 21:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7e3c5d9f104"
down_revision = "8d2e5f1a7c93"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("link", sa.String(300), nullable=True))
        batch.add_column(sa.Column("detail", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("detail")
        batch.drop_column("link")
