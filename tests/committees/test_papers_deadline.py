"""The papers deadline: five clear working days before the meeting in England, by default."""

from datetime import date, timedelta

import pytest

from store.papers_deadline import PapersRule, clear_days_between, papers_deadline, rule_with_closures

# Every meeting day of three years, bank holidays and Christmas included.
MEETINGS = [date(2025, 1, 1) + timedelta(days=n) for n in range(3 * 365)]


@pytest.mark.parametrize("clear_days", [0, 3, 5, 10])
def test_the_deadline_leaves_exactly_the_clear_working_days_and_is_the_latest_that_does(clear_days: int) -> None:
    rule = PapersRule(clear_days=clear_days)
    for meeting in MEETINGS:
        deadline = papers_deadline(meeting, rule)
        assert rule.is_working_day(deadline), meeting
        assert clear_days_between(deadline, meeting, rule) == clear_days, meeting
        later = deadline + timedelta(days=1)
        while not rule.is_working_day(later):
            later += timedelta(days=1)
        assert later >= meeting or clear_days_between(later, meeting, rule) < clear_days, meeting


def test_a_monday_meeting_has_its_papers_out_on_the_friday_ten_days_before() -> None:
    assert papers_deadline(date(2026, 3, 2)) == date(2026, 2, 20)


def test_easter_bank_holidays_are_not_clear_days() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026 fall between.
    assert papers_deadline(date(2026, 4, 7)) == date(2026, 3, 26)


def test_one_off_bank_holidays_count_too() -> None:
    # The coronation bank holiday, Monday 8 May 2023, and the early May one on the 1st.
    assert papers_deadline(date(2023, 5, 10)) == date(2023, 4, 28)


def test_counting_calendar_days_instead_when_a_council_does() -> None:
    assert papers_deadline(date(2026, 3, 2), PapersRule(working_days=False)) == date(2026, 2, 24)


def test_a_councils_own_closure_days_are_left_out() -> None:
    closed = rule_with_closures(PapersRule(), [date(2026, 2, 23)])
    assert papers_deadline(date(2026, 3, 2), closed) == date(2026, 2, 19)
