"""Plain questions: any text reads into something the bot can run, and says what to type instead."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.query_language import QuerySyntaxError, parse_action_query
from store.questions import read_question
from tests.conftest import TODAY
from tests.properties.strategies import SLACK_SPECIAL

PHRASES = [
    "what is", "overdue", "for Diane", "Linda's actions", "in the brent plan", "before march 2027", "before 2026-13",
    "before 0001-01", "after 9999-12", "in december 0000", "in the next 99999999999 weeks", "next 3 days",
    "not updated for 99999999 months", "not updated for two months", "anything about", "transport", "who owns",
    "7.4.3", "BR-7.4.3", "ref 1.2", "blocked", "awaiting sign off", "done", "open", "is priya behind", "?", '"', "'",
    "\u2019s", "owner:x", "due:<", "status:", 'text:"', "x:y", "help", "list plans", "who owns what", "\x00", "\n",
]  # fmt: skip
questions = st.one_of(
    st.lists(st.one_of(st.sampled_from(PHRASES + SLACK_SPECIAL), st.text(max_size=8)), max_size=8).map(" ".join),
    st.text(max_size=80),
)


@settings(max_examples=800, deadline=None)
@given(questions)
def test_any_question_reads_into_a_command_that_can_be_run(text: str) -> None:
    question = read_question(text)
    assert question.command.startswith("/")
    if question.kind == "action":
        assert question.query.strip()
    elif question.kind in ("actions", "overdue"):
        try:
            parse_action_query(question.query, today=TODAY)
        except QuerySyntaxError as problem:
            raise AssertionError(f"{text!r} read as {question.command!r}, which does not parse: {problem}") from None
