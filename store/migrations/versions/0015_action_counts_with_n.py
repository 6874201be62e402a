"""SQLite's whole-workspace counts read one index: the counts key with `n` (models.ActionCount says why).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_action_counts_with_n", "action_counts", ["workspace_id", "status", "due_key", "n"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_action_counts_with_n", table_name="action_counts")
