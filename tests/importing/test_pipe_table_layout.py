"""Pipe tables saved from web pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ParsedPlan, detect_layout, read_document
from store.status import Response


@pytest.fixture
def plan(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("web_table.md"))


def test_pipe_tables_are_detected(sample: Callable[[str], Path], plan: ParsedPlan) -> None:
    assert detect_layout(sample("web_table.md")) == "pipe table"
    assert plan.layout == "pipe table"


def test_rows_wrapped_over_several_pipe_lines_rejoin(plan: ParsedPlan) -> None:
    first = plan.recommendations[0]
    assert first.text == "Route planning should take account of pupils' journey times."
    assert first.actions[0].text == "Review every route before the new school year."


def test_a_cell_with_a_line_break_inside_keeps_its_row_together(plan: ParsedPlan) -> None:
    last = plan.recommendations[3]
    assert last.actions[0].text == "Commission a cost review, report to the Commission"
    assert last.actions[0].owners == ["Deepak Sethi"]


def test_br_tags_separate_owners(plan: ParsedPlan) -> None:
    assert plan.recommendations[1].actions[0].owners == ["Lucy Amadi", "Customer Contact Team"]


def test_responses_and_dates(plan: ParsedPlan) -> None:
    assert [r.response for r in plan.recommendations] == [
        Response.ACCEPTED, Response.ACCEPTED_IN_PRINCIPLE, Response.REJECTED, Response.ACCEPTED,
    ]  # fmt: skip
    assert plan.recommendations[1].actions[0].due == date(2021, 1, 31)


def test_a_season_is_read_with_low_confidence_and_a_review_note(plan: ParsedPlan) -> None:
    action = plan.recommendations[3].actions[0]
    assert action.due == date(2021, 5, 31)
    assert action.confidence == "low"
    assert any("season" in item.reason for item in plan.review)


def test_markdown_heading_gives_title_and_committee(plan: ParsedPlan) -> None:
    assert plan.title == "Children's Services Scrutiny Commission: school transport review"
    assert plan.committee == "Children's Services Scrutiny Commission"
    assert plan.council == "Harrowfield"
    assert plan.document_date == date(2020, 11, 9)
