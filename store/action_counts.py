"""Whole-workspace counts that do not grow with the workspace.

`action_counts` holds, per workspace, how many actions have each (status, due date). Database
triggers on `actions` keep it: every insert, delete (cascades from a removed plan, an undone import
or a purged workspace included) and every change of status or due date adjusts it in the same
transaction, whichever code path wrote the row — the importer, an update, a close, an undo, a bulk
insert. Nothing in Python has to remember to do it, so it cannot drift.

A workspace has a few thousand distinct due dates at most, so counting "overdue", "due in the next
14 days" or "by status" sums a few thousand rows whatever the number of actions. Filters that name
anything else (an owner, a plan, text, activity dates) are answered from `actions` as before.

Alembic's batch mode on SQLite rebuilds a table to alter it, which drops its triggers: a migration
that alters `actions` with batch_alter_table must call `install_triggers` again afterwards
(tests/store/test_action_counts.py fails if the triggers are missing).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, func, not_, select
from sqlalchemy.orm import Session

from store.models import UNDATED, ActionCount
from store.status import CAN_BE_OVERDUE, Status

if TYPE_CHECKING:  # store.queries imports this module
    from store.queries import ActionFilter

_SQLITE_UNDATED = f"'{UNDATED.isoformat()}'"
_POSTGRES_UNDATED = f"DATE '{UNDATED.isoformat()}'"

_SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER action_counts_insert AFTER INSERT ON actions BEGIN
        INSERT INTO action_counts (workspace_id, status, due_key, n)
        VALUES (NEW.workspace_id, NEW.status, coalesce(NEW.due_date, {_SQLITE_UNDATED}), 1)
        ON CONFLICT (workspace_id, status, due_key) DO UPDATE SET n = n + 1;
    END
    """,
    f"""
    CREATE TRIGGER action_counts_delete AFTER DELETE ON actions BEGIN
        UPDATE action_counts SET n = n - 1
        WHERE workspace_id = OLD.workspace_id AND status = OLD.status
          AND due_key = coalesce(OLD.due_date, {_SQLITE_UNDATED});
    END
    """,
    f"""
    CREATE TRIGGER action_counts_update AFTER UPDATE OF workspace_id, status, due_date ON actions
    WHEN OLD.workspace_id IS NOT NEW.workspace_id OR OLD.status IS NOT NEW.status OR OLD.due_date IS NOT NEW.due_date
    BEGIN
        UPDATE action_counts SET n = n - 1
        WHERE workspace_id = OLD.workspace_id AND status = OLD.status
          AND due_key = coalesce(OLD.due_date, {_SQLITE_UNDATED});
        INSERT INTO action_counts (workspace_id, status, due_key, n)
        VALUES (NEW.workspace_id, NEW.status, coalesce(NEW.due_date, {_SQLITE_UNDATED}), 1)
        ON CONFLICT (workspace_id, status, due_key) DO UPDATE SET n = n + 1;
    END
    """,
)

_POSTGRES_TRIGGERS = (
    f"""
    CREATE OR REPLACE FUNCTION action_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE action_counts SET n = n - 1
            WHERE workspace_id = OLD.workspace_id AND status = OLD.status
              AND due_key = coalesce(OLD.due_date, {_POSTGRES_UNDATED});
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            INSERT INTO action_counts AS c (workspace_id, status, due_key, n)
            VALUES (NEW.workspace_id, NEW.status, coalesce(NEW.due_date, {_POSTGRES_UNDATED}), 1)
            ON CONFLICT (workspace_id, status, due_key) DO UPDATE SET n = c.n + 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER action_counts_insert_delete AFTER INSERT OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION action_counts_track()
    """,
    """
    CREATE TRIGGER action_counts_update AFTER UPDATE OF workspace_id, status, due_date ON actions
    FOR EACH ROW
    WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.due_date IS DISTINCT FROM NEW.due_date)
    EXECUTE FUNCTION action_counts_track()
    """,
)

TRIGGER_NAMES = ("action_counts_insert", "action_counts_delete", "action_counts_update", "action_counts_insert_delete")


def install_triggers(connection: Connection) -> None:
    """Create the triggers (dropping any earlier ones) and count what is there now."""
    drop_triggers(connection)
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        connection.exec_driver_sql(statement)
    rebuild(connection)


def drop_triggers(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name in TRIGGER_NAMES:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}" + (" ON actions" if postgres else ""))
    if postgres:
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS action_counts_track()")


def rebuild(connection: Connection) -> None:
    """Recount every workspace from `actions` (the migration's backfill)."""
    undated = _POSTGRES_UNDATED if connection.dialect.name == "postgresql" else _SQLITE_UNDATED
    connection.exec_driver_sql("DELETE FROM action_counts")
    connection.exec_driver_sql(
        "INSERT INTO action_counts (workspace_id, status, due_key, n) "
        f"SELECT workspace_id, status, coalesce(due_date, {undated}), count(*) FROM actions "
        f"GROUP BY workspace_id, status, coalesce(due_date, {undated})"
    )


# ActionFilter fields the counts can answer: each is a condition on status and due date only.
_ANSWERABLE = frozenset({"statuses", "not_statuses", "overdue_on", "due_from", "due_to", "due_before", "due_after", "has_due_date"})
# Fields that never change which actions match.
_IRRELEVANT = frozenset({"order", "rag_today", "rag_now"})


def answerable(flt: ActionFilter) -> bool:
    """True when every condition `flt` sets is on status or due date alone."""
    return set(flt.model_dump(exclude_defaults=True)) - _IRRELEVANT <= _ANSWERABLE


def _conditions(workspace_id: str, flt: ActionFilter) -> list:  # type: ignore[type-arg]
    # Each mirrors store.queries._conditions for a nullable due_date: a comparison with NULL is not
    # true, so undated actions match none of the date bounds.
    dated = ActionCount.due_key != UNDATED
    conditions = [ActionCount.workspace_id == workspace_id]
    if flt.statuses is not None:
        conditions.append(ActionCount.status.in_([s.value for s in flt.statuses]))
    if flt.not_statuses:
        conditions.append(ActionCount.status.not_in([s.value for s in flt.not_statuses]))
    if flt.overdue_on is not None:
        conditions += [dated, ActionCount.due_key < flt.overdue_on,
                       ActionCount.status.in_([s.value for s in CAN_BE_OVERDUE])]
    for bound, compare in ((flt.due_from, ActionCount.due_key.__ge__), (flt.due_to, ActionCount.due_key.__le__),
                           (flt.due_before, ActionCount.due_key.__lt__), (flt.due_after, ActionCount.due_key.__gt__)):
        if bound is not None:
            conditions += [dated, compare(bound)]
    if flt.has_due_date is not None:
        conditions.append(dated if flt.has_due_date else not_(dated))
    return conditions


def count(session: Session, workspace_id: str, flt: ActionFilter) -> int:
    """How many actions `flt` matches; only for an `answerable` filter."""
    return int(session.scalar(select(func.coalesce(func.sum(ActionCount.n), 0)).where(*_conditions(workspace_id, flt))) or 0)


def by_status(session: Session, workspace_id: str, flt: ActionFilter) -> dict[Status, int]:
    """How many actions `flt` matches in each status (statuses with none left out)."""
    rows = session.execute(
        select(ActionCount.status, func.sum(ActionCount.n))
        .where(*_conditions(workspace_id, flt))
        .group_by(ActionCount.status)
    ).all()
    return {Status(s): int(n) for s, n in rows if n}


def overdue_and_due_soon(session: Session, workspace_id: str, flt: ActionFilter, today: date, soon: date,
                         open_statuses: list[Status]) -> tuple[int, int]:
    """(overdue on `today`, due from today to `soon` and open), in one read."""
    base = and_(*_conditions(workspace_id, flt))
    overdue = and_(ActionCount.due_key < today, ActionCount.status.in_([s.value for s in CAN_BE_OVERDUE]))
    soon_open = and_(ActionCount.due_key >= today, ActionCount.due_key <= soon,
                     ActionCount.status.in_([s.value for s in open_statuses]))
    row = session.execute(
        select(
            func.coalesce(func.sum(ActionCount.n).filter(overdue), 0),
            func.coalesce(func.sum(ActionCount.n).filter(soon_open), 0),
        ).where(base, ActionCount.due_key != UNDATED)
    ).one()
    return int(row[0]), int(row[1])
