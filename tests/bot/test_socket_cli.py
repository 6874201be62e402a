"""`scrutiny-bot socket` with a token Slack refuses, or with Slack out of reach, says so in one line."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.fakes.slack_web_api import FakeSlackWebAPI


def run_socket(database_url: str, api_url: str) -> tuple[int, str]:
    env = {"DATABASE_URL": database_url, "SLACK_API_URL": api_url, "SLACK_APP_TOKEN": "xapp-1-wrong",
           "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "secret"}
    result = CliRunner().invoke(main, ["socket"], env=env)
    return result.exit_code, result.output


@pytest.fixture
def database_url(tmp_path: Path, _sqlite_template: Path) -> str:
    # The command line's handling of Slack's answer does not depend on the database: SQLite only.
    shutil.copyfile(_sqlite_template, tmp_path / "store.db")
    return f"sqlite:///{tmp_path / 'store.db'}"


def assert_one_clear_line(output: str) -> None:
    # "connecting…", the Slack client's own one-line log records (one per attempt), then the error.
    lines = output.strip().splitlines()
    assert "Traceback" not in output and len(lines) <= 5
    assert [line for line in lines if line.startswith("Error: ")] == [lines[-1]]


@pytest.mark.parametrize("error", ["invalid_auth", "not_allowed_token_type", "token_revoked"])
def test_a_refused_app_token_is_named_in_one_line(database_url: str, error: str) -> None:
    with FakeSlackWebAPI() as slack:
        slack.fail("apps.connections.open", error=error, times=None)
        code, output = run_socket(database_url, slack.base_url)
    assert code == 1
    assert f"Slack refused SLACK_APP_TOKEN ({error})" in output and "connections:write" in output
    assert_one_clear_line(output)


def test_slack_out_of_reach_is_said_in_one_line(database_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, output = run_socket(database_url, f"http://127.0.0.1:{port}/api/")
    assert code == 1
    assert f"Slack cannot be reached at http://127.0.0.1:{port}/api/" in output
    assert_one_clear_line(output)
