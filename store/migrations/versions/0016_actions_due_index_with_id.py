"""Actions indexed by (workspace, due date, id), the order lists by due date are read in
(models.Action says why).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_actions_workspace_due", table_name="actions")
    op.create_index("ix_actions_workspace_due", "actions", ["workspace_id", "due_date", "id"])


def downgrade() -> None:
    op.drop_index("ix_actions_workspace_due", table_name="actions")
    op.create_index("ix_actions_workspace_due", "actions", ["workspace_id", "due_date"])
