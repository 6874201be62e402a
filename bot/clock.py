"""`scrutiny-bot clock`: the one scheduler process. Every tick it runs one delivery pass.

The database is the source of truth (each subscription's next run time, each delivery's claim),
so this process keeps no state of its own: kill it and start it again and it carries on, and two
of them running by mistake still send every digest once.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import Session, sessionmaker

from digests.delivery import LEASE, DigestRenderer, PassReport, Poster, run_delivery_pass
from digests.ratelimit import PostPacer
from digests.reminders import ReminderRenderer, ReminderReport, run_reminder_pass
from digests.rounds import RoundRenderer, RoundReport, run_round_pass
from handlers.blocks.digest import render_digest
from handlers.blocks.reminder import render_reminder
from handlers.blocks.round import render_round
from store import action_counts
from store.db import transaction
from store.events import forget_old_events
from store.outbox import deliver_queued

logger = logging.getLogger(__name__)

TICK_SECONDS = 30


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Clock:
    """Everything one pass needs; `tick(now)` is exactly what `digest run --as-of` does."""

    session_factory: sessionmaker[Session]
    poster: Poster
    timezone: object
    per_minute: int | None = 60
    workers: int = 8
    lease: timedelta = LEASE
    process: str = field(default_factory=process_name)
    # Delivery decides what is sent when; these decide how it reads in Slack.
    render_digest: DigestRenderer = render_digest
    render_reminder: ReminderRenderer = render_reminder
    render_round: RoundRenderer = render_round
    # The update rounds' messages of the latest tick (tick's own answer stays digests and reminders).
    last_rounds: RoundReport = field(default_factory=RoundReport)
    _pacers: dict[str, PostPacer] = field(default_factory=dict)

    def pacer(self, workspace_id: str) -> PostPacer:
        # One pacer per workspace, kept across ticks: Slack's limits are per workspace.
        if workspace_id not in self._pacers:
            self._pacers[workspace_id] = PostPacer(per_minute=self.per_minute)
        return self._pacers[workspace_id]

    def tick(self, now: datetime | None = None) -> tuple[PassReport, ReminderReport]:
        now = now or datetime.now(UTC)
        digests = run_delivery_pass(self.session_factory, self.poster, now, process=self.process, pacers=self.pacer,
                                    render=self.render_digest, workers=self.workers, lease=self.lease)
        reminders = run_reminder_pass(self.session_factory, self.poster, now, timezone=self.timezone,  # type: ignore[arg-type]
                                      render=self.render_reminder)
        self.last_rounds = run_round_pass(self.session_factory, self.poster, now, timezone=self.timezone,  # type: ignore[arg-type]
                                          render=self.render_round, lease=self.lease)
        deliver_queued(self.session_factory, self.poster.post, now)
        with transaction(self.session_factory) as session:
            forget_old_events(session, now)
        with transaction(self.session_factory) as session:
            action_counts.fold(session.connection())
        if digests.claimed or reminders.messages or self.last_rounds.sent:
            logger.info("clock pass", extra={"fields": {
                "event": "clock_pass", "process": self.process, "digests_claimed": digests.claimed, "digests_sent": digests.sent,
                "quiet_skipped": digests.skipped_quiet, "left_for_retry": digests.left_for_retry,
                "paused": [subscription for subscription, _ in digests.paused], "reminder_messages": reminders.messages,
                "round_messages": self.last_rounds.sent, "latency_ms": round(digests.seconds * 1000, 1),
            }})
        return digests, reminders


def run_forever(clock: Clock) -> None:
    scheduler = BlockingScheduler(timezone=UTC)
    scheduler.add_job(
        _safe_tick, IntervalTrigger(seconds=TICK_SECONDS, timezone=UTC), args=[clock],
        next_run_time=datetime.now(UTC), max_instances=1, coalesce=True, misfire_grace_time=TICK_SECONDS,
    )
    logger.info("clock %s started: a delivery pass every %s seconds", clock.process, TICK_SECONDS)
    scheduler.start()


def _safe_tick(clock: Clock) -> None:
    try:
        clock.tick()
    except Exception:
        # A database restart or Slack outage must not stop the clock; the next tick tries again.
        logger.exception("clock pass failed; trying again next tick")
