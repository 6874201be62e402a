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
    MeetingLine,
    build_committee_help,
    build_meeting_added,
    build_meeting_removed,
    build_meetings,
)
from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.calendar import add_meeting, meetings, read_date, remove_meeting
from store.db import transaction
from store.errors import Form, Problem, StoreError, Typed, said
from store.papers_deadline import PapersRule
from store.permissions import Person, check_is_officer

USAGE = ['`/committee add "People Scrutiny" meeting:2026-03-02`', "`/committee list`"]
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
            return _add(services, workspace, user, committee_named(rest, options), option_date(options, "meeting", "2026-03-02"))
        if verb in ("list", "ls", "calendar", "dates"):
            return _list(services, workspace, committee_named(rest, options))
        if verb in ("remove", "delete"):
            check_is_officer(known(person), "remove meetings from the calendar")
            day = option_date(options, "meeting", "2026-03-02")
            if day is None:
                return build_error("Say which meeting: `meeting:2026-03-02`.", USAGE)
            with transaction(services.session_factory) as session:
                remove_meeting(session, workspace, committee_named(rest, options), day)
            return build_meeting_removed(day)
    except StoreError as problem:
        return build_problem(problem, USAGE)
    return build_committee_help()


def _add(services: Services, workspace: str, user: str, committee: str, day: date | None) -> Message:
    if day is None:
        return build_error("Give the meeting's date: `meeting:2026-03-02`.", USAGE)
    if not committee.strip():
        return build_error('Name the committee in quotes: `/committee add "People Scrutiny" meeting:2026-03-02`.')
    with transaction(services.session_factory) as session:
        added = add_meeting(session, workspace, committee, day, rule=PapersRule(), by=user, now=services.now())
        name, papers = added.meeting.committee.name, added.meeting.papers_due_on
    return build_meeting_added(name, day, papers, created=added.created, rule=PapersRule().describe())


def _list(services: Services, workspace: str, committee: str) -> Message:
    with services.session_factory() as session:
        found = [MeetingLine(m.meeting_on, m.committee.name, m.papers_due_on)
                 for m in meetings(session, workspace, committee or None, from_day=services.today())]
    return build_meetings(found, USAGE)
