"""Messages for a workspace's scrutiny officers (claims to confirm, actions to sign off)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.message import Message
from handlers.context import Services
from store.db import transaction
from store.links import officer_ids
from store.outbox import queue_message

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
        except SlackApiError as error:
            if not _worth_retrying(error):
                logger.exception("could not message officer %s", officer)
                continue
            _keep_for_later(services, workspace, officer, message, f"Slack answered {error.response.status_code}")
        except OSError as error:  # a timeout or a refused connection: Slack may be back in a minute
            _keep_for_later(services, workspace, officer, message, type(error).__name__)
    return sent


def _worth_retrying(error: SlackApiError) -> bool:
    return error.response.status_code >= 500 or error.response.get("error") in (
        "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited")


def _keep_for_later(services: Services, workspace: str, officer: str, message: Message, why: str) -> None:
    """The clock sends it when Slack is back: an officer's request is never dropped."""
    logger.warning("could not message officer %s (%s); queued for the clock", officer, why)
    with transaction(services.session_factory) as session:
        queue_message(session, workspace, officer, message.text, message.blocks, now=services.now())
