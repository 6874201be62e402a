"""Counts that do not grow with the workspace, and digests that read only the week's updates.

`action_counts` holds how many actions each workspace has per (status, due date), kept by triggers
on `actions` (store/action_counts.py) and filled here from what is already stored. An index on
updates by (workspace, time) lets a digest read the week's updates without reading them all.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.action_counts import drop_triggers, install_row_triggers

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_counts",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(32), primary_key=True),
        sa.Column("due_key", sa.Date(), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    install_row_triggers(op.get_bind())
    op.create_index("ix_updates_workspace_created", "updates", ["workspace_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_updates_workspace_created", table_name="updates")
    drop_triggers(op.get_bind())
    op.drop_table("action_counts")
