"""Live events numbered per room, without gaps, so clients can tell when they missed one.

Revision ID: 8d2e5f1a7c93
Revises: 7d2e5a9b4c18
Create Date: 2026-12-04 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8d2e5f1a7c93"
down_revision = "7d2e5a9b4c18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_rooms",
        sa.Column("room", sa.String(80), primary_key=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("live_events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
    # The events kept so far, numbered in the order of their ids.
    op.execute(
        "UPDATE live_events SET seq = (SELECT count(*) FROM live_events AS earlier"
        " WHERE earlier.room = live_events.room AND earlier.id <= live_events.id)"
    )
    op.execute(
        "INSERT INTO live_rooms (room, last_seq) SELECT room, max(seq) FROM live_events"
        " GROUP BY room"
    )
    with op.batch_alter_table("live_events") as batch:
        batch.alter_column("seq", server_default=None)
        batch.drop_index("ix_live_events_room_id")
        batch.create_index("ix_live_events_room_seq", ["room", "seq"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("live_events") as batch:
        batch.drop_index("ix_live_events_room_seq")
        batch.create_index("ix_live_events_room_id", ["room", "id"])
        batch.drop_column("seq")
    op.drop_table("live_rooms")
