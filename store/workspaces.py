"""Workspaces: the tenant every row belongs to."""

from __future__ import annotations

from sqlalchemy import column, delete, table
from sqlalchemy.orm import Session

from store.db import insert_or_ignore
from store.models import Workspace, new_generation, utcnow


def ensure_workspace(session: Session, team_id: str, name: str | None = None) -> Workspace:
    """The workspace row for this team, created on first sight.

    Two web processes can see a new team at the same moment, so creation is an upsert
    rather than a check-then-insert.
    """
    add_workspace_if_new(session, team_id, name)
    workspace = session.get(Workspace, team_id)
    assert workspace is not None
    if name and workspace.name != name:
        workspace.name = name
    return workspace


def add_workspace_if_new(session: Session, team_id: str, name: str | None = None) -> None:
    """ensure_workspace without reading the row back: one statement, for what only needs the row
    to exist (claiming an event id, on every event)."""
    session.execute(insert_or_ignore(
        session, Workspace, conflict_on=["team_id"],
        team_id=team_id, name=name, owners_version=0, owners_generation=new_generation(),
        plans_version=0, plans_generation=new_generation(), created_at=utcnow(),
    ))


def wants_two_stage_close(session: Session, team_id: str, default: bool) -> bool:
    """Whether an owner's "done" waits for an officer's sign-off in this workspace."""
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.two_stage_close is None:
        return default
    return workspace.two_stage_close


def wants_data_deleted(session: Session, team_id: str) -> bool:
    workspace = session.get(Workspace, team_id)
    return bool(workspace and workspace.delete_on_uninstall)


def purge_workspace(session: Session, team_id: str) -> bool:
    """Delete everything the workspace stored: every table hangs from the workspace row with
    ON DELETE CASCADE. Its Slack installations go too."""
    workspace = session.get(Workspace, team_id)
    for name in ("slack_installations", "slack_bots"):
        installations = table(name, column("team_id"))
        session.execute(delete(installations).where(installations.c.team_id == team_id))
    if workspace is None:
        return False
    session.delete(workspace)
    session.flush()
    return True
