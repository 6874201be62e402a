"""Structured logs: one JSON line per request, with no message text or tokens."""

import json
import logging

import pytest
from hypothesis import given, settings, strategies as st

from handlers import catalog
from bot.app import create_app
from bot.logs import JsonFormatter, describe_slack_request, logged
from bot.web import create_wsgi_app
from tests.conftest import WORKSPACE
from tests.fakes.running_app import RunningApp


@pytest.fixture
def logged_app(bot_settings, services, slack_api):  # type: ignore[no-untyped-def]
    running = RunningApp(logged(create_wsgi_app(create_app(bot_settings, services), services.session_factory)), slack_api, WORKSPACE)
    yield running
    running.close()


def request_lines(caplog) -> list[dict]:  # type: ignore[no-untyped-def]
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "scrutiny.requests"]


def test_each_request_is_one_json_line_with_workspace_command_latency_and_outcome(logged_app, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="scrutiny.requests")
    logged_app.command("/actions", "owner:priya")
    [line] = request_lines(caplog)
    assert (line["workspace"], line["kind"], line["name"], line["status"], line["outcome"]) == (WORKSPACE, "command", "/actions", 200, "ok")
    assert isinstance(line["latency_ms"], float)


def test_no_message_text_or_token_is_logged(logged_app, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    logged_app.command("/update", "NF-3.1a note: confidential remark Zephyrine")
    logged_app.slack.wait_for("auth.test")
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "Zephyrine" not in text and "xoxb-test-token" not in text


def test_a_refused_signature_is_logged_as_refused(logged_app, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="scrutiny.requests")
    from tests.fakes import slack_requests as sr

    logged_app.post(sr.slash_command_body("/actions", team_id=WORKSPACE), secret="0" * 32)
    [line] = request_lines(caplog)
    assert (line["status"], line["outcome"]) == (401, "refused")


def test_an_interaction_is_logged_with_its_action_id(logged_app, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="scrutiny.requests")
    logged_app.click(catalog.DETAILS_ACTION, "NF-3.1a")
    [line] = request_lines(caplog)
    assert (line["kind"], line["name"]) == ("block_actions", catalog.DETAILS_ACTION)


@settings(max_examples=200, deadline=None)
@given(team=st.text(max_size=12), command=st.text(max_size=12), text=st.text(max_size=60))
def test_a_commands_workspace_and_name_are_read_as_a_form_parser_reads_them(team: str, command: str, text: str) -> None:
    from urllib.parse import parse_qs

    from tests.fakes import slack_requests as sr

    body = sr.slash_command_body(command, text, team_id=team).encode()
    form = parse_qs(body.decode())
    described = describe_slack_request(body, sr.FORM_CONTENT_TYPE)
    assert (described["workspace"], described["name"]) == (form.get("team_id", [""])[0], form.get("command", [""])[0])
