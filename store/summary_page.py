"""One page of a list, read as the plain columns a reply shows.

A list shows ten actions. Loading them as ORM objects (each with its plan, recommendation and
owner links eager-loaded) cost several times what the SQL did, and counting the page's total,
overdue and due-soon actions took three statements. Here a page is one count statement and
one statement for the page's rows with their owners joined on (every statement is a round trip,
which on a busy PostgreSQL costs more than the query), and ActionSummary is built straight
from the rows. The rules (filters, order) are the ones find_actions uses.

Whole-workspace counts kept elsewhere can answer `list_page`'s counts without changing callers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from store import action_counts
from store.models import Action, ActionOwner, Owner, Plan, Recommendation
from store.recommendations import recommendation_handle
from store.queries import ActionFilter, Order, _conditions, _order_by, find_actions, overdue_condition
from store.status import OPEN_STATUSES, rag_rating
from store.summaries import ActionSummary, OwnerRef, summarise

_COLUMNS = (
    Action.id, Action.handle, Action.plan_id, Plan.code, Plan.title, Recommendation.ref, Action.text,
    Recommendation.text, Recommendation.response, Recommendation.response_reason, Action.status,
    Action.status_reason, Action.review_date, Action.due_date, Action.original_due_date, Action.slip_count,
    Action.ongoing, Action.recurring, Action.timescale_raw, Action.budget_text, Action.last_activity_at,
    # The recommendation as the committee tracks it (lists name it once above its actions).
    Recommendation.id.label("tracked_recommendation_id"), Recommendation.position.label("recommendation_position"),
    Recommendation.assessment, Recommendation.signed_off_on,
)
_OPEN = [s.value for s in OPEN_STATUSES]


@dataclass
class Page:
    total: int
    overdue: int
    due_soon: int
    items: list[ActionSummary]


def list_page(
    session: Session, workspace_id: str, flt: ActionFilter, *, today: date, now: datetime, limit: int, offset: int = 0,
    headline_counts: bool = True,
) -> Page:
    """One page of the actions `flt` matches, with the paging total and (when asked) how many
    are overdue and due in the next 14 days. The filter's conditions are built once for all."""
    conditions = _conditions(session, workspace_id, flt)
    connection = session.connection()
    if not headline_counts or flt.overdue_on == today:
        # With the overdue filter every action listed is overdue and none is due ahead. A filter
        # on status and due dates alone (`/overdue`, whole workspace) is read from the maintained
        # counts, which do not grow with the workspace; any other is counted from the actions.
        if action_counts.answerable(flt):
            total = action_counts.count(session, workspace_id, flt)
        else:
            total = int(connection.execute(select(func.count()).select_from(Action).where(*conditions)).scalar() or 0)
        overdue, due_soon = (total, 0) if headline_counts else (0, 0)
    else:
        soon = (Action.due_date >= today) & (Action.due_date <= today + timedelta(days=14)) & Action.status.in_(_OPEN)
        total, overdue, due_soon = connection.execute(
            select(func.count(), func.count(case((overdue_condition(today), 1))), func.count(case((soon, 1))))
            .select_from(Action).where(*conditions)
        ).one()
    page = Page(int(total or 0), int(overdue or 0), int(due_soon or 0), [])
    if page.total <= offset or limit <= 0:
        return page
    if flt.text and flt.order is Order.RELEVANCE:
        # Ranked search joins the search engine's own tables: the ORM path knows how.
        ranked = find_actions(session, workspace_id, flt, limit=limit, offset=offset, total=page.total)
        page.items = [summarise(a, today=today, now=now) for a in ranked.actions]
        return page
    # The page's actions, then each one's owners joined on, in one statement.
    chosen = (
        select(*_COLUMNS, Action.position, Action.recommendation_id)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(*conditions)
        .order_by(*_order_by(flt))
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    ordered = _order_of(flt, chosen.c)
    rows = connection.execute(
        select(*chosen.c[: len(_COLUMNS)], Owner.id, Owner.name, Owner.is_team)
        .outerjoin(ActionOwner, (ActionOwner.action_id == chosen.c.id) & (ActionOwner.workspace_id == workspace_id))
        .outerjoin(Owner, Owner.id == ActionOwner.owner_id)
        .order_by(*ordered, ActionOwner.position)
    ).all()
    actions: dict[int, Any] = {}
    owners: dict[int, list[OwnerRef]] = defaultdict(list)
    for row in rows:
        actions.setdefault(row[0], row)
        if row[-3] is not None:
            owners[row[0]].append(OwnerRef(id=row[-3], name=row[-2], is_team=row[-1]))
    rows = list(actions.values())
    page.items = [_summary(row, tuple(owners.get(row[0], ())), today, now) for row in rows]
    return page


def _order_of(flt: ActionFilter, c: Any) -> list[Any]:
    """find_actions' order (store.queries._order_by), on the chosen page's columns."""
    if flt.order is Order.STALEST:
        return [c.last_activity_at, c.id]
    if flt.order is Order.HANDLE:
        return [c.plan_id, c.recommendation_id, c.position]
    return [c.due_date.asc().nulls_last(), c.id]


def _summary(row: Any, owners: tuple[OwnerRef, ...], today: date, now: datetime) -> ActionSummary:
    (action_id, handle, plan_id, plan_code, plan_title, ref, text, recommendation, response, response_reason, status,
     status_reason, review_date, due, original_due, slip_count, ongoing, recurring, timescale_raw, budget, last_activity,
     recommendation_id, recommendation_position, assessment, signed_off_on) = row[: len(_COLUMNS)]
    return ActionSummary(
        id=action_id, handle=handle, plan_id=plan_id, plan_code=plan_code, plan_title=plan_title, ref=ref, text=text,
        recommendation=recommendation, response=response, response_reason=response_reason, owners=owners,
        status=status, status_reason=status_reason, review_date=review_date, due=due, original_due=original_due,
        slip_count=slip_count, ongoing=ongoing, recurring=recurring, timescale_raw=timescale_raw, budget=budget,
        last_activity_at=last_activity,
        rag=rag_rating(status=status, due=due, slip_count=slip_count, last_activity=last_activity,
                       review_date=review_date, today=today, now=now),
        recommendation_id=recommendation_id,
        recommendation_handle=recommendation_handle(plan_code, ref, recommendation_position),
        assessment=assessment, signed_off_on=signed_off_on,
    )
