"""Refs as printed and as stored; document details above the table."""

from __future__ import annotations

from datetime import date

import pytest

from store.importing.metadata import read_document_facts
from store.importing.refs import read_ref, split_leading_ref


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [("4.2 (R2)", "4.2"), ("R3", "R3"), ("1.", "1"), ("10.4.5", "10.4.5"), ("3a", "3a"), ("2)", "2")],
)
def test_refs_are_normalised(printed: str, normalised: str) -> None:
    ref = read_ref(printed)
    assert ref is not None and (ref.printed, ref.normalised) == (printed, normalised)


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("R1000", "R1000"),
        ("Rec 3", "3"),
        ("Recommendation 12", "12"),
        ("3(a)", "3(a)"),
        ("a)", "a"),
        ("(b)", "b"),
        ("iv", "iv"),
        ("SR (23/24) 07", "SR (23/24) 07"),
        ("BOD 44/22(d)", "BOD 44/22(d)"),
        ("QA.120515.3.2", "QA.120515.3.2"),
    ],
)
def test_refs_as_councils_print_them(printed: str, normalised: str) -> None:
    ref = read_ref(printed)
    assert ref is not None and (ref.printed, ref.normalised) == (printed, normalised)


@pytest.mark.parametrize("text", ["Nos", "2008", "PEOPI", "Update:", "", "FY 2026/27", "Q3 2019/20", "I", "DPH"])
def test_non_refs(text: str) -> None:
    assert read_ref(text) is None


def test_a_ref_opening_a_text_cell_is_split_off() -> None:
    found = split_leading_ref("1. That the council reviews its fees.")
    assert found is not None and found[0].normalised == "1" and found[1] == "That the council reviews its fees."


def test_a_number_starting_a_sentence_is_not_a_ref() -> None:
    assert split_leading_ref("3 officers will attend each meeting") is None


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("DATE: 3rd NOVEMBER 2019", date(2019, 11, 3)),
        ("Tree strategy action plan (updated October 2003)", date(2003, 10, 31)),
        ("V1 - 12/11/2008", date(2008, 11, 12)),
    ],
)
def test_document_dates(line: str, when: date) -> None:
    assert read_document_facts([line]).document_date == when


@pytest.mark.parametrize(
    ("line", "council"),
    [
        ("Summary of Recommendations: Marlow Vale Social Services", "Marlow Vale"),
        ("Pennick Borough Council", "Pennick"),
        ("London Borough of Eastfold", "Eastfold"),
        ("Report to Dunmere County Council", "Dunmere"),
    ],
)
def test_council_names(line: str, council: str) -> None:
    assert read_document_facts([line]).council == council


def test_title_and_committee_from_a_heading_in_capitals() -> None:
    facts = read_document_facts(["## ECONOMY SCRUTINY PANEL MARKETS REVIEW – ACTION PLAN", "DATE: 1st MAY 2015"])
    assert facts.title == "Economy Scrutiny Panel Markets Review – Action Plan"
    assert facts.committee == "Economy Scrutiny Panel"
