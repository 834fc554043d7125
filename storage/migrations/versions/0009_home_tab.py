"""home_tab: each person's App Home, wanted afresh by the changes it shows and published by the gateway

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_tab",
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("wanted_seq", sa.Integer(), nullable=False),
        sa.Column("published_seq", sa.Integer(), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    with op.batch_alter_table("home_tab", schema=None) as batch_op:
        batch_op.create_index("ix_home_tab_due", ["due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("home_tab", schema=None) as batch_op:
        batch_op.drop_index("ix_home_tab_due")
    op.drop_table("home_tab")
