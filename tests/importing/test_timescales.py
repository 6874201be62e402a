"""How a timescale cell is read: the rules an officer would apply."""

from __future__ import annotations

from datetime import date

import pytest

from store.importing.timescales import date_in_context_year, full_year, parse_timescale
from store.status import Status

DOC_2003 = date(2003, 10, 31)
DOC_2008 = date(2008, 11, 12)


def deadlines(raw: str, document_date: date | None = None) -> list[date]:
    return parse_timescale(raw, document_date).deadlines


@pytest.mark.parametrize(
    ("raw", "due"),
    [("April 04", date(2004, 4, 30)), ("Sept 03", date(2003, 9, 30)), ("February 2024", date(2024, 2, 29))],
)
def test_a_month_alone_is_its_last_day(raw: str, due: date) -> None:
    assert deadlines(raw, DOC_2003) == [due]


@pytest.mark.parametrize(
    "raw",
    [
        "31st March 2013",
        "31 <sup>st</sup> march 2013",
        "Review complete by 31 <sup>st</sup> March 2013",
        "31 <sup>st</sup> march 2013.",
        "31st of March 2013",
        "March 31, 2013",
    ],
)
def test_full_dates_with_ordinals_markup_and_trailing_stops(raw: str) -> None:
    assert deadlines(raw) == [date(2013, 3, 31)]


def test_a_completion_target_is_not_a_completed_status() -> None:
    assert parse_timescale("Review complete by 31 <sup>st</sup> March 2013", None).status is None


@pytest.mark.parametrize(
    "raw", ["July 2008 – November 2008", "July 2008 - November 2008", "July 2008 to November 2008", "July – November 2008"]
)
def test_a_range_counts_by_its_end(raw: str) -> None:
    assert deadlines(raw) == [date(2008, 11, 30)]


def test_a_range_followed_by_but_ongoing_is_due_at_its_end_and_ongoing() -> None:
    reading = parse_timescale("July 2008 – November 2008 but ongoing", DOC_2008)
    assert reading.deadlines == [date(2008, 11, 30)]
    assert reading.ongoing


@pytest.mark.parametrize("raw", ["2011/12", "2011-12", "2011/2012", "FY 2011/12"])
def test_a_uk_financial_year_ends_on_31_march(raw: str) -> None:
    assert deadlines(raw) == [date(2012, 3, 31)]


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("Q1 2019/20", date(2019, 6, 30)),
        ("Q2 2019/20", date(2019, 9, 30)),
        ("Q3 2019/20", date(2019, 12, 31)),
        ("Q4 2019/20", date(2020, 3, 31)),
        ("Quarter 4 2019-20", date(2020, 3, 31)),
    ],
)
def test_financial_year_quarters_run_april_to_march(raw: str, due: date) -> None:
    assert deadlines(raw) == [due]


@pytest.mark.parametrize(("raw", "due"), [("Q2 2020", date(2020, 6, 30)), ("Q4 2020", date(2020, 12, 31))])
def test_calendar_quarters(raw: str, due: date) -> None:
    assert deadlines(raw) == [due]


@pytest.mark.parametrize("raw", ["Ongoing", "ongoing", "On-going", "2011/12 ongoing"])
def test_ongoing(raw: str) -> None:
    assert parse_timescale(raw, None).ongoing


@pytest.mark.parametrize("raw", ["Every 6 months", "monthly", "quarterly", "annually", "Twice a year"])
def test_recurring(raw: str) -> None:
    reading = parse_timescale(raw, None)
    assert reading.recurring and reading.understood and not reading.deadlines


@pytest.mark.parametrize(("raw", "status"), [("Completed", Status.DONE), ("complete", Status.DONE), ("Partially achieved", Status.PARTIALLY_DONE)])
def test_status_words(raw: str, status: Status) -> None:
    assert parse_timescale(raw, None).status is status


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("04/12/2008", date(2008, 12, 4)),
        ("04.12.2008", date(2008, 12, 4)),
        ("04-12-08", date(2008, 12, 4)),
        ("2008-12-04", date(2008, 12, 4)),
    ],
)
def test_numeric_dates_are_uk_day_first_or_iso(raw: str, due: date) -> None:
    assert deadlines(raw) == [due]


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("End of March 2014", date(2014, 3, 31)),
        ("by March 2014", date(2014, 3, 31)),
        ("July/Aug 2010", date(2010, 8, 31)),
        ("end of 2014", date(2014, 12, 31)),
    ],
)
def test_phrased_deadlines(raw: str, due: date) -> None:
    assert deadlines(raw) == [due]


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("Spring 2010", date(2010, 5, 31)),
        ("Summer 2010", date(2010, 8, 31)),
        ("Autumn 2010", date(2010, 11, 30)),
        ("Winter 2010", date(2011, 2, 28)),
    ],
)
def test_a_season_is_read_as_its_last_month_with_a_note(raw: str, due: date) -> None:
    reading = parse_timescale(raw, None)
    assert reading.deadlines == [due]
    assert reading.note and "season" in reading.note


def test_two_digit_years_take_the_century_nearest_the_document() -> None:
    assert deadlines("April 98", date(2001, 5, 1)) == [date(1998, 4, 30)]
    assert deadlines("April 04", date(2001, 5, 1)) == [date(2004, 4, 30)]
    assert full_year("04", None) == 2004


def test_several_dates_in_one_cell_are_kept_in_printed_order_without_repeats() -> None:
    assert deadlines("September 2008 September 2008") == [date(2008, 9, 30)]
    assert deadlines("July 2008 – December 2008 August 2008") == [date(2008, 12, 31), date(2008, 8, 31)]
    conditional = "If withdrawing, notice would be given in April 2013 to be effective in April 2014."
    assert deadlines(conditional) == [date(2013, 4, 30), date(2014, 4, 30)]


def test_a_merged_cell_with_ongoing_on_both_sides_keeps_one_date() -> None:
    reading = parse_timescale("Ongoing July 2008 – November 2008 Ongoing", None)
    assert reading.deadlines == [date(2008, 11, 30)] and reading.ongoing


def test_a_financial_year_and_future_years_is_ongoing() -> None:
    reading = parse_timescale("2011/12 and in future years", None)
    assert reading.deadlines == [date(2012, 3, 31)] and reading.ongoing


@pytest.mark.parametrize("raw", ["", "   ", "N/A", "n/a", "TBC", "TBA", "to be confirmed", "-"])
def test_blank_and_not_yet_set_cells_are_understood_as_no_date(raw: str) -> None:
    reading = parse_timescale(raw, None)
    assert reading.understood and not reading.deadlines


@pytest.mark.parametrize("raw", ["as soon as possible", "ASAP", "Immediate", "A 1.00", "31/02/2019"])
def test_unreadable_cells_have_no_date_and_are_not_understood(raw: str) -> None:
    reading = parse_timescale(raw, None)
    assert not reading.understood and not reading.deadlines


def test_the_raw_text_is_kept_verbatim() -> None:
    raw = "31 <sup>st</sup> march 2013."
    assert parse_timescale(raw, None).raw == raw


def test_year_less_dates_take_the_year_of_their_heading() -> None:
    assert date_in_context_year("14 Mar", 2019) == date(2019, 3, 14)
    assert date_in_context_year("March 14th", 2019) == date(2019, 3, 14)
    assert date_in_context_year("March", 2019) == date(2019, 3, 31)
    assert parse_timescale("14 Mar", None, context_year=2019).deadlines == [date(2019, 3, 14)]


def test_a_year_less_date_without_a_heading_is_placed_after_the_document_date_with_a_note() -> None:
    reading = parse_timescale("14 Mar", date(2018, 6, 1))
    assert reading.deadlines == [date(2019, 3, 14)] and reading.note


def test_a_year_less_date_with_no_year_to_go_on_is_not_understood() -> None:
    assert not parse_timescale("14 Mar", None).understood


@pytest.mark.parametrize(
    "cell", ["Not before 1 June 2011", "Starting May 2024 and ongoing", "From April 2012", "Commencing Jul 2016, ongoing"]
)
def test_a_cell_saying_when_work_starts_gives_no_due_date(cell: str) -> None:
    reading = parse_timescale(cell, None)
    assert reading.deadlines == [] and reading.understood


def test_a_range_still_counts_by_its_end() -> None:
    assert parse_timescale("From April to June 2012", None).deadlines == [date(2012, 6, 30)]


def test_day_month_year_with_hyphens() -> None:
    assert parse_timescale("By 13-Jun-2006", None).deadlines == [date(2006, 6, 13)]
