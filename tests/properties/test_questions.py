"""Plain questions: any text reads into something the bot can run, and says what to type instead."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
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
    "Linda Mann", "Lynda Man's", "Dianes", "the finance team", "repairs team", "transport", "the parking review",
    "in the housing plan", "late in housing", "not begun", "changed in the last few days", "on her desk", "red",
    "amber", "rejected", "no owner", "slipped more than once", "ongoing", "recurring", "how many", "in each plan",
    "per owner", "by status", "anything on", "EB", "NF", "BR-7.4.3", "for Zebedee", "count by", "-status:done",
    "in the last 99999999 days", "every quarter", "accepted in part", "only noted", "for", "'s", "team",
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


def _runs(query: str) -> None:
    from tests.store.test_questions import DEMO

    parse_action_query(query, today=TODAY, vocabulary=DEMO)


@settings(max_examples=800, deadline=None)
@given(questions)
def test_any_question_on_the_demo_vocabulary_reads_into_queries_that_parse(text: str) -> None:
    from tests.store.test_questions import DEMO

    question = read_question(text, DEMO)
    readings = [q for _, q in question.choices] if question.kind == "choose" else [question]
    assert readings and question.command.startswith("/")
    for reading in readings:
        if reading.kind in ("actions", "overdue"):
            try:
                _runs(reading.query)
            except QuerySyntaxError as problem:
                raise AssertionError(f"{text!r} read as {reading.command!r}, which does not parse: {problem}") from None


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=questions)
def test_any_question_gets_an_answer_or_a_clear_message_never_an_error(services, demo, text: str) -> None:  # type: ignore[no-untyped-def]
    from handlers.replies import question_reply
    from tests.conftest import WORKSPACE

    message = question_reply(services, WORKSPACE, text)
    assert message.text.strip() and message.blocks
    assert "Something went wrong" not in message.text
