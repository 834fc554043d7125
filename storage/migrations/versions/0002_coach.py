"""coach programme tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:17:44.782429
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("creator_id", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("summary_channel_id", sa.String(), nullable=True),
        sa.Column("start_date", sa.String(), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=False),
        sa.Column("length_days", sa.Integer(), nullable=False),
        sa.Column("nudge_minutes", sa.String(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("erased_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_engagement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_engagement_team_id"), ["team_id"], unique=False)

    op.create_table(
        "coach_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("got_in_way", sa.Text(), nullable=False),
        sa.Column("issues", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_checkin_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "coach_commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.String(), nullable=True),
        sa.Column("confirmed_by", sa.String(), nullable=False),
        sa.Column("done_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coach_commitment_engagement_id"), ["engagement_id"], unique=False
        )

    op.create_table(
        "coach_disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.String(), nullable=False),
        sa.Column("colleague_id", sa.String(), nullable=False),
        sa.Column("told_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_disclosure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coach_disclosure_engagement_id"), ["engagement_id"], unique=False
        )

    op.create_table(
        "coach_due",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("coach_due", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_due_engagement_id"), ["engagement_id"], unique=False)
        batch_op.create_index("ix_coach_due_pending", ["status", "due_at"], unique=False)

    op.create_table(
        "coach_feedback_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("review", sa.String(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_feedback_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coach_feedback_item_engagement_id"), ["engagement_id"], unique=False
        )

    op.create_table(
        "coach_intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_intake", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_intake_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "coach_member",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("engagement_id", "user_id", "role"),
    )
    with op.batch_alter_table("coach_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_member_user_id"), ["user_id"], unique=False)

    op.create_table(
        "coach_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("leader_id", sa.String(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("local_time", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_slot_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "coach_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["coach_engagement.id"],
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["coach_slot.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_call_engagement_id"), ["engagement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coach_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_call_engagement_id"))

    op.drop_table("coach_call")
    with op.batch_alter_table("coach_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_slot_engagement_id"))

    op.drop_table("coach_slot")
    with op.batch_alter_table("coach_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_member_user_id"))

    op.drop_table("coach_member")
    with op.batch_alter_table("coach_intake", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_intake_engagement_id"))

    op.drop_table("coach_intake")
    with op.batch_alter_table("coach_feedback_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_feedback_item_engagement_id"))

    op.drop_table("coach_feedback_item")
    with op.batch_alter_table("coach_due", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_due_pending")
        batch_op.drop_index(batch_op.f("ix_coach_due_engagement_id"))

    op.drop_table("coach_due")
    with op.batch_alter_table("coach_disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_disclosure_engagement_id"))

    op.drop_table("coach_disclosure")
    with op.batch_alter_table("coach_commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_commitment_engagement_id"))

    op.drop_table("coach_commitment")
    with op.batch_alter_table("coach_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_checkin_engagement_id"))

    op.drop_table("coach_checkin")
    with op.batch_alter_table("coach_engagement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_engagement_team_id"))

    op.drop_table("coach_engagement")
