"""Outbox

What must follow a write (e-mails, live events, jobs) is stored in the same transaction
and delivered after the commit by the relay (workspace/core/outbox.py, core/relay.py).

Revision ID: 7b3e9d41a2c8
Revises: 9c41d7e2b8a6
Create Date: 2026-12-03 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "7b3e9d41a2c8"
down_revision = "9c41d7e2b8a6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["due_at"],
        postgresql_where=sa.text("delivered_at IS NULL"),
        sqlite_where=sa.text("delivered_at IS NULL"),
    )
    op.create_index(op.f("ix_outbox_delivered_at"), "outbox", ["delivered_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_delivered_at"), table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
