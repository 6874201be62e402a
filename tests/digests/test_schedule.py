"""When digests fall due: weekday and time in the council's zone, through daylight saving."""

from datetime import UTC, datetime

import pytest

from digests.schedule import Schedule, ScheduleError, latest_run_at_or_before, next_run_after, parse_schedule

MONDAYS_9 = Schedule("mon", "09:00", "Europe/London")


def test_next_run_is_the_coming_monday_at_nine_london_time() -> None:
    assert next_run_after(MONDAYS_9, datetime(2026, 1, 7, 12, tzinfo=UTC)) == datetime(2026, 1, 12, 9, tzinfo=UTC)


def test_nine_oclock_stays_nine_oclock_local_across_the_clocks_going_forward() -> None:
    # 29 March 2026: British Summer Time starts; 09:00 London is then 08:00 UTC.
    before = next_run_after(MONDAYS_9, datetime(2026, 3, 20, tzinfo=UTC))
    after = next_run_after(MONDAYS_9, before)
    assert (before, after) == (datetime(2026, 3, 23, 9, tzinfo=UTC), datetime(2026, 3, 30, 8, tzinfo=UTC))


def test_and_back_when_the_clocks_go_back() -> None:
    assert next_run_after(MONDAYS_9, datetime(2026, 10, 20, tzinfo=UTC)) == datetime(2026, 10, 26, 9, tzinfo=UTC)


def test_a_run_exactly_now_is_not_next() -> None:
    now = datetime(2026, 1, 12, 9, tzinfo=UTC)
    assert next_run_after(MONDAYS_9, now) == datetime(2026, 1, 19, 9, tzinfo=UTC)


def test_a_clock_down_for_weeks_catches_up_on_the_latest_period_only() -> None:
    assert latest_run_at_or_before(MONDAYS_9, datetime(2026, 2, 4, tzinfo=UTC)) == datetime(2026, 2, 2, 9, tzinfo=UTC)


def test_schedules_are_read_from_plain_words() -> None:
    schedule, rest = parse_schedule("plan:BR every friday 8:30am tz:Europe/Dublin".split(), MONDAYS_9)
    assert (schedule, rest) == (Schedule("fri", "08:30", "Europe/Dublin"), ["plan:BR"])


def test_pm_times_are_read() -> None:
    assert parse_schedule(["tuesdays", "2pm"], MONDAYS_9)[0] == Schedule("tue", "14:00", "Europe/London")


@pytest.mark.parametrize("words", [["tz:Mars/Olympus"], ["25:00"]])
def test_an_unreadable_schedule_says_the_form_it_takes(words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScheduleError):
        parse_schedule(words, MONDAYS_9)
