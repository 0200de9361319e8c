"""Genders from the list

A profile's gender is one of woman, man or other. Earlier profiles held "female" and
"male" (now "woman" and "man") or any text the API took; text outside the list is cleared,
as if the member had preferred not to say.

Revision ID: 7d2e5a9b4c18
Revises: 3f7a9c21d4e8
Create Date: 2026-12-04 21:30:00.000000
"""

from alembic import op

revision = "7d2e5a9b4c18"
down_revision = "3f7a9c21d4e8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE profiles SET gender = 'woman' WHERE gender = 'female'")
    op.execute("UPDATE profiles SET gender = 'man' WHERE gender = 'male'")
    op.execute(
        "UPDATE profiles SET gender = NULL WHERE gender IS NOT NULL "
        "AND gender NOT IN ('woman', 'man', 'other')"
    )


def downgrade() -> None:
    pass  # the old column took any text, so the values from the list are still valid there
