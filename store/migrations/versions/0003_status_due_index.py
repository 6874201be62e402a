"""Covering indexes for counts of overdue, due-soon and stale actions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_actions_workspace_status_due", "actions", ["workspace_id", "status", "due_date"])
    op.create_index(
        "ix_actions_workspace_status_activity", "actions", ["workspace_id", "status", "last_activity_at"]
    )
    op.drop_index("ix_actions_workspace_status", table_name="actions")


def downgrade() -> None:
    op.drop_index("ix_actions_workspace_status_activity", table_name="actions")
    op.create_index("ix_actions_workspace_status", "actions", ["workspace_id", "status"])
    op.drop_index("ix_actions_workspace_status_due", table_name="actions")
