"""`/mine`: the caller's own open actions (as the owners they are linked to)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.context import Services
from handlers.replies import list_reply
from handlers.respond import answer_command
from store.permissions import Person


def handle_mine_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], services: Services, workspace: str, person: Person
) -> None:
    text = str(command.get("text") or "")
    # Who `person` is gets looked up inside the reply's time budget, on first use.
    answer_command(ack, respond, services, lambda: list_reply(services, workspace, "mine", text, viewer=person))
