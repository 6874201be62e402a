"""Real Bolt accepts our signed payloads and its replies land on the fake."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from tests.fakes.slack_requests import (
    app_mention_event,
    block_actions_body,
    event_callback_body,
    message_shortcut_body,
    signed_headers,
    slash_command_body,
    url_verification_body,
    view_submission_body,
)
from tests.fakes.slack_web_api import FakeSlackWebAPI

SECRET = "bolt-secret"


@pytest.fixture
def slack() -> Iterator[FakeSlackWebAPI]:
    with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
def app(slack: FakeSlackWebAPI) -> App:
    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-test", base_url=slack.base_url))

    @app.command("/actions")
    def command(ack, respond, say, command):  # type: ignore[no-untyped-def]  # noqa: ANN001
        ack()
        respond(f"you said {command['text']}")
        say("posted")

    @app.action("close")
    def close(ack, respond, body):  # type: ignore[no-untyped-def]  # noqa: ANN001
        ack()
        respond(replace_original=True, text=f"closed {body['actions'][0]['value']}")

    @app.view("update")
    def update(ack, view, client):  # type: ignore[no-untyped-def]  # noqa: ANN001
        ack()
        client.chat_postMessage(channel="C0001", text=view["state"]["values"]["b"]["a"]["value"])

    @app.shortcut("log")
    def log(ack, shortcut, client):  # type: ignore[no-untyped-def]  # noqa: ANN001
        ack()
        client.views_open(trigger_id=shortcut["trigger_id"], view={
            "type": "modal", "callback_id": "update", "title": {"type": "plain_text", "text": "Log"},
            "blocks": [{"type": "input", "block_id": "b", "label": {"type": "plain_text", "text": "Note"},
                        "element": {"type": "plain_text_input", "action_id": "a"}}]})

    @app.event("app_mention")
    def mention(say, event):  # type: ignore[no-untyped-def]  # noqa: ANN001
        say(f"hello <@{event['user']}>")

    return app


def dispatch(app: App, body: str, **kwargs: Any) -> tuple[int, str]:
    response = app.dispatch(BoltRequest(body=body, headers={**signed_headers(body, SECRET, **kwargs)}))
    return response.status, response.body


def test_slash_command_respond_and_say(app: App, slack: FakeSlackWebAPI) -> None:
    status, _ = dispatch(app, slash_command_body("/actions", "list", response_url=slack.response_url("cmd")))
    assert status == 200
    assert slack.wait_for_responses("cmd")[0]["text"] == "you said list"
    (post,) = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0001" and post.body["text"] == "posted"


def test_block_action_respond(app: App, slack: FakeSlackWebAPI) -> None:
    status, _ = dispatch(app, block_actions_body("close", "42", response_url=slack.response_url("act")))
    assert status == 200
    (reply,) = slack.wait_for_responses("act")
    assert reply["replace_original"] is True and reply["text"] == "closed 42"


def test_view_submission(app: App, slack: FakeSlackWebAPI) -> None:
    values = {"b": {"a": {"type": "plain_text_input", "value": "on track"}}}
    status, body = dispatch(app, view_submission_body("update", values))
    assert (status, body) == (200, "")
    assert slack.wait_for("chat.postMessage")[0].body["text"] == "on track"


def test_message_shortcut_opens_a_modal(app: App, slack: FakeSlackWebAPI) -> None:
    status, _ = dispatch(app, message_shortcut_body("log", "fix it", trigger_id="111.222.abc"))
    assert status == 200
    assert slack.wait_for("views.open")[0].body["trigger_id"] == "111.222.abc"


def test_event_callback(app: App, slack: FakeSlackWebAPI) -> None:
    status, _ = dispatch(app, event_callback_body(app_mention_event("<@U0BOT> hi", user="U0007")))
    assert status == 200
    assert slack.wait_for("chat.postMessage")[0].body["text"] == "hello <@U0007>"


def test_url_verification(app: App) -> None:
    status, body = dispatch(app, url_verification_body("chal"))
    assert status == 200 and json.loads(body) == {"challenge": "chal"}


def test_bad_signature_is_refused(app: App) -> None:
    body = slash_command_body()
    response = app.dispatch(BoltRequest(body=body, headers={**signed_headers(body, "wrong-secret")}))
    assert response.status == 401


def test_stale_timestamp_is_refused(app: App) -> None:
    status, _ = dispatch(app, slash_command_body(), timestamp=1531420618)
    assert status == 401
