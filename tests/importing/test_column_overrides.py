"""The user's column flags (`--column FIELD=HEADER` or a 1-based number) override detection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ColumnOverrides, ImportProblem, read_document

UNUSUAL = (
    "Item,Wording,Person,When,Extra\n"
    "1,Replace the leisure centre boilers,Ravi Menon,31/08/2024,Tender out\n"
    "2,Survey the town hall roof,Property Services,30/11/2024,\n"
)


def test_headers_the_reader_does_not_know_can_be_named(write_file: Callable[..., Path]) -> None:
    path = write_file("unusual.csv", UNUSUAL)
    overrides = ColumnOverrides(
        columns={"ref": "Item", "action": "wording", "owner": "PERSON", "timescale": "When"}
    )
    plan = read_document(path, columns=overrides)
    first = plan.recommendations[0].actions[0]
    assert (plan.recommendations[0].ref, first.text, first.owners, first.due) == (
        "1", "Replace the leisure centre boilers", ["Ravi Menon"], date(2024, 8, 31),
    )  # fmt: skip


def test_columns_can_be_given_by_number(write_file: Callable[..., Path]) -> None:
    path = write_file("unusual.csv", UNUSUAL)
    overrides = ColumnOverrides(columns={"ref": 1, "action": 2, "owner": 3, "timescale": 4, "comments": 5})
    plan = read_document(path, columns=overrides)
    assert [r.actions[0].owners for r in plan.recommendations] == [["Ravi Menon"], ["Property Services"]]
    assert plan.recommendations[0].actions[0].comments == "Tender out"


def test_an_override_replaces_what_was_detected(sample: Callable[[str], Path]) -> None:
    plan = read_document(sample("tracker.csv"), columns=ColumnOverrides(columns={"timescale": "Revised date"}))
    action = plan.recommendations[0].actions[0]
    assert (action.due, action.original_due) == (date(2022, 9, 30), None)


def test_an_override_naming_a_missing_header_says_which_headers_exist(sample: Callable[[str], Path]) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_document(sample("tracker.csv"), columns=ColumnOverrides(columns={"owner": "Officer in charge"}))
    message = str(caught.value)
    assert "no column is headed 'Officer in charge'" in message
    assert "'Responsible officer'" in message


def test_overrides_apply_to_pdf_text_tables(sample: Callable[[str], Path]) -> None:
    plan = read_document(sample("pdf_text_plan.txt"), columns=ColumnOverrides(columns={"comments": "Lead officer"}))
    first = plan.recommendations[0].actions[0]
    assert first.owners == [] and first.comments == "Priya Olawale & Tom Hartigan"
