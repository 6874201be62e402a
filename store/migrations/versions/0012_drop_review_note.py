"""Actions lose `review_note`: nothing ever wrote a value into it or read one from it (a paused
action's review is its `review_date`; why it is paused is its `status_reason`).

Both databases drop a column in place (SQLite since 3.35), so the full-text triggers on `actions`
stay as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_column("actions", "review_note")


def downgrade() -> None:
    op.add_column("actions", sa.Column("review_note", sa.Text(), nullable=True))
