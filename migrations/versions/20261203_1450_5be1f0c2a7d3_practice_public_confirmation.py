"""Practice public confirmation

A practice written up from a restricted discussion is published only once its author has
confirmed that its text may be read by every member; this is when they did.

Revision ID: 5be1f0c2a7d3
Revises: 2c424c6f9eb1
Create Date: 2026-12-03 14:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "5be1f0c2a7d3"
down_revision = "2c424c6f9eb1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practices") as batch:
        batch.add_column(
            sa.Column("public_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("practices") as batch:
        batch.drop_column("public_confirmed_at")
