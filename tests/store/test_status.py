"""The RAG rule and status vocabulary."""

from datetime import UTC, date, datetime, timedelta

import pytest

from store.status import Rag, Response, Status, parse_response, parse_status, rag_rating

TODAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 10, tzinfo=UTC)


def rate(**overrides):  # type: ignore[no-untyped-def]
    values = dict(status=Status.IN_PROGRESS, due=None, slip_count=0, last_activity=NOW, review_date=None, today=TODAY, now=NOW)
    values.update(overrides)
    return rag_rating(**values)


def test_an_overdue_action_is_red_and_says_by_how_long() -> None:
    rating = rate(due=TODAY - timedelta(days=12))
    assert rating.colour is Rag.RED
    assert rating.reasons == ["overdue by 12 days"]


def test_an_action_slipped_twice_is_red_even_when_not_yet_due() -> None:
    rating = rate(due=TODAY + timedelta(days=60), slip_count=2)
    assert rating.colour is Rag.RED
    assert "deadline moved 2 times" in rating.reasons


def test_due_within_fourteen_days_with_no_update_for_thirty_is_amber() -> None:
    rating = rate(due=TODAY + timedelta(days=10), last_activity=NOW - timedelta(days=31))
    assert rating.colour is Rag.AMBER
    assert rating.reasons == ["due in 10 days with no update for 30 days"]


def test_due_soon_but_recently_updated_is_green() -> None:
    assert rate(due=TODAY + timedelta(days=10), last_activity=NOW - timedelta(days=3)).colour is Rag.GREEN


def test_one_slip_is_amber() -> None:
    assert rate(due=TODAY + timedelta(days=90), slip_count=1).reasons == ["deadline moved once"]


def test_blocked_is_red() -> None:
    assert rate(status=Status.BLOCKED).colour is Rag.RED


def test_paused_past_its_review_date_is_red_and_before_it_amber() -> None:
    assert rate(status=Status.PAUSED, review_date=TODAY - timedelta(days=1)).colour is Rag.RED
    assert rate(status=Status.PAUSED, review_date=TODAY + timedelta(days=1)).colour is Rag.AMBER


def test_done_is_complete_however_late_it_was() -> None:
    assert rate(status=Status.DONE, due=TODAY - timedelta(days=400), slip_count=5).colour is Rag.COMPLETE


def test_paused_and_awaiting_signoff_actions_are_not_overdue() -> None:
    for status in (Status.PAUSED, Status.AWAITING_SIGNOFF):
        assert not any("overdue" in r for r in rate(status=status, due=TODAY - timedelta(days=5)).reasons)


@pytest.mark.parametrize(
    "typed, status",
    [("done", Status.DONE), ("Completed", Status.DONE), ("in-progress", Status.IN_PROGRESS), ("In Progress", Status.IN_PROGRESS),
     ("on hold", Status.PAUSED), ("partially achieved", Status.PARTIALLY_DONE), ("not_started", Status.NOT_STARTED),
     ("no longer feasible", Status.NO_LONGER_FEASIBLE), ("awaiting sign-off", Status.AWAITING_SIGNOFF)],
)
def test_statuses_are_read_as_people_type_them(typed: str, status: Status) -> None:
    assert parse_status(typed) is status


def test_an_unknown_status_word_reads_as_none() -> None:
    assert parse_status("sideways") is None


@pytest.mark.parametrize(
    "typed, response",
    [("Accepted", Response.ACCEPTED), ("Agreed", Response.ACCEPTED), ("Accepted in principle", Response.ACCEPTED_IN_PRINCIPLE),
     ("Rejected", Response.REJECTED), ("Not accepted", Response.REJECTED)],
)
def test_executive_responses_are_read_from_tracker_wording(typed: str, response: Response) -> None:
    assert parse_response(typed) is response
