"""Timescale cells, however odd, read into real dates without raising, keeping the text as printed.

Extends tests/importing/test_properties.py (any short text, document dates 1990-2090) to cells
shaped like timescales, with years and document dates at the ends of the calendar."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from store.importing.timescales import parse_timescale

PIECES = [
    "31st", "1st", "29th", "February", "Feb", "April", "Sept", "Spring", "Winter", "end of", "by", "–", "-", "to",
    "and", "9999", "0000", "0001", "10000", "99", "00", "Q3", "Q5", "Q0", "2011/12", "9999/00", "99/00", "00/01",
    "2019/20", "FY", "31/12/9999", "01/01/0001", "29/02/2100", "32/13/2020", "9999-12-31", "0001-01-01",
    "31.12.9999", "Ongoing", "Every 6 months", "every 99999999999 months", "Completed", "Partially achieved", "TBC",
    "V1", "but ongoing", "\n", "\t", "\x00",
]  # fmt: skip
cells = st.one_of(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=7).map(" ".join), st.text(max_size=60))
document_dates = st.one_of(st.none(), st.dates())


@settings(max_examples=600, deadline=None)
@given(cells, document_dates)
def test_a_timescale_reads_into_real_dates_and_keeps_the_cell_as_printed(raw: str, document_date: date | None) -> None:
    reading = parse_timescale(raw, document_date)
    assert reading.raw == raw
    assert all(type(day) is date for day in reading.deadlines)
    assert len(set(reading.deadlines)) == len(reading.deadlines)
