"""Word trackers, built here with python-docx: the tracker among other tables, merged cells,
paragraphs in cells, two-row headers, and files that cannot be read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document

from store.importing import ImportProblem, NotAnActionPlan, read_document
from store.status import Response


def _row(table, cells: list[str]) -> None:  # type: ignore[no-untyped-def]
    row = table.add_row()
    for cell, text in zip(row.cells, cells, strict=True):
        lines = text.split("\n")
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _key_and_contents(document: Document) -> None:
    contents = document.add_table(rows=1, cols=2)
    contents.rows[0].cells[0].text, contents.rows[0].cells[1].text = "Section", "Page"
    _row(contents, ["Introduction", "2"])
    document.add_paragraph("RAG key")
    key = document.add_table(rows=1, cols=2)
    key.rows[0].cells[0].text, key.rows[0].cells[1].text = "RAG", "Meaning"
    _row(key, ["Green", "On track"])
    _row(key, ["Red", "Behind the target date"])


def build_tracker(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Ashcombe District Council", level=1)
    document.add_paragraph("Housing Scrutiny Panel – Review of empty homes: action plan")
    _key_and_contents(document)
    document.add_heading("Recommendations and actions", level=2)
    headers = ["Ref", "Recommendation", "Cabinet response", "Portfolio Holder", "Action", "Lead officer", "Date agreed", "Target date", ""]
    table = document.add_table(rows=2, cols=len(headers))
    for index, text in enumerate(headers):
        table.rows[0].cells[index].text = text
    # "Target date" spans "Original" and "Revised" on the row below.
    table.rows[0].cells[7].merge(table.rows[0].cells[8]).text = "Target date"
    for index in range(7):
        table.rows[0].cells[index].merge(table.rows[1].cells[index])
    table.rows[1].cells[7].text, table.rows[1].cells[8].text = "Original", "Revised"
    _row(table, ["R1", "Bring empty homes back into use.", "Agreed", "Cllr Ada Quaile", "Write to every owner", "Nia Okafor\nEmpty Homes Team", "12/01/2024", "March 2024", "June 2024"])
    _row(table, ["", "", "", "", "Offer loans to owners", "Nia Okafor", "12/01/2024", "Not before 1 June 2024", ""])
    # One recommendation printed once beside its two actions (cells merged down).
    table.rows[-2].cells[0].merge(table.rows[-1].cells[0])
    table.rows[-2].cells[1].merge(table.rows[-1].cells[1])
    heading = table.add_row()
    heading.cells[0].merge(heading.cells[-1]).text = "ENFORCEMENT"
    _row(table, ["R1000", "Use enforcement powers where owners refuse help.", "Rejected – the cost cannot be met this year", "Cllr Ada Quaile", "Report on the cost of enforcement", "Head of Legal", "12/01/2024", "30/09/2024", ""])
    document.save(str(path))
    return path


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    return build_tracker(tmp_path / "empty_homes.docx")


def test_the_tracker_is_chosen_over_the_contents_and_rag_key_tables(tracker: Path) -> None:
    plan = read_document(tracker)
    assert [r.ref for r in plan.recommendations] == ["R1", "R1000"]
    assert plan.committee == "Housing Scrutiny Panel"


def test_a_recommendation_merged_down_beside_its_actions_keeps_both_actions(tracker: Path) -> None:
    first = read_document(tracker).recommendations[0]
    assert first.text == "Bring empty homes back into use."
    assert [a.text for a in first.actions] == ["Write to every owner", "Offer loans to owners"]


def test_paragraphs_in_an_owner_cell_are_separate_owners(tracker: Path) -> None:
    first = read_document(tracker).recommendations[0].actions[0]
    assert first.owners == ["Nia Okafor", "Empty Homes Team"]


def test_a_merged_target_date_header_keeps_original_and_revised_dates(tracker: Path) -> None:
    first = read_document(tracker).recommendations[0].actions[0]
    assert (first.original_due, first.due) == (date(2024, 3, 31), date(2024, 6, 30))


def test_history_dates_and_start_dates_are_not_deadlines(tracker: Path) -> None:
    plan = read_document(tracker)
    second = plan.recommendations[0].actions[1]
    assert second.due is None
    assert any(c.header == "Date agreed" and c.field is None for c in plan.columns_chosen)


def test_executive_response_reason_and_member_are_read(tracker: Path) -> None:
    plan = read_document(tracker)
    first, last = plan.recommendations
    assert first.response is Response.ACCEPTED and first.executive_member == "Cllr Ada Quaile"
    assert last.response is Response.REJECTED
    assert last.response_reason == "the cost cannot be met this year"


def test_the_column_mapping_is_recorded_with_reasons(tracker: Path) -> None:
    chosen = {c.field: c for c in read_document(tracker).columns_chosen if c.field}
    assert chosen["revised_due"].header == "Target date Revised"
    assert chosen["owner"].column == 6
    assert "Lead officer" in chosen["owner"].reason


def test_a_word_document_with_no_table_is_a_narrative_report(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("The panel met three times and heard from officers about empty homes.")
    document.save(str(tmp_path / "minutes.docx"))
    with pytest.raises(NotAnActionPlan, match="minutes.docx: this Word document has no table"):
        read_document(tmp_path / "minutes.docx")


def test_a_damaged_word_document_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    with pytest.raises(ImportProblem, match="broken.docx: .*damaged"):
        read_document(path)


def test_a_password_protected_word_document_says_so(tmp_path: Path) -> None:
    # Word wraps an encrypted .docx in an old-style compound file.
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100)
    with pytest.raises(ImportProblem, match="locked.docx: this file is password-protected"):
        read_document(path)


def test_a_table_with_unclear_columns_says_what_was_found_and_how_to_map_it(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    for index, text in enumerate(("Item", "Narrative", "Person")):
        table.rows[0].cells[index].text = text
    for cells in (["1", "Tidy the lanes.", "Jo Bell"], ["2", "Fix the lamps.", "Sam Hart"], ["3", "Paint the hall.", "Jo Bell"]):
        _row(table, cells)
    table.rows[0].cells[0].text = "Code"
    document.save(str(tmp_path / "odd.docx"))
    with pytest.raises(ImportProblem, match="--column") as caught:
        read_document(tmp_path / "odd.docx")
    assert "Narrative" in str(caught.value) and not isinstance(caught.value, NotAnActionPlan)


def test_the_column_flags_read_a_word_table_with_unclear_columns(tmp_path: Path) -> None:
    from store.importing import ColumnOverrides

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    for index, text in enumerate(("Code", "Narrative", "Person")):
        table.rows[0].cells[index].text = text
    for cells in (["1", "Tidy the lanes.", "Jo Bell"], ["2", "Fix the lamps.", "Sam Hart"]):
        _row(table, cells)
    document.save(str(tmp_path / "odd.docx"))
    flags = ColumnOverrides(columns={"ref": 1, "action": 2, "owner": 3})
    plan = read_document(tmp_path / "odd.docx", columns=flags)
    assert [(r.ref, r.actions[0].owners) for r in plan.recommendations] == [("1", ["Jo Bell"]), ("2", ["Sam Hart"])]
    assert [c.reason for c in plan.columns_chosen][:1] == ["your flag --column ref=..."]


def test_a_tracker_split_into_tables_by_headings_and_repeated_headers_is_read_whole(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Overview and Scrutiny Committee – Review of bus shelters")
    for heading, refs in (("Part 1: Shelters", ["1", "2"]), ("Part 2: Timetables", ["3"])):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1, cols=3)
        for index, text in enumerate(("Ref", "Action", "Lead")):
            table.rows[0].cells[index].text = text
        for ref in refs:
            _row(table, [ref, f"Action {ref}", "Transport Team"])
            # Header rows repeated by hand where a page broke.
            _row(table, ["Ref", "Action", "Lead"])
    plan = read_document(_saved(document, tmp_path / "shelters.docx"))
    assert [r.ref for r in plan.recommendations] == ["1", "2", "3"]
    assert all(len(r.actions) == 1 for r in plan.recommendations)


def _saved(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_a_recommendation_printed_across_the_table_above_its_actions(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for index, text in enumerate(("Ref", "Action", "Lead", "Deadline")):
        table.rows[0].cells[index].text = text
    for recommendation, actions in (
        ("Recommendation 1: Publish the shelter repair programme every spring.", [("Draft the programme", "Transport Team", "March 2025")]),
        ("R2 Consult bus users before removing a shelter.", [("Write the consultation", "Jo Bell", "May 2025"), ("Report the results", "Jo Bell", "July 2025")]),
    ):
        spanning = table.add_row()
        spanning.cells[0].merge(spanning.cells[-1]).text = recommendation
        for action in actions:
            _row(table, ["", *action])
    plan = read_document(_saved(document, tmp_path / "spanning.docx"))
    first, second = plan.recommendations
    assert (first.ref, first.text) == ("1", "Publish the shelter repair programme every spring.")
    assert [a.text for a in second.actions] == ["Write the consultation", "Report the results"]
    assert second.actions[1].due == date(2025, 7, 31)
