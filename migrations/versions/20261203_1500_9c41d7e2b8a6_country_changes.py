"""Country changes

A member's country decides the region channels they read, so a change of it by the member
is a request a moderator decides (or, where the site allows self-service, a change shown
to moderators).

Revision ID: 9c41d7e2b8a6
Revises: 5be1f0c2a7d3
Create Date: 2026-12-03 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "9c41d7e2b8a6"
down_revision = "5be1f0c2a7d3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "country_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("country_from", sa.String(length=2), nullable=True),
        sa.Column("country_to", sa.String(length=2), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                "applied",
                name="countrychangestatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_country_changes_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_country_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_changes")),
    )
    with op.batch_alter_table("country_changes") as batch_op:
        batch_op.create_index(
            "ix_country_changes_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_country_changes_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("country_changes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_changes_user_id"))
        batch_op.drop_index("ix_country_changes_status_created")
    op.drop_table("country_changes")
