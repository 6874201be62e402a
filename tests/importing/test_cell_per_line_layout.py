"""Exports that print one cell per line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from store.importing import detect_layout, read_document
from store.status import Status


def test_header_lines_then_records_separated_by_blank_lines(sample: Callable[[str], Path]) -> None:
    path = sample("cell_per_line.txt")
    assert detect_layout(path) == "one cell per line"
    plan = read_document(path)
    assert [r.ref for r in plan.recommendations] == ["5.1", "5.2", "5.3"]
    assert plan.recommendations[0].actions[0].due == date(2025, 3, 31)
    assert plan.recommendations[2].actions[0].owners == ["Joel Brennan", "Samira Haddad"]
    assert [r.actions[0].status for r in plan.recommendations] == [Status.IN_PROGRESS, Status.NOT_STARTED, Status.PAUSED]


def test_records_that_follow_on_without_blank_lines(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "runon.txt",
        "Ref\nAction\nOwner\nDeadline\n"
        "1\nRepair the library lift\nProperty Services\nMay 2025\n"
        "2\nExtend Saturday opening\nNed Okafor\nSeptember 2025\n",
    )
    plan = read_document(path)
    assert [(r.ref, r.actions[0].owners, r.actions[0].due) for r in plan.recommendations] == [
        ("1", ["Property Services"], date(2025, 5, 31)),
        ("2", ["Ned Okafor"], date(2025, 9, 30)),
    ]


def test_labelled_records(sample: Callable[[str], Path]) -> None:
    plan = read_document(sample("labelled_records.txt"))
    assert plan.layout == "one cell per line"
    assert plan.document_date == date(2023, 6, 30)
    first, second = plan.recommendations
    assert (first.ref, first.actions[0].owners, first.actions[0].due) == ("L1", ["Gareth Lyle"], date(2023, 9, 30))
    assert second.actions[0].status is Status.PARTIALLY_DONE
