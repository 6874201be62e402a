"""Action owners indexed by (owner, workspace, action), so an owner's actions are found in the
index alone (models.ActionOwner says why).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_action_owners_owner_id", table_name="action_owners")
    op.create_index("ix_action_owners_owner_id", "action_owners", ["owner_id", "workspace_id", "action_id"])


def downgrade() -> None:
    op.drop_index("ix_action_owners_owner_id", table_name="action_owners")
    op.create_index("ix_action_owners_owner_id", "action_owners", ["owner_id"])
