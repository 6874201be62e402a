"""`/committee`: the committee calendar, meeting dates and papers deadlines.

    /committee add "People Scrutiny" meeting:2026-03-02     (officers)
    /committee list ["People Scrutiny"]
    /committee remove "People Scrutiny" meeting:2026-03-02  (officers)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message, context, header, section
from handlers.blocks.problems import build_problem
from handlers.blocks.text import escape, fmt_date
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.calendar import add_meeting, calendar_example, meetings, read_date, remove_meeting
from store.committees import find_committee
from store.db import transaction
from store.errors import StoreError
from store.papers_deadline import PapersRule
from store.permissions import Person, check_is_officer



@dataclass(frozen=True)
class Example:
    """What hints show: the workspace's own committee and next meeting, or placeholders."""

    committee: str = "COMMITTEE NAME"
    meeting: str = "YYYY-MM-DD"
    due: str = "YYYY-MM-DD"


def example_for(services: Services, workspace: str, typed: str = "") -> Example:
    """The committee typed, when the workspace has it; else the one meeting next."""
    with services.session_factory() as session:
        named = find_committee(session, workspace, " ".join(typed.split())) if typed.strip() else None
        if named is not None:
            return Example(named.name)
        found = calendar_example(session, workspace, services.today())
    if found is None:
        return Example()
    if found.meeting_on is None or found.papers_due_on is None:
        return Example(found.committee)
    return Example(found.committee, found.meeting_on.isoformat(), found.papers_due_on.isoformat())


def usage(services: Services, workspace: str, typed: str = "") -> list[str]:
    name = example_for(services, workspace, typed).committee
    listing = f'`/committee list "{escape(name)}"`' if name.lower() == " ".join(typed.split()).lower() else "`/committee list`"
    return [f'`/committee add "{escape(name)}" meeting:YYYY-MM-DD`', listing]
_OPTION = re.compile(r'([a-z][a-z_-]*):("[^"]*"|\S+)', re.IGNORECASE)
_QUOTED = re.compile(r'"([^"]*)"')


def read_options(text: str) -> tuple[str, dict[str, str]]:
    """(the words outside options, {option: value}) from `committee:"People Scrutiny" due:2026-02-16`.
    Slack's smart quotes count as quotes; option names are case-blind, `as_of` is `as-of`."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    options = {m.group(1).lower().replace("_", "-"): m.group(2).strip('"').strip() for m in _OPTION.finditer(text)}
    rest = " ".join(_OPTION.sub(" ", text).split())
    return rest, options


def option_date(options: dict[str, str], name: str, example: str) -> date | None:
    if name not in options:
        return None
    day = read_date(options[name])
    if day is None:
        raise ValueError(f"`{name}:{escape(options[name])}` is not a date; write it as `{name}:{example}`.")
    return day


def committee_named(rest: str, options: dict[str, str]) -> str:
    if "committee" in options:
        return options["committee"]
    quoted = _QUOTED.search(rest)
    return quoted.group(1) if quoted else rest


def handle_committee_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any],
                             services: Services, workspace: str, person: Person) -> None:
    text = str(command.get("text") or "").strip()
    answer_command(ack, respond, services, lambda: committee_reply(services, workspace, person, text))


def committee_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    user = person.user_id
    verb, _, rest = text.partition(" ")
    verb = verb.lower()
    rest, options = read_options(rest)
    try:
        if verb == "add":
            check_is_officer(known(person), "add meetings to the calendar")
            return _add(services, workspace, user, committee_named(rest, options), option_date(options, "meeting", "2026-03-02"),
                        _rule(options))
        if verb in ("list", "ls", "calendar", "dates"):
            return _list(services, workspace, committee_named(rest, options))
        if verb in ("remove", "delete"):
            check_is_officer(known(person), "remove meetings from the calendar")
            day = option_date(options, "meeting", "2026-03-02")
            if day is None:
                return build_error("Say which meeting: `meeting:YYYY-MM-DD` (`/committee list` shows them).", usage(services, workspace))
            with transaction(services.session_factory) as session:
                remove_meeting(session, workspace, committee_named(rest, options), day)
            return Message(text="Meeting removed.", blocks=[section(f"Removed the meeting on {fmt_date(day)} from the calendar.")])
    except ValueError as problem:
        return build_error(str(problem), usage(services, workspace, committee_named(rest, options)))
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace, committee_named(rest, options)))
    return _help(example_for(services, workspace).committee)


MAX_CLEAR_DAYS = 30


def _rule(options: dict[str, str]) -> PapersRule:
    """`clear-days:N` for standing orders that give more (or fewer) than five clear working days."""
    typed = options.get("clear-days")
    if typed is None:
        return PapersRule()
    if not typed.isdigit() or int(typed) > MAX_CLEAR_DAYS:
        raise ValueError(f"`clear-days:{escape(typed)}` is not a number of days from 0 to {MAX_CLEAR_DAYS}; "
                         "five clear working days is the default, e.g. `clear-days:10`.")
    return PapersRule(clear_days=int(typed))


def _add(services: Services, workspace: str, user: str, committee: str, day: date | None, rule: PapersRule) -> Message:
    if day is None:
        return build_error("Give the meeting's date: `meeting:YYYY-MM-DD`.", usage(services, workspace))
    if not committee.strip():
        return build_error('Name the committee in quotes: `/committee add "Scrutiny Committee Name" meeting:YYYY-MM-DD`.', usage(services, workspace))
    with transaction(services.session_factory) as session:
        added = add_meeting(session, workspace, committee, day, rule=rule, by=user, now=services.now())
        name, papers = added.meeting.committee.name, added.meeting.papers_due_on
    said = "is already in the calendar" if not added.created else "added"
    lines = [f":calendar: *{escape(name)}*, {fmt_date(day)}: {said}.",
             f"Papers must be published by *{fmt_date(papers)}*"
             + (f" ({rule.describe()} before the meeting; weekends and England's bank holidays do not count)." if added.created else ".")]
    return Message(text=f"{name}: meeting on {day.isoformat()} {said}; papers by {papers.isoformat()}.",
                   blocks=[section("\n".join(lines)), context(f'Next: `/round open committee:"{escape(name)}" meeting:{day.isoformat()} due:YYYY-MM-DD` asks owners for updates.')])


def _list(services: Services, workspace: str, committee: str) -> Message:
    with services.session_factory() as session:
        found = meetings(session, workspace, committee or None, from_day=services.today())
        lines = [f"• {fmt_date(m.meeting_on)} — *{escape(m.committee.name)}* · papers by {fmt_date(m.papers_due_on)}" for m in found[:40]]
    if not lines:
        return build_error("No meetings ahead in the calendar.", usage(services, workspace))
    more = [context(f"and {len(found) - 40} more")] if len(found) > 40 else []
    return Message(text=f"{len(found)} meetings ahead", blocks=[header("Committee meetings ahead"), section("\n".join(lines)), *more])


def _help(name: str) -> Message:
    name = escape(name)
    lines = [
        f'`/committee add "{name}" meeting:YYYY-MM-DD` — a meeting date (officers); the papers deadline is worked out',
        f'`/committee list` — meetings ahead, with papers deadlines (`/committee list "{name}"` for one)',
        f'`/committee remove "{name}" meeting:YYYY-MM-DD` — take a date out (officers)',
        "A year of dates at once: `scrutiny-bot committee import dates.csv` (columns `committee,meeting`).",
    ]
    return Message(text="How to use /committee", blocks=[header("Committee calendar"), section("\n".join(lines))])
