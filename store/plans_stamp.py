"""The workspace's plans stamp: what a cached vocabulary of plan names is checked against.

Every question is read with the workspace's vocabulary (store.vocabulary), which holds each plan's
code, title, council and committee, so before answering the cache must know whether any plan was
added, removed, renamed or re-imported since it was built. Aggregating every plan of the workspace
to find out cost more than the rest of reading the question; instead `workspaces` holds a stamp
(`plans_version`, counting changes, and `plans_generation`, a random token replaced with each
one, as the owners stamp has: see migration 0008), and the check reads that one row.

Database triggers on `plans` bump it in the same transaction as the change, whichever code path
wrote the row (the importer, `plan remove`, an undone import, a fixture, a cascade), so nothing in
Python has to remember to (as store.action_counts keeps its counts). A plan changed in a way the
vocabulary does not read (its import time, its source file) leaves the stamp alone.

Alembic's batch mode on SQLite rebuilds a table to alter it, which drops its triggers: a migration
that alters `plans` with batch_alter_table must call `install_triggers` again afterwards
(tests/store/test_plans_stamp.py fails if the triggers are missing).
"""

from __future__ import annotations

from sqlalchemy import Connection

# The columns of a plan the vocabulary is built from (see store.vocabulary.load_vocabulary).
_NAMED_BY = ("workspace_id", "code", "title", "council", "committee")

_SQLITE_BUMP = (
    "UPDATE workspaces SET plans_version = plans_version + 1, plans_generation = lower(hex(randomblob(16))) "
    "WHERE team_id = {row}.workspace_id;"
)
_SQLITE_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _NAMED_BY)
_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER plans_stamp_insert AFTER INSERT ON plans BEGIN {_SQLITE_BUMP.format(row='NEW')} END",
    f"CREATE TRIGGER plans_stamp_delete AFTER DELETE ON plans BEGIN {_SQLITE_BUMP.format(row='OLD')} END",
    f"""
    CREATE TRIGGER plans_stamp_update AFTER UPDATE OF {", ".join(_NAMED_BY)} ON plans
    WHEN {_SQLITE_CHANGED}
    BEGIN {_SQLITE_BUMP.format(row='OLD')} {_SQLITE_BUMP.format(row='NEW')} END
    """,
)

_POSTGRES_BUMP = (
    "UPDATE workspaces SET plans_version = plans_version + 1, "
    "plans_generation = md5(random()::text || clock_timestamp()::text) WHERE team_id = {row}.workspace_id;"
)
_POSTGRES_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _NAMED_BY)
_POSTGRES_TRIGGERS = (
    f"""
    CREATE OR REPLACE FUNCTION plans_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- A workspace being purged is gone already by the time its plans' cascade gets here:
        -- the update then changes nothing, which is right.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_POSTGRES_BUMP.format(row='OLD')}
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.workspace_id IS DISTINCT FROM OLD.workspace_id) THEN
            {_POSTGRES_BUMP.format(row='NEW')}
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER plans_stamp_insert_delete AFTER INSERT OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION plans_stamp_bump()
    """,
    f"""
    CREATE TRIGGER plans_stamp_update AFTER UPDATE OF {", ".join(_NAMED_BY)} ON plans
    FOR EACH ROW WHEN ({_POSTGRES_CHANGED})
    EXECUTE FUNCTION plans_stamp_bump()
    """,
)

TRIGGER_NAMES = ("plans_stamp_insert", "plans_stamp_delete", "plans_stamp_update", "plans_stamp_insert_delete")


def install_triggers(connection: Connection) -> None:
    """Create the triggers, dropping any earlier ones."""
    drop_triggers(connection)
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        connection.exec_driver_sql(statement)


def drop_triggers(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name in TRIGGER_NAMES:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}" + (" ON plans" if postgres else ""))
    if postgres:
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS plans_stamp_bump()")
