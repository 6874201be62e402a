"""handlers.respond.answer_command: a command's answer is the ack when it is ready within the
budget; otherwise the ack says "Working on it" and the answer follows by response_url - and
however close to the budget it is ready, the person gets it exactly once."""

from __future__ import annotations

import threading
import time
from typing import Any

from hypothesis import given, settings, strategies as st
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from handlers.acking import WORKING_ON_IT
from handlers.blocks.message import Message
from handlers.context import Services
from handlers.respond import answer_command


def _services(budget: float) -> Services:
    return Services(session_factory=sessionmaker(create_engine("sqlite://")), reply_budget=budget)


def test_an_answer_slower_than_the_budget_is_acked_before_it_is_built() -> None:
    services = _services(0.01)
    release = threading.Event()
    acks: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []

    def compute() -> Message:
        release.wait(10)
        return Message("the answer")

    answer_command(lambda **payload: acks.append(payload), lambda **payload: responses.append(payload), services, compute)
    # The listener has returned (so Bolt sends the ack) while the answer is still held.
    assert acks == [{"text": WORKING_ON_IT, "response_type": "ephemeral"}] and responses == []
    release.set()
    services.executor.shutdown(wait=True)
    assert [r["text"] for r in responses] == ["the answer"] and responses[0]["replace_original"] is True


def test_a_quick_answer_is_the_ack_and_nothing_follows() -> None:
    services = _services(5.0)
    acks: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    answer_command(lambda **payload: acks.append(payload), lambda **payload: responses.append(payload), services, lambda: Message("the answer"))
    services.executor.shutdown(wait=True)
    assert [a["text"] for a in acks] == ["the answer"] and responses == []


@settings(max_examples=60, deadline=None)
@given(delay=st.floats(min_value=0.0, max_value=0.03))
def test_an_answer_ready_near_the_budget_arrives_exactly_once(delay: float) -> None:
    services = _services(0.015)
    acks: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []

    def compute() -> Message:
        time.sleep(delay)
        return Message("the answer")

    answer_command(lambda **payload: acks.append(payload), lambda **payload: responses.append(payload), services, compute)
    services.executor.shutdown(wait=True)
    [ack] = acks
    delivered = [ack] if ack["text"] == "the answer" else responses
    assert [d["text"] for d in delivered] == ["the answer"]
    assert ack["text"] in ("the answer", WORKING_ON_IT)
    assert responses == ([] if ack["text"] == "the answer" else delivered)


def test_a_late_answer_that_fails_is_answered_once_with_what_to_type() -> None:
    services = _services(0.01)
    release = threading.Event()
    acks: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []

    def compute() -> Message:
        release.wait(10)
        raise RuntimeError("a bug")

    answer_command(lambda **payload: acks.append(payload), lambda **payload: responses.append(payload), services, compute)
    release.set()
    services.executor.shutdown(wait=True)
    assert acks[0]["text"] == WORKING_ON_IT
    [response] = responses
    assert "Something went wrong on our side" in response["text"]
