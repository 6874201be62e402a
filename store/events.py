"""Remembering which Slack deliveries were already handled."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from store.db import insert_or_ignore, rows_changed
from store.models import SlackEvent
from store.workspaces import add_workspace_if_new


def claim_event(session: Session, workspace_id: str, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen in a workspace, False for every retry after.

    An insert that does nothing on conflict is atomic in both databases, so two web processes
    receiving the original and a retry at once still let exactly one of them through.
    """
    add_workspace_if_new(session, workspace_id)
    inserted = session.execute(
        insert_or_ignore(session, SlackEvent, workspace_id=workspace_id, event_id=event_id, received_at=now)
        .returning(SlackEvent.event_id)
    ).first()
    return inserted is not None


def forget_old_events(session: Session, now: datetime, *, keep: timedelta = timedelta(days=2)) -> int:
    """Slack retries for about an hour at most; two days of memory is plenty."""
    return rows_changed(session, delete(SlackEvent).where(SlackEvent.received_at < now - keep))
