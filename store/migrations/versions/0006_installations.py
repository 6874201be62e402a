"""Installations for many workspaces (slack_sdk's SQLAlchemy stores, in our database), and each
workspace's choice of what happens to its data on uninstall.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTALLATION_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")


def _slack_metadata() -> sa.MetaData:
    # slack_sdk owns these tables' shape; build them with its own definitions so its stores
    # read and write exactly what they expect.
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def upgrade() -> None:
    _slack_metadata().create_all(op.get_bind())
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("delete_on_uninstall", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("delete_on_uninstall")
    _slack_metadata().drop_all(op.get_bind())
