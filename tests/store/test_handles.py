"""Handles people type for actions and plans."""

import pytest

from store.errors import AmbiguousHandle, UnknownHandle
from store.handles import action_handle, find_action, plan_code
from tests.conftest import OTHER_WORKSPACE, WORKSPACE, ActionSpec


def test_a_plan_code_comes_from_the_councils_name() -> None:
    assert plan_code("Best Value Occupational Therapy Action Plan", "Brent", set()) == "BR"


def test_without_a_council_the_code_is_the_titles_initials() -> None:
    assert plan_code("Day Opportunities Modernisation Action Plan", None, set()) == "DOM"


def test_a_taken_code_gets_a_number() -> None:
    assert plan_code("Anything", "Brent", {"BR", "BR2"}) == "BR3"


def test_an_only_action_is_code_dash_ref() -> None:
    assert action_handle("BR", "7.4.3", 0, 1, set()) == "BR-7.4.3"


def test_several_actions_under_one_ref_get_letters() -> None:
    assert [action_handle("HF", "4.1", i, 3, set()) for i in range(3)] == ["HF-4.1a", "HF-4.1b", "HF-4.1c"]


def test_an_action_without_a_printed_ref_gets_the_first_free_number() -> None:
    assert action_handle("OX", None, 0, 1, {"ox-1", "ox-2"}) == "OX-3"


@pytest.fixture
def two_plans(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Brent plan", [ActionSpec("7.4.3", "Improve information.", ["Linda Mann"]), ActionSpec("1", "First.", ["Linda Mann"])], code="BR")
    add_plan("Hereford plan", [ActionSpec("1", "Another first.", ["Ken Scott"])], code="HF")
    add_plan("Other workspace", [ActionSpec("9.9", "Hidden.", ["Ken Scott"])], code="ZZ", workspace=OTHER_WORKSPACE)
    return db


def test_a_handle_is_found_whatever_its_case(two_plans) -> None:  # type: ignore[no-untyped-def]
    with two_plans.session() as s:
        assert find_action(s, WORKSPACE, "br-7.4.3").text == "Improve information."


def test_a_bare_ref_printed_in_one_plan_finds_its_action(two_plans) -> None:  # type: ignore[no-untyped-def]
    with two_plans.session() as s:
        assert find_action(s, WORKSPACE, "7.4.3").handle == "BR-7.4.3"


def test_a_bare_ref_printed_in_two_plans_asks_which(two_plans) -> None:  # type: ignore[no-untyped-def]
    with two_plans.session() as s, pytest.raises(AmbiguousHandle) as raised:
        find_action(s, WORKSPACE, "1")
    assert [c.handle for c in raised.value.candidates] == ["BR-1", "HF-1"]


def test_an_unknown_handle_suggests_similar_ones(two_plans) -> None:  # type: ignore[no-untyped-def]
    with two_plans.session() as s, pytest.raises(UnknownHandle) as raised:
        find_action(s, WORKSPACE, "BR-7.4.33")
    assert [c.handle for c in raised.value.suggestions] == ["BR-7.4.3"]


def test_another_workspaces_handle_is_unknown(two_plans) -> None:  # type: ignore[no-untyped-def]
    with two_plans.session() as s, pytest.raises(UnknownHandle):
        find_action(s, WORKSPACE, "ZZ-9.9")
