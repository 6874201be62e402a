"""Questions the rest of the bot asks of the store, as plain functions over a session.

Every function takes the workspace explicitly and filters on it first: nothing is ever read
across workspaces. "Today" and "now" are parameters, never read from the clock here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from pydantic import BaseModel, Field
from typing import Any, TypeVar, Unpack

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from store import action_counts
from store.action_counts import status_constants
from store.models import Action, ActionOwner, Owner, Plan, Recommendation, ScrutinyReport, Update
from store.search import full_text_match
from store.status import (
    CAN_BE_OVERDUE,
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    QUIET_DAYS,
    Assessment,
    Rag,
    Response,
    Status,
)

_Statement = TypeVar("_Statement", bound="Select[Unpack[tuple[Any, ...]]]")


class Order(str, enum.Enum):
    DUE = "due"  # soonest (or most overdue) first, undated last
    RELEVANCE = "relevance"  # best full-text match first
    STALEST = "stalest"  # longest without an update first
    HANDLE = "handle"  # document order


class ActionFilter(BaseModel):
    """Which actions to list. Unset fields do not filter; set fields all apply (AND)."""

    owner_ids: list[int] | None = None
    plan_ids: list[int] | None = None
    statuses: list[Status] | None = None
    overdue_on: date | None = None
    due_from: date | None = None  # inclusive
    due_to: date | None = None  # inclusive
    due_before: date | None = None  # exclusive
    due_after: date | None = None  # exclusive
    not_updated_since: datetime | None = None
    updated_since: datetime | None = None
    text: str | None = None
    ref: str | None = None
    ongoing: bool | None = None
    recurring: bool | None = None
    has_due_date: bool | None = None
    has_owner: bool | None = None
    # The executive's response to the recommendation; None in the list means "no response recorded".
    responses: list[Response | None] | None = None
    not_responses: list[Response | None] | None = None
    # No response recorded to a received report: "awaiting" (due on or after response_today) or
    # "overdue" (due before it). ORed with `responses`; the not_ form excludes them.
    responses_pending: list[str] | None = None
    not_responses_pending: list[str] | None = None
    response_today: date | None = None
    # The committee's assessment of the recommendation; None in the list means "not assessed".
    assessments: list[Assessment | None] | None = None
    not_assessments: list[Assessment | None] | None = None
    signed_off: bool | None = None
    not_signed_off: bool | None = None
    not_owner_ids: list[int] | None = None
    not_plan_ids: list[int] | None = None
    not_statuses: list[Status] | None = None
    not_overdue_on: date | None = None
    slipped_at_least: int | None = None
    slipped_at_most: int | None = None
    # RAG colours need the day and the moment they are rated on: the rule reads both.
    rags: list[Rag] | None = None
    not_rags: list[Rag] | None = None
    rag_today: date | None = None
    rag_now: datetime | None = None
    order: Order = Order.DUE


@dataclass
class ActionPage:
    actions: list[Action]
    total: int
    offset: int
    limit: int
    ranks: dict[int, float] = field(default_factory=dict)


class StatusCounts(BaseModel):
    total: int = 0
    by_status: dict[Status, int] = Field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0

    @property
    def open(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in OPEN_STATUSES)

    @property
    def done(self) -> int:
        return self.by_status.get(Status.DONE, 0)


def find_actions(
    session: Session,
    workspace_id: str,
    flt: ActionFilter,
    *,
    limit: int = 10,
    offset: int = 0,
    total: int | None = None,
) -> ActionPage:
    """One page of the actions matching `flt`, with the total for paging (counted here unless
    the caller has counted it already)."""
    conditions = filter_conditions(session, workspace_id, flt)
    if total is None and action_counts.answerable(flt):
        total = action_counts.count(session, workspace_id, flt)
    elif total is None:
        total = session.scalar(select(func.count()).select_from(Action).where(*conditions)) or 0
    statement = select(Action).where(*conditions)
    ranks: dict[int, float] = {}
    if flt.text and flt.order is Order.RELEVANCE:
        match = full_text_match(session, flt.text)
        ranked = select(Action, match.rank)
        if match.join is not None:
            # The join already restricts to matches; repeating the search as a condition would
            # run it twice.
            ranked = ranked.join(*match.join)
            conditions = filter_conditions(session, workspace_id, flt.model_copy(update={"text": None}))
        rows = session.execute(
            _with_display(ranked.where(*conditions))
            .order_by(match.rank.desc(), Action.id)
            .limit(limit)
            .offset(offset)
        ).unique().all()
        ranks = {action.id: float(score) for action, score in rows}
        return ActionPage([a for a, _ in rows], total, offset, limit, ranks)
    statement = _with_display(statement).order_by(*list_order(flt)).limit(limit).offset(offset)
    actions = list(session.scalars(statement).unique())
    return ActionPage(actions, total, offset, limit)


def all_actions(session: Session, workspace_id: str, flt: ActionFilter) -> list[Action]:
    """Every matching action (for digests and exports), in the filter's order."""
    conditions = filter_conditions(session, workspace_id, flt)
    statement = _with_display(select(Action).where(*conditions)).order_by(*list_order(flt))
    return list(session.scalars(statement).unique())


def filter_conditions(session: Session, workspace_id: str, flt: ActionFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the actions `flt` matches in the workspace: the one definition of a
    filter, which every reader of actions (lists, kept page statements, digests) builds on."""
    conditions = [Action.workspace_id == workspace_id]
    if flt.owner_ids is not None:
        conditions.append(
            Action.id.in_(
                select(ActionOwner.action_id).where(
                    ActionOwner.workspace_id == workspace_id,
                    ActionOwner.owner_id.in_(flt.owner_ids),
                )
            )
        )
    if flt.plan_ids is not None:
        conditions.append(Action.plan_id.in_(flt.plan_ids))
    if flt.statuses is not None:
        conditions.append(Action.status.in_([s.value for s in flt.statuses]))
    if flt.overdue_on is not None:
        conditions.append(overdue_condition(flt.overdue_on))
    if flt.due_from is not None:
        conditions.append(Action.due_date >= flt.due_from)
    if flt.due_to is not None:
        conditions.append(Action.due_date <= flt.due_to)
    if flt.due_before is not None:
        conditions.append(Action.due_date < flt.due_before)
    if flt.due_after is not None:
        conditions.append(Action.due_date > flt.due_after)
    if flt.not_updated_since is not None:
        conditions.append(Action.last_activity_at < flt.not_updated_since)
    if flt.updated_since is not None:
        conditions.append(Action.last_activity_at >= flt.updated_since)
    if flt.has_due_date is not None:
        conditions.append(Action.due_date.is_not(None) if flt.has_due_date else Action.due_date.is_(None))
    if flt.ongoing is not None:
        conditions.append(Action.ongoing.is_(flt.ongoing))
    if flt.recurring is not None:
        conditions.append(Action.recurring.is_(flt.recurring))
    if flt.has_owner is not None:
        owned = Action.id.in_(select(ActionOwner.action_id).where(ActionOwner.workspace_id == workspace_id))
        conditions.append(owned if flt.has_owner else not_(owned))
    if flt.not_owner_ids:
        conditions.append(
            Action.id.not_in(
                select(ActionOwner.action_id).where(
                    ActionOwner.workspace_id == workspace_id, ActionOwner.owner_id.in_(flt.not_owner_ids)
                )
            )
        )
    if flt.not_plan_ids:
        conditions.append(Action.plan_id.not_in(flt.not_plan_ids))
    if flt.not_statuses:
        conditions.append(Action.status.not_in([s.value for s in flt.not_statuses]))
    if flt.not_overdue_on is not None:
        conditions.append(not_(overdue_condition(flt.not_overdue_on)))
    if flt.responses is not None or flt.responses_pending:
        conditions.append(_response_condition(workspace_id, flt.responses or [], flt.responses_pending, flt.response_today))
    if flt.not_responses or flt.not_responses_pending:
        conditions.append(not_(_response_condition(workspace_id, flt.not_responses or [], flt.not_responses_pending, flt.response_today)))
    if flt.assessments is not None or flt.signed_off:
        conditions.append(_assessment_condition(workspace_id, flt.assessments or [], flt.signed_off))
    if flt.not_assessments or flt.not_signed_off:
        conditions.append(not_(_assessment_condition(workspace_id, flt.not_assessments or [], flt.not_signed_off)))
    if flt.slipped_at_least is not None:
        conditions.append(Action.slip_count >= flt.slipped_at_least)
    if flt.slipped_at_most is not None:
        conditions.append(Action.slip_count <= flt.slipped_at_most)
    if flt.rags is not None or flt.not_rags:
        if flt.rag_today is None or flt.rag_now is None:
            raise ValueError("a RAG filter needs rag_today and rag_now")
        today, now = flt.rag_today, flt.rag_now
        if flt.rags is not None:
            conditions.append(or_(*(rag_condition(r, today, now) for r in flt.rags)))
        if flt.not_rags:
            conditions.append(not_(or_(*(rag_condition(r, today, now) for r in flt.not_rags))))
    if flt.ref is not None:
        conditions.append(
            Action.recommendation_id.in_(
                select(Recommendation.id).where(
                    Recommendation.workspace_id == workspace_id, Recommendation.ref == flt.ref
                )
            )
        )
    if flt.text:
        conditions.append(full_text_match(session, flt.text).condition)
    return conditions


def overdue_condition(today: date, *, due_date: Any = Action.due_date, status: Any = Action.status) -> ColumnElement[bool]:
    """Past its due date and still expected to happen (not done, paused or awaiting sign-off).
    `due_date` and `status` are an action's columns, or the same columns of a set of actions
    selected before (store.summary_page counts an owner's page from one)."""
    return and_(
        due_date < today,
        status.in_(status_constants(CAN_BE_OVERDUE)),
    )


def _response_condition(
    workspace_id: str, responses: list[Response | None], pending: list[str] | None = None, today: date | None = None
) -> ColumnElement[bool]:
    values = [r.value for r in responses if r is not None]
    options: list[ColumnElement[bool]] = [Recommendation.response.in_(values)] if values else []
    if None in responses:
        options.append(Recommendation.response.is_(None))
    if pending:
        if today is None:
            raise ValueError("a pending-response filter needs response_today")
        received = select(ScrutinyReport.id).where(
            ScrutinyReport.workspace_id == workspace_id, ScrutinyReport.received_on.is_not(None),
            ScrutinyReport.response_due_on < today if pending == ["overdue"] else
            ScrutinyReport.response_due_on >= today if pending == ["awaiting"] else ScrutinyReport.response_due_on.is_not(None),
        )
        options.append(and_(Recommendation.response.is_(None), Recommendation.report_id.in_(received)))
    return Action.recommendation_id.in_(
        select(Recommendation.id).where(Recommendation.workspace_id == workspace_id, or_(*options) if options else false())
    )


def _assessment_condition(
    workspace_id: str, assessments: list[Assessment | None], signed_off: bool | None
) -> ColumnElement[bool]:
    values = [a.value for a in assessments if a is not None]
    options: list[ColumnElement[bool]] = [Recommendation.assessment.in_(values)] if values else []
    if None in assessments:
        options.append(Recommendation.assessment.is_(None))
    if signed_off:
        options.append(Recommendation.signed_off_on.is_not(None))
    return Action.recommendation_id.in_(
        select(Recommendation.id).where(Recommendation.workspace_id == workspace_id, or_(*options) if options else false())
    )


def rag_condition(rag: Rag, today: date, now: datetime) -> ColumnElement[bool]:
    """The RAG rule of store.status.rag_rating as SQL, so lists can filter on a colour.

    Kept beside the rule's own tests: tests/store/test_queries.py checks both agree."""
    # Every comparison with a column that may be NULL is guarded: NULL would make "not red" unknown
    # and drop the row from every colour.
    closed = Action.status.in_([s.value for s in CLOSED_STATUSES])
    dated = Action.due_date.is_not(None)
    red = and_(
        not_(closed),
        or_(
            and_(dated, overdue_condition(today)),
            Action.slip_count >= 2,
            Action.status == Status.BLOCKED.value,
            and_(Action.status == Status.PAUSED.value, Action.review_date.is_not(None), Action.review_date < today),
        ),
    )
    amber = and_(
        not_(closed),
        not_(red),
        or_(
            Action.status == Status.PAUSED.value,
            Action.slip_count == 1,
            and_(
                dated,
                Action.due_date >= today,
                Action.due_date <= today + timedelta(days=DUE_SOON_DAYS),
                Action.last_activity_at < now - timedelta(days=QUIET_DAYS),
            ),
        ),
    )
    if rag is Rag.RED:
        return red
    if rag is Rag.AMBER:
        return amber
    if rag is Rag.GREEN:
        return and_(not_(closed), not_(red), not_(amber))
    return closed


def list_order(flt: ActionFilter, columns: Any = Action, action_id: Any = None) -> list[Any]:
    """The ORDER BY of a list of the actions `flt` matches, ending in a unique column: on the
    actions themselves, or on `columns` of a subquery of them whose action id is `action_id`
    (store.summary_page orders its chosen page this way, so a page and find_actions agree)."""
    unique = columns.id if action_id is None else action_id
    if flt.order is Order.STALEST:
        return [columns.last_activity_at, unique]
    if flt.order is Order.HANDLE:
        return [columns.plan_id, columns.recommendation_id, columns.position]
    # Both databases walk the (workspace, due date) index for this order and stop after a page.
    return [columns.due_date.asc().nulls_last(), unique]


def _with_display(statement: _Statement) -> _Statement:
    # Everything a reply shows about an action, loaded in a fixed number of queries.
    return statement.options(
        joinedload(Action.plan),
        joinedload(Action.recommendation),
        selectinload(Action.owner_links).joinedload(ActionOwner.owner),
    )


def status_counts(
    session: Session, workspace_id: str, today: date, flt: ActionFilter | None = None
) -> StatusCounts:
    """How many actions stand where, for headers and digests."""
    by_status = counts_by_status(session, workspace_id, flt or ActionFilter())
    overdue, due_soon = headline_counts(session, workspace_id, today, flt or ActionFilter())
    return StatusCounts(
        total=sum(by_status.values()), by_status=by_status, overdue=overdue, due_soon=due_soon
    )


def counts_by_status(session: Session, workspace_id: str, flt: ActionFilter) -> dict[Status, int]:
    if action_counts.answerable(flt):
        return action_counts.by_status(session, workspace_id, flt)
    conditions = filter_conditions(session, workspace_id, flt)
    rows = session.execute(select(Action.status, func.count()).where(*conditions).group_by(Action.status)).all()
    return {Status(s): n for s, n in rows}


def headline_counts(session: Session, workspace_id: str, today: date, flt: ActionFilter) -> tuple[int, int]:
    """(overdue, due in the next 14 days) among the actions a list shows, for its header line."""
    if action_counts.answerable(flt):
        return action_counts.overdue_and_due_soon(
            session, workspace_id, flt, today, today + timedelta(days=14), sorted(OPEN_STATUSES, key=lambda s: s.value)
        )
    conditions = filter_conditions(session, workspace_id, flt)
    overdue = session.scalar(
        select(func.count()).select_from(Action).where(*conditions, overdue_condition(today))
    ) or 0
    due_soon = session.scalar(
        select(func.count())
        .select_from(Action)
        .where(
            *conditions,
            Action.due_date >= today,
            Action.due_date <= today + timedelta(days=14),
            Action.status.in_([s.value for s in OPEN_STATUSES]),
        )
    ) or 0
    return overdue, due_soon


def owner_action_counts(session: Session, workspace_id: str) -> list[tuple[Owner, int]]:
    """Owners with how many actions each holds, busiest first (for help examples and listings)."""
    rows = session.execute(
        select(Owner, func.count(ActionOwner.action_id))
        .join(ActionOwner, ActionOwner.owner_id == Owner.id)
        .where(Owner.workspace_id == workspace_id)
        .group_by(Owner.id)
        .order_by(func.count(ActionOwner.action_id).desc(), Owner.name)
    ).all()
    return [(owner, n) for owner, n in rows]


def plans_with_counts(session: Session, workspace_id: str) -> list[tuple[Plan, int]]:
    rows = session.execute(
        select(Plan, func.count(Action.id))
        .outerjoin(Action, Action.plan_id == Plan.id)
        .where(Plan.workspace_id == workspace_id)
        .group_by(Plan.id)
        .order_by(Plan.code)
    ).all()
    return [(plan, n) for plan, n in rows]


def update_history(session: Session, action: Action) -> list[Update]:
    """Every update on this action, oldest first, including the document's notes on its
    recommendation as a whole."""
    return list(
        session.scalars(
            select(Update)
            .where(
                Update.workspace_id == action.workspace_id,
                or_(
                    Update.action_id == action.id,
                    and_(
                        Update.action_id.is_(None),
                        Update.recommendation_id == action.recommendation_id,
                    ),
                ),
            )
            .order_by(Update.created_at, Update.id)
        )
    )


def update_counts(session: Session, workspace_id: str) -> dict[int, int]:
    """Updates per action id, counting recommendation-wide document notes once per action."""
    direct = dict(
        session.execute(
            select(Update.action_id, func.count())
            .where(Update.workspace_id == workspace_id, Update.action_id.is_not(None))
            .group_by(Update.action_id)
        ).all()
    )
    shared = dict(
        session.execute(
            select(Update.recommendation_id, func.count())
            .where(Update.workspace_id == workspace_id, Update.action_id.is_(None))
            .group_by(Update.recommendation_id)
        ).all()
    )
    counts: dict[int, int] = {}
    for action_id, recommendation_id in session.execute(
        select(Action.id, Action.recommendation_id).where(Action.workspace_id == workspace_id)
    ):
        counts[action_id] = direct.get(action_id, 0) + shared.get(recommendation_id, 0)
    return counts


def updates_between(
    session: Session, workspace_id: str, flt: ActionFilter, start: datetime, end: datetime
) -> list[tuple[Update, Action]]:
    """Updates people posted in (start, end] on the actions `flt` selects, oldest first."""
    conditions = filter_conditions(session, workspace_id, flt.model_copy(update={"order": Order.DUE}))
    rows = session.execute(
        _with_display(select(Update, Action).join(Action, Update.action_id == Action.id))
        .where(*conditions, Update.created_at > start, Update.created_at <= end, Update.source != "document")
        .order_by(Update.created_at, Update.id)
    ).unique().all()
    return [(update, action) for update, action in rows]


class UpdateRow(NamedTuple):
    """What a digest needs of one update to place it: no note, no action loaded."""

    id: int
    created_at: datetime
    action_id: int
    status_to: Status | None
    due_from: date | None
    due_to: date | None


def update_rows_between(
    session: Session, workspace_id: str, flt: ActionFilter, start: datetime, end: datetime
) -> list[UpdateRow]:
    """updates_between without loading anything: the rows of updates people posted in (start, end]
    on the actions `flt` selects, oldest first."""
    conditions = filter_conditions(session, workspace_id, flt)
    rows = session.execute(
        select(Update.id, Update.created_at, Update.action_id, Update.status_to, Update.due_from, Update.due_to)
        .join(Action, Update.action_id == Action.id)
        # The workspace on updates too: the (workspace, created_at) index finds the window.
        .where(*conditions, Update.workspace_id == workspace_id, Update.created_at > start, Update.created_at <= end,
               Update.source != "document")
        .order_by(Update.created_at, Update.id)
    ).all()
    return [UpdateRow._make(row) for row in rows]


def update_notes(session: Session, workspace_id: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(note, author's name) of these updates of the workspace, by id."""
    if not ids:
        return {}
    rows = session.execute(
        select(Update.id, Update.note, Update.author_name).where(Update.workspace_id == workspace_id, Update.id.in_(ids))
    )
    return {update_id: (note, author) for update_id, note, author in rows}


def updated_before(session: Session, workspace_id: str, action_ids: list[int], moment: datetime) -> set[int]:
    """Which of these actions had an update from a person at or before `moment`.

    With the window's updates in hand (update_rows_between), the actions first updated in
    (start, end] are those updated in it that this leaves out: a probe of the (action, time) index
    per action, never an aggregate over every update in the workspace."""
    found: set[int] = set()
    ordered = sorted(set(action_ids))
    for i in range(0, len(ordered), 500):  # well under every database's limit on bound values
        found.update(session.scalars(
            select(Update.action_id).distinct().where(
                Update.workspace_id == workspace_id,
                Update.action_id.in_(ordered[i : i + 500]),
                Update.source != "document",
                Update.created_at <= moment,
            )
        ))
    return found


CountBy = str  # "plan", "owner" or "status"


def count_actions_by(session: Session, workspace_id: str, flt: ActionFilter, by: CountBy) -> list[tuple[str, int]]:
    """How many matching actions each plan, owner or status has, largest first.

    By owner, an action with two owners counts for each; actions with no owner are counted
    under "No owner named"."""
    conditions = filter_conditions(session, workspace_id, flt)
    counted: list[tuple[str, int]]
    if by == "plan":
        plans = session.execute(
            select(Plan.code, Plan.title, func.count(Action.id))
            .join(Action, Action.plan_id == Plan.id)
            .where(*conditions)
            .group_by(Plan.id, Plan.code, Plan.title)
        ).all()
        counted = [(f"{code} · {title}", n) for code, title, n in plans]
    elif by == "owner":
        owners = session.execute(
            select(Owner.name, func.count(Action.id))
            .join(ActionOwner, ActionOwner.owner_id == Owner.id)
            .join(Action, Action.id == ActionOwner.action_id)
            .where(*conditions)
            .group_by(Owner.id, Owner.name)
        ).all()
        counted = [(name, n) for name, n in owners]
        unowned = session.scalar(
            select(func.count()).select_from(Action).where(
                *conditions,
                Action.id.not_in(select(ActionOwner.action_id).where(ActionOwner.workspace_id == workspace_id)),
            )
        ) or 0
        if unowned:
            counted.append(("No owner named", unowned))
    elif by == "status":
        counted = [(status.label, n) for status, n in counts_by_status(session, workspace_id, flt).items()]
    else:
        raise ValueError(by)
    return sorted(counted, key=lambda row: (-row[1], row[0]))
