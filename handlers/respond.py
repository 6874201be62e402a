"""Answering inside Slack's 3-second window, whatever the store is doing.

A command's answer is computed on a worker thread. If it is ready within the budget it *is* the
ack (one round trip, nothing else to fail); if not, we ack with "working on it" and deliver the
answer through the response_url when it is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message
from handlers.context import SERVICES_KEY, Services

logger = logging.getLogger(__name__)

# Functions, not shared messages: a caller may add to the reply it gets (refresh puts "Saved your
# update" on top), and a shared one would carry that into the next person's error.
def store_unavailable() -> Message:
    return build_error(
        "The actions store isn't answering right now, so nothing was read or changed.",
        ["the same command again in a minute"],
    )


def something_broke() -> Message:
    return build_error(
        "Something went wrong on our side and the answer could not be built. It has been logged.",
        ["the same command again", "`/actions help`"],
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


def safely(compute: Callable[[], Message]) -> Message:
    """Run `compute`, turning a store outage or a bug into a reply that says so."""
    try:
        return compute()
    except (OperationalError, PoolTimeout, DBAPIError):
        logger.exception("store unavailable while answering")
        return store_unavailable()
    except Exception:
        logger.exception("failed to build an answer")
        return something_broke()


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
