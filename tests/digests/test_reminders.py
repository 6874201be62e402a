"""Owner reminders: a week before and on the first day overdue, once each, one message a day."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digests.reminders import run_reminder_pass, set_preference
from handlers.blocks.reminder import render_reminder
from store.handles import find_action
from store.links import link_user
from store.owners import resolve_owner
from tests.conftest import WORKSPACE, ActionSpec
from tests.digests.test_delivery import FakePoster

LONDON = ZoneInfo("Europe/London")
DAY = timedelta(days=1)
MORNING = datetime(2026, 3, 16, 10, tzinfo=UTC)  # 10:00 in London
TODAY = MORNING.date()


@pytest.fixture
def owners(db, add_plan, now):  # type: ignore[no-untyped-def]
    add_plan("Reminders", [
        ActionSpec("1", "Due in a week.", ["Linda Mann"], due=TODAY + 7 * DAY),
        ActionSpec("2", "Due in three days.", ["Linda Mann"], due=TODAY + 3 * DAY),
        ActionSpec("3", "Overdue since yesterday.", ["Linda Mann", "Ken Scott"], due=TODAY - DAY),
        ActionSpec("4", "Due in a month.", ["Linda Mann"], due=TODAY + 30 * DAY),
        ActionSpec("5", "Done already.", ["Linda Mann"], due=TODAY + 2 * DAY, status="done"),
        ActionSpec("6", "Overdue for a month.", ["Linda Mann"], due=TODAY - 30 * DAY),
    ], code="RM")
    with db.session_factory.begin() as session:
        link_user(session, WORKSPACE, resolve_owner(session, WORKSPACE, "Linda Mann"), "U0LINDA", by=None, now=now)
        link_user(session, WORKSPACE, resolve_owner(session, WORKSPACE, "Ken Scott"), "U0KEN", by=None, now=now)
    return db


def remind(db, poster, when=MORNING):  # type: ignore[no-untyped-def]
    return run_reminder_pass(db.session_factory, poster, when, timezone=LONDON, render=render_reminder)


def test_each_person_gets_one_message_with_all_their_reminders(owners) -> None:  # type: ignore[no-untyped-def]
    poster = FakePoster()
    report = remind(owners, poster)
    assert sorted(report.people) == ["U0KEN", "U0LINDA"]
    linda = next(text for who, text in poster.dms if who == "U0LINDA")
    assert "RM-3" in linda and "RM-1" in linda and "RM-2" in linda
    assert "RM-4" not in linda and "RM-5" not in linda and "RM-6" not in linda


def test_a_reminder_is_never_sent_twice(owners) -> None:  # type: ignore[no-untyped-def]
    poster = FakePoster()
    remind(owners, poster)
    remind(owners, poster, MORNING + timedelta(hours=2))
    remind(owners, poster, MORNING + DAY)
    assert [who for who, _ in poster.dms].count("U0LINDA") == 1


def test_nothing_is_sent_before_nine_in_the_morning(owners) -> None:  # type: ignore[no-untyped-def]
    poster = FakePoster()
    remind(owners, poster, datetime(2026, 3, 16, 7, 30, tzinfo=UTC))
    assert poster.dms == []


def test_a_new_due_date_earns_new_reminders(owners) -> None:  # type: ignore[no-untyped-def]
    poster = FakePoster()
    remind(owners, poster)
    with owners.session_factory.begin() as session:
        find_action(session, WORKSPACE, "RM-1").due_date = TODAY + 9 * DAY
    remind(owners, poster, MORNING + 2 * DAY)
    assert "RM-1" in poster.dms[-1][1]


def test_people_who_turned_reminders_off_get_none(owners) -> None:  # type: ignore[no-untyped-def]
    with owners.session_factory.begin() as session:
        set_preference(session, WORKSPACE, "U0LINDA", reminders_off=True)
    poster = FakePoster()
    remind(owners, poster)
    assert [who for who, _ in poster.dms] == ["U0KEN"]


def test_a_failed_message_is_retried_later_not_lost(owners) -> None:  # type: ignore[no-untyped-def]
    from digests.delivery import LEASE, TransientFailure

    class Failing(FakePoster):
        def direct_message(self, workspace_id, user_id, text, metadata=None):  # type: ignore[no-untyped-def]
            raise TransientFailure("down")

    remind(owners, Failing())
    poster = FakePoster()
    remind(owners, poster, MORNING + LEASE + timedelta(seconds=1))
    assert sorted(who for who, _ in poster.dms) == ["U0KEN", "U0LINDA"]


def test_a_reminder_that_timed_out_after_landing_is_not_sent_again(owners) -> None:  # type: ignore[no-untyped-def]
    from digests.delivery import LEASE, TransientFailure

    poster = FakePoster()
    poster.fail_after_posting["U0LINDA"] = [TransientFailure("Slack could not be reached (TimeoutError)")]
    remind(owners, poster)
    remind(owners, poster, MORNING + LEASE + timedelta(seconds=1))
    assert sorted(who for who, _ in poster.dms) == ["U0KEN", "U0LINDA"]


def test_a_reminder_of_unknown_outcome_is_not_repeated_when_the_dm_cannot_be_read(owners) -> None:  # type: ignore[no-untyped-def]
    from digests.delivery import LEASE, HistoryUnavailable, TransientFailure

    poster = FakePoster()
    poster.fail_after_posting["U0LINDA"] = [TransientFailure("timed out")]
    poster.history_error = HistoryUnavailable("missing_scope")
    remind(owners, poster)
    remind(owners, poster, MORNING + LEASE + timedelta(seconds=1))
    assert sorted(who for who, _ in poster.dms) == ["U0KEN", "U0LINDA"]
