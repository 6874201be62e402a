"""The filters officers asked for, on the demo store: response, owner:none, ongoing, recurring,
slipped, rag, negation and counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from store.queries import all_actions, count_actions_by
from store.query_language import QuerySyntaxError, build_filter, parse_action_query
from store.status import Rag, rag_rating
from store.summaries import summarise
from store.vocabulary import load_vocabulary
from tests.conftest import WORKSPACE


def handles(demo, query: str, today: date, now: datetime) -> set[str]:  # type: ignore[no-untyped-def]
    with demo.session_factory() as session:
        vocabulary = load_vocabulary(session, WORKSPACE)
        parsed = parse_action_query(query, today=today, vocabulary=vocabulary)
        resolved = build_filter(session, WORKSPACE, parsed, today=today, now=now)
        return {a.handle for a in all_actions(session, WORKSPACE, resolved.filter)}


def every(demo, today: date, now: datetime):  # type: ignore[no-untyped-def]
    from store.queries import ActionFilter

    with demo.session_factory() as session:
        return [summarise(a, today=today, now=now) for a in all_actions(session, WORKSPACE, ActionFilter())]


def test_response_filters_on_the_executives_response(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    assert handles(demo, "response:rejected", today, now) == {"NF-3.5", "ST-T4", "BR-7.7"}
    assert handles(demo, "response:noted", today, now) == {"BR-7.5"}
    assert handles(demo, "response:in-part", today, now) == {"BR-7.4.2a", "BR-7.4.2b"}
    assert handles(demo, "response:none", today, now) == {"BR-7.8"}
    assert handles(demo, "response:rejected|noted", today, now) == {"NF-3.5", "ST-T4", "BR-7.7", "BR-7.5"}


def test_owner_none_lists_actions_nobody_owns(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    assert handles(demo, "owner:none", today, now) == {"BR-7.6b"}
    assert "BR-7.6b" not in handles(demo, "-owner:none", today, now)


def test_ongoing_and_recurring_are_filters_not_search_words(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    assert handles(demo, "ongoing", today, now) == {"NF-3.3b", "BR-7.8"}
    assert handles(demo, "recurring", today, now) == {"NF-3.1b", "EB-3", "ST-T3b"}


def test_slipped_counts_moved_deadlines(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    assert handles(demo, "slipped", today, now) == {"BR-7.4.1", "BR-7.6a"}
    assert handles(demo, "slipped:>1", today, now) == {"BR-7.4.1"}
    assert handles(demo, "slipped:1", today, now) == {"BR-7.4.1", "BR-7.6a"}
    assert handles(demo, "slipped:=1", today, now) == {"BR-7.6a"}
    assert not handles(demo, "-slipped", today, now) & {"BR-7.4.1", "BR-7.6a"}


@pytest.mark.parametrize("colour", ["red", "amber", "green"])
def test_rag_filter_agrees_with_the_rag_rule_every_screen_shows(demo, today, now, colour: str) -> None:  # type: ignore[no-untyped-def]
    expected = {item.handle for item in every(demo, today, now) if item.rag.colour is Rag(colour)}
    assert handles(demo, f"rag:{colour}", today, now) == expected
    assert expected or colour == "green"


def test_an_action_moved_twice_is_red_before_it_is_due(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in every(demo, today, now) if i.handle == "BR-7.4.1")
    assert item.slip_count == 2 and item.due is not None and item.due > today
    assert rag_rating(status=item.status, due=item.due, slip_count=2, last_activity=now, review_date=None,
                      today=today, now=now).colour is Rag.RED
    assert item.rag.colour is Rag.RED and handles(demo, "rag:red slipped:>1", today, now) == {"BR-7.4.1"}


def test_negation_excludes_what_it_names(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    everything = handles(demo, "status:all", today, now)
    done = handles(demo, "status:done", today, now)
    assert handles(demo, "-status:done", today, now) == everything - done
    lindas = handles(demo, "owner:linda", today, now)
    assert handles(demo, "-owner:linda", today, now) == everything - lindas
    assert handles(demo, "-plan:BR", today, now) == {h for h in everything if not h.startswith("BR-")}
    assert not handles(demo, "-status:overdue", today, now) & handles(demo, "status:overdue", today, now)
    assert handles(demo, "-rag:red", today, now) == everything - handles(demo, "rag:red", today, now)


def test_count_by_plan_owner_and_status_add_up(demo, today, now) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory() as session:
        parsed = parse_action_query("count by plan status:overdue", today=today)
        resolved = build_filter(session, WORKSPACE, parsed, today=today, now=now)
        by_plan = dict(count_actions_by(session, WORKSPACE, resolved.filter, "plan"))
        by_status = dict(count_actions_by(session, WORKSPACE, build_filter(session, WORKSPACE, parse_action_query("", today=today), today=today, now=now).filter, "status"))
        by_owner = dict(count_actions_by(session, WORKSPACE, build_filter(session, WORKSPACE, parse_action_query("owner:none", today=today), today=today, now=now).filter, "owner"))
    assert parsed.count_by == "plan"
    assert sum(by_plan.values()) == len(handles(demo, "status:overdue", today, now))
    assert by_plan["BR · Housing Repairs Review"] == len({h for h in handles(demo, "status:overdue", today, now) if h.startswith("BR-")})
    assert sum(by_status.values()) == 34
    assert by_owner == {"No owner named": 1}


@pytest.mark.parametrize(
    "bad", ["response:maybe", "rag:purple", "slipped:lots", "-due:today", "count by colour", "slipped:<0"]
)
def test_a_malformed_new_filter_says_what_works(bad: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_action_query(bad, today=date(2026, 3, 2))
    assert raised.value.message and raised.value.hint


def test_an_owner_to_leave_out_that_matches_nobody_suggests_exclusions(services, demo) -> None:  # type: ignore[no-untyped-def]
    from handlers.replies import list_reply

    message = list_reply(services, WORKSPACE, "actions", "-owner:lynda man")
    assert "to leave out" in message.text and '-owner:"Linda Mann"' in message.text
