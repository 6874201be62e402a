"""The scrutiny cycle: committees with their own response periods, scrutiny reports (dates and the
response deadline), each recommendation's response date, assessment and committee sign-off, and the
history of those steps.

Columns on existing tables are added with plain ALTER TABLE … ADD COLUMN, never by rebuilding the
table: SQLite rebuilds a table by dropping it, and with foreign keys on, dropping `recommendations`
would cascade to every action.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _workspace() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "workspace_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.add_column("workspaces", sa.Column("response_days", sa.Integer(), nullable=True))
    op.add_column("workspaces", sa.Column("response_months", sa.Integer(), nullable=True))

    op.create_table(
        "committees",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False),
        sa.Column("response_days", sa.Integer()),
        sa.Column("response_months", sa.Integer()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "name_key", name="uq_committees_workspace_key"),
    )
    op.create_index("ix_committees_workspace_id", "committees", ["workspace_id"])

    op.create_table(
        "scrutiny_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE")),
        sa.Column("committee_id", sa.Integer(), sa.ForeignKey("committees.id", ondelete="SET NULL")),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("agreed_on", sa.Date()),
        sa.Column("received_on", sa.Date()),
        sa.Column("response_due_on", sa.Date()),
        sa.Column("executive_member", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_scrutiny_reports_workspace_id", "scrutiny_reports", ["workspace_id"])
    op.create_index("ix_scrutiny_reports_plan_id", "scrutiny_reports", ["plan_id"])
    op.create_index("ix_scrutiny_reports_committee_id", "scrutiny_reports", ["committee_id"])
    op.create_index("ix_scrutiny_reports_workspace_due", "scrutiny_reports", ["workspace_id", "response_due_on"])

    if op.get_bind().dialect.name == "sqlite":
        # SQLite takes a REFERENCES clause on an added column (its default being null), not a
        # separate ADD CONSTRAINT.
        op.execute(
            "ALTER TABLE recommendations ADD COLUMN report_id INTEGER "
            "REFERENCES scrutiny_reports (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("recommendations", sa.Column("report_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_recommendations_report_id", "recommendations", "scrutiny_reports",
            ["report_id"], ["id"], ondelete="SET NULL",
        )
    op.create_index("ix_recommendations_report_id", "recommendations", ["report_id"])
    for column in (
        sa.Column("executive_member", sa.String(200)),
        sa.Column("responded_on", sa.Date()),
        sa.Column("assessment", sa.String(32)),
        sa.Column("assessment_date", sa.Date()),
        sa.Column("assessment_reason", sa.Text()),
        sa.Column("assessed_at", sa.DateTime(timezone=True)),
        sa.Column("signed_off_on", sa.Date()),
        sa.Column("signoff_minute", sa.String(60)),
        sa.Column("signed_off_at", sa.DateTime(timezone=True)),
    ):
        op.add_column("recommendations", column)

    op.create_table(
        "recommendation_events",
        sa.Column("id", sa.Integer, primary_key=True),
        _workspace(),
        sa.Column(
            "recommendation_id", sa.Integer(), sa.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("author_slack_id", sa.String(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.String(32)),
        sa.Column("responded_on", sa.Date()),
        sa.Column("assessment", sa.String(32)),
        sa.Column("on_date", sa.Date()),
        sa.Column("minute", sa.String(60)),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(120)),
        sa.UniqueConstraint("workspace_id", "idempotency_key", name="uq_recommendation_events_idempotency"),
    )
    op.create_index("ix_recommendation_events_workspace_id", "recommendation_events", ["workspace_id"])
    op.create_index(
        "ix_recommendation_events_rec_created", "recommendation_events", ["recommendation_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("recommendation_events")
    op.drop_index("ix_recommendations_report_id", table_name="recommendations")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_recommendations_report_id", "recommendations", type_="foreignkey")
    # SQLite (3.35+) drops a column in place; one that is a foreign key it refuses, so the
    # reference column stays there, unused, after a downgrade.
    columns = [
        "executive_member", "responded_on", "assessment", "assessment_date", "assessment_reason",
        "assessed_at", "signed_off_on", "signoff_minute", "signed_off_at",
    ]
    if op.get_bind().dialect.name != "sqlite":
        columns.append("report_id")
    for name in columns:
        op.drop_column("recommendations", name)
    op.drop_table("scrutiny_reports")
    op.drop_table("committees")
    op.drop_column("workspaces", "response_months")
    op.drop_column("workspaces", "response_days")
