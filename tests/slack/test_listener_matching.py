"""Bolt's built-in matchers are called with the body directly (handlers/acking.match_directly):
every request must still find exactly the listeners Bolt's own way of calling them finds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st
from slack_bolt import App, BoltRequest
from slack_bolt.authorization import AuthorizeResult
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from handlers import catalog, register_handlers
from handlers.acking import match_directly
from handlers.context import Services
from tests.fakes import slack_requests as sr


def _app() -> App:
    app = App(
        signing_secret="secret",
        authorize=lambda enterprise_id, team_id: AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-x"),
        process_before_response=True,
    )
    register_handlers(app, Services(session_factory=sessionmaker(create_engine("sqlite://"))))
    return app


AS_BOLT_CALLS_THEM = _app()
DIRECT = _app()
match_directly(DIRECT)

ACTION_IDS = [value for name, value in vars(catalog).items() if name.endswith("_ACTION") and isinstance(value, str)]
ACTION_IDS += [catalog.numbered(prefix, 3) for prefix in (catalog.CHOOSE_OWNER_ACTION, catalog.CHOOSE_HANDLE_ACTION, catalog.UPDATE_CHOICE_ACTION)]
ACTION_IDS += [catalog.CHOOSE_OWNER_ACTION + "_x", catalog.PAGE_ACTION + "_nexts", "something_else"]
COMMANDS = [command.name for command in catalog.COMMANDS] + ["/unknown"]
EVENTS = [
    sr.app_mention_event("<@U0BOT> what is overdue?"),
    sr.app_home_opened_event(),
    sr.message_event("hello", channel="D0001", channel_type="im"),
    sr.message_event("hello"),
    {**sr.message_event("a file"), "subtype": "file_share"},
    {"type": "file_shared", "file_id": "F1", "user_id": sr.USER_ID, "channel_id": sr.CHANNEL_ID},
    {"type": "app_uninstalled"},
    {"type": "tokens_revoked", "tokens": {"bot": ["B1"]}},
    {"type": "reaction_added", "user": sr.USER_ID, "reaction": "tada"},
]
VIEWS = [catalog.UPDATE_VIEW, catalog.RESPONSE_VIEW, "some_other_view"]


def _request(body: str) -> BoltRequest:
    content_type = sr.JSON_CONTENT_TYPE if body.startswith("{") else sr.FORM_CONTENT_TYPE
    return BoltRequest(body=body, headers={"content-type": content_type})


def _decisions(app: App, body: str) -> list[bool]:
    request = _request(body)
    return [listener.matches(req=request, resp=None) for listener in app._listeners]  # type: ignore[arg-type]


def _same_listeners_match(body: str) -> None:
    expected = _decisions(AS_BOLT_CALLS_THEM, body)
    assert _decisions(DIRECT, body) == expected


def test_every_built_in_matcher_is_called_directly() -> None:
    from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher

    assert not [m for listener in DIRECT._listeners for m in listener.matchers if type(m) is BuiltinListenerMatcher]


def test_every_command_finds_the_listeners_bolt_finds() -> None:
    for command in COMMANDS:
        for text in ("", "help", "preview", "https://example.slack.com/files/U1/F1/plan.xlsx", 'owner:"Priya Raman"'):
            _same_listeners_match(sr.slash_command_body(command, text))


def test_every_button_finds_the_listeners_bolt_finds() -> None:
    for action_id in ACTION_IDS:
        _same_listeners_match(sr.block_actions_body(action_id, "value"))
        _same_listeners_match(sr.block_actions_body(action_id, "value", view=sr.modal_view(catalog.UPDATE_VIEW)))


def test_every_event_finds_the_listeners_bolt_finds() -> None:
    for event in EVENTS:
        _same_listeners_match(sr.event_callback_body(event))


def test_every_form_and_shortcut_finds_the_listeners_bolt_finds() -> None:
    for callback_id in VIEWS:
        _same_listeners_match(sr.view_submission_body(callback_id))
    for shortcut in [*catalog.SHORTCUTS]:
        _same_listeners_match(sr.message_shortcut_body(shortcut.callback_id))
        _same_listeners_match(sr.global_shortcut_body(shortcut.callback_id))
    _same_listeners_match(sr.message_shortcut_body("not_ours"))


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["command", "action", "view", "event"]),
    name=st.one_of(st.sampled_from(COMMANDS + ACTION_IDS + VIEWS), st.text(alphabet="abcdefghijklmnop_/0123456789", max_size=30)),
    text=st.text(max_size=40),
)
def test_any_request_finds_the_listeners_bolt_finds(kind: str, name: str, text: str) -> None:
    body: Any
    if kind == "command":
        body = sr.slash_command_body(name, text)
    elif kind == "action":
        body = sr.block_actions_body(name, text or None)
    elif kind == "view":
        body = sr.view_submission_body(name)
    else:
        body = sr.event_callback_body({"type": name or "message", "text": text, "user": sr.USER_ID, "channel": sr.CHANNEL_ID})
    _same_listeners_match(body)
