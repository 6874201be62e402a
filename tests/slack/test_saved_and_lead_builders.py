"""The builders that say what an update did, and the `lead` line other builders put under their
title: each builds the whole message from data (nothing is inserted into a built reply later)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from digests.content import Changes, Digest
from handlers import catalog
from handlers.blocks.action_detail import build_action_detail
from handlers.blocks.action_list import ActionList, build_action_list
from handlers.blocks.digest import PREVIEW_NOTE, render_digest
from handlers.blocks.feedback import build_error, build_handle_choices, build_update_choices
from handlers.payloads import UpdateChoice
from handlers.blocks.saved import build_saved_reply, build_signoff_request, confirmation_text
from handlers.payloads import ListState
from store.errors import HandleCandidate
from store.status import Status
from store.updates import Saved
from tests.slack.test_block_kit_builders import NOW, TODAY, assert_message_accepted, summary

SAVED = "Saved your update to *BR-2*"


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(message.blocks, ensure_ascii=False)


def test_a_new_status_and_date_are_both_confirmed_with_the_slips_so_far() -> None:
    line = confirmation_text(Saved("BR-2", Status.IN_PROGRESS, True, Status.IN_PROGRESS, date(2026, 5, 1), 2))
    assert line.startswith(":white_check_mark: Saved your update to *BR-2*")
    assert f"now *{Status.IN_PROGRESS.label}*" in line and "due *" in line and "moved 2 times so far" in line


def test_a_note_alone_is_confirmed_as_a_note() -> None:
    assert confirmation_text(Saved("BR-2", Status.IN_PROGRESS, True)).endswith("note added.")


def test_an_owners_done_says_it_waits_for_sign_off() -> None:
    line = confirmation_text(Saved("BR-2", Status.AWAITING_SIGNOFF, True, Status.AWAITING_SIGNOFF))
    assert "waits for a scrutiny officer to sign it off" in line


def test_the_same_submission_twice_says_it_was_already_saved() -> None:
    assert "was already saved" in confirmation_text(Saved("BR-2", Status.DONE, False, Status.DONE))


@pytest.mark.parametrize(("approve", "words"), [(True, "signed off as done"), (False, "sent back to its owners")])
def test_a_sign_off_says_which_way_it_went(approve: bool, words: str) -> None:
    assert words in confirmation_text(Saved("BR-2", Status.DONE, True, Status.DONE, signed_off=approve))


def test_a_handle_with_markup_is_escaped_in_the_confirmation() -> None:
    assert "&lt;b&gt;" in confirmation_text(Saved("<b>", Status.DONE, True))


def test_the_update_reply_shows_the_action_as_it_now_stands_and_is_accepted() -> None:
    rng = random.Random(5)
    for n in range(60):
        item = summary(rng, n)
        reply = build_saved_reply(Saved(item.handle, item.status, True, item.status), item, TODAY)
        assert_message_accepted(reply)
        assert reply.blocks[0]["text"]["text"].startswith(":white_check_mark:") and len(reply.blocks) == 3


def test_the_update_reply_without_a_read_back_is_the_confirmation_alone() -> None:
    reply = build_saved_reply(Saved("BR-2", Status.DONE, True, Status.DONE), None, TODAY)
    assert len(reply.blocks) == 1 and SAVED in reply.text


def test_the_officers_are_asked_with_sign_off_send_back_and_details_buttons() -> None:
    message = build_signoff_request("Priya <Raman>", "NF-3.1a")
    assert_message_accepted(message)
    ids = [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == [catalog.SIGNOFF_ACTION, catalog.SEND_BACK_ACTION, catalog.DETAILS_ACTION]
    assert "Priya &lt;Raman&gt;" in _text(message)


def test_a_list_puts_its_lead_under_the_title() -> None:
    rng = random.Random(8)
    items = [summary(rng, n) for n in range(8)]
    listing = ActionList(title="Open actions", items=items, total=30, state=ListState(kind="actions", query="status:open"), today=TODAY,
                         command="/actions status:open", lead=SAVED)
    message = build_action_list(listing)
    assert_message_accepted(message)
    assert message.blocks[0]["type"] == "header" and message.blocks[1]["elements"][0]["text"] == SAVED


def test_a_detail_puts_its_lead_under_the_title() -> None:
    message = build_action_detail(summary(random.Random(3), 1), [], TODAY, lead=SAVED)
    assert message.blocks[0]["type"] == "header" and message.blocks[1]["elements"][0]["text"] == SAVED


def test_without_a_lead_nothing_is_added() -> None:
    item = summary(random.Random(3), 1)
    assert SAVED not in _text(build_action_detail(item, [], TODAY)) and len(build_error("x").blocks) == 1


def test_an_error_puts_its_lead_above_the_problem() -> None:
    message = build_error("The store isn't answering.", ["again in a minute"], lead=SAVED)
    assert [b["type"] for b in message.blocks] == ["context", "section"] and message.blocks[0]["elements"][0]["text"] == SAVED


def test_handle_choices_can_carry_a_lead() -> None:
    candidate = HandleCandidate(action_id=4, handle="BR-1", plan_title="Brent", text="Review letters")
    message = build_handle_choices("BR-9", [candidate], ambiguous=False, lead="I read that as: `/action BR-9`")
    assert message.blocks[0]["type"] == "context" and "Did you mean" in _text(message)


def test_update_choices_carry_the_rest_of_the_command_in_each_button() -> None:
    candidates = [HandleCandidate(action_id=i, handle=f"BR-{i}", plan_title=f"Plan {i}", text="x") for i in (1, 2)]
    message = build_update_choices("7.4", candidates, "done: letters sent")
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [e["action_id"] for e in buttons] == [catalog.numbered(catalog.UPDATE_CHOICE_ACTION, i) for i in (1, 2)]
    assert {UpdateChoice.decode(e["value"]) for e in buttons} == {UpdateChoice(handle="BR-1", rest="done: letters sent"), UpdateChoice(handle="BR-2", rest="done: letters sent")}


def test_update_choices_too_long_for_a_button_give_the_text_to_copy_instead() -> None:
    candidates = [HandleCandidate(action_id=1, handle="BR-1", plan_title="Plan", text="x")]
    message = build_update_choices("7.4", candidates, "note: " + "word " * 600)
    assert not [b for b in message.blocks if b["type"] == "actions"] and "Your update, to copy" in _text(message)


def _digest(quiet: bool) -> Digest:
    return Digest(workspace_id="T0", subscription_id=1, channel_id="C0", scope="all actions", query="", as_of=NOW,
                  since=NOW - timedelta(days=7), today=TODAY, total=0 if quiet else 3, done=0, in_progress=0, overdue=0,
                  changes=Changes([], [], [], []), sections=[], updates_this_week=0)


@pytest.mark.parametrize("quiet", [False, True])
def test_a_digest_preview_says_so_at_its_top_and_the_posted_digest_does_not(quiet: bool) -> None:
    assert render_digest(_digest(quiet), preview=True).blocks[0]["elements"][0]["text"] == PREVIEW_NOTE
    assert PREVIEW_NOTE not in _text(render_digest(_digest(quiet)))
