"""Which column is which: history dates, target and revised dates, responses, statuses, and the
mapping recorded with its reasons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import read_document
from store.importing.columns import field_for_header
from store.status import Response, Status

Write = Callable[..., Path]


@pytest.mark.parametrize("header", ["Date", "Date of meeting", "Date agreed", "Date raised", "Committee date", "Meeting date"])
def test_dates_that_record_history_are_not_deadlines(header: str) -> None:
    assert field_for_header(header) is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Target date", "timescale"),
        ("Revised date", "revised_due"),
        ("New target date", "revised_due"),
        ("Revised target", "revised_due"),
        ("Target date Revised", "revised_due"),
        ("Executive response", "response"),
        ("Cabinet Member", "executive_member"),
        ("Portfolio Holder", "executive_member"),
        ("RAG", "status"),
        ("Progress", "comments"),
        ("Progress update", "update"),
        ("Ref no", "ref"),
    ],
)
def test_headers_name_their_roles(header: str, field: str) -> None:
    assert field_for_header(header) == field


TRACKER = (
    "Ref,Date,Action,Lead,Target date,Revised date,Response,Status,Progress\n"
    "1,01/02/2023,Fix the roof,Estates Team,31/03/2024,30/06/2024,Agreed,G,Contractor appointed\n"
    "2,01/02/2023,Paint the hall,Estates Team,30/04/2024,,Accepted in part,Complete,\n"
    "3,01/02/2023,Mend the gate,Parks Team,31/05/2024,,Rejected - no budget,Propose closure,\n"
    "4,01/02/2023,Clear the drains,Highways Team,31/07/2024,,Agreed,On track,\n"
)


def test_target_and_revised_dates_are_both_kept_and_history_dates_ignored(write_file: Write) -> None:
    plan = read_document(write_file("tracker.csv", TRACKER))
    first = plan.recommendations[0].actions[0]
    assert (first.original_due, first.due) == (date(2024, 3, 31), date(2024, 6, 30))
    assert plan.recommendations[1].actions[0].due == date(2024, 4, 30)


def test_statuses_in_words_and_letters(write_file: Write) -> None:
    statuses = [r.actions[0].status for r in read_document(write_file("tracker.csv", TRACKER)).recommendations]
    assert statuses == [None, Status.DONE, Status.AWAITING_SIGNOFF, Status.IN_PROGRESS]


def test_responses_and_their_reasons(write_file: Write) -> None:
    # "Accepted in part" is its own response, not "in principle": committees track them apart.
    plan = read_document(write_file("tracker.csv", TRACKER))
    assert [r.response for r in plan.recommendations] == [
        Response.ACCEPTED, Response.ACCEPTED_IN_PART, Response.REJECTED, Response.ACCEPTED
    ]
    assert plan.recommendations[2].response_reason == "no budget"


def test_progress_text_reaches_the_action(write_file: Write) -> None:
    plan = read_document(write_file("tracker.csv", TRACKER))
    assert plan.recommendations[0].actions[0].comments == "Contractor appointed"


def test_the_mapping_chosen_is_recorded_with_its_reasons(write_file: Write) -> None:
    chosen = read_document(write_file("tracker.csv", TRACKER)).columns_chosen
    by_header = {c.header: c for c in chosen}
    assert by_header["Lead"].field == "owner" and by_header["Lead"].column == 4
    assert by_header["Date"].field is None and "not a deadline" in by_header["Date"].reason
    assert by_header["Revised date"].field == "revised_due"
