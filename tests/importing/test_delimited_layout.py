"""CSV and other delimited tracker exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ParsedPlan, detect_layout, read_document
from store.status import Response, Status


@pytest.fixture
def tracker(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("tracker.csv"))


@pytest.fixture
def board(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("board_tracker.csv"))


def test_csv_is_detected(sample: Callable[[str], Path], tracker: ParsedPlan) -> None:
    assert detect_layout(sample("tracker.csv")) == "CSV"
    assert tracker.layout == "CSV"


def test_the_header_row_is_found_below_title_rows(tracker: ParsedPlan) -> None:
    assert [r.ref for r in tracker.recommendations] == ["R1", "R2", "R3", "R4"]
    assert tracker.council == "Kestrel Vale"
    assert tracker.document_date == date(2022, 9, 14)


def test_a_row_with_a_blank_ref_is_another_action_of_the_row_above(tracker: ParsedPlan) -> None:
    first = tracker.recommendations[0]
    assert [a.text for a in first.actions] == ["Survey estates without recycling points", "Install new recycling points"]


def test_line_breaks_inside_an_owner_cell_separate_owners(tracker: ParsedPlan) -> None:
    assert tracker.recommendations[0].actions[1].owners == ["Marek Duda", "Fleet Services"]


def test_a_revised_date_becomes_the_due_date_and_the_original_is_kept(tracker: ParsedPlan) -> None:
    action = tracker.recommendations[0].actions[0]
    assert action.due == date(2022, 9, 30)
    assert action.original_due == date(2022, 3, 31)


def test_status_column_words_set_the_status(tracker: ParsedPlan) -> None:
    statuses = [a.status for r in tracker.recommendations for a in r.actions]
    assert statuses == [Status.IN_PROGRESS, Status.NOT_STARTED, Status.DONE, None, None]


def test_executive_responses_are_read(tracker: ParsedPlan) -> None:
    responses = [r.response for r in tracker.recommendations]
    assert responses == [Response.ACCEPTED, Response.ACCEPTED_IN_PRINCIPLE, Response.ACCEPTED, Response.REJECTED]
    assert tracker.recommendations[3].response_reason == "no budget this year"


def test_ongoing_stated_in_the_comments_marks_the_action_ongoing(tracker: ParsedPlan) -> None:
    assert tracker.recommendations[2].actions[0].ongoing


def test_semicolons_and_windows_1252_are_handled(board: ParsedPlan) -> None:
    assert board.layout == "CSV (semicolon-separated)"
    assert "£12k" in (board.recommendations[1].actions[0].comments or "")


def test_board_tracker_role_codes_are_team_owners(board: ParsedPlan) -> None:
    assert board.recommendations[2].actions[0].owners == ["MD", "CN"]
    assert set(board.teams) == {"CN", "DoF", "DoN", "MD"}


def test_board_tracker_dotted_dates_and_revised_dates(board: ParsedPlan) -> None:
    action = board.recommendations[0].actions[0]
    assert (action.due, action.original_due) == (date(2023, 6, 30), date(2023, 3, 31))


def test_rag_complete_is_done_and_colours_set_no_status(board: ParsedPlan) -> None:
    statuses = [r.actions[0].status for r in board.recommendations]
    assert statuses == [None, None, Status.NOT_STARTED, Status.DONE]


def test_health_board_and_committee_are_read(board: ParsedPlan) -> None:
    assert board.council == "Glanmor University Health Board"
    assert board.committee == "Audit Committee"
    assert board.document_date == date(2023, 5, 2)


def test_a_tab_separated_export_is_read_as_delimited(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "export.txt",
        "Ref\tAction\tOwner\tDue date\n1\tMend the bandstand roof\tParks Team\t01/04/2024\n"
        "2\tRepaint the railings\tParks Team\t01/05/2024\n",
    )
    plan = read_document(path)
    assert plan.layout == "tab-separated text"
    assert [a.due for r in plan.recommendations for a in r.actions] == [date(2024, 4, 1), date(2024, 5, 1)]


def test_a_utf8_file_with_a_byte_order_mark_is_read(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "bom.csv", "\ufeffRef,Recommendation,Lead,Deadline\n1,Café opening hours,Zoë Park,June 2024\n"
    )
    plan = read_document(path)
    assert plan.recommendations[0].actions[0].owners == ["Zoë Park"]


def test_a_headerless_csv_is_read_from_its_cell_content(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "noheader.csv",
        "1.1,Review the allotment waiting list and write to everyone on it,Ruth Ames,31/03/2024\n"
        "1.2,Publish the allotment rules on the council website for tenants,Colm Byrne,30/06/2024\n"
        "1.3,Agree new rent levels with the allotment societies for next year,Ruth Ames,30/09/2024\n",
    )
    plan = read_document(path)
    assert [r.ref for r in plan.recommendations] == ["1.1", "1.2", "1.3"]
    assert plan.recommendations[1].actions[0].owners == ["Colm Byrne"]
    assert plan.recommendations[2].actions[0].due == date(2024, 9, 30)
