"""The Slack app manifest a council admin pastes into "Create an app → From a manifest"."""

from __future__ import annotations

from typing import Any

from bot.web import EVENTS_PATH
from handlers import catalog

# Slack's manifest schema caps an app's name at 35 characters (and a shortcut's at 24).
MAX_APP_NAME = 35
SHORTCUTS = [
    {"name": s.name, "type": s.type, "callback_id": s.callback_id, "description": s.description} for s in catalog.SHORTCUTS
]
# Only what the code calls (tests/bot/test_manifest.py checks each against the code):
BOT_SCOPES = [
    "app_mentions:read",  # app_mention events
    "chat:write",  # chat.postMessage and chat.postEphemeral
    "commands",  # slash commands and the message shortcut
    # Digests and reminders are exactly once: a post whose outcome is unknown is looked for
    # in the channel (conversations.history) before it is ever sent again.
    "channels:history",
    "groups:history",
    "im:history",  # message.im events: questions sent to the bot directly; reminders looked for in the DM
    "im:write",  # conversations.open: the DM a reminder goes to, so it can be looked for there
    "users:read",  # users.info and users.list: names for /link and officers
    "usergroups:read",  # usergroups.list: team owners and the officers' user group
    "files:read",  # files.info and url_private downloads: trackers dropped into a DM or named in /import
    "files:write",  # files_upload_v2 (files.getUploadURLExternal + files.completeUploadExternal): /report's file
]
BOT_EVENTS = ["app_home_opened", "app_mention", "app_uninstalled", "file_shared", "message.im", "tokens_revoked"]


def build_manifest(url: str | None, *, name: str = "scrutiny-bot", socket_mode: bool = False) -> dict[str, Any]:
    if not 1 <= len(name) <= MAX_APP_NAME:
        raise ValueError(f"Slack takes an app name of 1 to {MAX_APP_NAME} characters; {name!r} has {len(name)}.")
    base = (url or "https://your-server.example.org").rstrip("/")
    request_url = base + EVENTS_PATH
    commands = []
    for command in catalog.COMMANDS:
        entry: dict[str, Any] = {
            "command": command.name, "description": command.description, "usage_hint": command.usage_hint,
            "should_escape": command.escaped,
        }
        if not socket_mode:
            entry["url"] = request_url
        commands.append(entry)
    settings: dict[str, Any] = {
        "event_subscriptions": {"bot_events": BOT_EVENTS},
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": socket_mode,
        "token_rotation_enabled": False,
    }
    if not socket_mode:
        settings["event_subscriptions"]["request_url"] = request_url
        settings["interactivity"]["request_url"] = request_url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": "Who owns which scrutiny action, what is overdue, and quick updates from owners.",
            "background_color": "#1d3557",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True, "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": name, "always_online": True},
            "shortcuts": SHORTCUTS,
            "slash_commands": commands,
        },
        "oauth_config": {
            "scopes": {"bot": BOT_SCOPES},
            **({} if socket_mode else {"redirect_urls": [base + "/slack/oauth_redirect"]}),
        },
        "settings": settings,
    }
