"""Messages kept for later because Slack would not take them just now (a 5xx, a timeout).

Handlers queue them (`queue_message`); the clock delivers what is due (`deliver_queued`), backing
off between attempts and giving up, with the reason kept, after MAX_ATTEMPTS.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from store.db import rows_changed, transaction
from store.models import OutboxMessage

logger = logging.getLogger(__name__)

# send(workspace_id, channel, text, blocks), raising on failure.
Send = Callable[[str, str, str, list[dict[str, Any]] | None], object]

MAX_ATTEMPTS = 8
# While one process sends a message, others leave it alone this long.
SENDING_LEASE = timedelta(minutes=2)


def queue_message(session: Session, workspace_id: str, channel: str, text: str, blocks: list[dict[str, Any]] | None, *, now: datetime) -> OutboxMessage:
    message = OutboxMessage(
        workspace_id=workspace_id, channel=channel, text=text, blocks_json=json.dumps(blocks) if blocks else None,
        state="pending", attempts=0, next_attempt_at=now, created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 60))


def deliver_queued(session_factory: sessionmaker[Session], send: Send, now: datetime) -> int:
    """Send what is due with `send(workspace_id, channel, text, blocks)`, which raises on failure.
    Returns how many were sent."""
    with session_factory() as session:
        due = list(session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now).order_by(OutboxMessage.id).limit(200)
        ))
    sent = 0
    for message_id in due:
        with transaction(session_factory) as session:
            # Taken by moving its next attempt on: a second clock skips it meanwhile.
            taken = rows_changed(session,
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now)
                .values(next_attempt_at=now + SENDING_LEASE, attempts=OutboxMessage.attempts + 1)
            )
            message = session.get(OutboxMessage, message_id) if taken else None
            if message is None:
                continue
            workspace_id, channel, text, blocks, attempts = (
                message.workspace_id, message.channel, message.text, json.loads(message.blocks_json) if message.blocks_json else None, message.attempts)
        try:
            send(workspace_id, channel, text, blocks)
        except Exception as problem:  # noqa: BLE001 - every failure is kept and retried, up to MAX_ATTEMPTS
            logger.warning("queued message %s to %s failed again: %s", message_id, channel, problem)
            with transaction(session_factory) as session:
                values: dict[str, object] = {"error": str(problem)[:500], "next_attempt_at": now + backoff(attempts)}
                if attempts >= MAX_ATTEMPTS:
                    values["state"] = "failed"
                session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
            continue
        with transaction(session_factory) as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(state="sent", sent_at=now, error=None))
        sent += 1
    return sent
