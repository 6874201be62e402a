"""The fake refuses what Slack refuses, with Slack's error, and a refusal fails the test that caused it."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack_validation import block_problems, refusal, view_problems
from tests.fakes.slack_web_api import FakeSlackWebAPI


def section(text: str, **extra: object) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(text: str, action_id: str, value: str = "v") -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}


def modal(**changes: object) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Update BR-1"}, "blocks": [section("hi")], **changes}


ACCEPTED = [
    [section("Hello")],
    [{"type": "header", "text": {"type": "plain_text", "text": "H" * 150}}, {"type": "divider"}],
    [section("x" * 3000), {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 10}],
    [{"type": "actions", "block_id": "b" * 255, "elements": [button("B" * 75, "a", "v" * 2000), button("C", "b")]}],
    [{"type": "actions", "elements": [button("A", "same")]}, {"type": "actions", "elements": [button("B", "same")]}],
    [section("a")] * 50,
]

REFUSED = {
    "51 blocks": [section("a")] * 51,
    "section text over 3,000": [section("x" * 3001)],
    "empty section text": [section("")],
    "header over 150": [{"type": "header", "text": {"type": "plain_text", "text": "H" * 151}}],
    "header in mrkdwn": [{"type": "header", "text": {"type": "mrkdwn", "text": "H"}}],
    "11 context elements": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
    "button text over 75": [{"type": "actions", "elements": [button("B" * 76, "a")]}],
    "button value over 2,000": [{"type": "actions", "elements": [button("B", "a", "é" * 2001)]}],
    "block_id over 255": [section("a", block_id="b" * 256)],
    "duplicate block_id": [section("a", block_id="x"), section("b", block_id="x")],
    "duplicate action_id in a block": [{"type": "actions", "elements": [button("A", "same"), button("B", "same")]}],
    "empty actions": [{"type": "actions", "elements": []}],
    "unknown block type": [{"type": "sectoin", "text": {"type": "mrkdwn", "text": "a"}}],
    "unknown key": [section("a", colour="red")],
    "overflow with 6 options": [{"type": "actions", "elements": [{"type": "overflow", "action_id": "m", "options": [
        {"text": {"type": "plain_text", "text": str(i)}, "value": str(i)} for i in range(6)]}]}],
    "option value over 150": [{"type": "actions", "elements": [{"type": "overflow", "action_id": "m", "options": [
        {"text": {"type": "plain_text", "text": "a"}, "value": "v" * 151}, {"text": {"type": "plain_text", "text": "b"}, "value": "b"}]}]}],
    "input without a label": [{"type": "input", "element": {"type": "plain_text_input", "action_id": "a"}}],
}


@pytest.mark.parametrize("blocks", ACCEPTED, ids=range(len(ACCEPTED)))
def test_blocks_within_slacks_limits_are_accepted(blocks: list[dict]) -> None:
    assert block_problems(blocks, limit=50, pointer="/blocks") == []


@pytest.mark.parametrize("name", REFUSED)
def test_blocks_slack_refuses_are_refused_with_invalid_blocks(name: str) -> None:
    answer = refusal("chat.postMessage", {"channel": "C1", "blocks": json.dumps(REFUSED[name])})
    assert answer is not None and answer.error == "invalid_blocks"
    assert answer.messages and all(m.startswith("[ERROR]") for m in answer.messages)


@pytest.mark.parametrize("view, why", [
    (modal(title={"type": "plain_text", "text": "T" * 25}), "title over 24"),
    (modal(submit={"type": "plain_text", "text": "S" * 25}), "submit over 24"),
    (modal(private_metadata="m" * 3001), "private_metadata over 3,000"),
    (modal(blocks=[section("a")] * 101), "101 blocks"),
    (modal(blocks=[section("a", block_id="x"), section("b", block_id="x")]), "duplicate block_id"),
    (modal(blocks=[{"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": {
        "type": "plain_text_input", "action_id": "a", "max_length": 10, "initial_value": "x" * 11}}]), "initial value over max_length"),
    (modal(blocks=[{"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": {
        "type": "static_select", "action_id": "a", "options": [{"text": {"type": "plain_text", "text": "a"}, "value": "a"}],
        "initial_option": {"text": {"type": "plain_text", "text": "b"}, "value": "b"}}}]), "initial option not an option"),
    ({"type": "home", "submit": {"type": "plain_text", "text": "Save"}, "blocks": [section("a")]}, "home with a submit button"),
])
def test_views_slack_refuses_are_refused(view: dict, why: str) -> None:
    assert view_problems(view), why
    answer = refusal("views.open", {"trigger_id": "1", "view": json.dumps(view)})
    assert answer is not None and answer.error == "invalid_arguments"


def test_a_modal_at_the_limits_is_accepted() -> None:
    view = modal(title={"type": "plain_text", "text": "T" * 24}, private_metadata="m" * 3000, blocks=[section("a")] * 100)
    assert view_problems(view) == []


def test_message_text_over_40000_characters_is_msg_too_long() -> None:
    answer = refusal("chat.postMessage", {"channel": "C1", "text": "x" * 40_001})
    assert answer is not None and answer.error == "msg_too_long"


def test_blocks_that_are_not_a_list_are_invalid_blocks_format() -> None:
    answer = refusal("chat.postMessage", {"channel": "C1", "blocks": '{"type": "section"}'})
    assert answer is not None and answer.error == "invalid_blocks_format"


def test_the_fake_answers_slacks_error_and_stores_nothing() -> None:
    with FakeSlackWebAPI() as slack:
        slack.strict = False
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        with pytest.raises(SlackApiError) as refused:
            client.chat_postMessage(channel="C1", text="t", blocks=REFUSED["duplicate block_id"])
        assert refused.value.response["error"] == "invalid_blocks"
        assert slack.deliveries == [] and [method for method, _ in slack.refused] == ["chat.postMessage"]
        slack.reset()
        assert len(slack.refused) == 1  # a refusal is never forgotten


def test_response_url_posts_are_checked_too() -> None:
    with FakeSlackWebAPI() as slack:
        slack.strict = False
        WebhookClient(slack.response_url("r")).send(text="t", blocks=REFUSED["51 blocks"])
        assert slack.responses_to("r") == [] and len(slack.refused) == 1


def test_a_refused_message_fails_the_test_that_sent_it() -> None:
    with pytest.raises(AssertionError, match="duplicate block_id"):
        with FakeSlackWebAPI() as slack:
            client = WebClient(token="xoxb-test", base_url=slack.base_url)
            with pytest.raises(SlackApiError):
                client.chat_postMessage(channel="C1", text="t", blocks=REFUSED["duplicate block_id"])
