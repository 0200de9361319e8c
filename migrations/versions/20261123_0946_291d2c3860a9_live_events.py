"""live events

Revision ID: 291d2c3860a9
Revises: 78d253f33d0b
Create Date: 2026-11-23 09:46:28.391496
"""

import sqlalchemy as sa
from alembic import op

revision = "291d2c3860a9"
down_revision = "78d253f33d0b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=80), nullable=False),
        sa.Column("event", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_events")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("live_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_events_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_live_events_room_id", ["room", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("live_events", schema=None) as batch_op:
        batch_op.drop_index("ix_live_events_room_id")
        batch_op.drop_index(batch_op.f("ix_live_events_created_at"))
    op.drop_table("live_events")
