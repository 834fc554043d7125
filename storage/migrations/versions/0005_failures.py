"""failed_work: scheduled work that failed, retried with backoff, then failed for good and reported;
message_anchor.failed_at: a card that could not be posted or edited even plain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "failed_work",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_attempt_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("last_attempt_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("owner_id", sa.String(), nullable=True),
        sa.Column("notified_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("failed_work", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failed_work_team_id"), ["team_id"], unique=False)
    with op.batch_alter_table("message_anchor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_at", storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message_anchor", schema=None) as batch_op:
        batch_op.drop_column("failed_at")
    with op.batch_alter_table("failed_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failed_work_team_id"))
    op.drop_table("failed_work")
