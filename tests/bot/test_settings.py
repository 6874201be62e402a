"""Clear start-up errors: which variable is wrong, and the form it takes."""

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.manifest import build_manifest
from handlers import catalog
from bot.settings import ConfigError, Settings


def run(*args: str, **env: str) -> str:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code != 0
    return result.output


def test_serve_without_a_signing_secret_names_the_variable() -> None:
    assert "SLACK_SIGNING_SECRET is not set" in run("serve")


def test_serve_without_a_bot_token_says_where_to_find_one() -> None:
    assert "SLACK_BOT_TOKEN is not set" in run("serve", SLACK_SIGNING_SECRET="abc")


def test_a_user_token_in_place_of_a_bot_token_is_refused() -> None:
    assert "must be a bot token starting with xoxb-" in run("serve", SLACK_SIGNING_SECRET="abc", SLACK_BOT_TOKEN="xoxp-123")


def test_socket_mode_needs_an_app_level_token() -> None:
    assert "SLACK_APP_TOKEN is not set" in run("socket", SLACK_BOT_TOKEN="xoxb-1")
    assert "starting with xapp-" in run("socket", SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xoxb-2")


def test_half_an_oauth_configuration_is_refused() -> None:
    with pytest.raises(ConfigError, match="SLACK_CLIENT_SECRET is not set"):
        Settings(slack_client_id="1.2", slack_signing_secret="x").require_http_mode()


def test_an_unknown_time_zone_is_refused_with_an_example() -> None:
    assert "Europe/London" in run("console", SCRUTINY_TIMEZONE="Mars/Olympus")


def test_the_clock_needs_a_token_to_post_digests() -> None:
    assert "SLACK_BOT_TOKEN is not set" in run("clock")


def test_the_manifest_declares_every_command_event_and_the_request_url() -> None:
    manifest = build_manifest("https://scrutiny.example.gov.uk")
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert list(commands) == list(catalog.COMMAND_NAMES)
    assert {c["url"] for c in commands.values()} == {"https://scrutiny.example.gov.uk/slack/events"}
    assert manifest["settings"]["interactivity"]["request_url"] == "https://scrutiny.example.gov.uk/slack/events"
    assert {"app_mention", "app_home_opened", "app_uninstalled", "tokens_revoked", "message.im", "file_shared"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert "files:read" in manifest["oauth_config"]["scopes"]["bot"]
    assert manifest["oauth_config"]["redirect_urls"] == ["https://scrutiny.example.gov.uk/slack/oauth_redirect"]
    assert {name for name, c in commands.items() if c["should_escape"]} == {catalog.LINK.name}


def test_the_socket_mode_manifest_has_no_request_urls() -> None:
    manifest = build_manifest(None, socket_mode=True)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert all("url" not in c for c in manifest["features"]["slash_commands"])


def test_manifest_without_a_url_says_what_to_give() -> None:
    assert "--url" in run("manifest")


def test_a_developers_exported_settings_are_cleared_for_tests_by_name_and_family() -> None:
    from tests.conftest import _developer_settings

    environ = {"LOG_FORMAT": "text", "log_level": "debug", "DIGEST_WORKERS": "3", "SLACK_ANYTHING_NEW": "x",
               "PORT": "8080", "TWO_STAGE_CLOSE": "false", "HOME": "/home/me", "PATH": "/usr/bin", "CI": "true"}
    assert set(_developer_settings(environ)) == {"LOG_FORMAT", "log_level", "DIGEST_WORKERS", "SLACK_ANYTHING_NEW", "PORT", "TWO_STAGE_CLOSE"}


def test_an_exported_log_format_does_not_reach_a_test() -> None:
    import os

    assert "LOG_FORMAT" not in os.environ
