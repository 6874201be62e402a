"""The new reply builders, as pure functions: counts, two readings, no such owner."""

from __future__ import annotations

import json

from handlers.blocks.action_list import CountList, build_count_list
from handlers.blocks.feedback import CHOOSE_OWNER_ACTION, build_no_such_owner, build_reading_choices
from handlers.blocks.limits import MAX_SECTION_TEXT
from store.errors import OwnerCandidate


def test_a_count_list_shows_each_group_largest_first_within_slacks_limits() -> None:
    rows = [(f"Plan {i} · A title that goes on for a while", 200 - i) for i in range(100)]
    message = build_count_list(CountList(title="Overdue actions by plan", rows=rows, command="/actions count by plan"))
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert sections[0].startswith("*Plan 0 · A title that goes on for a while* — 200")
    assert all(len(text) <= MAX_SECTION_TEXT for text in sections)
    assert "…and 40 more." in sections[-1]
    assert message.blocks[-1]["elements"][0]["text"] == "You asked: `/actions count by plan`"


def test_two_readings_are_numbered_with_a_button_each_that_runs_that_reading() -> None:
    message = build_reading_choices([("the owner Transport Team", "actions", 'owner:"Transport Team"'), ("the plan ST", "overdue", "plan:ST")])
    assert "1. the owner Transport Team" in message.blocks[0]["text"]["text"]
    buttons = message.blocks[1]["elements"]
    assert [b["action_id"] for b in buttons] == [f"{CHOOSE_OWNER_ACTION}_0", f"{CHOOSE_OWNER_ACTION}_1"]
    assert json.loads(buttons[1]["value"]) == {"k": "overdue", "q": "plan:ST", "o": 0}


def test_no_such_owner_names_who_there_is_and_escapes_what_was_typed() -> None:
    owners = [OwnerCandidate(owner_id=1, name="Linda Mann", score=0.0, action_count=3)]
    message = build_no_such_owner("<!channel>", owners, kind="overdue", query_without_owner="", close=False)
    text = message.blocks[0]["text"]["text"]
    assert "There is no owner called" in text and "<!channel>" not in text and "*Linda Mann*" in text
    assert json.loads(message.blocks[1]["elements"][0]["value"])["q"] == 'owner:"Linda Mann"'
