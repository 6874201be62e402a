"""Columns aligned with spaces, with month headings over year-less dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ParsedPlan, detect_layout, read_document


@pytest.fixture
def plan(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("fixed_width.txt"))


def test_fixed_width_columns_are_detected(sample: Callable[[str], Path], plan: ParsedPlan) -> None:
    assert detect_layout(sample("fixed_width.txt")) == "fixed-width columns"
    assert plan.layout == "fixed-width columns"


def test_year_less_dates_take_their_month_headings_year_not_the_documents(plan: ParsedPlan) -> None:
    assert plan.document_date == date(2017, 6, 2)
    dues = [r.actions[0].due for r in plan.recommendations]
    assert dues == [date(2019, 3, 14), date(2019, 3, 28), date(2019, 4, 5), None]


def test_wrapped_lines_stay_in_their_columns(plan: ParsedPlan) -> None:
    second, third = plan.recommendations[1], plan.recommendations[2]
    assert second.actions[0].text == "Agree the respite care contract with two providers"
    assert third.actions[0].owners == ["Helen Moss", "Owen Price"]


def test_month_headings_are_not_rows(plan: ParsedPlan) -> None:
    assert [r.ref for r in plan.recommendations] == ["4.1", "4.2", "4.3", "4.4"]
    assert plan.recommendations[3].actions[0].recurring
