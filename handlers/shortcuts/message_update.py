"""The message shortcut "Add as action update": any Slack message becomes an update note."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.update_modal import build_update_modal
from handlers.payloads import ModalState
from handlers.context import Services
from store.permissions import Person
from store.queries import ActionFilter, find_actions
from store.status import OPEN_STATUSES
from store.updates import MAX_NOTE

logger = logging.getLogger(__name__)



def handle_message_update_shortcut(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient,
                                   services: Services, workspace: str, person: Person) -> None:
    ack()
    channel = (body.get("channel") or {}).get("id", "")
    message = body.get("message") or {}
    link = ""
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=message.get("ts", ""))["permalink"]
    except SlackApiError as error:
        logger.info("no permalink for the shortcut's message: %s", error.response.get("error"))
    own: list[tuple[str, str]] = []
    if person.owner_ids:
        with services.session_factory() as session:
            page = find_actions(
                session, workspace,
                ActionFilter(owner_ids=sorted(person.owner_ids), statuses=sorted(OPEN_STATUSES, key=lambda s: s.value)),
                limit=100,
            )
            own = [(a.handle, a.text) for a in page.actions]
    state = ModalState(handle=own[0][0] if own else "", mode="message", channel=channel, link=link)
    view = build_update_modal(None, state, today=services.today(), note=str(message.get("text") or "")[:MAX_NOTE], own_actions=own)
    client.views_open(trigger_id=body["trigger_id"], view=view)
