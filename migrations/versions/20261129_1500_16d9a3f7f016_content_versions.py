"""Content versions

One stamp per domain (discussions, members, workshops, practices), replaced by every
transaction that writes what that domain's pages show. Busy pages are kept rendered under
the stamps they were built with (workspace/core/versions.py, core/pagecache.py). An empty
table is correct: a missing stamp reads as 0 until the first write.

Revision ID: 16d9a3f7f016
Revises: c4e1a7d2f9b3
Create Date: 2026-11-29 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "16d9a3f7f016"
down_revision = "c4e1a7d2f9b3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_content_versions")),
    )


def downgrade() -> None:
    op.drop_table("content_versions")
