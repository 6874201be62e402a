"""Remembering which Slack deliveries were already handled."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, Insert, bindparam, delete, exists, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import dialect_insert, rows_changed
from store.kept_reads import KeptRead
from store.models import SlackEvent, Workspace
from store.workspaces import add_workspace_if_new


def claim_event(session: Session, workspace_id: str, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen in a workspace, False for every retry after.

    An insert that does nothing on conflict is atomic in both databases, so two web processes
    receiving the original and a retry at once still let exactly one of them through.

    Every event of a known workspace is claimed in one statement: the event is inserted only if its
    workspace exists (the id hangs from the workspace row). Inserting nothing means a retry or a
    workspace not seen yet; only then is the workspace added and the claim tried again, which is
    as atomic as the first try.
    """
    if _inserted(session.connection(), workspace_id, event_id, now):
        return True
    add_workspace_if_new(session, workspace_id)
    return _inserted(session.connection(), workspace_id, event_id, now)


def claim_event_committed(session_factory: sessionmaker[Session], workspace_id: str, event_id: str, now: datetime) -> bool:
    """claim_event for an event that arrived, committed when this returns: each statement commits
    on its own, so a known workspace's event costs one round trip on PostgreSQL rather than BEGIN,
    INSERT and COMMIT. The INSERT's commit waits for the WAL flush as a transaction's would: a
    claim that returned True survives a crash, so a retry after one is still dropped.

    Every question waits for this before its reply is posted, and the claim runs on another thread
    while the question is read, competing with the reading for the interpreter. So it is one
    statement kept per database and run on the driver's cursor (store.kept_reads): building it and
    going through the ORM each time cost 0.7 ms of CPU, twice the database's own work, and
    SQLAlchemy's execution around the kept statement was still about 0.1 ms of the claim's
    0.17 ms on SQLite."""
    engine: Engine = session_factory.kw["bind"]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if _inserted(connection, workspace_id, event_id, now):
            return True
    with session_factory() as session, session.begin():
        add_workspace_if_new(session, workspace_id)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return _inserted(connection, workspace_id, event_id, now)


@functools.cache
def _claim(dialect: str) -> Insert:
    """INSERT the event id if its workspace exists and the id is new, returning it if inserted."""
    columns = SlackEvent.__table__.c
    workspace_id = bindparam("workspace_id", type_=columns.workspace_id.type)
    values = select(
        workspace_id,
        bindparam("event_id", type_=columns.event_id.type),
        bindparam("received_at", type_=columns.received_at.type),
    ).where(exists().where(Workspace.__table__.c.team_id == workspace_id))
    return (
        dialect_insert(dialect)(SlackEvent.__table__)
        .from_select([columns.workspace_id, columns.event_id, columns.received_at], values)
        .on_conflict_do_nothing()
        .returning(columns.event_id)
    )


@functools.cache
def _kept_claim(dialect: str) -> KeptRead:
    return KeptRead(_claim(dialect))


def _inserted(connection: Connection, workspace_id: str, event_id: str, now: datetime) -> bool:
    """Whether the claim inserted the event id: in the connection's transaction (a session's), or
    committed with the statement on a connection that commits each one (AUTOCOMMIT)."""
    rows = _kept_claim(connection.dialect.name).rows(connection, {"workspace_id": workspace_id, "event_id": event_id, "received_at": now})
    return bool(rows)


def forget_old_events(session: Session, now: datetime, *, keep: timedelta = timedelta(days=2)) -> int:
    """Slack retries for about an hour at most; two days of memory is plenty."""
    return rows_changed(session, delete(SlackEvent).where(SlackEvent.received_at < now - keep))
