"""A random generation token on each workspace, changed with every owner change: what the
per-process owner caches key on. A counter restarts when a workspace is purged and imported again
and would then match a stale cache; a random token never repeats.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
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


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("owners_generation")
