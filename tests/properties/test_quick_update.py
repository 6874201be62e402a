"""`/update` in one line: any text reads as an update to a handle, or an UpdateSyntaxError with examples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.quick_update import QuickUpdate, UpdateSyntaxError, parse_quick_update
from tests.conftest import TODAY
from tests.properties.strategies import SLACK_SPECIAL

HEADS = [
    "done", "note", "in progress", "blocked", "sideways", "awaiting sign-off", "the meeting went well today", "due",
    "due 30/06/2026", "due 9999-12-31", "due 31/02/2026", "due 0000-00-00", "deadline 2026-13-01", "by 99/99/9999",
    "due Q3 2019/20", "due April 99", "new date 1/1/10000", "paused until 2026-09-01", "on hold until never",
    "no longer feasible until 9999", "",
]  # fmt: skip
lines = st.one_of(
    st.builds(
        lambda handle, head, note: f"{handle} {head}: {note}",
        st.sampled_from(["BR-7.4.3", "7.4.3", "x", "", *SLACK_SPECIAL]),
        st.sampled_from(HEADS),
        st.text(max_size=12),
    ),
    st.text(max_size=50),
)


@settings(max_examples=800, deadline=None)
@given(lines)
def test_any_line_reads_as_an_update_to_its_first_word_or_a_syntax_error_with_examples(text: str) -> None:
    try:
        quick = parse_quick_update(text, today=TODAY)
    except UpdateSyntaxError as problem:
        assert problem.message.strip() and problem.hint
    else:
        assert isinstance(quick, QuickUpdate) and quick.handle == text.replace("\x00", "").split()[0]


@settings(max_examples=300, deadline=None)
@given(lines.map(lambda line: line.replace(":", ":\x00", 1) + "\x00"))
def test_an_update_never_carries_a_nul_which_postgresql_cannot_store(text: str) -> None:
    try:
        quick = parse_quick_update(text, today=TODAY)
    except UpdateSyntaxError:
        return
    assert "\x00" not in quick.handle + quick.request.note + (quick.request.reason or "")
