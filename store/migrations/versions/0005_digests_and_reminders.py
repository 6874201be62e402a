"""Digest subscriptions and deliveries, owner reminders, and people's preferences.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def workspace_column(primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(
        "workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"),
        nullable=False, primary_key=primary_key, index=not primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("weekday", sa.String(3), nullable=False),
        sa.Column("time_of_day", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("quiet_weeks", sa.String(8), nullable=False),
        sa.Column("created_by", sa.String(32)),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("next_run_at", TIMESTAMP, nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.Text()),
    )
    op.create_index("ix_digest_subscriptions_due", "digest_subscriptions", ["paused", "next_run_at"])
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column(
            "subscription_id", sa.Integer(), sa.ForeignKey("digest_subscriptions.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("period_start", TIMESTAMP, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("lease_until", TIMESTAMP),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", TIMESTAMP),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("error", sa.Text()),
        sa.UniqueConstraint("subscription_id", "period_start", name="uq_digest_deliveries_period"),
    )
    op.create_index("ix_digest_deliveries_state", "digest_deliveries", ["state", "lease_until"])
    op.create_table(
        "reminder_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("actions.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("slack_user_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("lease_until", TIMESTAMP),
        sa.Column("sent_at", TIMESTAMP),
        sa.UniqueConstraint("workspace_id", "action_id", "slack_user_id", "kind", "due_date", name="uq_reminder_sends_once"),
    )
    op.create_index("ix_reminder_sends_state", "reminder_sends", ["state", "lease_until"])
    op.create_table(
        "user_preferences",
        workspace_column(primary_key=True),
        sa.Column("slack_user_id", sa.String(32), primary_key=True),
        sa.Column("reminders_off", sa.Boolean(), nullable=False),
        sa.Column("last_reminded_on", sa.Date()),
    )


def downgrade() -> None:
    for table in ("user_preferences", "reminder_sends", "digest_deliveries", "digest_subscriptions"):
        op.drop_table(table)
