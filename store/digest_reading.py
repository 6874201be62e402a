"""What a digest reads, as plain columns: where a small scope's actions stand, the actions it
names, and a workspace's week of updates.

A digest names a few dozen actions. Loading them as ORM objects (plan, recommendation and owner
links eager-loaded) was a third of building one; here they are one statement of plain columns,
made into ActionSummary by the same code the list path uses (store.summary_page). The statements
are built once, with bound parameters, so building a thousand digests does not compile a thousand
copies of each.

A delivery pass reads a workspace's updates of the week once for all its digests
(`window_updates`, `confirmed_links`); digests.reads says how each digest takes its share.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from store.models import Action, ActionOwner, Owner, OwnerLink, Plan, Recommendation, Update
from store.queries import ActionFilter, filter_conditions
from store.status import Status
from store.summaries import ActionSummary, OwnerRef
from store.summary_page import SUMMARY_COLUMNS, summary_of_row

_DISPLAY = (
    select(*SUMMARY_COLUMNS, Owner.id, Owner.name, Owner.is_team)
    .join(Plan, Plan.id == Action.plan_id)
    .join(Recommendation, Recommendation.id == Action.recommendation_id)
    # As Action.owners reads them: the action's links in their order.
    .outerjoin(ActionOwner, ActionOwner.action_id == Action.id)
    .outerjoin(Owner, Owner.id == ActionOwner.owner_id)
    .where(Action.workspace_id == bindparam("workspace_id"), Action.id.in_(bindparam("ids", expanding=True)))
    .order_by(Action.id, ActionOwner.position)
)


def display_summaries(session: Session, workspace_id: str, ids: list[int], *, today: date, now: datetime) -> dict[int, ActionSummary]:
    """These actions of the workspace as a reply shows them, by id (summarise's reading, in columns)."""
    if not ids:
        return {}
    rows: dict[int, Any] = {}
    owners: dict[int, list[OwnerRef]] = defaultdict(list)
    row: Any
    # The connection, not the session: plain rows need none of the ORM's result handling.
    for row in session.connection().execute(_DISPLAY, {"workspace_id": workspace_id, "ids": sorted(set(ids))}):
        rows.setdefault(row[0], row)
        if row[-3] is not None:
            owners[row[0]].append(OwnerRef(id=row[-3], name=row[-2], is_team=row[-1]))
    return {i: summary_of_row(row, tuple(owners.get(i, ())), today, now) for i, row in rows.items()}


class ScopeRow(NamedTuple):
    id: int
    status: Status
    due_date: date | None
    last_activity_at: datetime


def scope_rows(session: Session, workspace_id: str, flt: ActionFilter, *, limit: int) -> list[ScopeRow] | None:
    """Status, due date and activity of every action `flt` matches, or None when there are more
    than `limit` (a digest then asks the database section by section)."""
    rows = session.connection().execute(
        select(Action.id, Action.status, Action.due_date, Action.last_activity_at)
        .where(*filter_conditions(session, workspace_id, flt))
        .limit(limit + 1)
    ).all()
    return None if len(rows) > limit else [ScopeRow._make(row) for row in rows]


class WindowUpdate(NamedTuple):
    """One update a person posted, with what a digest shows of it (store.queries.UpdateRow and its note)."""

    id: int
    created_at: datetime
    action_id: int
    status_to: Status | None
    due_from: date | None
    due_to: date | None
    note: str
    author_name: str


_WINDOW = (
    select(Update.id, Update.created_at, Update.action_id, Update.status_to, Update.due_from, Update.due_to,
           Update.note, Update.author_name)
    .join(Action, Update.action_id == Action.id)
    # The workspace on updates too: the (workspace, created_at) index finds the window.
    .where(Update.workspace_id == bindparam("workspace_id"), Action.workspace_id == bindparam("workspace_id"),
           Update.created_at > bindparam("start"), Update.created_at <= bindparam("end"), Update.source != "document")
    .order_by(Update.created_at, Update.id)
)


def window_updates(session: Session, workspace_id: str, start: datetime, end: datetime) -> list[WindowUpdate]:
    """Every update people posted in (start, end] on the workspace's actions, oldest first:
    store.queries.update_rows_between for the whole workspace, notes included."""
    rows = session.connection().execute(_WINDOW, {"workspace_id": workspace_id, "start": start, "end": end})
    return [WindowUpdate._make(row) for row in rows]


_LINKS = (
    select(OwnerLink.owner_id, OwnerLink.slack_user_id, OwnerLink.slack_usergroup_id)
    .where(OwnerLink.workspace_id == bindparam("workspace_id"), OwnerLink.confirmed.is_(True))
    .order_by(OwnerLink.id)
)


def confirmed_links(session: Session, workspace_id: str) -> dict[int, list[str]]:
    """store.links.linked_users for every owner of the workspace: Slack ids to @-mention, per owner."""
    out: dict[int, list[str]] = {}
    for owner_id, user_id, group_id in session.connection().execute(_LINKS, {"workspace_id": workspace_id}):
        out.setdefault(owner_id, []).append(user_id or f"subteam:{group_id}")
    return out
