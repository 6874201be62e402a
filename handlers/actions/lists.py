"""Buttons on lists: paging, sharing into the channel, details, and "did you mean" choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.action_list import ListState
from handlers.people import person_for
from handlers.replies import action_reply, list_reply
from handlers.respond import safely, services_of, workspace_of
from store.permissions import Person


def _value(body: Mapping[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")


def _viewer(state: ListState, body: Mapping[str, Any], client: WebClient, context: Mapping[str, Any]) -> Person | None:
    # Only "your actions" depends on who is looking; other lists are the same for everyone.
    if state.kind != "mine":
        return None
    return person_for(services_of(context), client, workspace_of(context), body["user"]["id"])


def handle_page(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], client: WebClient, context: Mapping[str, Any]) -> None:
    ack()
    services, workspace = services_of(context), workspace_of(context)
    state = ListState.decode(_value(body))
    viewer = _viewer(state, body, client, context)
    message = safely(lambda: list_reply(services, workspace, state.kind, state.query, state.offset, viewer=viewer))
    respond(**message.payload(replace_original=True))


def handle_choose_owner(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], client: WebClient, context: Mapping[str, Any]) -> None:
    handle_page(ack, body, respond, client, context)


def handle_share(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], client: WebClient, context: Mapping[str, Any]) -> None:
    ack()
    services, workspace = services_of(context), workspace_of(context)
    state = ListState.decode(_value(body))
    user = body["user"]["id"]
    viewer = _viewer(state, body, client, context)
    message = safely(lambda: list_reply(services, workspace, state.kind, state.query, state.offset, shared_by=user, viewer=viewer))
    respond(**message.payload(ephemeral=False, replace_original=False))
    respond(delete_original=True)


def handle_details(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], context: Mapping[str, Any]) -> None:
    ack()
    services, workspace = services_of(context), workspace_of(context)
    message = safely(lambda: action_reply(services, workspace, _value(body)))
    respond(**message.payload(replace_original=False))


def handle_choose_handle(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], context: Mapping[str, Any]) -> None:
    ack()
    services, workspace = services_of(context), workspace_of(context)
    message = safely(lambda: action_reply(services, workspace, _value(body)))
    respond(**message.payload(replace_original=True))


def handle_digest_list(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], context: Mapping[str, Any]) -> None:
    """The digest's "List all overdue" button: the list goes privately to whoever pressed it;
    the digest stays in the channel as it was."""
    ack()
    services, workspace = services_of(context), workspace_of(context)
    state = ListState.decode(_value(body))
    message = safely(lambda: list_reply(services, workspace, state.kind, state.query, state.offset))
    respond(**message.payload(replace_original=False))
