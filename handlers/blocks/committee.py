"""The committee calendar in Block Kit: a meeting added or removed, the meetings ahead with their
papers deadlines, and how to use `/committee`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message, context, header, section
from handlers.blocks.text import escape, fmt_date

MEETINGS_SHOWN = 40


@dataclass(frozen=True)
class Example:
    """What hints show: the workspace's own committee and next meeting, or placeholders."""

    committee: str = "COMMITTEE NAME"
    meeting: str = "YYYY-MM-DD"
    due: str = "YYYY-MM-DD"


class MeetingLine(NamedTuple):
    meeting_on: date
    committee: str
    papers_due_on: date


def build_meeting_added(committee: str, day: date, papers_due_on: date, *, created: bool, rule: str) -> Message:
    """`rule` says how the papers deadline was worked out ("five clear working days"); a meeting
    already in the calendar keeps the deadline it was given, so the rule typed now is not quoted."""
    said = "is already in the calendar" if not created else "added"
    lines = [f":calendar: *{escape(committee)}*, {fmt_date(day)}: {said}.",
             f"Papers must be published by *{fmt_date(papers_due_on)}*"
             + (f" ({rule} before the meeting; weekends and England's bank holidays do not count)." if created else ".")]
    return Message(text=f"{committee}: meeting on {day.isoformat()} {said}; papers by {papers_due_on.isoformat()}.",
                   blocks=[section("\n".join(lines)), context(f'Next: `/round open committee:"{escape(committee)}" meeting:{day.isoformat()} due:YYYY-MM-DD` asks owners for updates.')])


def build_meeting_removed(day: date) -> Message:
    return Message(text="Meeting removed.", blocks=[section(f"Removed the meeting on {fmt_date(day)} from the calendar.")])


def build_meetings(found: Sequence[MeetingLine], try_instead: list[str]) -> Message:
    lines = [f"• {fmt_date(m.meeting_on)} — *{escape(m.committee)}* · papers by {fmt_date(m.papers_due_on)}" for m in found[:MEETINGS_SHOWN]]
    if not lines:
        return build_error("No meetings ahead in the calendar.", try_instead)
    more = [context(f"and {len(found) - MEETINGS_SHOWN} more")] if len(found) > MEETINGS_SHOWN else []
    return Message(text=f"{len(found)} meetings ahead", blocks=[header("Committee meetings ahead"), section("\n".join(lines)), *more])


def committee_usage(committee: str, typed: str = "") -> list[str]:
    """The forms to type, naming `committee` (the one typed when the workspace has it)."""
    listing = f'`/committee list "{escape(committee)}"`' if committee.lower() == " ".join(typed.split()).lower() else "`/committee list`"
    return [f'`/committee add "{escape(committee)}" meeting:YYYY-MM-DD`', listing]


def build_committee_help(committee: str) -> Message:
    """`committee` is the workspace's own (or a placeholder) for the example lines."""
    name = escape(committee)
    lines = [
        f'`/committee add "{name}" meeting:YYYY-MM-DD` — a meeting date (officers); the papers deadline is worked out',
        f'`/committee list` — meetings ahead, with papers deadlines (`/committee list "{name}"` for one)',
        f'`/committee remove "{name}" meeting:YYYY-MM-DD` — take a date out (officers)',
        "A year of dates at once: `scrutiny-bot committee import dates.csv` (columns `committee,meeting`).",
    ]
    return Message(text="How to use /committee", blocks=[header("Committee calendar"), section("\n".join(lines))])
