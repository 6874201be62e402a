"""A stretch of PDF text that lost its tabs is rebuilt from structure and put up for review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from store.importing import ParsedPlan, read_document


@pytest.fixture
def plan(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("scrambled_region.txt"))


def test_a_ref_printed_at_the_start_of_a_loose_line_starts_its_recommendation(plan: ParsedPlan) -> None:
    assert [r.ref for r in plan.recommendations] == ["2.1", "2.2", "2.3", "2.4"]


def test_a_lower_case_line_finishes_the_unfinished_sentence(plan: ParsedPlan) -> None:
    assert plan.recommendations[1].text == "Cut the waiting time for permits to two weeks."


def test_the_tabbed_row_after_the_region_continues_the_row_it_finishes(plan: ParsedPlan) -> None:
    third = plan.recommendations[2]
    assert third.text == "Publish permit numbers by ward each year."
    assert third.actions[0].owners == ["Parking Services"]
    assert third.actions[0].ongoing


def test_loose_name_lines_are_joined_and_given_to_the_row_without_an_owner(plan: ParsedPlan) -> None:
    assert plan.recommendations[1].actions[0].owners == ["Carla Mendes"]


def test_rebuilt_rows_are_low_confidence_and_listed_for_review(plan: ParsedPlan) -> None:
    rebuilt = [r.ref for r in plan.recommendations if r.actions[0].confidence == "low"]
    assert rebuilt == ["2.2", "2.3"]
    assert {i.ref for i in plan.review if "scrambled region" in i.reason} == {"2.2", "2.3"}


def test_rows_after_the_region_read_normally(plan: ParsedPlan) -> None:
    last = plan.recommendations[3].actions[0]
    assert last.owners == ["Alan Birch"] and last.confidence == "high"
