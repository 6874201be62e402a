"""Messages for a workspace's scrutiny officers (claims to confirm, actions to sign off)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.message import Message
from handlers.context import Services
from store.links import officer_ids

logger = logging.getLogger(__name__)

MAX_OFFICERS_MESSAGED = 10  # enough to reach someone; a large officer group should use a user group


def message_officers(services: Services, client: WebClient, workspace: str, message: Message, *, except_user: str | None = None) -> int:
    """Send `message` to each officer (from OFFICER_USER_IDS and the workspace's own list) by DM;
    returns how many were messaged."""
    with services.session_factory() as session:
        officers = list(dict.fromkeys([*services.configured_officers(workspace), *officer_ids(session, workspace)]))[:MAX_OFFICERS_MESSAGED]
    sent = 0
    for officer in officers:
        if officer == except_user:
            continue
        try:
            client.chat_postMessage(channel=officer, text=message.text, blocks=message.blocks)
            sent += 1
        except SlackApiError:
            logger.exception("could not message officer %s", officer)
    return sent
