"""Import history (so the last import can be undone) and plans that may share a file name.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint("uq_plans_workspace_source", type_="unique")
        batch.create_index("ix_plans_workspace_source", ["workspace_id", "source_file"])
    op.create_table(
        "plan_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_file", sa.String(300), nullable=False),
        sa.Column("created_plan", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(64)),
        sa.Column("snapshot", sa.Text()),
        sa.Column("undone_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_plan_imports_workspace_id", "plan_imports", ["workspace_id"])
    op.create_index("ix_plan_imports_plan_id", "plan_imports", ["plan_id"])
    op.create_index("ix_plan_imports_workspace_at", "plan_imports", ["workspace_id", "imported_at"])


def downgrade() -> None:
    op.drop_table("plan_imports")
    with op.batch_alter_table("plans") as batch:
        batch.drop_index("ix_plans_workspace_source")
        batch.create_unique_constraint("uq_plans_workspace_source", ["workspace_id", "source_file"])
