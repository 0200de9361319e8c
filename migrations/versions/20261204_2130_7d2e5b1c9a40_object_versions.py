"""Object versions

A stamp per object a cached page shows (thread 12, channel 3) or per kind as a whole
(object_id 0: the directory's members, the workshops), replaced by the action that changes
it, in its transaction (workspace/core/versions.py). It replaces the per-domain stamps,
which every write to a domain's tables replaced. An empty table is correct: a missing stamp
reads as 0 until the first change.

Revision ID: 7d2e5b1c9a40
Revises: a7e3c5d9f104
Create Date: 2026-12-04 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7d2e5b1c9a40"
down_revision = "a7e3c5d9f104"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "object_versions",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "object_id", name=op.f("pk_object_versions")),
    )
    op.drop_table("content_versions")


def downgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_content_versions")),
    )
    op.drop_table("object_versions")
