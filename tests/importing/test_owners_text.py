"""How owner cells are split into people and teams, joined, resolved and spelled one way."""

from __future__ import annotations

import pytest

from store.importing.owners_text import (
    OwnerBook,
    is_team_name,
    join_owner_lines,
    names_known_in,
    read_owner_cell,
    same_owner_misspelt,
)


def owners(*lines: str, known: set[str] | None = None) -> list[str]:
    return read_owner_cell(list(lines), known or set()).names


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Rhiannon Cole & Idris Vaughan", ["Rhiannon Cole", "Idris Vaughan"]),
        ("Rhiannon Cole and IT", ["Rhiannon Cole", "IT"]),
        ("Rhiannon Cole, Idris Vaughan", ["Rhiannon Cole", "Idris Vaughan"]),
        ("Rhiannon Cole; Finance Team", ["Rhiannon Cole", "Finance Team"]),
        ("DoF / MD", ["DoF", "MD"]),
    ],
)
def test_joint_owners_split_at_delimiters_and_conjunctions(cell: str, expected: list[str]) -> None:
    assert owners(cell) == expected


def test_a_conjunction_inside_a_team_name_does_not_split_it() -> None:
    assert owners("Health and Wellbeing Board") == ["Health and Wellbeing Board"]
    assert owners("H & S Care Partnership Board") == ["H & S Care Partnership Board"]


def test_two_team_names_joined_by_and_are_two_owners() -> None:
    assert owners("Town Centre Partnership Board and Retail Action Groups") == [
        "Town Centre Partnership Board",
        "Retail Action Groups",
    ]


def test_names_with_no_delimiter_pair_up_as_first_and_last_names() -> None:
    assert owners("Nia Rees Oscar Lund Pia Sandoval") == ["Nia Rees", "Oscar Lund", "Pia Sandoval"]


def test_a_team_name_runs_up_to_its_team_word_before_a_person() -> None:
    assert owners("Human Resources Nia Rees") == ["Human Resources", "Nia Rees"]


def test_names_known_elsewhere_in_the_document_split_a_run() -> None:
    assert owners("Legal Nia Rees", known={"Nia Rees"}) == ["Legal", "Nia Rees"]


def test_a_name_broken_over_two_printed_lines_is_joined() -> None:
    assert owners("Nia Rees", "Pia", "Sandoval") == ["Nia Rees", "Pia Sandoval"]
    assert owners("Oscar", "Lund,", "Pia Sandoval") == ["Oscar Lund", "Pia Sandoval"]


def test_a_team_name_broken_over_lines_is_joined() -> None:
    assert join_owner_lines(["Town Centre", "Partnership", "Board"]) == ["Town Centre Partnership Board"]


def test_a_line_opening_with_and_starts_another_owner() -> None:
    assert owners("Nia Rees", "and IT") == ["Nia Rees", "IT"]


def test_as_above_is_flagged_for_the_reader_to_resolve() -> None:
    reading = read_owner_cell(["As above"], set())
    assert reading.as_above and reading.names == []


def test_extraction_noise_and_stray_letters_are_left_out_and_reported() -> None:
    reading = read_owner_cell(["Nia Rees", "D", "1", "Tmaa rem"], set())
    assert reading.names == ["Nia Rees"]
    assert reading.dropped == ["D", "Tmaa rem"]


@pytest.mark.parametrize("name", ["Human Resources", "IT", "Operational Managers", "DoN", "CEO", "Finance"])
def test_team_and_role_owners_are_teams(name: str) -> None:
    assert is_team_name(name)


def test_a_person_is_not_a_team() -> None:
    assert not is_team_name("Nia Rees")


def test_a_typo_merges_into_the_more_frequent_spelling() -> None:
    book = OwnerBook()
    for name in ["Oscar Lindqvist", "Oscar Lindqvist", "Oscar Lindqvsit", "Nia Rees"]:
        book.add(name)
    assert book.aliases() == {"Oscar Lindqvsit": "Oscar Lindqvist"}


def test_different_short_first_names_are_different_people() -> None:
    assert not same_owner_misspelt("Jon Webb", "Jan Webb")
    assert not same_owner_misspelt("Amy Hall", "Amy Hill")


def test_known_names_are_whole_two_word_entries() -> None:
    assert names_known_in([["Nia Rees"], ["Oscar Lund & IT"], ["Pia"]]) == {"Nia Rees", "Oscar Lund"}


def test_a_person_then_lines_that_make_a_team_name_are_two_owners() -> None:
    assert owners("Nia Rees", "Human", "Resources") == ["Nia Rees", "Human Resources"]
    assert owners("Oscar", "Lund", "Customer", "Services", "Team") == ["Oscar Lund", "Customer Services Team"]


def test_a_third_name_line_under_a_person_still_finishes_their_name() -> None:
    assert join_owner_lines(["Pia Anne", "Sandoval"]) == ["Pia Anne Sandoval"]
