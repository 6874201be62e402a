"""Saving updates from any door (modal, menu, /update, message shortcut, console): the store's
save_update and sign_off (store/updates.py), given this bot's clock and settings. What the person
is told afterwards is built by handlers/blocks/saved.py from the Saved they return."""

from __future__ import annotations

from slack_sdk import WebClient

from handlers.blocks.saved import build_signoff_request
from handlers.context import Services
from handlers.officers import message_officers
from handlers.people import known
from store import updates
from store.errors import InvalidUpdate, NotAllowed
from store.permissions import Person
from store.updates import Saved, UpdateRequest


def save_update(
    services: Services,
    workspace_id: str,
    person: Person,
    handle: str,
    request: UpdateRequest,
    *,
    source: str,
    idempotency_key: str | None = None,
) -> Saved:
    """Raises NotAllowed, InvalidUpdate, or the store's handle errors; saves nothing then."""
    return updates.save_update(
        services.session_factory, workspace_id, known(person), handle, request,
        now=services.now(), today=services.today(), source=source,
        two_stage_close=services.two_stage_close, idempotency_key=idempotency_key,
    )


def sign_off(services: Services, workspace_id: str, person: Person, handle: str, *, approve: bool, reason: str = "") -> Saved:
    """An officer accepts an owner's "done", or sends the action back with a reason."""
    return updates.sign_off(
        services.session_factory, workspace_id, known(person), handle,
        approve=approve, reason=reason, now=services.now(), today=services.today(),
    )


def ask_officers_to_sign_off(services: Services, client: WebClient | None, workspace: str, by: Person, saved: Saved) -> None:
    """When an owner's "done" now waits for sign-off, message the officers with the buttons."""
    if client is None or not (saved.awaiting_signoff and saved.created):
        return
    message_officers(services, client, workspace, build_signoff_request(by.name, saved.handle), except_user=by.user_id)


__all__ = ["InvalidUpdate", "NotAllowed", "Saved", "ask_officers_to_sign_off", "save_update", "sign_off"]
