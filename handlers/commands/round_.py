"""`/round`: update rounds before a committee meeting (officers).

    /round open committee:"People Scrutiny" meeting:2026-03-02 due:2026-02-16
    /round status [committee:"People Scrutiny"]
    /round close [committee:"People Scrutiny"]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem
from handlers.blocks.round import build_round_help, build_round_opened, build_round_status, round_usage
from handlers.commands.committee import committee_named, example_for, option_date, read_options
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.db import transaction
from store.errors import StoreError
from store.permissions import Person, check_is_officer
from store.rounds import close_round, find_open_round, open_round, round_status



def usage(services: Services, workspace: str) -> list[str]:
    """The forms to type, with the workspace's next meeting in them."""
    return round_usage(example_for(services, workspace))


def handle_round_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any],
                         services: Services, workspace: str, person: Person) -> None:
    text = str(command.get("text") or "").strip()
    answer_command(ack, respond, services, lambda: round_reply(services, workspace, person, text))


def round_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    user = person.user_id
    verb, _, rest = text.partition(" ")
    verb = verb.lower()
    rest, options = read_options(rest)
    if verb not in ("open", "start", "status", "close", "end"):
        return build_round_help(example_for(services, workspace))
    try:
        check_is_officer(known(person), "run update rounds")
        committee = committee_named(rest, options)
        if verb in ("open", "start"):
            return _open(services, workspace, user, committee, options)
        if verb == "status":
            with services.session_factory() as session:
                return build_round_status(round_status(session, find_open_round(session, workspace, committee or None, today=services.today())))
        with transaction(services.session_factory) as session:
            status = close_round(session, workspace, committee or None, by=user, now=services.now(), timezone=services.timezone)
        return build_round_status(status, closed_now=True)
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace))


def _open(services: Services, workspace: str, user: str, committee: str, options: dict[str, str]) -> Message:
    due = option_date(options, "due", "2026-02-16")
    meeting = option_date(options, "meeting", "2026-03-02")
    if not committee.strip() or due is None:
        return build_error("A round needs the committee and the date updates are due.", usage(services, workspace))
    with transaction(services.session_factory) as session:
        opened = open_round(session, workspace, committee, due_on=due, meeting=meeting, by=user, now=services.now(), today=services.today())
    return build_round_opened(opened)
