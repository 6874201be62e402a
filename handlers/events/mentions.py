"""`@scrutiny-bot <question>` in a channel, or any message in a DM with the bot."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.message import Message
from handlers.context import Services
from handlers.kept_alive import post_reply
from handlers.replies import question_reply

# The context key of a question's event claim (handlers.middleware.DropEventRetries).
EVENT_CLAIM = "event_claim"


def is_question(event: Mapping[str, Any]) -> bool:
    """An event the listeners here answer: an @mention, or a person's own message in a DM with the
    bot. Their replies wait for the event's claim (first_delivery), which is made meanwhile."""
    if event.get("type") == "app_mention":
        return True
    return event.get("type") == "message" and is_direct_message(event) and not event.get("subtype") and not event.get("bot_id")


def first_delivery(event_claim: Future[bool] | None) -> bool:
    """Whether the event being answered was delivered for the first time (not one of Slack's
    retries), once its claim is made; a claim that failed raises its error here, which is
    answered as any failure is (handlers.failures). No claim: the event had no id to claim."""
    return event_claim is None or event_claim.result()


def answer_once(services: Services, workspace: str, event: Mapping[str, Any], event_claim: Future[bool] | None) -> Message | None:
    """The reply to the question in `event`, or None when this delivery is a retry. A question
    that could not be answered raises only on its first delivery, so a retry says nothing twice."""
    try:
        message = question_reply(services, workspace, str(event.get("text") or ""))
    except Exception:
        if first_delivery(event_claim):
            raise
        return None
    return message if first_delivery(event_claim) else None


def handle_app_mention(
    event: Mapping[str, Any], client: WebClient, services: Services, workspace: str, event_claim: Future[bool] | None = None
) -> None:
    message = answer_once(services, workspace, event, event_claim)
    if message is None:
        return
    # Answers go to the person who asked; the Share button puts them in the channel. The reply is
    # sent before the ack (handlers/acking.py), over a connection kept from the last one.
    post_reply(
        client,
        "chat.postEphemeral",
        channel=event["channel"],
        user=event["user"],
        text=message.text,
        blocks=message.blocks,
        thread_ts=event.get("thread_ts"),
    )


def is_direct_message(event: Mapping[str, Any]) -> bool:
    """A message in a one-to-one conversation with the bot (not a channel, group or group DM)."""
    return event.get("channel_type") == "im"


def handle_direct_message(
    event: Mapping[str, Any], client: WebClient, services: Services, workspace: str, event_claim: Future[bool] | None = None
) -> None:
    if not is_question(event):
        return  # edits, joins and our own messages are not questions
    message = answer_once(services, workspace, event, event_claim)
    if message is None:
        return
    post_reply(client, "chat.postMessage", channel=event["channel"], text=message.text, blocks=message.blocks)
