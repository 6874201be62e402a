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

On PostgreSQL the triggers never touch `action_counts` itself. They append each statement's net
change to `action_count_deltas`, and `fold` (run by the clock every tick, and after a bulk load)
moves those into `action_counts`. Why not update the
counts row in the trigger, as SQLite does: a row lock on a shared counts row is held until the
writer commits, so two transactions moving actions between the same two (status, due date) keys in
opposite directions each held one row and waited for the other (a deadlock, one of them rolled
back), and every writer to a busy key queued behind the others. Sorting the locks inside the
trigger cannot fix it, because a transaction (an import, an update touching several actions) takes
them over many statements; retrying a deadlocked transaction cannot be done in one place either,
since `store.db.transaction` is a context manager that cannot run its block again, and a retry
at each of its sixty callers would have to be proved not to save an update twice. An insert-only
journal takes no lock another writer waits for, so nothing is retried and nothing can be lost or
counted twice. Readers sum `action_counts` and the unfolded deltas in one statement (one snapshot),
so a count is exact whether or not the clock has folded yet. Per statement, not per row, the
triggers also stop a bulk load from rewriting one counts row thousands of times (56 MB of dead rows
for 8,016 live ones after a bulk load). SQLite has one writer at a time, so its row triggers keep
updating `action_counts` directly and its journal stays empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Select, String, and_, func, literal_column, not_, select, union_all
from sqlalchemy.orm import Session

from store.models import UNDATED, ActionCount, ActionCountDelta
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

_POSTGRES_ROW_TRIGGERS = (  # migration 0011's, before the journal
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


# The rows whose (workspace, status, due date) an UPDATE changed, as -1 for where they were and +1
# for where they are, summed per key.
_MOVED = f"""
    SELECT o.workspace_id, o.status, coalesce(o.due_date, {_POSTGRES_UNDATED}) AS due_key, -1 AS n
    FROM old_rows o JOIN new_rows w ON w.id = o.id
    WHERE (o.workspace_id, o.status, o.due_date) IS DISTINCT FROM (w.workspace_id, w.status, w.due_date)
    UNION ALL
    SELECT w.workspace_id, w.status, coalesce(w.due_date, {_POSTGRES_UNDATED}), 1
    FROM old_rows o JOIN new_rows w ON w.id = o.id
    WHERE (o.workspace_id, o.status, o.due_date) IS DISTINCT FROM (w.workspace_id, w.status, w.due_date)
"""

_POSTGRES_TRIGGERS = (
    f"""
    CREATE OR REPLACE FUNCTION action_counts_journal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO action_count_deltas (workspace_id, status, due_key, n)
            SELECT workspace_id, status, coalesce(due_date, {_POSTGRES_UNDATED}), count(*)
            FROM new_rows GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
            -- A purged workspace's rows go with it (its deltas cascade away): nothing to count.
            INSERT INTO action_count_deltas (workspace_id, status, due_key, n)
            SELECT o.workspace_id, o.status, coalesce(o.due_date, {_POSTGRES_UNDATED}), -count(*)
            FROM old_rows o WHERE EXISTS (SELECT 1 FROM workspaces s WHERE s.team_id = o.workspace_id)
            GROUP BY 1, 2, 3;
        ELSE
            INSERT INTO action_count_deltas (workspace_id, status, due_key, n)
            SELECT workspace_id, status, due_key, sum(n) FROM ({_MOVED}) moved
            GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # PostgreSQL allows a transition table only on a trigger for one event.
    """
    CREATE TRIGGER action_counts_journal_insert AFTER INSERT ON actions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION action_counts_journal()
    """,
    """
    CREATE TRIGGER action_counts_journal_delete AFTER DELETE ON actions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION action_counts_journal()
    """,
    """
    CREATE TRIGGER action_counts_journal_update AFTER UPDATE ON actions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION action_counts_journal()
    """,
)

TRIGGER_NAMES = ("action_counts_insert", "action_counts_delete", "action_counts_update", "action_counts_insert_delete",
                 "action_counts_journal_insert", "action_counts_journal_delete", "action_counts_journal_update")
_FUNCTIONS = ("action_counts_track()", "action_counts_journal()")
# One fold at a time across every process: a second one skips rather than waits (key is arbitrary).
_FOLD_LOCK = 7_133_013


def install_triggers(connection: Connection) -> None:
    """Create the triggers (dropping any earlier ones) and count what is there now."""
    drop_triggers(connection)
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        connection.exec_driver_sql(statement)
    rebuild(connection)


def install_row_triggers(connection: Connection) -> None:
    """Migration 0011's triggers, which update `action_counts` row by row (before the journal)."""
    drop_triggers(connection)
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRES_ROW_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        connection.exec_driver_sql(statement)
    rebuild(connection, journal=False)


def drop_triggers(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name in TRIGGER_NAMES:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}" + (" ON actions" if postgres else ""))
    if postgres:
        for function in _FUNCTIONS:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")


def rebuild(connection: Connection, *, journal: bool = True) -> None:
    """Recount every workspace from `actions` (the migration's backfill)."""
    undated = _POSTGRES_UNDATED if connection.dialect.name == "postgresql" else _SQLITE_UNDATED
    if journal:
        connection.exec_driver_sql("DELETE FROM action_count_deltas")
    connection.exec_driver_sql("DELETE FROM action_counts")
    connection.exec_driver_sql(
        "INSERT INTO action_counts (workspace_id, status, due_key, n) "
        f"SELECT workspace_id, status, coalesce(due_date, {undated}), count(*) FROM actions "
        f"GROUP BY workspace_id, status, coalesce(due_date, {undated})"
    )


def fold(connection: Connection) -> bool:
    """Move committed deltas into `action_counts` (PostgreSQL; SQLite has none). Run in a
    transaction of its own: it locks counts rows until it commits, and only a fold ever does, so
    with one fold at a time (an advisory lock, tried, never waited for) no writer waits on it.
    False when another fold held the lock; its deltas are left for the next one."""
    if connection.dialect.name != "postgresql":
        return True
    if not connection.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({_FOLD_LOCK})").scalar():
        return False
    # Deltas committed after this statement's snapshot are not seen, so not deleted: the next fold takes them.
    connection.exec_driver_sql(
        "WITH gone AS (DELETE FROM action_count_deltas RETURNING workspace_id, status, due_key, n) "
        "INSERT INTO action_counts AS c (workspace_id, status, due_key, n) "
        "SELECT workspace_id, status, due_key, sum(n) FROM gone GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
        "ON CONFLICT (workspace_id, status, due_key) DO UPDATE SET n = c.n + excluded.n"
    )
    return True


# ActionFilter fields the counts can answer: each is a condition on status and due date only.
_ANSWERABLE = frozenset({"statuses", "not_statuses", "overdue_on", "due_from", "due_to", "due_before", "due_after", "has_due_date"})
# Fields that never change which actions match.
_IRRELEVANT = frozenset({"order", "rag_today", "rag_now"})


def answerable(flt: ActionFilter) -> bool:
    """True when every condition `flt` sets is on status or due date alone."""
    return set(flt.model_dump(exclude_defaults=True)) - _IRRELEVANT <= _ANSWERABLE


# What the counts are on PostgreSQL: the folded rows and the deltas not folded yet, read in one
# statement. SQLite's journal is always empty (its triggers update `action_counts` directly), so
# there the counts are the table alone: reading it through the union cost SQLite more than
# summing the rows did (1.8 → 4.7 ms for /overdue's 2,000 rows), as it cannot push the
# workspace, status and date bounds into a compound subquery's index search as cheaply.
_JOURNALLED = union_all(
    select(ActionCount.workspace_id, ActionCount.status, ActionCount.due_key, ActionCount.n),
    select(ActionCountDelta.workspace_id, ActionCountDelta.status, ActionCountDelta.due_key, ActionCountDelta.n),
).subquery("counts")
_TABLE = ActionCount.__table__


def _counts(dialect: str) -> Any:
    """The counts' columns for a database of `dialect` (a dialect name)."""
    return _JOURNALLED.c if dialect == "postgresql" else _TABLE.c


def status_constants(statuses: Iterable[Status]) -> list[ColumnElement[str]]:
    """Statuses fixed by the code (not typed by anyone), written into the SQL as constants.

    A list given to IN is otherwise an "expanding" parameter that SQLAlchemy splices into the
    statement's text on every execution, with a pass over the whole text; on a list reply's page
    statement that splicing cost more CPU than the database did, and a statement kept compiled
    (store.kept_reads) cannot have one. The values are our own enum's."""
    values = sorted(s.value for s in statuses)
    assert all(v.replace("_", "").isalnum() for v in values), values  # nothing to quote
    return [literal_column(f"'{v}'", String) for v in values]


def _conditions(c: Any, workspace_id: str, flt: ActionFilter) -> list:  # type: ignore[type-arg]
    # Each mirrors store.queries.filter_conditions for a nullable due_date: a comparison with NULL is not
    # true, so undated actions match none of the date bounds. An undated action's key is the last
    # day there is, so it is never before any day: an upper bound that is strict leaves it out by
    # itself, and saying so again cost a comparison on each of the few thousand rows /overdue sums.
    dated = c.due_key != UNDATED
    conditions = [c.workspace_id == workspace_id]
    if flt.statuses is not None:
        conditions.append(c.status.in_(status_constants(flt.statuses)))
    if flt.not_statuses:
        conditions.append(c.status.not_in(status_constants(flt.not_statuses)))
    if flt.overdue_on is not None:
        conditions += [c.due_key < flt.overdue_on, c.status.in_(status_constants(CAN_BE_OVERDUE))]
    for bound, compare, strictly_before in ((flt.due_from, c.due_key.__ge__, False), (flt.due_to, c.due_key.__le__, False),
                                            (flt.due_before, c.due_key.__lt__, True), (flt.due_after, c.due_key.__gt__, False)):
        if bound is not None:
            conditions += [compare(bound)] if strictly_before else [dated, compare(bound)]
    if flt.has_due_date is not None:
        conditions.append(dated if flt.has_due_date else not_(dated))
    return conditions


def count(session: Session, workspace_id: str, flt: ActionFilter) -> int:
    """How many actions `flt` matches; only for an `answerable` filter."""
    return int(session.scalar(count_statement(session.connection().dialect.name, workspace_id, flt)) or 0)


def count_statement(dialect: str, workspace_id: str, flt: ActionFilter) -> Select[tuple[int]]:
    """`count` as a statement, for a caller that reads it in the same round trip as other things."""
    c = _counts(dialect)
    return select(func.coalesce(func.sum(c.n), 0)).where(*_conditions(c, workspace_id, flt))


def by_status(session: Session, workspace_id: str, flt: ActionFilter) -> dict[Status, int]:
    """How many actions `flt` matches in each status (statuses with none left out)."""
    c = _counts(session.connection().dialect.name)
    rows = session.execute(
        select(c.status, func.sum(c.n))
        .where(*_conditions(c, workspace_id, flt))
        .group_by(c.status)
    ).all()
    return {Status(s): int(n) for s, n in rows if n}


def overdue_and_due_soon(session: Session, workspace_id: str, flt: ActionFilter, today: date, soon: date,
                         open_statuses: list[Status]) -> tuple[int, int]:
    """(overdue on `today`, due from today to `soon` and open), in one read."""
    c = _counts(session.connection().dialect.name)
    base = and_(*_conditions(c, workspace_id, flt))
    overdue = and_(c.due_key < today, c.status.in_([s.value for s in CAN_BE_OVERDUE]))
    soon_open = and_(c.due_key >= today, c.due_key <= soon,
                     c.status.in_([s.value for s in open_statuses]))
    row = session.execute(
        select(
            func.coalesce(func.sum(c.n).filter(overdue), 0),
            func.coalesce(func.sum(c.n).filter(soon_open), 0),
        ).where(base, c.due_key != UNDATED)
    ).one()
    return int(row[0]), int(row[1])
