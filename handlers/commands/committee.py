"""`/committee`: the committee calendar, meeting dates and papers deadlines.

    /committee add "People Scrutiny" meeting:2026-03-02     (officers)
    /committee list ["People Scrutiny"]
    /committee remove "People Scrutiny" meeting:2026-03-02  (officers)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.committee import (
    Example,
    MeetingLine,
    build_committee_help,
    committee_usage,
    build_meeting_added,
    build_meeting_removed,
    build_meetings,
)
from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.calendar import add_meeting, calendar_example, meetings, read_date, remove_meeting
from store.committees import find_committee
from store.db import transaction
from store.errors import Form, Problem, StoreError, Typed, said
from store.papers_deadline import PapersRule
from store.permissions import Person, check_is_officer



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
    return committee_usage(example_for(services, workspace, typed).committee, typed)


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
        raise Problem(said(Typed(f"{name}:{options[name]}"), " is not a date; write it as ", Form(f"{name}:{example}"), "."))
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
            return build_meeting_removed(day)
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace, committee_named(rest, options)))
    return build_committee_help(example_for(services, workspace).committee)


MAX_CLEAR_DAYS = 30


def _rule(options: dict[str, str]) -> PapersRule:
    """`clear-days:N` for standing orders that give more (or fewer) than five clear working days."""
    typed = options.get("clear-days")
    if typed is None:
        return PapersRule()
    if not typed.isdigit() or int(typed) > MAX_CLEAR_DAYS:
        raise Problem(said(Typed(f"clear-days:{typed}"), f" is not a number of days from 0 to {MAX_CLEAR_DAYS}; "
                           "five clear working days is the default, e.g. ", Form("clear-days:10"), "."))
    return PapersRule(clear_days=int(typed))


def _add(services: Services, workspace: str, user: str, committee: str, day: date | None, rule: PapersRule) -> Message:
    if day is None:
        return build_error("Give the meeting's date: `meeting:YYYY-MM-DD`.", usage(services, workspace))
    if not committee.strip():
        return build_error('Name the committee in quotes: `/committee add "Scrutiny Committee Name" meeting:YYYY-MM-DD`.', usage(services, workspace))
    with transaction(services.session_factory) as session:
        added = add_meeting(session, workspace, committee, day, rule=rule, by=user, now=services.now())
        name, papers = added.meeting.committee.name, added.meeting.papers_due_on
    return build_meeting_added(name, day, papers, created=added.created, rule=rule.describe())


def _list(services: Services, workspace: str, committee: str) -> Message:
    with services.session_factory() as session:
        found = [MeetingLine(m.meeting_on, m.committee.name, m.papers_due_on)
                 for m in meetings(session, workspace, committee or None, from_day=services.today())]
    return build_meetings(found, usage(services, workspace))
