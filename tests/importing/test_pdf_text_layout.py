"""Tab-separated text copied out of a PDF table (our invented sample of the seeds' layout)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.importing import ParsedPlan, detect_layout, read_document
from store.status import Status


@pytest.fixture
def plan(sample: Callable[[str], Path]) -> ParsedPlan:
    return read_document(sample("pdf_text_plan.txt"))


def by_ref(plan: ParsedPlan, ref: str):  # type: ignore[no-untyped-def]
    return next(r for r in plan.recommendations if r.ref == ref)


def test_layout_is_detected_as_pdf_text(sample: Callable[[str], Path], plan: ParsedPlan) -> None:
    assert detect_layout(sample("pdf_text_plan.txt")) == "PDF text table"
    assert plan.layout == "PDF text table"


def test_document_details_are_read_from_above_the_table(plan: ParsedPlan) -> None:
    assert plan.title == "Housing Scrutiny Panel – Empty Homes Review Action Plan"
    assert plan.committee == "Housing Scrutiny Panel"
    assert plan.council == "Wealdmoor"
    assert plan.document_date == date(2021, 3, 4)


def test_refs_run_in_order_without_page_footers_headers_or_stray_marks(plan: ParsedPlan) -> None:
    assert [r.ref for r in plan.recommendations] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]


def test_wrapped_lines_rejoin_their_cells(plan: ParsedPlan) -> None:
    first = by_ref(plan, "1.1")
    assert first.text.startswith("The Council should publish a register of long-term empty homes each quarter.")
    assert first.actions[0].text == "A register will be compiled from council tax records and published online."


def test_each_new_action_sentence_with_its_own_timescale_is_its_own_action(plan: ParsedPlan) -> None:
    first = by_ref(plan, "1.1")
    assert [a.due for a in first.actions] == [date(2021, 6, 30), date(2021, 9, 30)]
    assert first.actions[1].owners == ["Priya Olawale"]


def test_an_owner_continued_on_the_next_line_with_an_ampersand_is_a_second_owner(plan: ParsedPlan) -> None:
    assert by_ref(plan, "1.1").actions[0].owners == ["Priya Olawale", "Tom Hartigan"]


def test_a_team_name_wrapped_over_two_lines_is_one_team(plan: ParsedPlan) -> None:
    assert by_ref(plan, "1.2").actions[0].owners == ["Housing Services Team"]
    assert "Housing Services Team" in plan.teams


def test_as_above_in_the_owner_cell_copies_the_row_above(plan: ParsedPlan) -> None:
    assert by_ref(plan, "1.3").actions[0].owners == ["Housing Services Team"]


def test_a_misspelt_owner_is_merged_into_the_usual_spelling(plan: ParsedPlan) -> None:
    assert plan.owner_aliases == {"Tom Hartigen": "Tom Hartigan"}
    assert by_ref(plan, "1.3").actions[1].owners == ["Tom Hartigan"]


def test_update_rows_become_updates_dated_by_the_document(plan: ParsedPlan) -> None:
    updates = by_ref(plan, "1.3").updates
    assert [u.note for u in updates] == ["The first forum met and agreed terms of reference."]
    assert updates[0].dated == date(2021, 3, 4)


def test_a_row_continued_after_a_page_break_stays_with_its_ref(plan: ParsedPlan) -> None:
    assert by_ref(plan, "1.3").actions[1].ongoing


def test_timescales_set_due_recurring_and_status(plan: ParsedPlan) -> None:
    assert by_ref(plan, "1.2").actions[0].due == date(2021, 12, 31)
    assert by_ref(plan, "1.3").actions[0].recurring
    assert by_ref(plan, "2.1").actions[0].due == date(2022, 7, 31)
    assert by_ref(plan, "2.2").actions[0].status is Status.DONE


def test_undelimited_names_are_split(plan: ParsedPlan) -> None:
    assert by_ref(plan, "2.1").actions[0].owners == ["Priya Olawale", "Tom Hartigan"]


def test_an_unreadable_timescale_is_put_up_for_review_not_raised(plan: ParsedPlan) -> None:
    guidance = by_ref(plan, "1.4").actions[1]
    assert guidance.timescale is not None and not guidance.timescale.understood
    assert guidance.confidence == "low"
    assert any(item.reason == "timescale 'as soon as possible' could not be read" for item in plan.review)


def test_tbc_is_understood_as_no_date_yet(plan: ParsedPlan) -> None:
    action = by_ref(plan, "1.4").actions[0]
    assert action.due is None and action.timescale is not None and action.timescale.understood


def test_rows_read_counts_table_lines(plan: ParsedPlan) -> None:
    assert plan.rows_read == 14


def test_progress_is_reported_to_the_end(sample: Callable[[str], Path]) -> None:
    seen: list[tuple[int, int]] = []
    read_document(sample("pdf_text_plan.txt"), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


def test_the_document_date_argument_overrides_the_printed_one(sample: Callable[[str], Path]) -> None:
    plan = read_document(sample("pdf_text_plan.txt"), document_date=date(2021, 5, 1))
    assert plan.document_date == date(2021, 5, 1)
    assert by_ref(plan, "1.3").updates[0].dated == date(2021, 5, 1)
