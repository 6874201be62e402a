"""`/mine`: the caller's own open actions (as the owners they are linked to)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.message import Message
from handlers.people import person_for
from handlers.replies import list_reply
from handlers.respond import answer_command, services_of, workspace_of


def handle_mine_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient, context: Mapping[str, Any]
) -> None:
    services, workspace = services_of(context), workspace_of(context)
    text = str(command.get("text") or "")
    user_id = str(command["user_id"])

    def reply() -> Message:
        person = person_for(services, client, workspace, user_id)
        return list_reply(services, workspace, "mine", text, viewer=person)

    answer_command(ack, respond, services, reply)
