"""After a change, redraw the message (or App Home) the person started from."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from handlers.blocks.message import Message
from handlers.context import Services
from handlers.failures import failure_reply, log_failure
from handlers.payloads import ListState
from handlers.replies import LIST_KINDS, action_reply, list_reply
from store.permissions import Person

logger = logging.getLogger(__name__)


def redraw(services: Services, workspace_id: str, person: Person, origin: ListState | None, note: str = "") -> Message | None:
    """The message `origin` describes, rebuilt now, with `note` (a confirmation) under its title.
    When the rebuild fails, the person is still told what was saved, above what went wrong."""
    if origin is None or not (origin.kind in LIST_KINDS or origin.kind in ("mine", "detail")):
        return None
    try:
        if origin.kind == "detail":
            return action_reply(services, workspace_id, origin.query, lead=note)
        return list_reply(services, workspace_id, origin.kind, origin.query, origin.offset, viewer=person, lead=note)
    except Exception as error:  # noqa: BLE001 - the change is saved: this only decides what the old message shows
        log_failure(error)
        return failure_reply(error, lead=note)


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
