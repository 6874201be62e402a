"""`/update <handle> …` in one line: a status word or a date at the start is the status or the
date, with or without a colon; anything else is a note."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.blocks.problems import as_mrkdwn
from store.errors import Form
from store.quick_update import UpdateSyntaxError, fix_hint, parse_quick_update
from store.status import Status

TODAY = date(2026, 3, 2)

STATUSES = [
    ("NF-3.4 done", Status.DONE, ""),
    ("NF-3.4 Done.", Status.DONE, ""),
    ("NF-3.4 DONE", Status.DONE, ""),
    ("NF-3.4 done letter revised", Status.DONE, "letter revised"),
    ("NF-3.4 done - letter revised", Status.DONE, "letter revised"),
    ("NF-3.4 done, letter revised", Status.DONE, "letter revised"),
    ("NF-3.4 done: letter revised", Status.DONE, "letter revised"),
    ("NF-3.4 completed", Status.DONE, ""),
    ("NF-3.4 finished at last", Status.DONE, "at last"),
    ("NF-3.4 blocked", Status.BLOCKED, ""),
    ("NF-3.4 blocked waiting for IT", Status.BLOCKED, "waiting for IT"),
    ("NF-3.4 stuck on the licence", Status.BLOCKED, "on the licence"),
    ("NF-3.4 paused", Status.PAUSED, ""),
    ("NF-3.4 on hold", Status.PAUSED, ""),
    ("NF-3.4 in progress", Status.IN_PROGRESS, ""),
    ("NF-3.4 in progress - drafting", Status.IN_PROGRESS, "drafting"),
    ("NF-3.4 underway with legal", Status.IN_PROGRESS, "with legal"),
    ("NF-3.4 partially done", Status.PARTIALLY_DONE, ""),
    ("NF-3.4 partly done two wards left", Status.PARTIALLY_DONE, "two wards left"),
    ("NF-3.4 not started", Status.NOT_STARTED, ""),
    ("NF-3.4 no longer feasible budget cut", Status.NO_LONGER_FEASIBLE, "budget cut"),
    ("NF-3.4 in-progress: draft with legal", Status.IN_PROGRESS, "draft with legal"),
]


@pytest.mark.parametrize("line, status, note", STATUSES)
def test_a_status_word_at_the_start_is_the_status_with_or_without_a_colon(line: str, status: Status, note: str) -> None:
    quick = parse_quick_update(line, today=TODAY)
    assert (quick.handle, quick.request.status, quick.request.note) == ("NF-3.4", status, note)


DATES = [
    ("NF-3.4 due 30/06/2027", date(2027, 6, 30), None),
    ("NF-3.4 due 30/06/2027 waiting for the survey", date(2027, 6, 30), "waiting for the survey"),
    ("NF-3.4 due 30/06/2027: waiting for the survey", date(2027, 6, 30), "waiting for the survey"),
    ("NF-3.4 due: 2027-06-30", date(2027, 6, 30), None),
    ("NF-3.4 deadline 2027-06-30 - survey late", date(2027, 6, 30), "survey late"),
    ("NF-3.4 due 30 June 2027", date(2027, 6, 30), None),
    ("NF-3.4 due June 2027", date(2027, 6, 30), None),
    ("NF-3.4 new date 1/9/2026 contractor delay", date(2026, 9, 1), "contractor delay"),
    ("NF-3.4 30/06/2027", date(2027, 6, 30), None),
    ("NF-3.4 30 June 2027 survey late", date(2027, 6, 30), "survey late"),
]


@pytest.mark.parametrize("line, due, reason", DATES)
def test_a_date_at_the_start_is_the_new_due_date(line: str, due: date, reason: str | None) -> None:
    quick = parse_quick_update(line, today=TODAY)
    assert (quick.request.new_due, quick.request.reason, quick.request.status) == (due, reason, None)


def test_paused_until_a_date_sets_the_review_date_and_reason_without_a_colon() -> None:
    quick = parse_quick_update("NF-3.4 paused until 2026-09-01 budget freeze", today=TODAY)
    assert (quick.request.status, quick.request.review_date, quick.request.reason) == (
        Status.PAUSED, date(2026, 9, 1), "budget freeze"
    )


@pytest.mark.parametrize(
    "line",
    [
        "NF-3.4 the form is now online", "NF-3.4 met at 10:30 with legal", "NF-3.4 2026 budget agreed",
        "NF-3.4 3 meetings held", "NF-3.4 new contractor appointed", "NF-3.4 by the end of the week we will know",
        "NF-3.4 donations received", "NF-3.4 note: done deal", "NF-3.4 started talking to the wards",
    ],
)
def test_anything_else_is_a_note(line: str) -> None:
    quick = parse_quick_update(line, today=TODAY)
    assert quick.request.status is None and quick.request.new_due is None
    assert quick.request.note == line.split(" ", 1)[1].removeprefix("note: ")


def test_an_unreadable_date_after_due_says_how_to_write_one() -> None:
    with pytest.raises(UpdateSyntaxError) as raised:
        parse_quick_update("NF-3.4 due whenever", today=TODAY)
    assert "2026-06-30" in raised.value.message


@pytest.mark.parametrize(
    "field, typed, expected",
    [
        ("note", " blocked", "/update NF-3.4 blocked: what is blocking it"),
        ("reason", " due 30/06/2027", "/update NF-3.4 due 30/06/2027: why"),
        ("review_date", " paused", "/update NF-3.4 paused until 2026-09-01: why"),
    ],
)
def test_the_hint_says_what_to_add_to_the_line_typed(field: str, typed: str, expected: str) -> None:
    assert fix_hint("NF-3.4", field, typed)[0] == (Form(expected),)


def test_the_hint_quotes_a_handle_safely() -> None:
    assert "<@" not in as_mrkdwn(fix_hint("<@U123>", "note", " blocked")[0])
