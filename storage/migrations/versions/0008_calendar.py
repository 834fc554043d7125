"""calendar: who is in which event series, changed occurrences, meetings, invites to upload, feed tokens

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_attendee",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("added_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("source", "user_id"),
    )
    with op.batch_alter_table("calendar_attendee", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_attendee_person", ["team_id", "user_id"], unique=False)
    op.create_table(
        "calendar_change",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("original_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("calendar_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_change_source"), ["source"], unique=False)
    op.create_table(
        "calendar_meeting",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("starts_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["engagement_id"], ["coach_engagement.id"]),
        sa.PrimaryKeyConstraint("engagement_id", "kind"),
    )
    op.create_table(
        "calendar_invite",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("change", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("calendar_invite", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_invite_pending", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_calendar_invite_source"), ["source"], unique=False)
    op.create_table(
        "calendar_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("calendar_feed_token", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_feed_token_owner", ["team_id", "user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("calendar_feed_token")
    op.drop_table("calendar_invite")
    op.drop_table("calendar_meeting")
    op.drop_table("calendar_change")
    op.drop_table("calendar_attendee")
