"""The actions store: workspaces, plans, recommendations, actions, owners and updates.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def workspace_column() -> sa.Column[str]:
    return sa.Column(
        "workspace_id",
        sa.String(32),
        sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("two_stage_close", sa.Boolean()),
        sa.Column("owners_version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("committee", sa.String(300)),
        sa.Column("council", sa.String(200)),
        sa.Column("document_date", sa.Date()),
        sa.Column("source_file", sa.String(300), nullable=False),
        sa.Column("source_sha256", sa.String(64)),
        sa.Column("imported_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("workspace_id", "code", name="uq_plans_workspace_code"),
        sa.UniqueConstraint("workspace_id", "source_file", name="uq_plans_workspace_source"),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column(
            "plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("ref", sa.String(40)),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("response", sa.String(32)),
        sa.Column("response_reason", sa.Text()),
        sa.Column("source_line", sa.Integer()),
    )
    op.create_index("ix_recommendations_workspace_ref", "recommendations", ["workspace_id", "ref"])
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column(
            "plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column(
            "recommendation_id", sa.Integer(),
            sa.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False, index=True,
        ),
        sa.Column("handle", sa.String(40), nullable=False),
        sa.Column("handle_key", sa.String(40), nullable=False),
        sa.Column("source_key", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("budget_text", sa.Text()),
        sa.Column("timescale_raw", sa.Text()),
        sa.Column("due_date", sa.Date()),
        sa.Column("original_due_date", sa.Date()),
        sa.Column("slip_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("status_reason", sa.Text()),
        sa.Column("review_date", sa.Date()),
        sa.Column("review_note", sa.Text()),
        sa.Column("source_line", sa.Integer()),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("last_activity_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("workspace_id", "handle_key", name="uq_actions_workspace_handle"),
        sa.UniqueConstraint("plan_id", "source_key", name="uq_actions_plan_source_key"),
    )
    op.create_index("ix_actions_workspace_due", "actions", ["workspace_id", "due_date"])
    op.create_index("ix_actions_workspace_status", "actions", ["workspace_id", "status"])
    op.create_index("ix_actions_workspace_activity", "actions", ["workspace_id", "last_activity_at"])
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("is_team", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("workspace_id", "name_key", name="uq_owners_workspace_key"),
    )
    op.create_table(
        "owner_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column(
            "owner_id", sa.Integer(), sa.ForeignKey("owners.id", ondelete="CASCADE"),
            nullable=False, index=True,
        ),
        sa.Column("alias", sa.String(200), nullable=False),
        sa.Column("alias_key", sa.String(200), nullable=False),
        sa.UniqueConstraint("workspace_id", "alias_key", name="uq_owner_aliases_workspace_key"),
    )
    op.create_table(
        "action_owners",
        sa.Column(
            "action_id", sa.Integer(), sa.ForeignKey("actions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "owner_id", sa.Integer(), sa.ForeignKey("owners.id", ondelete="CASCADE"),
            primary_key=True, index=True,
        ),
        workspace_column(),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "updates",
        sa.Column("id", sa.Integer(), primary_key=True),
        workspace_column(),
        sa.Column(
            "recommendation_id", sa.Integer(),
            sa.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False, index=True,
        ),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("actions.id", ondelete="CASCADE")),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("author_slack_id", sa.String(32)),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status_from", sa.String(32)),
        sa.Column("status_to", sa.String(32)),
        sa.Column("due_from", sa.Date()),
        sa.Column("due_to", sa.Date()),
        sa.Column("reason", sa.Text()),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_line", sa.Integer()),
        sa.Column("idempotency_key", sa.String(120)),
        sa.UniqueConstraint(
            "workspace_id", "idempotency_key", name="uq_updates_workspace_idempotency"
        ),
    )
    op.create_index("ix_updates_action_created", "updates", ["action_id", "created_at"])
    _create_full_text_index()


def _create_full_text_index() -> None:
    # One indexed column (actions.search_text: recommendation + action text), indexed the way
    # each database does best. The database keeps the index current, so no writer can forget it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE actions ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED"
        )
        op.execute("CREATE INDEX ix_actions_search_vector ON actions USING gin (search_vector)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE actions_fts USING fts5("
        "search_text, content='actions', content_rowid='id', tokenize='porter unicode61')"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions BEGIN "
        "INSERT INTO actions_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions BEGIN "
        "INSERT INTO actions_fts(actions_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_update AFTER UPDATE OF search_text ON actions BEGIN "
        "INSERT INTO actions_fts(actions_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO actions_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("actions_fts_insert", "actions_fts_delete", "actions_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS actions_fts")
    for table in (
        "updates", "action_owners", "owner_aliases", "owners", "actions", "recommendations",
        "plans", "workspaces",
    ):
        op.drop_table(table)
