"""Submitting the response form: a mistake is shown on its field and nothing is saved; a saved
response is confirmed privately, and the same submission twice is stored once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from typing import Any

from slack_sdk import WebClient

from handlers.actions.updates import confirm
from handlers.blocks.problems import problem_text
from handlers.blocks.update_modal import read_submission
from handlers.context import Services
from handlers.payloads import ResponseFormState
from handlers.people import known
from store.cycle import Outcome, ResponseRequest, record_response
from store.db import transaction
from store.errors import StoreError
from store.permissions import Person
from store.status import Response

logger = logging.getLogger(__name__)

SAVE_BUDGET = 2.3  # Slack closes a submission after three seconds
NOT_SAVED = "Not saved: the actions store isn't answering just now. Press Save again in a minute."


def handle_response_submission(ack: Callable[..., Any], view: Mapping[str, Any], client: WebClient,
                               services: Services, workspace: str, person: Person) -> None:
    state = ResponseFormState.decode(view["private_metadata"])
    values = read_submission(view["state"]["values"])
    user_id = person.user_id
    if not values.get("response"):
        ack(response_action="errors", errors={"response": "Choose the executive's response."})
        return
    try:
        responded_on = date.fromisoformat(values["responded_on"]) if values.get("responded_on") else None
    except ValueError:
        ack(response_action="errors", errors={"responded_on": "Pick a date from the calendar."})
        return
    request = ResponseRequest(state.rec, Response(values["response"]), (values.get("reason") or "").strip(), responded_on)
    future = services.executor.submit(_save, services, workspace, person, request, f"view:{view['id']}")
    try:
        outcome = future.result(timeout=SAVE_BUDGET)
    except FutureTimeout:
        ack()
        _finish_late(client, state, user_id, future)
        return
    except StoreError as problem:
        ack(response_action="errors", errors={_field_for(problem): problem_text(problem)[:2000]})
        return
    except Exception:
        logger.exception("could not save a response from the form")
        ack(response_action="errors", errors={"reason": NOT_SAVED})
        return
    ack()
    confirm(client, state.channel, user_id, _confirmation(outcome))


def _save(services: Services, workspace: str, person: Person, request: ResponseRequest, key: str) -> Outcome:
    who = known(person)  # before the transaction: the lookup uses a connection of its own
    with transaction(services.session_factory) as session:
        return record_response(session, workspace, who, request, now=services.now(), today=services.today(), idempotency_key=key)


def _field_for(problem: StoreError) -> str:
    text = str(problem)
    if "date" in text or "before" in text or "after today" in text:
        return "responded_on"
    if "reason" in text.lower():
        return "reason"
    return "response"


def _confirmation(outcome: Outcome) -> str:
    rec = outcome.recommendation
    assert rec.response is not None
    return f":white_check_mark: Recorded the executive's response to *{rec.handle}*: {rec.response.label}."


def _finish_late(client: WebClient, state: ResponseFormState, user_id: str, future: Any) -> None:
    try:
        outcome = future.result()
    except Exception as problem:  # noqa: BLE001 - whatever went wrong, the person hears it
        why = str(problem) if isinstance(problem, StoreError) else NOT_SAVED
        client.chat_postMessage(channel=user_id, text=f":warning: The response to {state.rec} was not saved. {why}")
        return
    confirm(client, state.channel, user_id, _confirmation(outcome))
