"""The statutory clock: when a response is due, for periods in months and in days, on every kind of
date (month ends, leap years, the 1st), with time passed in."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.response_clock import STATUTORY, ResponsePeriod, period_for, response_due

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=1, max_value=12)


def add_months(day: date, n: int) -> tuple[int, int]:
    index = day.month - 1 + n
    return day.year + index // 12, index % 12 + 1


def test_received_on_10_march_is_due_on_9_may() -> None:
    assert response_due(date(2026, 3, 10)) == date(2026, 5, 9)


def test_received_on_31_december_is_due_on_28_february() -> None:
    assert response_due(date(2025, 12, 31)) == date(2026, 2, 28)


def test_received_on_31_december_before_a_leap_year_is_due_on_29_february() -> None:
    assert response_due(date(2023, 12, 31)) == date(2024, 2, 29)


def test_received_on_the_first_is_due_on_the_last_day_of_the_month_before() -> None:
    assert response_due(date(2026, 3, 1)) == date(2026, 4, 30)


@pytest.mark.parametrize("received, due", [
    (date(2024, 12, 30), date(2025, 2, 28)), (date(2027, 12, 30), date(2028, 2, 29)),
    (date(2026, 8, 31), date(2026, 10, 30)), (date(2026, 6, 30), date(2026, 8, 29)),
])
def test_a_day_the_target_month_lacks_is_its_last_day(received: date, due: date) -> None:
    assert response_due(received) == due


def test_28_days_counts_the_day_received_as_the_first() -> None:
    assert response_due(date(2026, 3, 10), ResponsePeriod(days=28)) == date(2026, 4, 6)


@given(days, months)
def test_a_period_in_months_ends_the_day_before_the_same_date_that_many_months_on(received: date, n: int) -> None:
    due = response_due(received, ResponsePeriod(months=n))
    year, month = add_months(received, n)
    last = calendar.monthrange(year, month)[1]
    if received.day == 1:
        assert due == date(year, month, 1) - timedelta(days=1)
    else:
        assert (due.year, due.month) == (year, month)
        assert due.day == min(received.day - 1, last)


@given(days, months)
def test_the_due_date_falls_after_receipt_and_at_most_a_day_before_the_same_date_months_on(received: date, n: int) -> None:
    due = response_due(received, ResponsePeriod(months=n))
    year, month = add_months(received, n)
    # The same date n months on, or that month's last day when it has no such date.
    same_date = date(year, month, min(received.day, calendar.monthrange(year, month)[1]))
    assert received < due
    assert same_date - timedelta(days=1) <= due <= same_date


@given(days, days, months)
def test_a_later_receipt_is_never_due_earlier(first: date, second: date, n: int) -> None:
    early, late = sorted((first, second))
    assert response_due(early, ResponsePeriod(months=n)) <= response_due(late, ResponsePeriod(months=n))


@given(days, st.integers(min_value=1, max_value=366))
def test_a_period_in_days_includes_the_day_received(received: date, n: int) -> None:
    assert (response_due(received, ResponsePeriod(days=n)) - received).days == n - 1


def test_the_default_is_the_statutory_two_months() -> None:
    assert period_for(None, None) == STATUTORY == ResponsePeriod(months=2)


def test_a_committee_period_wins_over_the_workspace_and_the_workspace_over_the_statute() -> None:
    assert period_for((28, None), (None, 3)) == ResponsePeriod(days=28)
    assert period_for((None, None), (None, 3)) == ResponsePeriod(months=3)


@pytest.mark.parametrize("days_, months_", [(None, None), (28, 2), (0, None), (None, 13)])
def test_a_period_is_days_or_months_and_within_bounds(days_: int | None, months_: int | None) -> None:
    with pytest.raises(ValueError):
        ResponsePeriod(days=days_, months=months_)
