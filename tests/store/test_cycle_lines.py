"""The one-line forms of /respond, /assess, /signoff and /reopen, read from many generated lines:
each gives the step it says and keeps every word of its reasons; anything else is refused with
the forms to type."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.cycle import (
    parse_assessment_line,
    parse_reopen_line,
    parse_response_line,
    parse_signoff_line,
)
from store.errors import Problem
from store.status import Assessment, Response

WRITTEN = {
    Response.ACCEPTED: ["accepted", "Accepted", "agreed", "approved"],
    Response.ACCEPTED_IN_PART: ["accepted in part", "Accepted in part", "agreed in part", "partially accepted", "partially-accepted", "accepted_in_part"],
    Response.ACCEPTED_IN_PRINCIPLE: ["accepted in principle", "Agreed in principle", "accepted-in-principle"],
    Response.REJECTED: ["rejected", "Rejected", "not accepted", "not agreed", "declined"],
    Response.NOTED: ["noted", "Noted"],
}
SEPARATORS = [": ", " - ", " – ", " — ", ", ", " because "]
handles = st.sampled_from(["BR-7.4", "NF-3.1a", "PK-#2", "3.1", "SR-(23/24)07"])
reasons = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), max_codepoint=0x2FFF), min_size=1, max_size=80).map(
    lambda t: " ".join(t.split())).filter(lambda t: t and not t[0].isdigit())


@given(handles, st.sampled_from([(r, w) for r, ws in WRITTEN.items() for w in ws]), st.sampled_from(SEPARATORS), reasons)
def test_a_response_line_gives_the_response_and_keeps_its_reasons(handle: str, written: tuple[Response, str], separator: str, reason: str) -> None:
    response, words = written
    request = parse_response_line(f"{handle} {words}{separator}{reason}")
    assert (request.recommendation, request.response, request.reason) == (handle, response, reason)


@given(st.sampled_from([(r, w) for r, ws in WRITTEN.items() for w in ws]), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["{:%Y-%m-%d}", "on {:%Y-%m-%d}", "{:%d/%m/%Y}", "on {:%-d %B %Y}"]))
def test_a_response_line_may_end_with_the_date_it_was_given(written: tuple[Response, str], day: date, form: str) -> None:
    response, words = written
    request = parse_response_line(f"BR-7.4 {words} {form.format(day)}: the reasons")
    assert (request.response, request.responded_on, request.reason) == (response, day, "the reasons")


@pytest.mark.parametrize("line", ["BR-7.4", "BR-7.4 maybe", "BR-7.4 we will think about it", ""])
def test_a_line_without_a_response_is_refused_with_the_forms(line: str) -> None:
    with pytest.raises(Problem) as refused:
        parse_response_line(line)
    assert refused.value.hint or "Name the recommendation" in refused.value.message


@pytest.mark.parametrize("words, assessment", [
    ("achieved", Assessment.ACHIEVED), ("on track", Assessment.ON_TRACK), ("on-track", Assessment.ON_TRACK),
    ("not achieved", Assessment.NOT_ACHIEVED), ("superseded", Assessment.SUPERSEDED), ("Slipped 2026-09-30", Assessment.SLIPPED),
])
def test_assessment_lines(words: str, assessment: Assessment) -> None:
    assert parse_assessment_line(f"BR-7.4 {words}: why").assessment is assessment


def test_only_a_slipped_assessment_takes_a_date() -> None:
    with pytest.raises(Problem, match="Only a slipped recommendation takes a new date"):
        parse_assessment_line("BR-7.4 on track 2026-09-30")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.from_regex(r"[A-Za-z0-9./()]{1,12}", fullmatch=True))
def test_a_sign_off_line_gives_its_meeting_and_minute(day: date, minute: str) -> None:
    request = parse_signoff_line(f"BR-7.4 meeting:{day.isoformat()} minute:{minute}")
    assert (request.meeting, request.minute) == (day, minute)


@pytest.mark.parametrize("line", ["BR-7.4 minute:45: why", "BR-7.4: why minute:45", "BR-7.4 meeting:2026-03-02: why", "BR-7.4 min:3 why"])
def test_a_reopen_with_a_meeting_or_minute_is_refused(line: str) -> None:
    with pytest.raises(Problem, match="A re-open takes no meeting or minute reference"):
        parse_reopen_line(line)
