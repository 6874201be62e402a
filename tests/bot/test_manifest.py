"""`scrutiny-bot manifest` prints what Slack accepts: its official schema, no built-in command
names, and only the scopes the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.manifest import BOT_SCOPES
from handlers.catalog import COMMAND_NAMES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.json"

# Slack's built-in slash commands: an app may not declare them.
BUILT_IN_COMMANDS = {
    "/active", "/away", "/archive", "/call", "/collapse", "/dm", "/expand", "/feed", "/feedback", "/invite",
    "/join", "/kick", "/leave", "/msg", "/mute", "/open", "/remind", "/remove", "/rename", "/search",
    "/shortcuts", "/shrug", "/status", "/topic", "/who", "/apps", "/giphy", "/me", "/pro", "/star",
}

# The Web API methods each scope is for; a scope is requested only if the code calls one of them
# (or, for event scopes, subscribes to the event).
SCOPE_EVIDENCE = {
    "app_mentions:read": [r'event\("app_mention"\)'],
    "chat:write": [r"chat_postMessage\(", r"chat_postEphemeral\("],
    "commands": [r"app\.command\(", r"app\.shortcut\("],
    "im:history": [r"is_direct_message"],
    "im:write": [r"conversations_open\("],
    "channels:history": [r"conversations_history\("],
    "groups:history": [r"conversations_history\("],
    "files:read": [r"files_info\("],
    "files:write": [r"files_upload_v2\("],
    "users:read": [r"users_info\(", r"users_list\("],
    "usergroups:read": [r"usergroups_list\(", r"usergroups_users_list\("],
}


def printed_manifest(*args: str) -> dict:
    result = CliRunner().invoke(main, ["manifest", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator():  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema not found at {SCHEMA} (it lives in the sibling ../shared)")
    schema = json.loads(SCHEMA.read_text())
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("args", [["--url", "https://scrutiny.example.gov.uk"], ["--socket-mode"]], ids=["http", "socket"])
def test_the_printed_manifest_passes_slacks_official_schema(validator, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(printed_manifest(*args))]
    assert errors == []


@pytest.mark.parametrize("name", ["s", "Scrutiny Actions (Borough Council)"])
def test_any_app_name_slack_takes_passes_the_schema(validator, name: str) -> None:  # type: ignore[no-untyped-def]
    errors = [e.message for e in validator.iter_errors(printed_manifest("--socket-mode", "--name", name))]
    assert errors == []


def test_an_app_name_slack_would_refuse_is_refused_with_the_limit() -> None:
    result = CliRunner().invoke(main, ["manifest", "--socket-mode", "--name", "Scrutiny Actions Tracker for the Borough"])
    assert result.exit_code != 0 and "1 to 35 characters" in result.output


def test_no_command_is_one_of_slacks_built_in_commands() -> None:
    assert set(COMMAND_NAMES) & BUILT_IN_COMMANDS == set()


def test_every_scope_requested_is_used_by_the_code() -> None:
    code = "\n".join(p.read_text() for folder in ("bot", "handlers", "digests") for p in (ROOT / folder).rglob("*.py"))
    unused = [s for s in BOT_SCOPES if not any(re.search(pattern, code) for pattern in SCOPE_EVIDENCE.get(s, []))]
    assert unused == []


def test_scopes_no_code_uses_are_not_requested() -> None:
    assert not {"im:read", "channels:read", "groups:read"} & set(BOT_SCOPES)
