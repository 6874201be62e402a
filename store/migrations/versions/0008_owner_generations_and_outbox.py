"""A random generation token on each workspace, changed with every owner change: what the
per-process owner caches key on. A counter restarts when a workspace is purged and imported again
and would then match a stale cache; a random token never repeats.

And an outbox: messages Slack would not take just now (officers' sign-off requests on a 5xx),
delivered later by the clock.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("workspaces", sa.Column("owners_generation", sa.String(32), nullable=True))
    workspaces = sa.table("workspaces", sa.column("team_id", sa.String), sa.column("owners_generation", sa.String))
    connection = op.get_bind()
    for (team_id,) in connection.execute(sa.select(workspaces.c.team_id)).all():
        connection.execute(
            sa.update(workspaces).where(workspaces.c.team_id == team_id).values(owners_generation=uuid.uuid4().hex)
        )


    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("blocks_json", sa.Text),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text),
    )
    op.create_index("ix_outbox_messages_workspace_id", "outbox_messages", ["workspace_id"])
    op.create_index("ix_outbox_messages_due", "outbox_messages", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("outbox_messages")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("owners_generation")
