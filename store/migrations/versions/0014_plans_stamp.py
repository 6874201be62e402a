"""A plans stamp on each workspace, kept by triggers on `plans`, so checking that a cached
vocabulary is current reads one row instead of aggregating every plan (store/plans_stamp.py).

Existing workspaces get a fresh generation: no vocabulary cached before this has one to match.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.plans_stamp import drop_triggers, install_triggers

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("workspaces", sa.Column("plans_version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("workspaces", sa.Column("plans_generation", sa.String(32), nullable=True))
    workspaces = sa.table("workspaces", sa.column("team_id", sa.String), sa.column("plans_generation", sa.String))
    connection = op.get_bind()
    for (team_id,) in connection.execute(sa.select(workspaces.c.team_id)).all():
        connection.execute(
            sa.update(workspaces).where(workspaces.c.team_id == team_id).values(plans_generation=uuid.uuid4().hex)
        )
    install_triggers(connection)


def downgrade() -> None:
    drop_triggers(op.get_bind())
    # In place on both databases (SQLite since 3.35): a batch rebuild of `workspaces` would drop
    # the table every other row cascades from.
    op.drop_column("workspaces", "plans_generation")
    op.drop_column("workspaces", "plans_version")
