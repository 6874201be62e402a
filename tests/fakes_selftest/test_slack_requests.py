"""The request builders produce what Slack sends, signed the way Slack signs."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, parse_qsl

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_requests import (
    block_actions_body,
    event_callback_body,
    message_event,
    message_shortcut_body,
    modal_view,
    sign,
    signed_headers,
    slash_command_body,
    url_verification_body,
    view_submission_body,
)

# The worked example in Slack's "Verifying requests from Slack" documentation.
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = 1531420618
DOC_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

SECRET = "test-signing-secret"


def test_sign_reproduces_slacks_documented_example() -> None:
    assert sign(DOC_BODY, DOC_SECRET, DOC_TIMESTAMP) == DOC_SIGNATURE


def test_sign_accepts_bytes_and_str_alike() -> None:
    assert sign(DOC_BODY.encode(), DOC_SECRET, str(DOC_TIMESTAMP)) == DOC_SIGNATURE


def test_slack_sdk_verifier_accepts_our_signed_headers() -> None:
    now = int(time.time())
    verifier = SignatureVerifier(SECRET)
    for body in (slash_command_body(text="list"), event_callback_body(message_event("hi"))):
        headers = signed_headers(body, SECRET, timestamp=now)
        assert verifier.is_valid_request(body, headers)


def test_slack_sdk_verifier_rejects_a_wrong_secret() -> None:
    body = slash_command_body()
    assert not SignatureVerifier(SECRET).is_valid_request(body, signed_headers(body, "other-secret"))


def test_signed_headers_content_type_and_retry_headers() -> None:
    event = event_callback_body(message_event("hi"))
    headers = signed_headers(event, SECRET, timestamp=1700000000, retry_num=1, retry_reason="http_timeout")
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Slack-Request-Timestamp"] == "1700000000"
    assert headers["X-Slack-Signature"] == sign(event, SECRET, 1700000000)
    assert (headers["X-Slack-Retry-Num"], headers["X-Slack-Retry-Reason"]) == ("1", "http_timeout")
    assert signed_headers(slash_command_body(), SECRET)["Content-Type"] == "application/x-www-form-urlencoded"
    assert "X-Slack-Retry-Num" not in signed_headers(event, SECRET)


def test_slash_command_body_has_slacks_fields_in_slacks_order() -> None:
    body = slash_command_body("/actions", "find road safety", response_url="http://x/response/a", trigger_id="1.2.3")
    fields = parse_qsl(body, keep_blank_values=True)
    assert [k for k, _ in fields] == [
        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
        "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
    ]
    values = dict(fields)
    assert values["command"] == "/actions" and values["text"] == "find road safety"
    assert values["is_enterprise_install"] == "false"
    assert "command=%2Factions&text=find+road+safety" in body  # encoded as Slack does


def test_block_actions_body_is_a_form_encoded_json_payload() -> None:
    body = block_actions_body("close_action", "42", "actions_block", response_url="http://x/response/b")
    (raw,) = parse_qs(body)["payload"]
    payload = json.loads(raw)
    assert payload["type"] == "block_actions"
    assert payload["container"]["type"] == "message"
    assert payload["channel"]["id"] == payload["container"]["channel_id"]
    assert payload["response_url"] == "http://x/response/b"
    (action,) = payload["actions"]
    assert (action["action_id"], action["block_id"], action["value"], action["type"]) == (
        "close_action", "actions_block", "42", "button")
    assert {"id", "username", "name", "team_id"} <= set(payload["user"])


def test_block_actions_from_a_view_has_no_channel_or_response_url() -> None:
    view = modal_view("edit")
    payload = json.loads(parse_qs(block_actions_body("a", view=view))["payload"][0])
    assert payload["container"] == {"type": "view", "view_id": view["id"]}
    assert "channel" not in payload and "response_url" not in payload
    assert payload["view"]["callback_id"] == "edit"


def test_view_submission_body_carries_state_values_and_metadata() -> None:
    values = {"b": {"a": {"type": "plain_text_input", "value": "on track"}}}
    payload = json.loads(parse_qs(view_submission_body("update", values, private_metadata="7"))["payload"][0])
    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "update"
    assert payload["view"]["private_metadata"] == "7"
    assert payload["view"]["state"]["values"] == values
    assert payload["view"]["hash"]


def test_message_shortcut_body_is_a_message_action() -> None:
    payload = json.loads(parse_qs(message_shortcut_body("log", "fix the potholes"))["payload"][0])
    assert payload["type"] == "message_action"
    assert payload["callback_id"] == "log"
    assert payload["message"]["text"] == "fix the potholes"
    assert payload["message_ts"] == payload["message"]["ts"]


def test_event_callback_body_wraps_the_event_like_the_events_api() -> None:
    body = event_callback_body(message_event("hello"), team_id="T9", event_id="Ev1")
    payload = json.loads(body)
    assert payload["type"] == "event_callback"
    assert (payload["team_id"], payload["event_id"]) == ("T9", "Ev1")
    assert payload["event"]["text"] == "hello"
    assert payload["authorizations"][0]["team_id"] == "T9"
    assert isinstance(payload["event_time"], int)


def test_url_verification_body() -> None:
    assert json.loads(url_verification_body("abc")) == {
        "token": "xyzz0WbapA4vBCDEFasx0q6G", "challenge": "abc", "type": "url_verification"}
