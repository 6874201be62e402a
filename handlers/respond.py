"""Answering inside Slack's 3-second window, whatever the store is doing.

A command's answer is computed on a worker thread. If it is ready within the budget it *is* the
ack (one round trip, nothing else to fail); if not, we ack with "working on it" and deliver the
answer through the response_url when it is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, TimeoutError as FutureTimeout
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message
from handlers.context import Services

logger = logging.getLogger(__name__)

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


def answer_command(
    ack: Callable[..., Any],
    respond: Callable[..., Any],
    services: Services,
    compute: Callable[[], Message],
    *,
    ephemeral: bool = True,
) -> None:
    """Ack with the answer when it is ready within `services.reply_budget`; otherwise ack with
    "Working on it" and let the answer follow through the response_url. The listener returns
    right after the ack either way: Bolt sends the HTTP response only when it does.

    A failure (the store down, a bug) propagates to app.error, or in a lazy listener to
    handlers.failures.reported, which answer it; a late one is answered by _respond_late."""
    if getattr(ack, "already_acknowledged", False):
        # A lazy listener (handlers/acking.py): Slack has its ack, so there is no budget to keep.
        ack(**compute().payload(ephemeral=ephemeral))
        return
    future = services.executor.submit(compute)
    try:
        message = future.result(timeout=services.reply_budget)
    except FutureTimeout:
        ack(text=":hourglass_flowing_sand: Working on it…", response_type="ephemeral")
        future.add_done_callback(lambda done: _respond_late(respond, done, ephemeral))
        return
    ack(**message.payload(ephemeral=ephemeral))


def _respond_late(respond: Callable[..., Any], done: Future[Message], ephemeral: bool) -> None:
    """The answer that missed the ack, or what went wrong building it, through the response_url."""
    from handlers.failures import failure_reply, log_failure  # failures words its replies with this module

    error = done.exception()
    if error is None:
        message = done.result()
    else:
        log_failure(error)
        message = failure_reply(error)
    try:
        respond(**message.payload(ephemeral=ephemeral, replace_original=True))
    except Exception:  # noqa: BLE001 - on a pool thread nobody else would see it
        logger.exception("could not deliver a late answer through the response_url")


def run_after_ack(services: Services, work: Callable[..., None], *args: Any) -> None:
    """Work that follows an ack (messages after a save): on the executor, so that Bolt can send
    the ack now; a failure is logged rather than lost with the thread."""

    def run() -> None:
        try:
            work(*args)
        except Exception:  # noqa: BLE001 - on a pool thread nobody else would see it
            logger.exception("failed after acknowledging")

    services.executor.submit(run)
