"""Text layouts seen in real trackers beyond the samples: cells on lines with blank lines
between them, labels split over two lines, bulleted "Label: value" records, web tables joined
by " / ", pipe exports with one cell per line, and damaged CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ImportProblem, detect_layout, read_document

Write = Callable[..., Path]


def test_one_cell_per_line_with_blank_lines_between_cells(write_file: Write) -> None:
    lines = ["Ref", "Action", "Lead", "Due date", "R1", "Fix the roof", "Estates Team", "May 2025", "R2", "Paint the hall", "-", "June 2025"]
    plan = read_document(write_file("cells.txt", "\n\n".join(lines) + "\n"))
    assert detect_layout(write_file("cells2.txt", "\n\n".join(lines))) == "one cell per line"
    assert [(r.ref, r.actions[0].owners, r.actions[0].due) for r in plan.recommendations] == [
        ("R1", ["Estates Team"], date(2025, 5, 31)),
        ("R2", [], date(2025, 6, 30)),
    ]


def test_header_labels_split_over_two_lines_are_joined(write_file: Write) -> None:
    text = "\n".join(
        ["Ref", "Action", "Portfolio", "Holder", "Target", "date", "Revised", "target", "",
         "1", "Fix the roof", "Cllr Jo Tait", "May 2025", "July 2025", "",
         "2", "Paint the hall", "Cllr Jo Tait", "June 2025", "-", ""]
    )
    plan = read_document(write_file("split.txt", text))
    first = plan.recommendations[0]
    assert first.executive_member == "Cllr Jo Tait"
    assert (first.actions[0].original_due, first.actions[0].due) == (date(2025, 5, 31), date(2025, 7, 31))


@pytest.mark.parametrize("bullet", ["- ", "• ", "* ", ""])
def test_bulleted_label_value_records(write_file: Write, bullet: str) -> None:
    records = [
        [f"{bullet}Ref: R{n}", f"{bullet}Date raised: 01/02/2024", f"{bullet}Action: Task {n}", f"{bullet}Lead: DoF", f"{bullet}Deadline: March 2025"]
        for n in (1, 2, 3)
    ]
    text = "Audit Committee actions\n\n" + "\n\n".join("\n".join(r) for r in records) + "\n"
    plan = read_document(write_file("records.txt", text))
    assert [r.ref for r in plan.recommendations] == ["R1", "R2", "R3"]
    action = plan.recommendations[0].actions[0]
    assert (action.owners, action.due) == (["DoF"], date(2025, 3, 31))


def test_web_table_with_cells_joined_by_slashes(write_file: Write) -> None:
    text = (
        "# / Recommendation / Lead Officer / Completion date / Revised deadline\n"
        "1.1 / Open the depot. / Fleet Team / Q3 2024/25 / 31-Jan-2025\n"
        "1.2 / Sell the old site. / Estates Team / March 2025 /  \n"
        " /  / Estates Team / April 2025 /  \n"
    )
    plan = read_document(write_file("copied.txt", text))
    first, second = plan.recommendations
    assert (first.actions[0].original_due, first.actions[0].due) == (date(2024, 12, 31), date(2025, 1, 31))
    assert [a.due for a in second.actions] == [date(2025, 3, 31), date(2025, 4, 30)]


def test_pipe_export_with_one_cell_per_line(write_file: Write) -> None:
    cells = ["Ref |", "Action |", "Lead |", "Deadline |", "R1 |", "Fix the roof |", "Estates Team |", "May 2025 |", "R2 |", "Paint the hall |", "|", "June 2025 |"]
    plan = read_document(write_file("export.txt", "Tracker\n\n" + "\n".join(cells) + "\n"))
    assert [(r.ref, r.actions[0].owners) for r in plan.recommendations] == [("R1", ["Estates Team"]), ("R2", [])]


def test_a_csv_quote_left_open_is_reported_with_its_line_not_absorbed(write_file: Write) -> None:
    text = (
        "Ref,Action,Lead,Deadline\n"
        "1,Fix the roof,Estates Team,May 2025\n"
        '2,"Paint the hall,Estates Team,June 2025\n'
        "3,Clear the drains,Highways Team,July 2025\n"
        "4,Mend the gate,Parks Team,August 2025\n"
    )
    with pytest.raises(ImportProblem, match="quote") as caught:
        read_document(write_file("damaged.csv", text))
    assert caught.value.line == 3


def test_refs_of_four_digits_start_their_own_recommendations(write_file: Write) -> None:
    text = "Ref,Action,Lead,Deadline\nR999,Fix the roof,Estates Team,May 2025\nR1000,Paint the hall,Estates Team,June 2025\nR1001,Mend the gate,Parks Team,July 2025\n"
    plan = read_document(write_file("long.csv", text))
    assert [r.ref for r in plan.recommendations] == ["R999", "R1000", "R1001"]


def test_a_ten_thousand_row_csv_reads_in_one_pass(write_file: Write) -> None:
    rows = "".join(f"R{n},Task number {n},Estates Team,May 2025\n" for n in range(1, 10_001))
    plan = read_document(write_file("big.csv", "Ref,Action,Lead,Deadline\n" + rows))
    assert len(plan.recommendations) == 10_000


def test_a_text_table_with_unclear_columns_is_not_called_a_narrative(write_file: Write) -> None:
    text = "Item\tNarrative\tPerson\n1\tTidy the lanes.\tJo Bell\n2\tFix the lamps.\tSam Hart\n3\tPaint the hall.\tJo Bell\n"
    with pytest.raises(ImportProblem, match=r"a table of 4 rows was found.*1: 'Item', 2: 'Narrative'.*--column") as caught:
        read_document(write_file("odd.txt", text))
    assert "narrative report" not in str(caught.value)


def test_the_column_flags_read_a_table_with_unclear_columns(write_file: Write) -> None:
    from store.importing import ColumnOverrides

    text = "Item\tNarrative\tPerson\n1\tTidy the lanes.\tJo Bell\n2\tFix the lamps.\tSam Hart\n"
    flags = ColumnOverrides(columns={"ref": 1, "action": 2, "owner": 3})
    plan = read_document(write_file("odd.txt", text), columns=flags)
    assert [(r.ref, r.actions[0].owners) for r in plan.recommendations] == [("1", ["Jo Bell"]), ("2", ["Sam Hart"])]


_RUN_TOGETHER_HEADER = "Ref Recommendation Response Lead officer Target date Revised date Progress"


def _run_together_rows(write_file: Write, *rows: str) -> list[tuple[str | None, list[str], date | None, bool]]:
    text = "Canal Towpath Review: action plan\n\n" + "\n".join([_RUN_TOGETHER_HEADER, *rows]) + "\n"
    plan = read_document(write_file("towpath.txt", text))
    return [(r.ref, r.actions[0].owners, r.actions[0].due, r.actions[0].recurring) for r in plan.recommendations]


def test_a_run_together_row_keeps_a_dated_note_whole(write_file: Write) -> None:
    """ "March 2026: Signs ordered." is a progress note: its month is neither the lead officer's
    last word nor the revised date, and its year is not a timescale of its own."""
    rows = _run_together_rows(
        write_file,
        "T1 Repair the towpath fencing. Agreed Ines Okafor June 2026 March 2026: Signs ordered. May 2026: Posts delivered.",
        "T2 Light the underpass. Agreed Bridges Team 2026-09-30 Dec 2026 Quotes received.",
    )
    assert rows == [
        ("T1", ["Ines Okafor"], date(2026, 6, 30), False),
        ("T2", ["Bridges Team"], date(2026, 12, 31), False),
    ]


def test_run_together_timescales_in_words_keep_their_column(write_file: Write) -> None:
    rows = _run_together_rows(
        write_file,
        "T1 Survey the visitor moorings along the canal. Agreed Ines Okafor Each quarter Visits booked.",
        "T2 Clear the silt from the old weir. Agreed Waterways Team Done Cleared in spring by volunteers.",
    )
    assert rows == [("T1", ["Ines Okafor"], None, True), ("T2", ["Waterways Team"], None, False)]


def test_a_run_together_response_without_a_reason_is_only_its_opening_words(write_file: Write) -> None:
    rows = _run_together_rows(
        write_file,
        "T1 Widen the path at the lock. Accepted in part Ines Okafor March 2027 April 2026: Survey: booked.",
        "T2 Add a bench at each lock on the canal. Agreed Waterways Team June 2027 Benches chosen.",
    )
    assert rows == [("T1", ["Ines Okafor"], date(2027, 3, 31), False), ("T2", ["Waterways Team"], date(2027, 6, 30), False)]


def test_a_run_together_date_range_is_one_timescale_not_a_target_and_a_revision(write_file: Write) -> None:
    text = (
        "Canal Towpath Review: action plan\n\n"
        "Ref Recommendation Lead officer Target date Revised date Status Progress\n"
        "T1 Repaint the lock gates on the canal. Ines Okafor May 2026 to July 2026 Green Paint ordered with care.\n"
        "T2 Count the boats moored each week. Waterways Team June 2026 Amber Survey closed with 40 replies.\n"
    )
    plan = read_document(write_file("towpath.txt", text))
    first, second = (r.actions[0] for r in plan.recommendations)
    assert (first.original_due, first.due, first.owners) == (None, date(2026, 7, 31), ["Ines Okafor"])
    assert (second.due, second.owners) == (date(2026, 6, 30), ["Waterways Team"])


def test_a_run_together_response_opening_with_not_stays_whole(write_file: Write) -> None:
    text = (
        "Canal Towpath Review: action plan\n\n"
        "Ref Recommendation Timeframe Revised target Responsible Agreed?\n"
        "T1 Open a cafe at the top lock on the canal. Oct-Dec 2026 3rd Feb 2027 Ines Okafor Not agreed: the "
        "towpath trust already runs one\n"
        "T2 Mark the cycle route along the towpath. Q3 2026/27 Waterways Team Agreed\n"
    )
    plan = read_document(write_file("towpath.txt", text))
    first, second = plan.recommendations
    assert first.actions[0].owners == ["Ines Okafor"] and first.actions[0].due == date(2027, 2, 3)
    assert second.actions[0].owners == ["Waterways Team"]


def test_a_run_together_revised_date_keeps_its_day(write_file: Write) -> None:
    text = (
        "Canal Towpath Review: action plan\n\n"
        "Ref Recommendation Timescale New deadline Lead RAG\n"
        "T1 Rebuild the wall by the aqueduct. By May 21, 2026 6 August 2026 Head of Waterways Propose closure\n"
        "T2 Fit new rubbish bins along the canal path. 2026/27 Q1 22nd February 2027 Waterways Team Delayed\n"
    )
    plan = read_document(write_file("towpath.txt", text))
    first, second = (r.actions[0] for r in plan.recommendations)
    assert (first.original_due, first.due) == (date(2026, 5, 21), date(2026, 8, 6))
    assert (second.original_due, second.due) == (date(2026, 6, 30), date(2027, 2, 22))
