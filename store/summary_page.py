"""One page of a list, read as the plain columns a reply shows.

A list shows ten actions. Loading them as ORM objects (each with its plan, recommendation and
owner links eager-loaded) cost several times what the SQL did, and counting the page's total,
overdue and due-soon actions took three statements. Here a page is one count statement, one
statement for the page's rows and one for their owners, and ActionSummary is built straight
from the rows. The rules (filters, order) are the ones find_actions uses.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import Session

from store.models import Action, ActionOwner, Owner, Plan, Recommendation
from store.queries import ActionFilter, Order, _conditions, _order_by, find_actions, overdue_condition
from store.status import OPEN_STATUSES, rag_rating
from store.summaries import ActionSummary, OwnerRef, summarise

_COLUMNS = (
    Action.id, Action.handle, Action.plan_id, Plan.code, Plan.title, Recommendation.ref, Action.text,
    Recommendation.text, Recommendation.response, Recommendation.response_reason, Action.status,
    Action.status_reason, Action.review_date, Action.due_date, Action.original_due_date, Action.slip_count,
    Action.ongoing, Action.recurring, Action.timescale_raw, Action.budget_text, Action.last_activity_at,
)
_OPEN = [s.value for s in OPEN_STATUSES]


def listing_counts(session: Session, workspace_id: str, today: date, flt: ActionFilter) -> tuple[int, int, int]:
    """(total, overdue, due in the next 14 days) among the actions `flt` matches, in one
    statement: the list's paging total and its header line."""
    if flt.overdue_on == today:
        # Every action listed is overdue and none is due ahead: one plain count answers all three.
        total = count_matching(session, workspace_id, flt)
        return total, total, 0
    soon = (Action.due_date >= today) & (Action.due_date <= today + timedelta(days=14)) & Action.status.in_(_OPEN)
    statement = select(
        func.count(),
        func.count(case((overdue_condition(today), 1))),
        func.count(case((soon, 1))),
    ).select_from(Action).where(*_conditions(session, workspace_id, flt))
    total, overdue, due_soon = session.connection().execute(statement).one()
    return int(total or 0), int(overdue or 0), int(due_soon or 0)


def count_matching(session: Session, workspace_id: str, flt: ActionFilter) -> int:
    statement = select(func.count()).select_from(Action).where(*_conditions(session, workspace_id, flt))
    return int(session.connection().execute(statement).scalar() or 0)


def summary_page(
    session: Session, workspace_id: str, flt: ActionFilter, *, total: int, today: date, now: datetime, limit: int, offset: int = 0
) -> list[ActionSummary]:
    """Summaries of one page of the actions `flt` matches, in its order; `total` is the count
    already taken (an empty or passed-over list reads nothing more)."""
    if total <= offset or limit <= 0:
        return []
    if flt.text and flt.order is Order.RELEVANCE:
        # Ranked search joins the search engine's own tables: the ORM path knows how.
        page = find_actions(session, workspace_id, flt, limit=limit, offset=offset, total=total)
        return [summarise(a, today=today, now=now) for a in page.actions]
    connection = session.connection()
    rows = connection.execute(
        select(*_COLUMNS)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(*_conditions(session, workspace_id, flt))
        .order_by(*_order_by(flt))
        .limit(limit)
        .offset(offset)
    ).all()
    owners: dict[int, list[OwnerRef]] = defaultdict(list)
    if rows:
        for action_id, owner_id, name, is_team in connection.execute(
            select(ActionOwner.action_id, Owner.id, Owner.name, Owner.is_team)
            .join(Owner, Owner.id == ActionOwner.owner_id)
            .where(ActionOwner.workspace_id == workspace_id, ActionOwner.action_id.in_([r[0] for r in rows]))
            .order_by(ActionOwner.action_id, ActionOwner.position)
        ):
            owners[action_id].append(OwnerRef(id=owner_id, name=name, is_team=is_team))
    return [_summary(row, tuple(owners.get(row[0], ())), today, now) for row in rows]


def _summary(row: Row[Any], owners: tuple[OwnerRef, ...], today: date, now: datetime) -> ActionSummary:
    (action_id, handle, plan_id, plan_code, plan_title, ref, text, recommendation, response, response_reason, status,
     status_reason, review_date, due, original_due, slip_count, ongoing, recurring, timescale_raw, budget, last_activity) = row
    return ActionSummary(
        id=action_id, handle=handle, plan_id=plan_id, plan_code=plan_code, plan_title=plan_title, ref=ref, text=text,
        recommendation=recommendation, response=response, response_reason=response_reason, owners=owners,
        status=status, status_reason=status_reason, review_date=review_date, due=due, original_due=original_due,
        slip_count=slip_count, ongoing=ongoing, recurring=recurring, timescale_raw=timescale_raw, budget=budget,
        last_activity_at=last_activity,
        rag=rag_rating(status=status, due=due, slip_count=slip_count, last_activity=last_activity,
                       review_date=review_date, today=today, now=now),
    )
