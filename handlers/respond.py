"""Answering inside Slack's 3-second window, whatever the store is doing.

A command's answer is computed on a worker thread. If it is ready within the budget it *is* the
ack (one round trip, nothing else to fail); if not, we ack with "working on it" and deliver the
answer through the response_url when it is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message
from handlers.context import SERVICES_KEY, Services

# Functions, not shared messages: a module-level Message is a mutable object every reply would
# share, so anything one caller added to it (once, refresh put "Saved your update" on top) would
# reach the next person's error. `lead` is that line, built into this reply only.
def store_unavailable(lead: str = "") -> Message:
    return build_error(
        "The actions store isn't answering right now, so nothing was read or changed.",
        ["the same command again in a minute"],
        lead=lead,
    )


def something_broke(lead: str = "") -> Message:
    return build_error(
        "Something went wrong on our side and the answer could not be built. It has been logged.",
        ["the same command again", "`/actions help`"],
        lead=lead,
    )


# Shims for listeners written before the boundary (handlers/middleware.py): a listener now takes
# `services` and `workspace` as arguments. Kept until every branch has moved over.
def services_of(context: Mapping[str, Any]) -> Services:
    return context[SERVICES_KEY]


def workspace_of(context: Mapping[str, Any]) -> str:
    team = context.get("team_id") or context.get("enterprise_id")
    if not team:
        raise ValueError("request has no team id")
    return str(team)


def answer_command(
    ack: Callable[..., Any],
    respond: Callable[..., Any],
    services: Services,
    compute: Callable[[], Message],
    *,
    ephemeral: bool = True,
) -> None:
    # A failure (the store down, a bug) propagates to app.error (handlers/failures.py), which answers.
    future = services.executor.submit(compute)
    try:
        message = future.result(timeout=services.reply_budget)
    except FutureTimeout:
        ack(text=":hourglass_flowing_sand: Working on it…", response_type="ephemeral")
        message = future.result()
        respond(**message.payload(ephemeral=ephemeral, replace_original=True))
        return
    ack(**message.payload(ephemeral=ephemeral))
