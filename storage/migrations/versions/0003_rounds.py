"""assess session settings, self-scores and sponsor chart uploads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assess_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("sponsor_ids", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("sponsor_channel", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("series_key", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("series_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("min_group", sa.Integer(), nullable=False, server_default="3"))
        batch_op.create_index(batch_op.f("ix_assess_session_series_key"), ["series_key"], unique=False)
    with op.batch_alter_table("assess_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("self_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("re_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("digest_shared_at", storage.types.UTCDateTime(), nullable=True))
    op.create_table(
        "assess_upload",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=True),
        sa.Column("user_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["assess_session.id"]),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("assess_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assess_upload_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assess_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assess_upload_session_id"))
    op.drop_table("assess_upload")
    with op.batch_alter_table("assess_round", schema=None) as batch_op:
        batch_op.drop_column("digest_shared_at")
        batch_op.drop_column("re_score")
        batch_op.drop_column("self_score")
    with op.batch_alter_table("assess_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assess_session_series_key"))
        batch_op.drop_column("min_group")
        batch_op.drop_column("series_number")
        batch_op.drop_column("series_key")
        batch_op.drop_column("sponsor_channel")
        batch_op.drop_column("sponsor_ids")
        batch_op.drop_column("anonymous")
