"""Submitting the update modal: inline errors, exactly once, and never losing what was typed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from typing import Any

from slack_sdk import WebClient

from handlers.actions.updates import after_save, confirm
from handlers.blocks.saved import confirmation_text
from handlers.blocks.text import escape
from handlers.blocks.update_modal import MODES, read_submission
from handlers.payloads import ModalState
from handlers.context import Services
from handlers.refresh import refresh_source
from handlers.respond import run_after_ack
from handlers.updating import Saved, save_update, sign_off
from store.errors import InvalidUpdate, NotAllowed, StoreError
from store.permissions import Person
from store.status import Status
from store.updates import UpdateRequest

logger = logging.getLogger(__name__)

# Slack closes a modal's submission after three seconds; leave room for the round trip.
SAVE_BUDGET = 2.3
NOT_SAVED = (
    "Not saved: the actions store isn't answering just now. Your text is still here, "
    "so press Save again in a minute."
)


def handle_update_submission(ack: Callable[..., Any], body: Mapping[str, Any], view: Mapping[str, Any], client: WebClient,
                             services: Services, workspace: str, person: Person) -> None:
    state = ModalState.decode(view["private_metadata"])
    fields = MODES[state.mode]
    values = read_submission(view["state"]["values"])
    user_id = person.user_id
    handle = (values.get("handle") or state.handle or "").strip()

    def field_error(field: str, message: str) -> None:
        ack(response_action="errors", errors={field if field in fields else fields[0]: message})

    try:
        request = _request_from(state, values)
    except InvalidUpdate as problem:
        field_error(problem.field, problem.message)
        return
    key = f"view:{view['id']}"
    # Who is asking (Slack lookups) and the save share the budget: a slow Slack or a store that is
    # down gives the inline "Not saved" or a closed modal and a message, never a failed request.
    future = services.executor.submit(_save, services, workspace, person, handle, state, request, key)
    try:
        person, saved = future.result(timeout=SAVE_BUDGET)
    except FutureTimeout:
        # Too slow to answer inside the modal: close it, and report the outcome by message.
        ack()
        run_after_ack(services, _finish_late, services, client, workspace, user_id, body, state, request, future)
        return
    except InvalidUpdate as problem:
        field_error(problem.field, problem.message)
        return
    except (NotAllowed, StoreError) as problem:
        field_error("handle" if "handle" in fields else fields[0], str(problem))
        return
    except Exception:
        logger.exception("could not save an update from the modal")
        field_error("note" if "note" in fields else fields[0], NOT_SAVED)
        return
    ack()
    run_after_ack(services, _after_save, services, client, workspace, person, body, state, saved)


def _request_from(state: ModalState, values: dict[str, Any]) -> UpdateRequest:
    status = Status(values["status"]) if values.get("status") else None
    return UpdateRequest(
        status=status,
        note=(values.get("note") or "").strip(),
        new_due=_date(values.get("new_due"), "new_due"),
        reason=(values.get("reason") or "").strip() or None,
        review_date=_date(values.get("review_date"), "review_date"),
        link=state.link or None,
    )


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidUpdate(field, "Pick a date from the calendar.") from exc


def _save(services: Services, workspace: str, person: Person, handle: str, state: ModalState,
          request: UpdateRequest, key: str) -> tuple[Person, Saved]:
    if state.mode == "due" and request.new_due is None:
        raise InvalidUpdate("new_due", "Pick the new due date.")
    if state.mode == "back":
        return person, sign_off(services, workspace, person, handle, approve=False, reason=request.reason or "")
    return person, save_update(services, workspace, person, handle, request, source="slack", idempotency_key=key)


def _after_save(services: Services, client: WebClient, workspace: str, person: Person, body: Mapping[str, Any], state: ModalState, saved: Saved) -> None:
    origin = state.origin_state()
    after_save(services, client, workspace, person, saved,
               redraw=lambda: refresh_source(services, client, workspace, person, origin, state.response_url, note=confirmation_text(saved)),
               tell=lambda: _confirm(client, state, person.user_id, confirmation_text(saved)))


def _confirm(client: WebClient, state: ModalState, user_id: str, text: str) -> None:
    confirm(client, state.channel, user_id, text)


def _finish_late(services: Services, client: WebClient, workspace: str, user_id: str, body: Mapping[str, Any], state: ModalState, request: UpdateRequest, future: Any) -> None:
    try:
        person, saved = future.result()
    except Exception as problem:
        if not isinstance(problem, (InvalidUpdate, NotAllowed, StoreError)):
            logger.exception("a slow update failed after the modal closed")
        _tell_not_saved(client, user_id, state.handle, request, str(problem) if isinstance(problem, StoreError) else NOT_SAVED)
        return
    _after_save(services, client, workspace, person, body, state, saved)


def _tell_not_saved(client: WebClient, user_id: str, handle: str, request: UpdateRequest, why: str) -> None:
    """Nothing is lost: the person gets back every word they typed, and how to try again."""
    typed = [f"*Note:* {escape(request.note)}" if request.note else "", f"*Reason:* {escape(request.reason)}" if request.reason else ""]
    text = f":warning: Your update to *{escape(handle)}* was not saved. {escape(why)}\nHere is what you wrote:\n" + "\n".join(t for t in typed if t)
    client.chat_postMessage(channel=user_id, text=text)
