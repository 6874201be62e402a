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


def test_loose_name_lines_then_a_team_finished_by_the_next_row_are_two_owners(tmp_path: Path) -> None:
    """A person printed one word per line, then a team whose last word lands on the tabbed row:
    the team belongs to the row the tabbed line finishes, the person to the row above it."""
    text = (
        "Library Review: action plan (updated June 2021)\n\n"
        "Ref\tRecommendation\tComments\tTimescale\tLead officer\n"
        "3.1\tExtend opening hours on Saturdays.\tAgreed.\tJune 2021\tOwen Tarrant\n"
        "3.2\tSurvey users about the\t \t \t \n\n"
        "Linked to 3.1\n\nPriya\n\nHalloran\n\nVisitor\n\n"
        "mobile library routes.\n\n"
        "3.3 Train staff to run\n\n"
        "\tcoding clubs for children.\tPilot under way.\t\tServices\n"
        "3.4\tLend e-readers.\tLive.\tCompleted\tOwen Tarrant\n"
    )
    path = tmp_path / "library_review.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_document(path)
    owners = {r.ref: r.actions[0].owners for r in plan.recommendations}
    assert owners["3.2"] == ["Priya Halloran"]
    assert owners["3.3"] == ["Visitor Services"]
