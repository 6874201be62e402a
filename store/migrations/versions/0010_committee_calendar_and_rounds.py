"""The committee calendar (meetings and papers deadlines), update rounds with the messages they
send, and snapshots of the committee-ready tracker report.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _workspace() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "committee_meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("committee_id", sa.Integer, sa.ForeignKey("committees.id", ondelete="CASCADE"), nullable=False),
        sa.Column("meeting_on", sa.Date, nullable=False),
        sa.Column("papers_due_on", sa.Date, nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("committee_id", "meeting_on", name="uq_committee_meetings_day"),
    )
    op.create_index("ix_committee_meetings_workspace_id", "committee_meetings", ["workspace_id"])
    op.create_index("ix_committee_meetings_committee_id", "committee_meetings", ["committee_id"])

    op.create_table(
        "update_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("committee_id", sa.Integer, sa.ForeignKey("committees.id", ondelete="CASCADE"), nullable=False),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("committee_meetings.id", ondelete="SET NULL")),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("opened_by", sa.String(64)),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(64)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_update_rounds_workspace_id", "update_rounds", ["workspace_id"])
    op.create_index("ix_update_rounds_committee_id", "update_rounds", ["committee_id"])
    op.create_index("ix_update_rounds_state", "update_rounds", ["state", "due_on"])

    op.create_table(
        "round_items",
        sa.Column("round_id", sa.Integer, sa.ForeignKey("update_rounds.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
        _workspace(),
        sa.Column("slack_user_id", sa.String(32)),
    )
    op.create_index("ix_round_items_workspace_id", "round_items", ["workspace_id"])

    op.create_table(
        "round_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("update_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("slack_user_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("on_day", sa.Date, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("round_id", "slack_user_id", "kind", name="uq_round_messages_kind"),
        sa.UniqueConstraint("round_id", "slack_user_id", "on_day", name="uq_round_messages_day"),
    )
    op.create_index("ix_round_messages_workspace_id", "round_messages", ["workspace_id"])
    op.create_index("ix_round_messages_round_id", "round_messages", ["round_id"])
    op.create_index("ix_round_messages_state", "round_messages", ["state", "lease_until"])

    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("committee_id", sa.Integer, sa.ForeignKey("committees.id", ondelete="CASCADE"), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("update_rounds.id", ondelete="SET NULL")),
        sa.Column("rows_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("committee_id", "as_of", "kind", name="uq_report_snapshots_day"),
    )
    op.create_index("ix_report_snapshots_workspace_id", "report_snapshots", ["workspace_id"])
    op.create_index("ix_report_snapshots_committee_id", "report_snapshots", ["committee_id"])


def downgrade() -> None:
    op.drop_table("report_snapshots")
    op.drop_table("round_messages")
    op.drop_table("round_items")
    op.drop_table("update_rounds")
    op.drop_table("committee_meetings")
