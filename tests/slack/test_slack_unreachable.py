"""`serve` while Slack's Web API is unreachable or refuses the token: what needs no Slack is still
answered, and the log says which token is wrong or that Slack cannot be reached."""

from __future__ import annotations

import logging
import socket

import pytest

from bot.app import create_app
from bot.settings import Settings
from bot.web import create_wsgi_app
from tests.conftest import OFFICER, WORKSPACE
from tests.fakes.running_app import SIGNING_SECRET, RunningApp


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_without_slack(db, services, slack_api):  # type: ignore[no-untyped-def]
    """The HTTP app with SLACK_API_URL pointing at a loopback port where nothing listens."""
    settings = Settings(
        database_url=db.url, slack_bot_token="xoxb-test-token", slack_signing_secret=SIGNING_SECRET,
        slack_api_url=f"http://127.0.0.1:{closed_port()}/api/", officer_user_ids=[OFFICER],
    )
    running = RunningApp(create_wsgi_app(create_app(settings, services), services.session_factory), slack_api, WORKSPACE)
    try:
        yield running
    finally:
        running.close()


def test_commands_are_answered_while_slack_cannot_be_reached(app_without_slack, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        first, _ = app_without_slack.command("/overdue")
        second, _ = app_without_slack.command("/actions", "help")
    assert first.status == 200 and "Overdue actions" in first.blocks_text
    assert second.status == 200
    assert "Slack's Web API cannot be reached at http://127.0.0.1:" in caplog.text


def test_a_refused_bot_token_is_named_and_commands_are_still_answered(slack_app, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.fail("auth.test", error="invalid_auth", times=None)
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        reply, _ = slack_app.command("/overdue")
    assert reply.status == 200 and "Overdue actions" in reply.blocks_text
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in caplog.text
