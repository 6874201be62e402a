"""Counts kept without row locks on PostgreSQL: writers append to `action_count_deltas`, which the
clock folds into `action_counts` (store/action_counts.py says why).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.action_counts import install_triggers

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_count_deltas",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("due_key", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    install_triggers(op.get_bind())


def downgrade() -> None:
    # The 0011 triggers write action_counts directly; put them back before the table goes.
    from store.action_counts import install_row_triggers

    install_row_triggers(op.get_bind())
    op.drop_table("action_count_deltas")
