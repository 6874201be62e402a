"""The Import and Cancel buttons under a tracker's preview."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.import_preview import build_import_cancelled, build_import_working
from handlers.payloads import ImportChoice
from handlers.context import Services
from handlers.tracker_import import import_reply
from store.db import transaction
from store.events import claim_event


def handle_import_confirm(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                          services: Services, workspace: str) -> None:
    # Ack first: a large tracker takes longer than Slack's 3 seconds; the result follows.
    ack()
    choice = ImportChoice.decode(body["actions"][0]["value"])
    # A double click (or Slack retrying the click) must not import twice: claim this preview once.
    preview_ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts") or body["actions"][0].get("action_ts")
    with transaction(services.session_factory) as session:
        if not claim_event(session, workspace, f"import:{choice.file_id}:{preview_ts}", services.now()):
            return
    respond(**build_import_working(choice.file_name or choice.file_id).payload(replace_original=True))
    message = import_reply(services, client, workspace, body["user"]["id"], choice)
    respond(**message.payload(replace_original=True))


def handle_import_cancel(ack: Callable[..., Any], respond: Callable[..., Any]) -> None:
    ack()
    respond(**build_import_cancelled().payload(replace_original=True))
