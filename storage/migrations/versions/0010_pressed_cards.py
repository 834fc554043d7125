"""pressed cards: a card a person pressed a control on is edited before any other

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A default for the rows already there: none of them was pressed.
    with op.batch_alter_table("message_anchor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pressed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("message_anchor", schema=None) as batch_op:
        batch_op.drop_column("pressed")
