"""The Slack app manifest a council admin pastes into "Create an app → From a manifest"."""

from __future__ import annotations

from typing import Any

from bot.web import EVENTS_PATH

COMMANDS = [
    ("/actions", "Find scrutiny actions by owner, plan, status, date or words", "owner:linda status:open due:this-month"),
    ("/overdue", "Overdue actions, most overdue first", "[owner:name] [plan:code]"),
    ("/action", "One action in full, with its history", "BR-7.4.3"),
    ("/update", "Post an update on an action", "BR-7.4.3 done: standard letter revised"),
    ("/mine", "Your own open actions", "[status:all] [due:this-month]"),
    ("/link", "Link owners in the plans to people in Slack", 'me "Your Name"'),
    ("/digest", "A weekly digest for this channel", "subscribe [plan:…] [every monday 09:00]"),
    ("/reminders", "Reminders before your deadlines", "off | on"),
    ("/import", "Import an action plan or tracker (officers)", "<file link> [plan:CODE] [new]"),
]
# Slack only turns @mentions into user ids in a command's text when escaping is on.
ESCAPED_COMMANDS = {"/link"}
# Slack's manifest schema caps an app's name at 35 characters (and a shortcut's at 24).
MAX_APP_NAME = 35
SHORTCUTS = [
    {
        "name": "Add as action update",
        "type": "message",
        "callback_id": "add_update_from_message",
        "description": "Turn this message into a progress note on one of your actions",
    }
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
]
BOT_EVENTS = ["app_home_opened", "app_mention", "app_uninstalled", "file_shared", "message.im", "tokens_revoked"]


def build_manifest(url: str | None, *, name: str = "scrutiny-bot", socket_mode: bool = False) -> dict[str, Any]:
    if not 1 <= len(name) <= MAX_APP_NAME:
        raise ValueError(f"Slack takes an app name of 1 to {MAX_APP_NAME} characters; {name!r} has {len(name)}.")
    base = (url or "https://your-server.example.org").rstrip("/")
    request_url = base + EVENTS_PATH
    commands = []
    for command, description, hint in COMMANDS:
        entry: dict[str, Any] = {
            "command": command, "description": description, "usage_hint": hint,
            "should_escape": command in ESCAPED_COMMANDS,
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
