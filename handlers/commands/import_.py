"""`/import <file link> [plan:CODE] [new]`: preview a tracker shared in Slack, then import it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.import_preview import build_import_help
from handlers.respond import answer_command, services_of, workspace_of
from handlers.tracker_import import choice_from_text, preview_reply


def handle_import_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient, context: Mapping[str, Any]) -> None:
    services, workspace = services_of(context), workspace_of(context)
    choice = choice_from_text(str(command.get("text") or ""))
    if choice is None:
        ack(**build_import_help().payload())
        return
    answer_command(ack, respond, services, lambda: preview_reply(services, client, workspace, str(command["user_id"]), choice))
