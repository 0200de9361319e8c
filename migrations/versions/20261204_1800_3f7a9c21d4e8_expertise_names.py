"""Expertise areas named in French, Arabic and Russian besides English.

Revision ID: 3f7a9c21d4e8
Revises: b6beddd806c3
Create Date: 2026-12-04 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3f7a9c21d4e8"
down_revision = "b6beddd806c3"
branch_labels = None
depends_on = None

LANGUAGES = ("fr", "ar", "ru")


def upgrade() -> None:
    with op.batch_alter_table("expertise") as batch:
        for language in LANGUAGES:
            batch.add_column(
                sa.Column(f"name_{language}", sa.String(120), nullable=False, server_default="")
            )


def downgrade() -> None:
    with op.batch_alter_table("expertise") as batch:
        for language in LANGUAGES:
            batch.drop_column(f"name_{language}")
