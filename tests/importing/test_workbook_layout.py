"""Excel trackers, built here with openpyxl rather than kept as binaries."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from store.importing import ColumnOverrides, ImportProblem, detect_layout, read_document
from store.status import Status


def build_tracker(path: Path, *, bad_date: bool = False) -> Path:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["This workbook tracks the Place Scrutiny Committee's recommendations."])
    sheet = book.create_sheet("Tracker")
    sheet.append(["Brackenford City Council"])
    sheet.append(["Place Scrutiny Committee – flooding review tracker"])
    sheet.append([])
    sheet.append(["Ref", "Recommendation", "Proposed action", "Lead", "Deadline", "Progress"])
    sheet.append(["F1", "Map every culvert in the city.", "Commission a culvert survey", "Ines Barros", datetime(2024, 3, 31), "Survey let"])
    sheet.append([None, None, "Publish the survey map", "Ines Barros\nGIS Team", datetime(2024, 6, 30), None])
    sheet.append(["F2", "Give residents sandbag stores.", "Site stores at ten community halls", "Emergency Planning Team", "Sometime soon" if bad_date else datetime(2024, 9, 30), "Completed"])
    sheet.append(["F3", "Report each winter on flood incidents.", "Annual flood report to Committee", "Ines Barros", datetime(2024, 12, 31), "Ongoing"])
    book.save(path)
    return path


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    return build_tracker(tmp_path / "flooding.xlsx")


def test_a_workbook_is_detected_and_its_tracker_sheet_chosen(tracker: Path) -> None:
    assert detect_layout(tracker) == "workbook"
    plan = read_document(tracker)
    assert plan.layout == "XLSX sheet 'Tracker'"
    assert [r.ref for r in plan.recommendations] == ["F1", "F2", "F3"]


def test_date_cells_are_read_as_dates(tracker: Path) -> None:
    plan = read_document(tracker)
    assert [a.due for a in plan.recommendations[0].actions] == [date(2024, 3, 31), date(2024, 6, 30)]


def test_continuation_rows_and_multi_line_owner_cells(tracker: Path) -> None:
    second = read_document(tracker).recommendations[0].actions[1]
    assert second.text == "Publish the survey map"
    assert second.owners == ["Ines Barros", "GIS Team"]


def test_progress_words_set_status_and_ongoing(tracker: Path) -> None:
    plan = read_document(tracker)
    assert plan.recommendations[1].actions[0].status is Status.DONE
    assert plan.recommendations[2].actions[0].ongoing


def test_title_rows_give_the_document_details(tracker: Path) -> None:
    plan = read_document(tracker)
    assert plan.council == "Brackenford"
    assert plan.committee == "Place Scrutiny Committee"


def test_an_unreadable_cell_in_a_column_of_dates_is_an_error_naming_sheet_row_and_cell(tmp_path: Path) -> None:
    path = build_tracker(tmp_path / "bad.xlsx", bad_date=True)
    with pytest.raises(ImportProblem) as caught:
        read_document(path)
    problem = caught.value
    assert problem.file == "bad.xlsx, sheet 'Tracker'"
    assert problem.line == 7
    assert problem.cell == "Sometime soon"
    assert "'Deadline' column holds dates" in problem.message


def test_a_sheet_with_no_recognisable_columns_is_an_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Colour", "Size"])
    sheet.append(["Red", "Large"])
    sheet.append(["Blue", "Small"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(ImportProblem, match="no recognisable columns"):
        read_document(tmp_path / "other.xlsx")


def test_columns_can_be_named_for_a_sheet_with_unusual_headers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Item", "What we will do", "Who", "By"])
    sheet.append(["1", "Clear the drains on Mill Lane", "Highways Team", datetime(2024, 2, 29)])
    book.save(tmp_path / "odd.xlsx")
    overrides = ColumnOverrides(columns={"ref": "Item", "action": "What we will do", "owner": "Who", "timescale": "By"})
    plan = read_document(tmp_path / "odd.xlsx", columns=overrides)
    action = plan.recommendations[0].actions[0]
    assert (plan.recommendations[0].ref, action.owners, action.due) == ("1", ["Highways Team"], date(2024, 2, 29))


def test_a_two_row_header_with_a_merged_target_date_keeps_original_and_revised(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet.append(["Recommendations tracker 2024/25"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Ref", "Recommendation", "Owner", "Target date", None, "RAG"])
    sheet.append([None, None, None, "Original", "Revised", None])
    sheet.merge_cells("D3:E3")
    sheet.append(["R1", "Open the new depot.", "Fleet Team", datetime(2024, 9, 30), datetime(2025, 1, 31), "G"])
    sheet.append([])
    sheet.append(["R2", "Sell the old depot.", "Estates Team", datetime(2025, 3, 31), None, "Complete"])
    book.save(tmp_path / "depots.xlsx")
    plan = read_document(tmp_path / "depots.xlsx")
    first, second = (r.actions[0] for r in plan.recommendations)
    assert (first.original_due, first.due, first.status) == (date(2024, 9, 30), date(2025, 1, 31), None)
    assert (second.original_due, second.due, second.status) == (None, date(2025, 3, 31), Status.DONE)


def test_a_workbook_whose_only_sheet_is_a_chart_is_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.create_chartsheet("Progress chart")
    book.save(tmp_path / "chart.xlsx")
    with pytest.raises(ImportProblem, match=r"chart.xlsx, sheet 'Progress chart': the workbook holds only a chart"):
        read_document(tmp_path / "chart.xlsx")


def test_a_damaged_spreadsheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(build_tracker(tmp_path / "whole.xlsx").read_bytes()[:400])
    with pytest.raises(ImportProblem, match="cut.xlsx: .*damaged"):
        read_document(path)


def test_sheets_with_the_same_header_are_read_as_one_tracker(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Key"
    book.active.append(["RAG", "Meaning"])
    book.active.append(["G", "On track"])
    for title, ref in (("Open", "R1"), ("Closed", "R2")):
        sheet = book.create_sheet(title)
        sheet.append(["Ref", "Action", "Lead", "Deadline"])
        sheet.append([ref, f"Action for {ref}", "Fleet Team", datetime(2025, 3, 31)])
    book.save(tmp_path / "two.xlsx")
    assert [r.ref for r in read_document(tmp_path / "two.xlsx").recommendations] == ["R1", "R2"]
