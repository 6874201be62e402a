"""Remembering which Slack deliveries were already handled."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, exists, literal, select
from sqlalchemy.orm import Session, sessionmaker

from store.db import insert_or_ignore, rows_changed
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
    if _inserted(session, workspace_id, event_id, now):
        return True
    add_workspace_if_new(session, workspace_id)
    return _inserted(session, workspace_id, event_id, now)


def claim_event_committed(session_factory: sessionmaker[Session], workspace_id: str, event_id: str, now: datetime) -> bool:
    """claim_event for an event that arrived, committed when this returns: each statement commits
    on its own, so a known workspace's event costs one round trip on PostgreSQL rather than BEGIN,
    INSERT and COMMIT. The INSERT's commit waits for the WAL flush as a transaction's would: a
    claim that returned True survives a crash, so a retry after one is still dropped."""
    with session_factory() as session:
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return claim_event(session, workspace_id, event_id, now)


def _inserted(session: Session, workspace_id: str, event_id: str, now: datetime) -> bool:
    columns = SlackEvent.__table__.c
    values = select(
        literal(workspace_id, columns.workspace_id.type),
        literal(event_id, columns.event_id.type),
        literal(now, columns.received_at.type),
    ).where(exists().where(Workspace.team_id == workspace_id))
    claim = (
        insert_or_ignore(session, SlackEvent)
        .from_select([SlackEvent.workspace_id, SlackEvent.event_id, SlackEvent.received_at], values)
        .returning(SlackEvent.event_id)
    )
    return session.execute(claim).first() is not None


def forget_old_events(session: Session, now: datetime, *, keep: timedelta = timedelta(days=2)) -> int:
    """Slack retries for about an hour at most; two days of memory is plenty."""
    return rows_changed(session, delete(SlackEvent).where(SlackEvent.received_at < now - keep))
