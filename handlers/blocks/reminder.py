"""The direct message that reminds an owner of actions due within a week or newly overdue.

The clock hands `render_reminder` to digests.reminders, which chooses whom to remind and when."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.blocks.text import escape, first_sentence, fmt_date
from store.models import Action


def render_reminder(overdue: Sequence[Action], due_soon: Sequence[Action]) -> str:
    lines = [":bell: *Your scrutiny actions*"]
    if overdue:
        lines.append("*Now overdue:*")
        lines += [f"• *{escape(a.handle)}* {escape(first_sentence(a.text, 100))} (was due {fmt_date(a.due_date) if a.due_date else '?'})" for a in overdue]
    if due_soon:
        lines.append("*Due within a week:*")
        lines += [f"• *{escape(a.handle)}* {escape(first_sentence(a.text, 100))} (due {fmt_date(a.due_date) if a.due_date else '?'})" for a in due_soon]
    lines.append("Post progress with `/update HANDLE done: what was done`, or see them all with `/mine`. Stop these with `/reminders off`.")
    return "\n".join(lines)
