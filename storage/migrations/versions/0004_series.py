"""planned /assess series: sessions, preparation, reminders, facilitators

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004"
down_revision = "0003"  # after 0003_rounds (assess session settings), merged from the rounds branch
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assess_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("facilitator_id", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("leaders", sa.String(), nullable=False),
        sa.Column("timing", sa.String(), nullable=False),
        sa.Column("sponsors", sa.String(), nullable=False),
        sa.Column("sponsor_channel_id", sa.String(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("min_group", sa.Integer(), nullable=False),
        sa.Column("prep_lead_hours", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assess_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assess_series_team_id"), ["team_id"], unique=False)

    op.create_table(
        "assess_series_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("scheduled_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("assess_session_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["series_id"], ["assess_series.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assess_series_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assess_series_session_series_id"), ["series_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assess_series_session_assess_session_id"), ["assess_session_id"], unique=False
        )

    op.create_table(
        "assess_series_prep",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.String(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("reminded_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["series_id"], ["assess_series.id"]),
        sa.PrimaryKeyConstraint("series_id", "leader_id"),
    )

    op.create_table(
        "assess_series_due",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.String(), nullable=True),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["series_id"], ["assess_series.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("assess_series_due", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assess_series_due_series_id"), ["series_id"], unique=False)
        batch_op.create_index("ix_assess_series_due_pending", ["status", "due_at"], unique=False)

    op.create_table(
        "assess_facilitator",
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("added_by", sa.String(), nullable=False),
        sa.Column("added_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("assess_facilitator")
    with op.batch_alter_table("assess_series_due", schema=None) as batch_op:
        batch_op.drop_index("ix_assess_series_due_pending")
        batch_op.drop_index(batch_op.f("ix_assess_series_due_series_id"))
    op.drop_table("assess_series_due")
    op.drop_table("assess_series_prep")
    with op.batch_alter_table("assess_series_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assess_series_session_assess_session_id"))
        batch_op.drop_index(batch_op.f("ix_assess_series_session_series_id"))
    op.drop_table("assess_series_session")
    with op.batch_alter_table("assess_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assess_series_team_id"))
    op.drop_table("assess_series")
