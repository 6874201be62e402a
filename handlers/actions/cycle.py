"""Buttons of the scrutiny cycle: record a response (opens the form), and the answer to "sign it
off anyway?" when a recommendation still has open actions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.actions.updates import clicked_in
from handlers.blocks.message import Message, section
from handlers.blocks.text import escape
from handlers.commands.cycle import open_response_form
from handlers.context import Services
from handlers.cycle_replies import signoff_choice_reply
from handlers.payloads import HandleRef, SignoffChoice
from store.permissions import Person


def handle_respond_button(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                          services: Services, workspace: str, person: Person) -> None:
    ack()
    rec = HandleRef.decode(body["actions"][0]["value"]).handle
    open_response_form(services, client, workspace, person, rec, body["trigger_id"], clicked_in(body), respond)


def handle_signoff_anyway(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any],
                          services: Services, workspace: str, person: Person) -> None:
    ack()
    choice = SignoffChoice.decode(body["actions"][0]["value"])
    # One sign-off per question message, however often the button is pressed.
    container = body.get("container") or {}
    key = f"signoff:{container.get('message_ts') or body['actions'][0].get('action_ts', '')}:{choice.rec}"[:120]
    # A failure here is answered by the one app.error (handlers/failures.py).
    message = signoff_choice_reply(services, workspace, person, choice, key=key)
    respond(**message.payload(replace_original=True))


def handle_signoff_cancel(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any]) -> None:
    ack()
    rec = HandleRef.decode(body["actions"][0].get("value", "")).handle
    text = f"Not signed off: {escape(rec)} stays open."
    respond(**Message(text=text, blocks=[section(text)]).payload(replace_original=True))
