"""After a change, redraw the message (or App Home) the person started from."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from handlers.blocks.action_list import ListState
from handlers.blocks.message import Message, context
from handlers.context import Services
from handlers.replies import LIST_KINDS, action_reply, list_reply
from handlers.respond import safely
from store.permissions import Person

logger = logging.getLogger(__name__)


def redraw(services: Services, workspace_id: str, person: Person, origin: ListState | None, note: str = "") -> Message | None:
    """The message `origin` describes, rebuilt now, with `note` (a confirmation) at its top."""
    if origin is None:
        return None
    if origin.kind in LIST_KINDS or origin.kind == "mine":
        message = safely(lambda: list_reply(services, workspace_id, origin.kind, origin.query, origin.offset, viewer=person))
    elif origin.kind == "detail":
        message = safely(lambda: action_reply(services, workspace_id, origin.query))
    else:
        return None
    if not note:
        return message
    # A new message, never an edit of the one returned: that may be a reply others are given too.
    at = 1 if message.blocks and message.blocks[0]["type"] == "header" else 0
    return Message(text=message.text, blocks=[*message.blocks[:at], context(note), *message.blocks[at:]])


def refresh_source(
    services: Services,
    client: WebClient | None,
    workspace_id: str,
    person: Person,
    origin: ListState | None,
    response_url: str,
    note: str = "",
) -> bool:
    """Replace the source message through its response_url, or republish App Home.
    Returns whether anything was redrawn."""
    if origin is not None and origin.kind == "home":
        from handlers.events.home import publish_home

        if client is not None:
            publish_home(services, client, workspace_id, person, note=note)
            return True
        return False
    message = redraw(services, workspace_id, person, origin, note)
    if message is None or not response_url:
        return False
    response = WebhookClient(response_url).send_dict(message.payload(replace_original=True))
    if response.status_code >= 400:
        # Slack's response URLs expire after 30 minutes or five uses; the person still gets
        # their confirmation, only the old message stays as it was.
        logger.info("could not redraw the source message: HTTP %s", response.status_code)
        return False
    return True
