"""The one answer to a listener that failed (Bolt's `app.error`): a sentence saying what happened
and what to type, sent where the person will see it; the traceback goes to the log only.

Listeners let unexpected errors go: expected ones (a handle nobody has, a person who may not
update) are domain errors they present themselves, and the update modal keeps its own inline
"Not saved" so that nothing typed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from handlers.blocks.message import Message
from handlers.respond import something_broke, store_unavailable

logger = logging.getLogger(__name__)

STORE_DOWN = (OperationalError, PoolTimeout, DBAPIError)
# Events that are someone asking the bot something, and so wait for an answer.
QUESTIONS = frozenset({"app_mention", "message", "file_shared"})


def failure_reply(error: BaseException) -> Message:
    """What to tell the person: a new message each time (see handlers.respond)."""
    return store_unavailable() if isinstance(error, STORE_DOWN) else something_broke()


def log_failure(error: BaseException) -> None:
    if isinstance(error, STORE_DOWN):
        logger.error("store unavailable while answering", exc_info=error)
    else:
        logger.error("failed to build an answer", exc_info=error)


def handle_listener_error(
    error: Exception,
    body: Mapping[str, Any],
    response: BoltResponse | None,
    respond: Callable[..., Any] | None,
    client: WebClient | None,
) -> BoltResponse | None:
    """Registered with `app.error`. `response` is set while the request is still unanswered (the
    listener failed before ack): for a command, the reply then *is* the answer."""
    log_failure(error)
    message = failure_reply(error)
    if body.get("type") == "view_submission":
        return None  # Slack keeps the form open, with what was typed, and says it could not send it
    try:
        if response is not None and body.get("command"):
            return BoltResponse(status=200, body=message.payload(ephemeral=True))
        if respond is not None and body.get("response_url"):
            # A command already acked "working on it": the failure takes its place.
            respond(**message.payload(ephemeral=True, replace_original=bool(body.get("command"))))
        elif client is not None:
            _tell_directly(client, body, message)
    except Exception:  # the person cannot be told (Slack down too): the log has the first error
        logger.exception("could not tell the person that answering failed")
    return BoltResponse(status=200, body="") if response is not None else None


def _tell_directly(client: WebClient, body: Mapping[str, Any], message: Message) -> None:
    """No response_url (events, App Home): privately in the channel it came from, or by DM."""
    event = body.get("event") or {}
    if event and event.get("type") not in QUESTIONS:
        return  # App Home, installs: nobody asked anything, so nobody is waiting for an answer
    user = event.get("user") or event.get("user_id") or (body.get("user") or {}).get("id")
    channel = event.get("channel") or event.get("channel_id")
    if not user:
        return
    if channel and event.get("channel_type") != "im" and not str(channel).startswith("D"):
        client.chat_postEphemeral(channel=channel, user=user, text=message.text, blocks=message.blocks)
    else:
        client.chat_postMessage(channel=channel or user, text=message.text, blocks=message.blocks)
