"""Buttons on lists: paging, sharing into the channel, details, and "did you mean" choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.blocks.action_list import ListState
from handlers.context import Services
from handlers.payloads import HandleRef
from handlers.replies import action_reply, list_reply
from store.permissions import Person


def _value(body: Mapping[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")


def _viewer(state: ListState, person: Person) -> Person | None:
    # Only "your actions" depends on who is looking; other lists are the same for everyone.
    return person if state.kind == "mine" else None


def handle_page(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str, person: Person) -> None:
    ack()
    state = ListState.decode(_value(body))
    viewer = _viewer(state, person)
    message = list_reply(services, workspace, state.kind, state.query, state.offset, viewer=viewer)
    respond(**message.payload(replace_original=True))


def handle_choose_owner(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str, person: Person) -> None:
    handle_page(ack, body, respond, services, workspace, person)


def handle_share(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str, person: Person) -> None:
    ack()
    state = ListState.decode(_value(body))
    user = person.user_id
    viewer = _viewer(state, person)
    message = list_reply(services, workspace, state.kind, state.query, state.offset, shared_by=user, viewer=viewer)
    respond(**message.payload(ephemeral=False, replace_original=False))
    respond(delete_original=True)


def handle_details(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str) -> None:
    ack()
    message = action_reply(services, workspace, HandleRef.decode(_value(body)).handle)
    respond(**message.payload(replace_original=False))


def handle_choose_handle(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str) -> None:
    ack()
    message = action_reply(services, workspace, HandleRef.decode(_value(body)).handle)
    respond(**message.payload(replace_original=True))


def handle_digest_list(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], services: Services, workspace: str) -> None:
    """The digest's "List all overdue" button: the list goes privately to whoever pressed it;
    the digest stays in the channel as it was."""
    ack()
    state = ListState.decode(_value(body))
    message = list_reply(services, workspace, state.kind, state.query, state.offset)
    respond(**message.payload(replace_original=False))
