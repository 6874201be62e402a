"""The /actions query language: reading queries, and turning them into filters."""

from datetime import date, timedelta

import pytest

from store.errors import UnknownOwner, UnknownPlan
from store.queries import Order, find_actions
from store.query_language import QuerySyntaxError, build_filter, parse_action_query
from store.status import Status
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec

DAY = timedelta(days=1)


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_action_query(text, today=TODAY)


def test_a_quoted_owner_keeps_its_spaces() -> None:
    assert parse('owner:"Linda Mann"').owner == "Linda Mann"


def test_curly_quotes_from_phones_work_like_straight_ones() -> None:
    assert parse("owner:\u201cLinda Mann\u201d").owner == "Linda Mann"


def test_statuses_can_be_listed_with_a_bar() -> None:
    assert parse("status:blocked|paused").statuses == ["blocked", "paused"]


def test_free_words_are_kept_for_search_or_owner_lookup() -> None:
    assert parse("waiting list plan:br").words == "waiting list"


def test_due_before_a_date_ends_the_day_before() -> None:
    assert parse("due:<2004-06-30").due.end == date(2004, 6, 29)


def test_due_before_a_month_means_before_its_first_day() -> None:
    assert parse("due:<2009-01").due.end == date(2008, 12, 31)


def test_due_in_a_month_spans_the_month() -> None:
    due = parse("due:2004-04").due
    assert (due.start, due.end) == (date(2004, 4, 1), date(2004, 4, 30))


def test_due_this_month_and_next_fourteen_days_are_relative_to_today() -> None:
    assert (parse("due:this-month").due.start, parse("due:this-month").due.end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert parse("due:next-14-days").due.end == TODAY + 14 * DAY


def test_due_range_with_two_dots() -> None:
    due = parse("due:2004-01..2004-06").due
    assert (due.start, due.end) == (date(2004, 1, 1), date(2004, 6, 30))


def test_updated_more_than_thirty_days_ago() -> None:
    assert parse("updated:>30d").updated.older_than_days == 30
    assert parse("updated:<2w").updated.within_days == 14


@pytest.mark.parametrize("bad", ["flavour:red", "status:sideways", "due:2004-13", "due:someday", "updated:recently", "owner:"])
def test_a_malformed_query_says_what_works_instead(bad: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(bad)
    assert raised.value.message
    assert raised.value.hint


@pytest.fixture
def plans(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Brent occupational therapy", [
        ActionSpec("7.4.3", "Improve the directory of services.", ["Linda Mann"], due=TODAY + 3 * DAY),
        ActionSpec("7.4.4", "Revise the standard letter about the waiting list.", ["Diane Brown"], due=TODAY - 3 * DAY),
    ], council="Brent", code="BR")
    add_plan("Transport review", [
        ActionSpec("1", "Audit transport routes.", ["Transport Planning Team"], due=TODAY - 9 * DAY),
    ], code="TR", teams=["Transport Planning Team"])
    return db


def run(db, text: str):  # type: ignore[no-untyped-def]
    with db.session() as session:
        resolved = build_filter(session, WORKSPACE, parse(text), today=TODAY, now=NOW)
        page = find_actions(session, WORKSPACE, resolved.filter, limit=20)
        return resolved, [a.handle for a in page.actions]


def test_a_bare_name_lists_that_owners_actions(plans) -> None:  # type: ignore[no-untyped-def]
    resolved, handles = run(plans, "Linda Mann")
    assert (resolved.owner_name, handles) == ("Linda Mann", ["BR-7.4.3"])


def test_a_word_that_only_appears_in_a_team_name_searches_text(plans) -> None:  # type: ignore[no-untyped-def]
    resolved, handles = run(plans, "transport")
    assert (resolved.owner_name, resolved.filter.order, handles) == (None, Order.RELEVANCE, ["TR-1"])


def test_plan_matches_a_council_name(plans) -> None:  # type: ignore[no-untyped-def]
    assert run(plans, "plan:brent")[1] == ["BR-7.4.4", "BR-7.4.3"]


def test_status_overdue_means_past_due_today(plans) -> None:  # type: ignore[no-untyped-def]
    assert run(plans, "status:overdue")[1] == ["TR-1", "BR-7.4.4"]


def test_filters_combine(plans) -> None:  # type: ignore[no-untyped-def]
    assert run(plans, "plan:br status:open waiting")[1] == ["BR-7.4.4"]


def test_status_open_includes_every_open_state(plans) -> None:  # type: ignore[no-untyped-def]
    resolved, _ = run(plans, "status:open")
    assert Status.BLOCKED in resolved.filter.statuses and Status.DONE not in resolved.filter.statuses


def test_an_unknown_owner_raises_with_suggestions(plans) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownOwner) as raised:
        run(plans, "owner:lynda mahn")
    assert raised.value.suggestions[0].name == "Linda Mann"


def test_an_unknown_plan_raises(plans) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownPlan):
        run(plans, "plan:zanzibar")


def test_the_description_says_what_was_asked(plans) -> None:  # type: ignore[no-untyped-def]
    resolved, _ = run(plans, "owner:linda due:next-14-days")
    assert resolved.description == ["owned by Linda Mann", "due in the next 14 days"]
