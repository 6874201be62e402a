"""`/import <file link> [plan:CODE] [new]`: preview a tracker shared in Slack, then import it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.import_preview import build_import_help
from handlers.context import Services
from handlers.respond import answer_command
from handlers.tracker_import import choice_from_text, preview_reply


def handle_import_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient,
                          services: Services, workspace: str) -> None:
    choice = choice_from_text(str(command.get("text") or ""))
    if choice is None:
        ack(**build_import_help().payload())
        return
    answer_command(ack, respond, services, lambda: preview_reply(services, client, workspace, str(command["user_id"]), choice))
