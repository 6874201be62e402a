"""The questions the bot asks of the store."""

from datetime import timedelta

import pytest

from store.owners import resolve_owner
from store.queries import ActionFilter, ActionPage, Order, find_actions, status_counts
from store.status import OPEN_STATUSES, Status
from tests.conftest import NOW, OTHER_WORKSPACE, TODAY, WORKSPACE, ActionSpec

DAY = timedelta(days=1)


@pytest.fixture
def plan(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Equipment review", [
        ActionSpec("1.1", "Train staff on electronic ordering of equipment.", ["Linda Mann"], due=TODAY - 30 * DAY),
        ActionSpec("1.2", "Publish the waiting list every month.", ["Linda Mann"], due=TODAY - 2 * DAY, status="done"),
        ActionSpec("1.3", "Agree the pooled budget.", ["Diane Brown"], due=TODAY - 5 * DAY, status="paused"),
        ActionSpec("1.4", "Revise the standard letter to applicants.", ["Diane Brown"], due=TODAY + 5 * DAY),
        ActionSpec("1.5", "Review complaints handling.", ["Diane Brown", "Linda Mann"], due=TODAY + 40 * DAY),
        ActionSpec("1.6", "Keep the recycling group meeting.", ["Ken Scott"], ongoing=True),
        ActionSpec("1.7", "Reduce the waiting list for assessments.", ["Ken Scott"], due=TODAY - 1 * DAY, status="blocked"),
    ], code="EQ")
    add_plan("Other council's plan", [
        ActionSpec("1.1", "Reduce the waiting list in the other council.", ["Linda Mann"], due=TODAY - 60 * DAY),
    ], workspace=OTHER_WORKSPACE)
    return db


def handles(page):  # type: ignore[no-untyped-def]
    return [a.handle for a in page.actions]


OPEN = sorted(OPEN_STATUSES, key=lambda s: s.value)


def found(session, workspace: str = WORKSPACE, limit: int = 10, **flt) -> ActionPage:  # type: ignore[no-untyped-def]
    """The first page of the workspace's actions matching the filter given by keywords."""
    return find_actions(session, workspace, ActionFilter(**flt), limit=limit)


def test_overdue_lists_open_actions_past_due_most_overdue_first(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert handles(found(s, overdue_on=TODAY)) == ["EQ-1.1", "EQ-1.7"]


def test_overdue_leaves_out_done_paused_and_undated_actions(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        listed = set(handles(found(s, overdue_on=TODAY)))
    assert not listed & {"EQ-1.2", "EQ-1.3", "EQ-1.6"}


def test_an_action_due_today_is_not_yet_overdue(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert "EQ-1.7" not in handles(found(s, overdue_on=TODAY - DAY))


def test_due_within_n_days_lists_open_actions_in_that_window(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert handles(found(s, due_from=TODAY, due_to=TODAY + 14 * DAY, statuses=OPEN)) == ["EQ-1.4"]


def test_by_owner_includes_jointly_owned_actions(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        owner = resolve_owner(s, WORKSPACE, "Linda Mann")
        assert handles(found(s, owner_ids=[owner.id])) == ["EQ-1.1", "EQ-1.2", "EQ-1.5"]


def test_by_plan_lists_in_document_order(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        page = found(s, plan_ids=[plan_id(s)], order=Order.HANDLE, limit=20)
    assert handles(page) == [f"EQ-1.{n}" for n in range(1, 8)]


def plan_id(session):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.models import Plan

    return session.scalar(select(Plan.id).where(Plan.workspace_id == WORKSPACE))


def test_by_status(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert handles(found(s, statuses=[Status.BLOCKED, Status.PAUSED])) == ["EQ-1.3", "EQ-1.7"]


def test_not_updated_for_n_days_lists_the_stalest_first(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert found(s, not_updated_since=NOW + timedelta(days=31) - 30 * DAY, statuses=OPEN, order=Order.STALEST).total == 6
        assert found(s, not_updated_since=NOW + timedelta(days=29) - 30 * DAY, statuses=OPEN, order=Order.STALEST).total == 0


def test_full_text_search_matches_word_forms(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert handles(found(s, text="training", order=Order.RELEVANCE)) == ["EQ-1.1"]


def test_full_text_search_needs_every_word_and_ranks_matches(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        page = found(s, text="waiting list", order=Order.RELEVANCE)
    assert set(handles(page)) == {"EQ-1.2", "EQ-1.7"}
    assert all(page.ranks[a.id] > 0 for a in page.actions)


def test_full_text_search_ignores_query_syntax_characters(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert handles(found(s, text='zebra" OR 1=1; -- *', order=Order.RELEVANCE)) == []
        assert handles(found(s, text='"standard letter"', order=Order.RELEVANCE)) == ["EQ-1.4"]


def test_no_query_reads_another_workspaces_actions(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        assert "other council" not in " ".join(a.text for a in found(s, text="waiting", order=Order.RELEVANCE).actions)
        assert found(s, OTHER_WORKSPACE, overdue_on=TODAY).total == 1
        assert status_counts(s, WORKSPACE, TODAY).total == 7


def test_every_page_reports_the_total_of_all_pages(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        first = find_actions(s, WORKSPACE, ActionFilter(order=Order.HANDLE), limit=3)
        last = find_actions(s, WORKSPACE, ActionFilter(order=Order.HANDLE), limit=3, offset=6)
    assert (handles(first), first.total) == (["EQ-1.1", "EQ-1.2", "EQ-1.3"], 7)
    assert (handles(last), last.total) == (["EQ-1.7"], 7)


def test_status_counts_count_overdue_and_due_soon(plan) -> None:  # type: ignore[no-untyped-def]
    with plan.session() as s:
        counts = status_counts(s, WORKSPACE, TODAY)
    assert (counts.total, counts.overdue, counts.due_soon, counts.done) == (7, 2, 1, 1)
    assert counts.by_status[Status.NOT_STARTED] == 4
