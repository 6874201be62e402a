"""Saving updates from any door (modal, menu, /update, message shortcut) the same way.

Each function checks who is asking, applies the workspace's sign-off rule, and records one update
through store.updates. The messages returned are what the person is told afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from handlers.blocks.action_list import DETAILS_ACTION, SEND_BACK_ACTION, SIGNOFF_ACTION, ListState, entry_block_id
from handlers.blocks.message import Message, actions, button, section
from handlers.blocks.text import escape, fmt_date, plural
from handlers.context import Services
from handlers.officers import message_officers
from handlers.people import known
from store.db import transaction
from store.errors import InvalidUpdate, NotAllowed
from store.handles import find_action
from store.permissions import Person, check_can_update, check_is_officer
from store.status import Status
from store.updates import UpdateRequest, lock_action, record_update
from store.workspaces import wants_two_stage_close


@dataclass
class Saved:
    handle: str
    status: Status
    created: bool
    confirmation: str
    awaiting_signoff: bool = False


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
    person = known(person)
    with transaction(services.session_factory) as session:
        action = find_action(session, workspace_id, handle)
        check_can_update(person, action)
        lock_action(session, action)
        if action.status is Status.AWAITING_SIGNOFF and request.status is Status.DONE and not person.is_officer:
            raise InvalidUpdate("status", f"{action.handle} is already done and waiting for an officer to sign it off.")
        signoff = not person.is_officer and wants_two_stage_close(session, workspace_id, services.two_stage_close)
        update, created = record_update(
            session,
            action,
            request,
            author_name=person.name,
            author_slack_id=person.user_id,
            now=services.now(),
            today=services.today(),
            source=source,
            idempotency_key=idempotency_key,
            requires_signoff=signoff,
        )
        return Saved(
            handle=action.handle,
            status=action.status,
            created=created,
            confirmation=_confirmation(action.handle, update.status_to, update.due_to, action.slip_count, created),
            awaiting_signoff=action.status is Status.AWAITING_SIGNOFF,
        )


def sign_off(services: Services, workspace_id: str, person: Person, handle: str, *, approve: bool, reason: str = "") -> Saved:
    """An officer accepts an owner's "done", or sends the action back with a reason."""
    person = known(person)
    check_is_officer(person, "sign off actions")
    with transaction(services.session_factory) as session:
        action = find_action(session, workspace_id, handle)
        lock_action(session, action)
        if action.status is not Status.AWAITING_SIGNOFF:
            raise InvalidUpdate("reason", f"{action.handle} is not waiting for sign-off (it is {action.status.label}).")
        if approve:
            request = UpdateRequest(status=Status.DONE, note="Signed off as implemented.")
        else:
            if not reason.strip():
                raise InvalidUpdate("reason", "Say why it is being sent back, so the owner knows what is missing.")
            request = UpdateRequest(status=Status.IN_PROGRESS, note=reason, reason=reason)
        update, created = record_update(
            session, action, request, author_name=person.name, author_slack_id=person.user_id,
            now=services.now(), today=services.today(), source="slack", requires_signoff=False,
        )
        verb = "signed off as done" if approve else "sent back to its owners"
        return Saved(action.handle, action.status, created, f":white_check_mark: *{escape(action.handle)}* {verb}.")


def _confirmation(handle: str, status: Status | None, due: object, slips: int, created: bool) -> str:
    if not created:
        return f":white_check_mark: That update to *{escape(handle)}* was already saved."
    parts = []
    if status is Status.AWAITING_SIGNOFF:
        parts.append("marked done: it now waits for a scrutiny officer to sign it off")
    elif status is not None:
        parts.append(f"now *{status.label}*")
    if due is not None:
        moved = f", moved {plural(slips, 'time')} so far" if slips else ""
        parts.append(f"due *{fmt_date(due)}*{moved}")  # type: ignore[arg-type]
    detail = "; ".join(parts) if parts else "note added"
    return f":white_check_mark: Saved your update to *{escape(handle)}*: {detail}."


def ask_officers_to_sign_off(services: Services, client: WebClient | None, workspace: str, by: Person, saved: Saved) -> None:
    """When an owner's "done" now waits for sign-off, message the officers with the buttons."""
    if client is None or not (saved.awaiting_signoff and saved.created):
        return
    handle = saved.handle
    message = Message(
        text=escape(f"{by.name} marked {handle} done. Sign it off?"),
        blocks=[
            section(f":hourglass_flowing_sand: *{escape(by.name)}* marked *{escape(handle)}* done. Sign it off as implemented, or send it back?"),
            actions(
                button("Sign off", SIGNOFF_ACTION, handle, style="primary"),
                button("Send back", SEND_BACK_ACTION, handle),
                button("Details", DETAILS_ACTION, handle),
                block_id=entry_block_id(handle, ListState("detail", handle)),
            ),
        ],
    )
    message_officers(services, client, workspace, message, except_user=by.user_id)


__all__ = ["InvalidUpdate", "NotAllowed", "Saved", "ask_officers_to_sign_off", "save_update", "sign_off"]
