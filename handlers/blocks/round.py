"""How an update round's messages read in Slack: what is asked, by when, and an Update button on
each action. The clock hands `render_round` to digests.rounds, which decides who gets what when."""

from __future__ import annotations

from digests.rounds import OPENING, TWO_DAYS_BEFORE, RoundMessageContent
from store.rounds import RoundStatus
from handlers.blocks.action_list import entry_block_id
from handlers.blocks.message import Message, actions, button, context, header, section
from handlers.blocks.text import escape, first_sentence, fmt_date
from handlers.catalog import DETAILS_ACTION, UPDATE_ACTION

MAX_LISTED = 20  # two blocks each, inside Slack's 50


def render_round(content: RoundMessageContent) -> Message:
    meeting = f" for its meeting on {fmt_date(content.meeting_on)}" if content.meeting_on else ""
    due = fmt_date(content.due_on)
    if content.kind == OPENING:
        title = f"Update needed for {content.committee}"
        intro = (f"{escape(content.committee)} will review progress on these actions{meeting}. "
                 f"Please post an update on each by *{due}*: press *Update*, or type `/update HANDLE note: what has happened`.")
    else:
        when = "in two days" if content.kind == TWO_DAYS_BEFORE else "in a week"
        title = f"Reminder: updates due {when}"
        intro = f"Your updates for {escape(content.committee)}{meeting} are due *{due}*, and none has come in yet."
    blocks = [header(title), section(intro)]
    for action in content.actions[:MAX_LISTED]:
        date_words = f"due {fmt_date(action.due)}" if action.due else "no due date"
        blocks.append(section(f"*{escape(action.handle)}*  {escape(first_sentence(action.text, 200))}\n{date_words} · {escape(action.status)}"))
        blocks.append(actions(button("Update", UPDATE_ACTION, action.handle, style="primary"), button("Details", DETAILS_ACTION, action.handle),
                              block_id=entry_block_id(action.handle, None)))
    if len(content.actions) > MAX_LISTED:
        blocks.append(section(f"…and {len(content.actions) - MAX_LISTED} more: `/mine` lists them all."))
    blocks.append(context("One update per action is enough. Once you have posted one, the reminders stop."))
    handles = ", ".join(a.handle for a in content.actions[:10])
    return Message(text=f"{title}: {escape(handles)} by {due}", blocks=blocks)


def round_summary(status: RoundStatus) -> str:
    """One open round in a line or two for the officers' App Home: returned against outstanding."""
    outstanding = status.outstanding
    names = ", ".join(escape(o.owner) for o in outstanding[:8]) + (" …" if len(outstanding) > 8 else "")
    line = (f"*{escape(status.committee)}* · due {fmt_date(status.due_on)} · *{len(status.returned)}* of {len(status.owners)} owners returned")
    return line + (f"\nStill to come: {names}" if outstanding else "\n:tada: Every owner has returned an update.")
