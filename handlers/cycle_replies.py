"""Answers for the scrutiny cycle's commands, as messages: parse the line, ask the store in one
short transaction, and render. Domain errors become the same replies wherever they come from
(a command, a button, the console)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from handlers.blocks.cycle import (
    build_outcome,
    build_recommendation,
    build_report,
    build_responses,
    build_signoff_question,
)
from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem
from handlers.context import Services
from handlers.payloads import SignoffChoice
from handlers.people import known
from store.cycle import (
    NeedsConfirmation,
    Outcome,
    parse_assessment_line,
    parse_reopen_line,
    parse_response_line,
    parse_signoff_line,
    record_assessment,
    record_reopen,
    record_response,
    record_signoff,
)
from store.db import transaction
from store.errors import StoreError
from store.permissions import Person, check_is_officer
from store.recommendations import GENERIC_HANDLE, example_handle, find_recommendation, summarise_recommendation
from store.reports import (
    awaiting_responses,
    change_report,
    find_one_plan,
    parse_report_change,
    report_for_plan,
    view_report,
)

T = TypeVar("T")
CONFIRM_WORDS = ("anyway", "confirm", "confirmed")


def _outcome_message(services: Services, outcome: Outcome) -> Message:
    return build_outcome(outcome.kind, outcome.recommendation, services.today(), created=outcome.created, notes=outcome.notes)


def _answer(compute: Callable[[], Message]) -> Message:
    try:
        return compute()
    except StoreError as problem:
        return build_problem(problem)


def _example(services: Services, workspace: str, text: str) -> str:
    """A real recommendation for the hint shown when none is named; only looked up then."""
    if text.split():
        return GENERIC_HANDLE
    with services.session_factory() as session:
        return example_handle(session, workspace) or GENERIC_HANDLE


def _recorded(services: Services, workspace: str, person: Person, text: str, parse: Callable[..., T],
              record: Callable[..., Outcome], **extra: str | None) -> Message:
    """Parse the line (its hint naming a real recommendation), then record it in one short
    transaction: the shape of /respond, /assess and /reopen."""

    def compute() -> Message:
        request = parse(text, example=_example(services, workspace, text))
        # Looked up before the transaction opens: the lookup uses a connection of its own.
        who = known(person)
        with transaction(services.session_factory) as session:
            outcome = record(session, workspace, who, request, now=services.now(), today=services.today(), **extra)
            return _outcome_message(services, outcome)

    return _answer(compute)


def respond_reply(services: Services, workspace: str, person: Person, text: str, *, key: str | None = None) -> Message:
    return _recorded(services, workspace, person, text, parse_response_line, record_response, idempotency_key=key)


def assess_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    return _recorded(services, workspace, person, text, parse_assessment_line, record_assessment)


def signoff_reply(
    services: Services, workspace: str, person: Person, text: str, *,
    confirmed: bool = False, key: str | None = None,
) -> Message:
    words = text.split()
    if words and words[-1].lower() in CONFIRM_WORDS:
        confirmed, text = True, " ".join(words[:-1])

    def compute() -> Message:
        request = parse_signoff_line(text, example=_example(services, workspace, text))
        # Looked up before the transaction opens: the lookup uses a connection of its own.
        who = known(person)
        try:
            with transaction(services.session_factory) as session:
                outcome = record_signoff(session, workspace, who, request, now=services.now(), today=services.today(),
                                         confirmed=confirmed, idempotency_key=key)
                return _outcome_message(services, outcome)
        except NeedsConfirmation as question:
            choice = SignoffChoice(rec=question.handle, meeting=request.meeting.isoformat(), minute=request.minute, note=request.note)
            return build_signoff_question(choice, question.open_actions, services.today())

    return _answer(compute)


def signoff_choice_reply(services: Services, workspace: str, person: Person, choice: SignoffChoice, *, key: str) -> Message:
    line = f"{choice.rec} meeting:{choice.meeting} minute:{choice.minute}" + (f": {choice.note}" if choice.note else "")
    return signoff_reply(services, workspace, person, line, confirmed=True, key=key)


def reopen_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    return _recorded(services, workspace, person, text, parse_reopen_line, record_reopen)


def recommendation_reply(services: Services, workspace: str, typed: str) -> Message:
    def compute() -> Message:
        with services.session_factory() as session:
            rec = find_recommendation(session, workspace, typed)
            return build_recommendation(summarise_recommendation(session, rec, today=services.today()), services.today())

    return _answer(compute)


def responses_reply(services: Services, workspace: str, text: str) -> Message:
    def compute() -> Message:
        today = services.today()
        with services.session_factory() as session:
            plan_ids = None
            scope = ""
            if text.strip():
                plan = find_one_plan(session, workspace, text.strip())
                plan_ids, scope = [plan.id], f"{plan.code} {plan.title}"
            watch = awaiting_responses(session, workspace, today=today, plan_ids=plan_ids)
        return build_responses(watch, today, scope=scope)

    return _answer(compute)


def report_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    """`/report PLAN` shows the report; with fields it changes them (officers only)."""

    def compute() -> Message:
        change = parse_report_change(text)
        today = services.today()
        if not change.changes_anything:
            with transaction(services.session_factory) as session:
                report = report_for_plan(session, find_one_plan(session, workspace, change.plan))
                return build_report(view_report(session, report), today)
        # Looked up before the transaction opens: the lookup uses a connection of its own.
        who = known(person)
        check_is_officer(who, "change a scrutiny report's dates")
        with transaction(services.session_factory) as session:
            report = change_report(session, workspace, change, today=today)
            return build_report(view_report(session, report), today, headline=":white_check_mark: Saved the report's details.")

    return _answer(compute)
