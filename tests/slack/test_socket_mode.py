"""`scrutiny-bot socket` end to end: the bot's real app behind Bolt's SocketModeHandler, talking to a
fake Socket Mode server (WebSocket) and the fake Web API, exactly as `bot.cli.socket` wires it."""

from __future__ import annotations

import threading
import time
from handlers import catalog
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import create_app
from bot.settings import Settings
from tests.conftest import OFFICER, WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text
from tests.fakes.slack_web_api import FakeSlackWebAPI
from tests.fakes.socket_mode import FakeSocketModeServer, slash_command_payload

APP_TOKEN = "xapp-test"
# Thread pools the app itself owns (Bolt's listener executor, the answer executor): idle workers
# there outlive a connection by design. Every other thread started during a test must be gone.
_APP_POOLS = ("listener", "answer")


@pytest.fixture
def socket_mode() -> Iterator[FakeSocketModeServer]:
    with FakeSocketModeServer() as server:
        yield server


@pytest.fixture
def slack_api(socket_mode: FakeSocketModeServer) -> Iterator[FakeSlackWebAPI]:
    """conftest's fake Web API, but handing out the fake Socket Mode URL from apps.connections.open
    (same name, so conftest's `bot_settings` points at it)."""
    with FakeSlackWebAPI(team_id=WORKSPACE, socket_mode_url=socket_mode.url, users={
        "U0001": "Alice Example", OFFICER: "Olive Officer", "U0LINDA": "Linda Mann", "U0PRIYA": "Priya Raman",
    }) as fake:
        yield fake


@pytest.fixture
def socket_settings(bot_settings: Settings) -> Settings:
    settings = bot_settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    settings.require_socket_mode()  # what `scrutiny-bot socket` checks before it starts
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == "xoxb-test-token"
    return settings


@pytest.fixture
def connected(socket_settings, services, db, socket_mode, slack_api) -> Iterator[SocketModeHandler]:  # type: ignore[no-untyped-def]
    """The bot connected over Socket Mode, as `bot.cli.socket` runs it, but with the non-blocking connect()."""
    before = set(threading.enumerate())
    app = create_app(socket_settings, services, engine=db.engine)
    handler = SocketModeHandler(app, APP_TOKEN)
    try:
        handler.connect()
        [opened] = slack_api.wait_for("apps.connections.open")
        assert opened.token == APP_TOKEN
        socket_mode.wait_for_connection(timeout=5)
        yield handler
    finally:
        handler.close()
    assert socket_mode.connection_count == 1, "the client reconnected during the test"
    assert socket_mode.errors == []
    _assert_threads_ended(before)


def _assert_threads_ended(before: set[threading.Thread], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        left = [
            t for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.name.startswith(_APP_POOLS)
            and not t.name.startswith(("FakeSocketMode", "FakeSlackWebAPI"))  # the fakes' own, ended by their fixtures
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not left, f"threads still running after the Socket Mode handler closed: {[t.name for t in left]}"


def test_a_slash_command_is_answered_in_its_ack(demo, connected, socket_mode, slack_api) -> None:  # type: ignore[no-untyped-def]
    envelope_id = socket_mode.slash_command(
        slash_command_payload("/overdue", team_id=WORKSPACE, user_id="U0001", response_url=slack_api.response_url("overdue"))
    )
    ack = socket_mode.wait_for_ack(envelope_id)
    assert "Overdue actions" in blocks_text(ack["payload"])
    assert slack_api.responses_to("overdue") == []  # the answer travelled in the ack, not by response_url


def test_a_mention_is_acked_and_answered_privately(demo, connected, socket_mode, slack_api) -> None:  # type: ignore[no-untyped-def]
    event = sr.app_mention_event("<@U0BOT> what is overdue for Martin?", user="U0001", channel="C0001")
    envelope_id = socket_mode.event(sr.event_callback_payload(event, team_id=WORKSPACE))
    assert socket_mode.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
    [call] = slack_api.wait_for("chat.postEphemeral")
    assert (call.body["channel"], call.body["user"]) == ("C0001", "U0001")
    assert "I read that as" in blocks_text({"text": call.body["text"], "blocks": call.arg("blocks")})


def test_a_button_press_is_answered_through_its_response_url(demo, connected, socket_mode, slack_api) -> None:  # type: ignore[no-untyped-def]
    payload = sr.block_actions_payload(
        catalog.DETAILS_ACTION, "NF-3.1a", team_id=WORKSPACE, user_id="U0001", response_url=slack_api.response_url("details")
    )
    envelope_id = socket_mode.interactive(payload)
    socket_mode.wait_for_ack(envelope_id)
    [detail] = slack_api.wait_for_responses("details", 1)
    assert "Recommendation 3.1" in blocks_text(detail)
