"""How tracker rows join up: label cells, update columns, "As above", rows without refs, a second
table part-way down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from store.importing import read_document


def test_action_and_update_label_cells(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "labels.csv",
        "Station signage tracker (as at 01/03/2024)\n"
        "Ref,Recommendation,Action,Deadline\n"
        "1,Improve signage at the station,,\n"
        "1,Action:,Install new maps at both entrances,June 2024\n"
        "1,Update:,Maps ordered from the supplier,\n",
    )
    recommendation = read_document(path).recommendations[0]
    assert recommendation.actions[0].text == "Install new maps at both entrances"
    assert recommendation.actions[0].due == date(2024, 6, 30)
    assert [(u.note, u.dated) for u in recommendation.updates] == [("Maps ordered from the supplier", date(2024, 3, 1))]


def test_an_update_column_gives_dated_updates(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "updates.csv",
        "Ref,Action,Owner,Deadline,Latest update\n"
        "1,Resurface the car park,Asha Pillai,July 2024,12/05/2024: contractor appointed\n"
        "2,Repaint the lines,Asha Pillai,August 2024,\n",
    )
    plan = read_document(path, document_date=date(2024, 6, 1))
    assert [(u.note, u.dated) for u in plan.recommendations[0].updates] == [
        ("12/05/2024: contractor appointed", date(2024, 5, 12))
    ]
    assert plan.recommendations[1].updates == []


def test_as_above_in_a_timescale_cell_copies_the_date_above(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "above.csv",
        "Ref,Action,Owner,Timescale\n1,Audit the fleet,Transport Team,March 2025\n2,Sell old vans,As above,As above\n",
    )
    second = read_document(path).recommendations[1].actions[0]
    assert second.owners == ["Transport Team"] and second.due == date(2025, 3, 31)
    assert second.timescale is not None and second.timescale.raw == "As above"


def test_tracker_rows_without_refs_are_each_a_recommendation(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "norefs.csv",
        "Action,Owner,Deadline\nOpen a youth club,Kofi Mensah,May 2025\nFund two youth workers,Kofi Mensah,June 2025\n",
    )
    plan = read_document(path)
    assert [(r.ref, r.actions[0].text) for r in plan.recommendations] == [
        (None, "Open a youth club"),
        (None, "Fund two youth workers"),
    ]


def test_a_second_table_with_other_columns_is_read_by_its_own_header(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "two_tables.txt",
        "Ref\tRecommendation\tOwner\tDeadline\n"
        "1\tOpen the new depot.\tWaste Team\tMay 2025\n"
        "\n"
        "Ref\tRecommendation\tDeadline\tOwner\n"
        "2\tBuy electric sweepers.\tJune 2025\tFleet Team\n",
    )
    plan = read_document(path)
    assert [(a.owners, a.due) for r in plan.recommendations for a in r.actions] == [
        (["Waste Team"], date(2025, 5, 31)),
        (["Fleet Team"], date(2025, 6, 30)),
    ]


def test_refs_written_as_recommendation_numbers(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "named.csv",
        "No.,Action,Owner,Deadline\nRecommendation 1,Map the footpaths,Rights of Way Team,2025\n"
        "Recommendation 2,Fix the stiles,Rights of Way Team,2026\n",
    )
    plan = read_document(path)
    assert [(r.ref, r.ref_printed) for r in plan.recommendations] == [
        ("1", "Recommendation 1"),
        ("2", "Recommendation 2"),
    ]


def test_a_ref_seen_again_later_adds_to_its_first_recommendation(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "again.csv",
        "Ref,Recommendation,Action,Owner,Deadline\n1,Tidy the verges,Cut back twice a year,Parks Team,Quarterly\n"
        "2,Plant wildflowers,Sow two test plots,Parks Team,May 2025\n1,Update:,First cut done in April,,\n",
    )
    plan = read_document(path)
    assert [r.ref for r in plan.recommendations] == ["1", "2"]
    assert [u.note for u in plan.recommendations[0].updates] == ["First cut done in April"]
