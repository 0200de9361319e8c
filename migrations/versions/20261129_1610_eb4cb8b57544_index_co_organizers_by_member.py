"""Index co-organizers by member

The workshop list asks, on every request, which workshops the viewer takes part in beyond
what their country sees (workshops/queries.py, beyond_country); co-organizers were
found only by workshop, so that meant reading them all.

Revision ID: eb4cb8b57544
Revises: 16d9a3f7f016
Create Date: 2026-11-29 16:10:00.000000
"""

from alembic import op

revision = "eb4cb8b57544"
down_revision = "16d9a3f7f016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_workshop_coorganizers_user_id",
        "workshop_coorganizers",
        ["user_id", "workshop_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_workshop_coorganizers_user_id", table_name="workshop_coorganizers")
