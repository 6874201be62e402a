"""Plain questions to the bot, read deterministically into the query language."""

import pytest

from store.questions import read_question

PHRASINGS = [
    ("<@U0BOT> what is overdue for Diane?", "/overdue owner:diane"),
    ("what's overdue for diane", "/overdue owner:diane"),
    ("late actions for Diane", "/overdue owner:diane"),
    ("is priya behind?", "/overdue priya"),
    ("how many actions are overdue", "/overdue"),
    ("what's past its deadline in the Brent plan", "/overdue plan:brent"),
    ("overdue in plan NF", "/overdue plan:nf"),
    ("overdue actions due before 2026-10", "/overdue due:<2026-10"),
    ("who owns 7.4.3?", "/action 7.4.3"),
    ("who is responsible for 3.1", "/action 3.1"),
    ("status of BR-7.4.3", "/action BR-7.4.3"),
    ("tell me about NF-3.1a", "/action NF-3.1a"),
    ("NF-3.2", "/action NF-3.2"),
    ("recommendation 3.4", "/action 3.4"),
    ("what's due this month in the Brent plan?", "/actions due:this-month plan:brent"),
    ("what needs doing in the Brent plan this month", "/actions due:this-month plan:brent"),
    ("what does Linda Mann have due next week", '/actions owner:"linda mann" due:next-week'),
    ("what's coming up for Helen", "/actions owner:helen due:next-14-days"),
    ("what's due in the next 2 weeks", "/actions due:next-14-days"),
    ("what is due before March 2027", "/actions due:<2027-03"),
    ("which actions have no due date", "/actions due:none"),
    ("anything about transport?", "/actions text:transport"),
    ("anything on the waiting list", '/actions text:"waiting list"'),
    ("open actions about adaptations", "/actions status:open text:adaptations"),
    ("show me Linda's actions", "/actions owner:linda"),
    ("what has tom got on his plate", "/actions owner:tom"),
    ("what's partially done for priya", "/actions owner:priya status:partial"),
    ("actions in the libraries plan", "/actions plan:libraries"),
    ("what's stale", "/actions updated:>30d"),
    ("what hasn't been updated for two months", "/actions updated:>60d"),
    ("not updated in 6 weeks", "/actions updated:>42d"),
    ("what's blocked", "/actions status:blocked"),
    ("what is paused", "/actions status:paused"),
    ("anything awaiting sign-off?", "/actions status:awaiting-signoff"),
    ("which actions are done", "/actions status:done"),
    ("waiting list", "/actions waiting list"),
    ("help", "/actions help"),
    ("hi", "/actions help"),
    ("what can you do", "/actions help"),
    ("who owns what", "/actions owners"),
    ("list plans", "/actions plans"),
]


@pytest.mark.parametrize("question, command", PHRASINGS)
def test_a_question_reads_as_the_query_a_person_would_type(question: str, command: str) -> None:
    assert read_question(question).command == command


def test_there_are_at_least_thirty_phrasings_specified() -> None:
    assert len(PHRASINGS) >= 30


def test_curly_apostrophes_read_like_straight_ones() -> None:
    assert read_question("what\u2019s overdue for Diane?").command == "/overdue owner:diane"


def test_a_question_with_nothing_to_filter_lists_open_actions() -> None:
    assert read_question("what's going on?").command == "/actions status:open"
