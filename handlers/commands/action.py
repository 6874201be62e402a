"""`/action <handle>`: one action in full, with its update history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.replies import action_reply
from handlers.context import Services
from handlers.respond import answer_command


def handle_action_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], services: Services, workspace: str
) -> None:
    text = str(command.get("text") or "")
    answer_command(ack, respond, services, lambda: action_reply(services, workspace, text))
