"""Files that cannot be imported say which file, line and cell, and what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from store.importing import ImportProblem, NotAnActionPlan, read_document


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="does not exist") as caught:
        read_document(tmp_path / "nowhere.csv")
    assert caught.value.file == "nowhere.csv"


def test_an_empty_file(write_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match="the file is empty"):
        read_document(write_file("empty.txt", "  \n\n"))


def test_a_binary_file(write_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match="binary data"):
        read_document(write_file("image.dat", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20))


def test_a_damaged_pdf_says_so(write_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match="plan.pdf: the PDF could not be read .*damaged"):
        read_document(write_file("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))


def test_a_damaged_word_document_says_so(write_file: Callable[..., Path]) -> None:
    import zipfile

    path = write_file("plan.docx", b"")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportProblem, match="Word document"):
        read_document(path)


def test_a_narrative_report_is_refused_in_plain_words(sample: Callable[[str], Path]) -> None:
    with pytest.raises(NotAnActionPlan) as caught:
        read_document(sample("narrative_report.txt"))
    assert str(caught.value) == (
        "narrative_report.txt: this reads as a narrative report, not an action table: no columns for "
        "recommendations, owners or timescales were found. Import the action plan itself (a table) instead."
    )


def test_a_csv_with_no_recognisable_columns(write_file: Callable[..., Path]) -> None:
    path = write_file("stock.csv", "Item,Colour,Size\nChair,Red,Large\nDesk,Oak,Small\n")
    with pytest.raises(ImportProblem, match="no recognisable columns") as caught:
        read_document(path)
    assert not isinstance(caught.value, NotAnActionPlan)


def test_an_unreadable_date_in_a_date_column_names_file_line_and_cell(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "dates.csv",
        "Ref,Action,Owner,Due date\n1,Fix the clock,Ana Lima,01/02/2024\n"
        "2,Wind the clock,Ana Lima,31/02/2024\n3,Oil the clock,Ana Lima,01/04/2024\n",
    )
    with pytest.raises(ImportProblem) as caught:
        read_document(path)
    problem = caught.value
    assert (problem.file, problem.line, problem.cell) == ("dates.csv", 3, "31/02/2024")
    assert str(problem).startswith("dates.csv, line 3, cell '31/02/2024': the 'Due date' column holds dates")


def test_an_odd_timescale_in_a_column_of_words_goes_to_review(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "mixed.csv",
        "Ref,Action,Owner,Timescale\n1,Fix the clock,Ana Lima,Ongoing\n"
        "2,Wind the clock,Ana Lima,When the parts arrive\n3,Oil the clock,Ana Lima,April 2024\n",
    )
    plan = read_document(path)
    assert [(i.line, i.reason) for i in plan.review] == [
        (3, "timescale 'When the parts arrive' could not be read")
    ]


def test_an_empty_owner_cell_is_put_up_for_review(write_file: Callable[..., Path]) -> None:
    path = write_file("owners.csv", "Ref,Action,Owner,Deadline\n1,Fix the clock,,April 2024\n")
    plan = read_document(path)
    assert [(i.line, i.ref, i.reason) for i in plan.review] == [(2, "1", "owner cell empty")]
