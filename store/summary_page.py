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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Unpack

from sqlalchemy import Date, Integer, Select, String, and_, bindparam, case, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from store import action_counts
from store.kept_reads import KeptRead
from store.models import Action, ActionOwner, Owner, Plan, Recommendation, Update
from store.owners import STAMP_WIDTH, owners_stamp_columns
from store.recommendations import recommendation_handle
from store.action_counts import status_constants
from store.queries import ActionFilter, Order, filter_conditions, find_actions, list_order, overdue_condition
from store.status import OPEN_STATUSES, rag_rating
from store.summaries import ActionSummary, OwnerRef, UpdateSummary, summarise

# What a summary is read from, in the order summary_of_row takes them: the list path and the digests
# (store/digest_reading.py) read actions as these columns, so both say what summarise() says.
SUMMARY_COLUMNS = (
    Action.id, Action.handle, Action.plan_id, Plan.code, Plan.title, Recommendation.ref, Action.text,
    Recommendation.text, Recommendation.response, Recommendation.response_reason, Action.status,
    Action.status_reason, Action.review_date, Action.due_date, Action.original_due_date, Action.slip_count,
    Action.ongoing, Action.recurring, Action.timescale_raw, Action.budget_text, Action.last_activity_at,
    # The recommendation as the committee tracks it (lists name it once above its actions).
    Recommendation.id.label("tracked_recommendation_id"), Recommendation.position.label("recommendation_position"),
    Recommendation.assessment, Recommendation.signed_off_on,
)
_OPEN = status_constants(OPEN_STATUSES)


@dataclass
class Page:
    total: int
    overdue: int
    due_soon: int
    items: list[ActionSummary]
    # The workspace's owners stamp, read in the same statement when asked (owners_stamp=True).
    owners_stamp: tuple[str | None, int] | None = None
    plans_generation: str | None = None  # read with the owners stamp


def list_page(
    session: Session, workspace_id: str, flt: ActionFilter, *, today: date, now: datetime, limit: int, offset: int = 0,
    headline_counts: bool = True, owners_stamp: bool = False,
) -> Page:
    """One page of the actions `flt` matches, with the paging total and (when asked) how many
    are overdue and due in the next 14 days. The filter's conditions are built once for all.
    With `owners_stamp` the page also says what the workspace's owners stamp was when it was read,
    for a caller that resolved owners from a directory it has not checked yet."""
    connection = session.connection()
    # With the overdue filter every action listed is overdue and none is due ahead.
    overdue_only = not headline_counts or flt.overdue_on == today
    answerable = action_counts.answerable(flt)
    if flt.text and flt.order is Order.RELEVANCE or limit <= 0:
        conditions = filter_conditions(session, workspace_id, flt)
        totals = _totals(connection.dialect.name, workspace_id, flt, conditions, today, today + _SOON, overdue_only, answerable,
                         owners_stamp)
        page = _page_of_totals(connection.execute(totals).one(), overdue_only, headline_counts, owners_stamp)
        if page.total > offset and limit > 0:
            # Ranked search joins the search engine's own tables: the ORM path knows how, given the total.
            ranked = find_actions(session, workspace_id, flt, limit=limit, offset=offset, total=page.total)
            page.items = [summarise(a, today=today, now=now) for a in ranked.actions]
        return page
    shape = _shape(connection.dialect.name, flt, limit, offset, overdue_only, answerable, owners_stamp)
    rows: Sequence[Any]
    if shape is None:
        statement = _page_statement(session, workspace_id, flt, today, today + _SOON, limit, offset, overdue_only, answerable,
                                    owners_stamp)
        rows = connection.execute(statement).all()
    else:
        rows = _prepared(session, shape, flt).rows(connection, _parameters(workspace_id, flt, today, offset))
    counts = (1 if overdue_only else 3) + (STAMP_WIDTH if owners_stamp else 0)
    page = _page_of_totals(rows[0][:counts], overdue_only, headline_counts, owners_stamp)
    actions: dict[int, Any] = {}
    owners: dict[int, list[OwnerRef]] = defaultdict(list)
    for row in rows:
        if row[counts] is None:  # the page is past the end: only the totals came back
            continue
        actions.setdefault(row[counts], row)
        if row[-3] is not None:
            owners[row[counts]].append(OwnerRef(id=row[-3], name=row[-2], is_team=row[-1]))
    page.items = [summary_of_row(row[counts:], tuple(owners.get(row[counts], ())), today, now) for row in actions.values()]
    return page


_SOON = timedelta(days=14)
_AnySelect = Select[Unpack[tuple[Any, ...]]]


def _page_statement(session: Session, workspace_id: Any, flt: ActionFilter, today: Any, soon_until: Any, limit: Any,
                    offset: Any, overdue_only: bool, answerable: bool, owners_stamp: bool) -> _AnySelect:
    """The totals, the page's actions and each one's owners in one statement (every statement is
    a round trip). The page is chosen as ids first, in the list's order, so that plans,
    recommendations and owners are joined to the ten rows shown, never to every match; a page
    past the end still brings the totals (its action columns are NULL)."""
    conditions = filter_conditions(session, workspace_id, flt)
    dialect = session.connection().dialect.name
    matched = None
    if _counted_once(dialect, flt, overdue_only, answerable):
        # Each of the owners' actions is found once, then counted and ordered from that set.
        matched = select(Action.id.label("chosen_id"), *_columns_of_matches(flt)).where(*conditions).cte("matched")
        matched = matched.prefix_with("MATERIALIZED")
    counted = _totals(dialect, workspace_id, flt, conditions, today, soon_until, overdue_only, answerable, owners_stamp,
                      matched=matched).subquery("totals")
    if matched is None:
        choice = select(Action.id.label("chosen_id"), *_order_columns(flt)).where(*conditions).order_by(*list_order(flt))
    else:
        choice = (select(matched.c.chosen_id, *(matched.c[column.key] for column in _order_columns(flt)))
                  .order_by(*list_order(flt, matched.c, matched.c.chosen_id)))
    chosen = choice.limit(limit).offset(offset).subquery("chosen")
    return (
        select(*counted.c, *SUMMARY_COLUMNS, Owner.id, Owner.name, Owner.is_team)
        .select_from(counted)
        .outerjoin(chosen, true())
        .outerjoin(Action, Action.id == chosen.c.chosen_id)
        .outerjoin(Plan, Plan.id == Action.plan_id)
        .outerjoin(Recommendation, Recommendation.id == Action.recommendation_id)
        .outerjoin(ActionOwner, (ActionOwner.action_id == Action.id) & (ActionOwner.workspace_id == workspace_id))
        .outerjoin(Owner, Owner.id == ActionOwner.owner_id)
        .order_by(*list_order(flt, chosen.c, chosen.c.chosen_id), ActionOwner.position)
    )


# The page statements of the lists asked most (one owner's, the overdue list, a plan's), built once
# with their values as parameters and kept. Building a statement this size cost more CPU than the
# database spent answering it; a kept statement is also compiled once (SQLAlchemy's compiled
# cache is keyed on its structure). What varies within a shape (workspace, owner, plan, the day)
# is a parameter, so a kept statement never carries one workspace's values into another's reply.
_KEPT_FIELDS = frozenset({"owner_ids", "plan_ids", "overdue_on", "order"})
# owner:/plan: naming more than this many is rare: built each time, not kept. So at most
# 5 × 5 × 2 (overdue or not) × 4 (orders) × 2 (first page or a later one) × 2 × 2 × 2 shapes for
# each page size and database (the code asks for a few), and in practice a handful.
_MOST_IDS = 4
_KEPT: dict[tuple[Any, ...], KeptRead] = {}


def _shape(dialect: str, flt: ActionFilter, limit: int, offset: int, overdue_only: bool, answerable: bool, owners_stamp: bool,
           ) -> tuple[Any, ...] | None:
    """What a kept statement for `flt` is keyed on, or None when it is not a shape worth keeping.
    The dialect is part of it: the maintained counts are read differently on each (store.action_counts)."""
    # Only fields given or assigned can differ from their defaults (pydantic records both in
    # model_fields_set): a list's filter sets a few of its thirty-odd fields.
    fields = ActionFilter.model_fields
    if any(getattr(flt, name) != fields[name].default for name in flt.model_fields_set - _KEPT_FIELDS):
        return None
    owners, plans = len(flt.owner_ids or ()), len(flt.plan_ids or ())
    if owners > _MOST_IDS or plans > _MOST_IDS:
        return None
    return (dialect, flt.owner_ids is not None, owners, flt.plan_ids is not None, plans, flt.overdue_on is not None, flt.order,
            limit, offset == 0, overdue_only, answerable, owners_stamp)


def _prepared(session: Session, shape: tuple[Any, ...], flt: ActionFilter) -> KeptRead:
    kept = _KEPT.get(shape)
    if kept is None:
        # The filter with a parameter where each value goes: filter_conditions writes the same SQL for it.
        placeholders: dict[str, Any] = {
            "owner_ids": None if flt.owner_ids is None else [bindparam(f"owner_{i}", type_=Integer) for i in range(len(flt.owner_ids))],
            "plan_ids": None if flt.plan_ids is None else [bindparam(f"plan_{i}", type_=Integer) for i in range(len(flt.plan_ids))],
            "overdue_on": None if flt.overdue_on is None else bindparam("overdue_on", type_=Date),
        }
        template = ActionFilter.model_construct(**placeholders, order=flt.order)
        *_, limit, first_page, overdue_only, answerable, owners_stamp = shape
        # The limit is written into the SQL (SQLAlchemy would send it as a parameter): a page is
        # always the same size, and PostgreSQL plans a prepared statement whose limit it cannot
        # see as if it returned a tenth of the table (hash joins over every plan and owner,
        # hundreds of milliseconds at 1M). The first page, the one nearly every command shows,
        # has no OFFSET at all: an offset it cannot see PostgreSQL also costs as a tenth of the
        # matches, so it judged /overdue's generic plan (the same plan) eight times dearer than a
        # fresh one and planned it afresh on every execution, ~1 ms a reply. Later pages keep the
        # offset as a parameter (one statement for them all) and are planned each time.
        kept = KeptRead(_page_statement(session, bindparam("workspace_id", type_=String), template, bindparam("today", type_=Date),
                                        bindparam("soon_until", type_=Date), literal_column(str(int(limit)), Integer),
                                        None if first_page else bindparam("offset", type_=Integer),
                                        overdue_only, answerable, owners_stamp))
        _KEPT[shape] = kept
    return kept


def _parameters(workspace_id: str, flt: ActionFilter, today: date, offset: int) -> dict[str, Any]:
    values: dict[str, Any] = {"workspace_id": workspace_id, "today": today, "soon_until": today + _SOON, "offset": offset}
    values.update((f"owner_{i}", owner) for i, owner in enumerate(flt.owner_ids or ()))
    values.update((f"plan_{i}", plan) for i, plan in enumerate(flt.plan_ids or ()))
    if flt.overdue_on is not None:
        values["overdue_on"] = flt.overdue_on
    return values


def _counted_once(dialect: str, flt: ActionFilter, overdue_only: bool, answerable: bool) -> bool:
    """Whether the page is chosen from the matching actions selected once (`matched` in
    _page_statement) rather than by finding them twice, once to count and once to order.

    On PostgreSQL an owner's actions are found through `action_owners`, one index entry and one
    action each, and the two finds cost a third of the statement: counting and ordering one set
    found once took the page statement of a random owner from 0.56 to 0.49 ms at 100k actions. An
    owner has tens of actions, a team at most thousands, so the set stays small; for filters that
    match large parts of the workspace the (workspace, due date) index's ordered walk, which stops
    after a page, is the better plan. SQLite plans `MATERIALIZED` only from 3.35, and its page
    statement (0.2 ms) has less to gain."""
    return dialect == "postgresql" and bool(flt.owner_ids) and not (overdue_only and answerable)


def _columns_of_matches(flt: ActionFilter) -> list[Any]:
    """What the page's totals and order read of each matching action (see _counted_once)."""
    columns = [Action.due_date, Action.status]
    return columns + [c for c in _order_columns(flt) if c.key not in ("due_date", "status")]


def _totals(dialect: str, workspace_id: Any, flt: ActionFilter, conditions: list[Any], today: Any, soon_until: Any,
            overdue_only: bool, answerable: bool, owners_stamp: bool, *, matched: Any = None) -> _AnySelect:
    """_counts, and after them the workspace's owners stamp when asked."""
    counts = _counts(dialect, workspace_id, flt, conditions, today, soon_until, overdue_only, answerable, matched=matched)
    return counts.add_columns(*owners_stamp_columns(workspace_id)) if owners_stamp else counts


def _counts(dialect: str, workspace_id: Any, flt: ActionFilter, conditions: list[Any], today: Any, soon_until: Any,
            overdue_only: bool, answerable: bool, *, matched: Any = None) -> _AnySelect:
    """The statement for the page's totals: (total) when every action listed is overdue (or no
    headline is wanted), else (total, overdue, due soon). A filter on status and due dates alone
    (`/overdue`, whole workspace) is read from the maintained counts, which do not grow with the
    workspace; any other is counted from the actions, or from `matched`, the matching actions
    selected already (_counted_once)."""
    if overdue_only and answerable:
        return action_counts.count_statement(dialect, workspace_id, flt)
    if matched is not None:
        source, where, due_date, status = matched, [], matched.c.due_date, matched.c.status
    else:
        source, where, due_date, status = Action, conditions, Action.due_date, Action.status
    if overdue_only:
        return select(func.count()).select_from(source).where(*where)
    soon = (due_date >= today) & (due_date <= soon_until) & status.in_(_OPEN)
    return (
        select(func.count(), func.count(case((overdue_condition(today, due_date=due_date, status=status), 1))),
               func.count(case((soon, 1))))
        .select_from(source).where(*where)
    )


def _page_of_totals(counts: Sequence[Any], overdue_only: bool, headline_counts: bool, owners_stamp: bool) -> Page:
    total = int(counts[0] or 0)
    page = Page(total, total if headline_counts else 0, 0, []) if overdue_only else \
        Page(total, int(counts[1] or 0), int(counts[2] or 0), [])
    if owners_stamp:
        page.owners_stamp, page.plans_generation = (counts[-3], counts[-2] or 0), counts[-1]
    return page


def _order_columns(flt: ActionFilter) -> list[Any]:
    """The columns the page is ordered by, carried out of the page's choice to order the rows."""
    if flt.order is Order.STALEST:
        return [Action.last_activity_at]
    if flt.order is Order.HANDLE:
        return [Action.plan_id, Action.recommendation_id, Action.position]
    return [Action.due_date]


# One action in full by its handle, with its owners in order: `/action HANDLE`'s read, kept built.
_BY_HANDLE = KeptRead(
    select(*SUMMARY_COLUMNS, Owner.id, Owner.name, Owner.is_team)
    .select_from(Action)
    .join(Plan, Plan.id == Action.plan_id)
    .join(Recommendation, Recommendation.id == Action.recommendation_id)
    .outerjoin(ActionOwner, (ActionOwner.action_id == Action.id) & (ActionOwner.workspace_id == bindparam("workspace_id")))
    .outerjoin(Owner, Owner.id == ActionOwner.owner_id)
    .where(Action.workspace_id == bindparam("workspace_id"), Action.handle_key == bindparam("handle_key"))
    .order_by(ActionOwner.position)
)
# Its updates, oldest first, with the document's notes on its recommendation as a whole (update_history's
# rule), as the columns an UpdateSummary holds: loading them as Update objects cost more than reading them.
_HISTORY = KeptRead(
    select(Update.created_at, Update.author_name, Update.author_slack_id, Update.note, Update.status_from, Update.status_to,
           Update.due_from, Update.due_to, Update.reason, Update.source)
    .where(
        Update.workspace_id == bindparam("workspace_id"),
        or_(Update.action_id == bindparam("action_id"),
            and_(Update.action_id.is_(None), Update.recommendation_id == bindparam("recommendation_id"))),
    )
    .order_by(Update.created_at, Update.id)
)


def action_in_full(session: Session, workspace_id: str, handle_key: str, *, today: date, now: datetime,
                   ) -> tuple[ActionSummary, list[UpdateSummary]] | None:
    """The action whose handle is `handle_key`, and its update history; None when no action has
    exactly that handle (store.handles.find_action then says what was meant). Two statements,
    both built once, where loading the action as objects took four."""
    connection = session.connection()
    rows = _BY_HANDLE.rows(connection, {"workspace_id": workspace_id, "handle_key": handle_key})
    if not rows:
        return None
    owners = tuple(OwnerRef(id=r[-3], name=r[-2], is_team=r[-1]) for r in rows if r[-3] is not None)
    item = summary_of_row(rows[0], owners, today, now)
    updates = _HISTORY.rows(connection, {"workspace_id": workspace_id, "action_id": item.id,
                                         "recommendation_id": item.recommendation_id})
    return item, [_update_of_row(row) for row in updates]


def _update_of_row(row: tuple[Any, ...]) -> UpdateSummary:
    """summarise_update, from _HISTORY's columns."""
    at, author, author_slack_id, note, status_from, status_to, due_from, due_to, reason, source = row
    return UpdateSummary(at=at, author=author, author_slack_id=author_slack_id, note=note, status_from=status_from,
                         status_to=status_to, due_from=due_from, due_to=due_to, reason=reason, source=source)


def summary_of_row(row: Any, owners: tuple[OwnerRef, ...], today: date, now: datetime) -> ActionSummary:
    (action_id, handle, plan_id, plan_code, plan_title, ref, text, recommendation, response, response_reason, status,
     status_reason, review_date, due, original_due, slip_count, ongoing, recurring, timescale_raw, budget, last_activity,
     recommendation_id, recommendation_position, assessment, signed_off_on) = row[: len(SUMMARY_COLUMNS)]
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
