"""The modal an owner fills in to update an action: status, note, a new date and its reason."""

from __future__ import annotations

from typing import Any

from handlers.blocks.limits import MAX_MODAL_TITLE, MAX_OPTION_TEXT
from handlers.blocks.message import Block, context, section
from handlers.blocks.text import STATUS_EMOJI, cut, due_phrase, escape, first_sentence, fmt_date, join_names, plain
from handlers.payloads import ModalState
from store.status import Status
from store.summaries import ActionSummary
from store.updates import MAX_NOTE, MAX_REASON
from handlers.catalog import UPDATE_VIEW

# Statuses a person sets directly; "awaiting sign-off" is what "done" becomes where sign-off is on.
SETTABLE = [
    Status.NOT_STARTED, Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.BLOCKED,
    Status.PAUSED, Status.DONE, Status.NO_LONGER_FEASIBLE,
]
# Which inputs each kind of modal shows.
MODES = {
    "full": ("status", "note", "new_due", "reason", "review_date"),
    "due": ("new_due", "reason"),
    "note": ("note",),
    "back": ("reason",),
    "message": ("handle", "note"),
}
TITLES = {"full": "Update action", "due": "Change due date", "note": "Add a note", "back": "Send back", "message": "Add as update"}


def build_update_modal(item: ActionSummary | None, state: ModalState, *, today, note: str = "", own_actions: list[tuple[str, str]] | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    fields = MODES[state.mode]
    blocks: list[Block] = []
    if item is not None:
        due = fmt_date(item.due) if item.due else "no date"
        phrase = due_phrase(item.due, today, closed=item.status.is_closed)
        blocks.append(section(f"*{escape(item.handle)}* · {escape(first_sentence(item.title))}"))
        blocks.append(context(
            f"{escape(join_names(item.owner_names))} · due {due}{f' ({phrase})' if phrase else ''} · "
            f"{STATUS_EMOJI[item.status]} {item.status.label}"
        ))
    if "handle" in fields:
        blocks.append(_handle_input(own_actions or [], state.handle))
    if "status" in fields:
        blocks.append(_status_input(item.status if item else None))
    if "note" in fields:
        label = "What was done, or what is in the way" if state.mode != "message" else "Note (from the message)"
        blocks.append(_text_input("note", label, "note", MAX_NOTE, optional=state.mode == "full", initial=note))
    if "new_due" in fields:
        blocks.append(_date_input("new_due", "New due date", item.due.isoformat() if item and item.due else None, optional=state.mode == "full"))
    if "reason" in fields:
        label = {"back": "Why it is being sent back", "due": "Why the date is changing"}.get(state.mode, "Reason")
        hint = "Needed when the due date moves later, and for paused or no longer feasible." if state.mode == "full" else None
        blocks.append(_text_input("reason", label, "reason", MAX_REASON, optional=state.mode == "full", hint=hint))
    if "review_date" in fields:
        blocks.append(_date_input("review_date", "Review date", None, optional=True, hint="Needed for paused and no longer feasible: when to look again."))
    return {
        "type": "modal",
        "callback_id": UPDATE_VIEW,
        "private_metadata": state.encode(),
        "title": {"type": "plain_text", "text": cut(TITLES[state.mode], MAX_MODAL_TITLE)},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _status_input(current: Status | None) -> Block:
    options = [{"text": {"type": "plain_text", "text": s.label.capitalize()}, "value": s.value} for s in SETTABLE]
    element: Block = {"type": "static_select", "action_id": "status", "options": options}
    if current is not None and current in SETTABLE:
        element["initial_option"] = next(o for o in options if o["value"] == current.value)
    return {"type": "input", "block_id": "status", "label": {"type": "plain_text", "text": "Status"}, "element": element, "optional": True}


def _text_input(block_id: str, label: str, action_id: str, max_length: int, *, optional: bool, initial: str = "", hint: str | None = None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": action_id, "multiline": True, "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    block: Block = {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label}, "element": element, "optional": optional}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _date_input(block_id: str, label: str, initial: str | None, *, optional: bool, hint: str | None = None) -> Block:
    element: Block = {"type": "datepicker", "action_id": block_id}
    if initial:
        element["initial_date"] = initial
    block: Block = {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label}, "element": element, "optional": optional}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _handle_input(own_actions: list[tuple[str, str]], initial: str) -> Block:
    """A menu of the person's own actions, or a box to type a handle when they have none."""
    if own_actions:
        options = [{"text": {"type": "plain_text", "text": cut(plain(f"{h} · {t}"), MAX_OPTION_TEXT)}, "value": h} for h, t in own_actions[:100]]
        element: Block = {"type": "static_select", "action_id": "handle", "options": options}
        if initial and any(o["value"] == initial for o in options):
            element["initial_option"] = next(o for o in options if o["value"] == initial)
        return {"type": "input", "block_id": "handle", "label": {"type": "plain_text", "text": "Action"}, "element": element}
    element = {"type": "plain_text_input", "action_id": "handle", "placeholder": {"type": "plain_text", "text": "e.g. BR-7.4.3"}}
    return {"type": "input", "block_id": "handle", "label": {"type": "plain_text", "text": "Action handle"}, "element": element}


def read_submission(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The submitted inputs as plain values: {block_id: str | None}."""
    out: dict[str, Any] = {}
    for block_id, actions in values.items():
        for element in actions.values():
            kind = element.get("type")
            if kind == "static_select":
                option = element.get("selected_option")
                out[block_id] = option["value"] if option else None
            elif kind == "datepicker":
                out[block_id] = element.get("selected_date")
            else:
                out[block_id] = element.get("value")
    return out
