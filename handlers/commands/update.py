"""`/update <handle> <status>: <note>`: post an update in one line."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.feedback import build_error, build_handle_choices, build_update_choices
from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem, hint_lines
from handlers.blocks.saved import build_saved_reply
from handlers.context import Services
from handlers.payloads import UpdateChoice
from handlers.respond import answer_command
from handlers.updating import ask_officers_to_sign_off, save_update
from store.errors import AmbiguousHandle, InvalidUpdate, NotAllowed, UnknownHandle
from store.handles import find_action
from store.permissions import Person
from store.quick_update import UpdateSyntaxError, fix_hint, parse_quick_update
from store.summaries import ActionSummary, summarise


logger = logging.getLogger(__name__)


def handle_update_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient,
    services: Services, workspace: str, person: Person,
) -> None:
    text = str(command.get("text") or "")
    answer_command(ack, respond, services, lambda: quick_update_reply(services, client, workspace, person, text))


def quick_update_reply(services: Services, client: WebClient | None, workspace: str, person: Person, text: str) -> Message:
    try:
        quick = parse_quick_update(text, today=services.today())
    except UpdateSyntaxError as problem:
        return build_problem(problem)
    try:
        saved = save_update(services, workspace, person, quick.handle, quick.request, source="slack")
    except AmbiguousHandle as problem:
        rest = text.strip()[len(quick.handle):].strip()
        return build_update_choices(quick.handle, problem.candidates, rest)
    except UnknownHandle as problem:
        return build_handle_choices(quick.handle, problem.suggestions, ambiguous=False)
    except NotAllowed as problem:
        return build_problem(problem)
    except InvalidUpdate as problem:
        return build_error(problem.message, hint_lines(fix_hint(quick.handle, problem.field, text.strip()[len(quick.handle):])))
    ask_officers_to_sign_off(services, client, workspace, person, saved)
    return build_saved_reply(saved, _read_back(services, workspace, saved.handle), services.today())


def _read_back(services: Services, workspace: str, handle: str) -> ActionSummary | None:
    """The action as the update left it, or None when the store fails the re-read (a restart):
    committed is saved, and the reply must not say otherwise."""
    try:
        with services.session_factory() as session:
            return summarise(find_action(session, workspace, handle), today=services.today(), now=services.now())
    except Exception:  # noqa: BLE001 - the update is committed; only the read-back failed
        logger.exception("saved %s, but could not read it back for the reply", handle)
        return None


def handle_update_choice(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any], client: WebClient,
                         services: Services, workspace: str, person: Person) -> None:
    ack()
    choice = UpdateChoice.decode(body["actions"][0]["value"])
    message = quick_update_reply(services, client, workspace, person, f"{choice.handle} {choice.rest}")
    respond(**message.payload(replace_original=True))
