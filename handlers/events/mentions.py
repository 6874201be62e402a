"""`@scrutiny-bot <question>` in a channel, or any message in a DM with the bot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.context import Services
from handlers.kept_alive import kept_alive
from handlers.replies import question_reply


def handle_app_mention(event: Mapping[str, Any], client: WebClient, services: Services, workspace: str) -> None:
    message = question_reply(services, workspace, str(event.get("text") or ""))
    # Answers go to the person who asked; the Share button puts them in the channel. The reply is
    # sent before the ack (handlers/acking.py), over a connection kept from the last one.
    kept_alive(client).chat_postEphemeral(
        channel=event["channel"],
        user=event["user"],
        text=message.text,
        blocks=message.blocks,
        thread_ts=event.get("thread_ts"),
    )


def is_direct_message(event: Mapping[str, Any]) -> bool:
    """A message in a one-to-one conversation with the bot (not a channel, group or group DM)."""
    return event.get("channel_type") == "im"


def handle_direct_message(event: Mapping[str, Any], client: WebClient, services: Services, workspace: str) -> None:
    if event.get("subtype") or event.get("bot_id"):
        return  # edits, joins and our own messages are not questions
    message = question_reply(services, workspace, str(event.get("text") or ""))
    kept_alive(client).chat_postMessage(channel=event["channel"], text=message.text, blocks=message.blocks)
