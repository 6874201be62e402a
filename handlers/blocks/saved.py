"""What someone is told after an update is saved, and what the officers are asked when an owner's
"done" waits for their sign-off. Built from store.updates.Saved, the service's answer."""

from __future__ import annotations

from datetime import date

from handlers.blocks.action_list import action_entry, entry_block_id
from handlers.blocks.message import Message, actions, button, section
from handlers.blocks.text import escape, fmt_date, plural
from handlers.catalog import DETAILS_ACTION, SEND_BACK_ACTION, SIGNOFF_ACTION
from handlers.payloads import HandleRef, ListState
from store.status import Status
from store.summaries import ActionSummary
from store.updates import Saved


def confirmation_text(saved: Saved) -> str:
    """One line of mrkdwn: what the update changed, or that it had been saved already."""
    handle = escape(saved.handle)
    if saved.signed_off is not None:
        verb = "signed off as done" if saved.signed_off else "sent back to its owners"
        return f":white_check_mark: *{handle}* {verb}."
    if not saved.created:
        return f":white_check_mark: That update to *{handle}* was already saved."
    parts = []
    if saved.status_to is Status.AWAITING_SIGNOFF:
        parts.append("marked done: it now waits for a scrutiny officer to sign it off")
    elif saved.status_to is not None:
        parts.append(f"now *{saved.status_to.label}*")
    if saved.due_to is not None:
        moved = f", moved {plural(saved.slip_count, 'time')} so far" if saved.slip_count else ""
        parts.append(f"due *{fmt_date(saved.due_to)}*{moved}")
    detail = "; ".join(parts) if parts else "note added"
    return f":white_check_mark: Saved your update to *{handle}*: {detail}."


def build_saved_reply(saved: Saved, item: ActionSummary | None, today: date) -> Message:
    """The reply to `/update`: the confirmation, then the action as it now stands (when it could
    be read back; a saved update is reported as saved either way)."""
    confirmation = confirmation_text(saved)
    entry = action_entry(item, today, origin=None) if item is not None else []
    return Message(text=confirmation, blocks=[section(confirmation), *entry])


def build_signoff_request(by_name: str, handle: str) -> Message:
    """To the officers: an owner marked `handle` done; sign it off or send it back."""
    return Message(
        text=escape(f"{by_name} marked {handle} done. Sign it off?"),
        blocks=[
            section(f":hourglass_flowing_sand: *{escape(by_name)}* marked *{escape(handle)}* done. Sign it off as implemented, or send it back?"),
            actions(
                button("Sign off", SIGNOFF_ACTION, HandleRef(handle=handle).encode(), style="primary"),
                button("Send back", SEND_BACK_ACTION, HandleRef(handle=handle).encode()),
                button("Details", DETAILS_ACTION, HandleRef(handle=handle).encode()),
                block_id=entry_block_id(handle, ListState(kind="detail", query=handle)),
            ),
        ],
    )
