"""Turning store values into short, safe mrkdwn: escaping, cutting, dates and emoji."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from store.status import Rag, Status, days_phrase

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\"'])")

STATUS_EMOJI = {
    Status.NOT_STARTED: ":white_circle:",
    Status.IN_PROGRESS: ":large_blue_circle:",
    Status.PARTIALLY_DONE: ":large_blue_diamond:",
    Status.BLOCKED: ":no_entry:",
    Status.PAUSED: ":double_vertical_bar:",
    Status.AWAITING_SIGNOFF: ":hourglass_flowing_sand:",
    Status.DONE: ":white_check_mark:",
    Status.NO_LONGER_FEASIBLE: ":heavy_multiplication_x:",
}
RAG_EMOJI = {
    Rag.RED: ":red_circle:",
    Rag.AMBER: ":large_orange_circle:",
    Rag.GREEN: ":large_green_circle:",
    Rag.COMPLETE: ":white_check_mark:",
}


def escape(text: str, *, keep_gt: bool = False) -> str:
    """Make any text safe inside mrkdwn: no links, mentions or `<!channel>` can be smuggled in.

    `<` is what opens a link or mention, so `keep_gt` may leave `>` as typed (readable in a form
    such as `updated:>30d`): with every `<` escaped there is nothing for it to close."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return text if keep_gt else text.replace(">", "&gt;")


def plain(text: str) -> str:
    """Text for plain_text fields (headers, buttons): no angle brackets, so nothing typed can
    ever read as a mention or link even where Slack does its own parsing."""
    return text.replace("<", "‹").replace(">", "›")


def literal(text: str) -> str:
    """Echo what someone typed without Slack reading it as formatting or a mention."""
    cleaned = escape(text).replace("`", "'")
    return f"`{cleaned}`" if cleaned.strip() else "``"


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a word with an ellipsis when shortened."""
    return _cut_flat(" ".join(text.split()), limit)


def _cut_flat(text: str, limit: int) -> str:
    """cut() of a text whose whitespace is single spaces already."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head[: head.rfind(" ")]
    return head.rstrip(",;:- ") + "…"


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of an action, as its title in a list."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0]
    return _cut_flat(sentence, limit)


# Month names as strftime's %b writes them in the C locale (Python never changes LC_TIME): a
# table costs a tenth of strftime, called for every due date in every list.
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(day: date) -> str:
    """'3 May 2026'."""
    return f"{day.day} {_MONTHS[day.month]} {day.year}"


def due_phrase(due: date | None, today: date, *, closed: bool = False) -> str:
    """'12 days overdue', 'due today', 'due in 3 days', or the date alone for closed actions."""
    if due is None:
        return ""
    if closed:
        return ""
    delta = (due - today).days
    if delta < 0:
        return f"{days_phrase(-delta)} overdue"
    if delta == 0:
        return "due today"
    if delta == 1:
        return "due tomorrow"
    return f"due in {days_phrase(delta)}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else (plural_form or singular + 's')}"


def join_names(names: Sequence[str]) -> str:
    if not names:
        return "no owner named"
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
