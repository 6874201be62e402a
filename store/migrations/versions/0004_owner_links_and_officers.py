"""Owners linked to Slack users and user groups; officers per workspace.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "owner_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column(
            "owner_id", sa.Integer(), sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False,
            index=True,
        ),
        sa.Column("slack_user_id", sa.String(32)),
        sa.Column("slack_usergroup_id", sa.String(32)),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("requested_by", sa.String(32)),
        sa.Column("confirmed_by", sa.String(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("workspace_id", "owner_id", "slack_user_id", name="uq_owner_links_user"),
        sa.UniqueConstraint("workspace_id", "owner_id", "slack_usergroup_id", name="uq_owner_links_usergroup"),
    )
    op.create_index("ix_owner_links_user", "owner_links", ["workspace_id", "slack_user_id"])
    op.create_table(
        "officers",
        sa.Column(
            "workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("slack_user_id", sa.String(32), primary_key=True),
        sa.Column("added_by", sa.String(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("officers")
    op.drop_table("owner_links")
