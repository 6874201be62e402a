"""A file dropped into a direct message with the bot: preview it as a tracker to import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.payloads import ImportChoice
from handlers.context import Services
from handlers.tracker_import import preview_reply
from store.db import transaction
from store.events import claim_event

FILES_PER_MESSAGE = 3  # several files in one message each get a preview, within reason


def handle_file_share(event: Mapping[str, Any], client: WebClient, services: Services, workspace: str) -> None:
    """`message` with subtype `file_share` in a DM."""
    if event.get("channel_type") != "im" or event.get("bot_id"):
        return
    for file in (event.get("files") or [])[:FILES_PER_MESSAGE]:
        if file.get("id"):
            _preview(services, client, workspace, str(event["channel"]), str(event["user"]), str(file["id"]))


def handle_file_shared(event: Mapping[str, Any], client: WebClient, services: Services, workspace: str) -> None:
    """`file_shared`: only files shared in a DM with the bot are for us (channel ids of DMs start with D)."""
    channel = str(event.get("channel_id") or "")
    if channel.startswith("D") and event.get("file_id") and event.get("user_id"):
        _preview(services, client, workspace, channel, str(event["user_id"]), str(event["file_id"]))


def _preview(services: Services, client: WebClient, workspace: str, channel: str, user: str, file_id: str) -> None:
    # Slack sends both a `message` and a `file_shared` event for one upload: answer once.
    with transaction(services.session_factory) as session:
        if not claim_event(session, workspace, f"file:{file_id}", services.now()):
            return
    message = preview_reply(services, client, workspace, user, ImportChoice(file_id))
    client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
