"""The scrutiny cycle's slash commands: `/responses`, `/respond`, `/assess`, `/signoff`, `/reopen`
and `/report`. Each reads the payload and hands the line to handlers.cycle_replies; `/respond`
with only a recommendation opens the response form instead."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from handlers.blocks.cycle import build_response_modal
from handlers.blocks.feedback import build_error
from handlers.blocks.problems import build_problem
from handlers.context import Services
from handlers.cycle_replies import (
    assess_reply,
    reopen_reply,
    report_reply,
    respond_reply,
    responses_reply,
    signoff_reply,
)
from handlers.payloads import ResponseFormState
from handlers.people import known
from handlers.respond import answer_command, store_unavailable
from store.errors import StoreError
from store.permissions import Person, check_is_officer
from store.recommendations import find_recommendation, summarise_recommendation

logger = logging.getLogger(__name__)

Ack = Callable[..., Any]
Respond = Callable[..., Any]


def _text(command: Mapping[str, Any]) -> str:
    return str(command.get("text") or "").strip()


def handle_responses_command(ack: Ack, respond: Respond, command: Mapping[str, Any], services: Services, workspace: str) -> None:
    answer_command(ack, respond, services, lambda: responses_reply(services, workspace, _text(command)))


def handle_respond_command(
    ack: Ack, respond: Respond, command: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person
) -> None:
    text = _text(command)
    trigger = command.get("trigger_id")
    if text and " " not in text and trigger:
        # Only a recommendation named: the form asks for the rest.
        ack()
        open_response_form(services, client, workspace, person, text, str(trigger), str(command.get("channel_id") or ""), respond)
        return
    answer_command(ack, respond, services, lambda: respond_reply(services, workspace, person, text))


def open_response_form(
    services: Services, client: WebClient, workspace: str, person: Person, typed: str, trigger_id: str, channel: str,
    respond: Respond,
) -> None:
    try:
        check_is_officer(known(person), "record the executive's response")
        with services.session_factory() as session:
            rec = summarise_recommendation(session, find_recommendation(session, workspace, typed), today=services.today(), with_history=False)
    except StoreError as problem:
        respond(**build_problem(problem).payload(replace_original=False))
        return
    except (DBAPIError, PoolTimeout):
        logger.exception("store unavailable while opening the response form")
        respond(**store_unavailable().payload(replace_original=False))
        return
    view = build_response_modal(rec, ResponseFormState(rec=rec.handle, channel=channel), services.today())
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, OSError):
        logger.warning("could not open the response form for %s", rec.handle, exc_info=True)
        respond(**build_error(
            "Slack would not open the form just now, so nothing was recorded.",
            [f"`/respond {rec.handle} accepted` (or `accepted in part`, `accepted in principle`, `rejected: the reasons`, `noted`)"],
        ).payload(replace_original=False))


def handle_assess_command(
    ack: Ack, respond: Respond, command: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person
) -> None:
    text = _text(command)
    answer_command(ack, respond, services, lambda: assess_reply(services, workspace, person, text))


def handle_signoff_command(
    ack: Ack, respond: Respond, command: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person
) -> None:
    text = _text(command)
    answer_command(ack, respond, services, lambda: signoff_reply(services, workspace, person, text))


def handle_reopen_command(
    ack: Ack, respond: Respond, command: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person
) -> None:
    text = _text(command)
    answer_command(ack, respond, services, lambda: reopen_reply(services, workspace, person, text))


def handle_report_command(
    ack: Ack, respond: Respond, command: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person
) -> None:
    text = _text(command)
    answer_command(ack, respond, services, lambda: report_reply(services, workspace, person, text))
