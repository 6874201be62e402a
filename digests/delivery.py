"""Delivering digests exactly once per subscription per period, whatever the clock does.

A pass (what `scrutiny-bot clock` runs every tick and `scrutiny-bot digest run` runs once):

1. **Claim.** For every subscription whose `next_run_at` has come, insert a delivery row for the
   latest scheduled time that has passed. The row's (subscription, period) is unique, so however
   many clock processes run, one of them gets it; the subscription's `next_run_at` moves to the
   following week in the same transaction. A clock that was down claims the latest missed period
   only, once. A claim carries a lease: a delivery still "claimed" after its lease (its process
   died between claiming and sending) is claimed again by the next pass.
2. **Send.** Each claimed delivery is built as of its period and posted, paced by PostPacer.
   A 429 waits out Retry-After for that message; a transient failure is retried with backoff
   and, if it persists, left for the next pass; a permanent one (the channel is gone, the bot is
   not in it) pauses that subscription and tells whoever created it. One bad channel never
   blocks the others, and neither does a subscription whose digest cannot be built (it is
   paused with the reason).

Exactly once when things go wrong. Every digest is posted with message metadata naming its
delivery (DIGEST_EVENT). An outcome we cannot know — the process died after claiming, or Slack
timed out or failed while we posted (a timed-out chat.postMessage has usually been posted) — is
settled by evidence, never by posting again: before re-posting, the channel's recent history is
searched for that delivery's metadata, and if it is there the delivery is marked sent. When the
history cannot be read (the app lacks channels:history / groups:history, or is not in the
channel) the subscription is paused and its creator told, rather than risk a second copy.
While a pass runs, a heartbeat renews the leases of the deliveries it holds, so a slow pass is
never reclaimed by another clock or a hand `digest run`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from digests.content import Digest, build_digest
from digests.digest_pass import DigestPass
from digests.ratelimit import PostPacer
from digests.schedule import Schedule, latest_run_at_or_before, next_run_after
from store.db import insert_or_ignore, rows_changed, transaction
from store.errors import StoreError
from store.leases import lease_expired, take_over
from store.models import DigestDelivery, DigestSubscription

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
CLAIM_BATCH = 50
TRANSIENT_RETRIES = 3
RATE_LIMIT_RETRIES = 8
DIGEST_EVENT = "scrutiny_digest"  # the message metadata event type that marks our digests
# How far before a delivery's period its post may be found: clocks disagree by seconds, not days.
HISTORY_SLACK = timedelta(days=1)


class PostFailed(Exception):
    """Base of what a Poster raises."""


class PermanentFailure(PostFailed):
    """Retrying cannot help: channel_not_found, not_in_channel, account_inactive, is_archived…"""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class RateLimited(PostFailed):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


class TransientFailure(PostFailed):
    """Slack answered 5xx, timed out or could not be reached; worth trying again later. After a
    post, it may have been posted all the same."""


class HistoryUnavailable(PostFailed):
    """The channel's history cannot be read (missing_scope, not_in_channel…), so an ambiguous
    post cannot be checked."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class Rendered(Protocol):
    """A message ready to post: what a DigestRenderer returns (handlers' Block Kit Message)."""

    text: str
    blocks: list[dict[str, Any]]


# Turns a Digest into a message. Delivery is handed one (the clock passes handlers.blocks.digest's)
# so this package never learns Block Kit.
DigestRenderer = Callable[[Digest], Rendered]


class Poster(Protocol):
    """Posts to Slack for one workspace's channels; implemented in handlers/ over the Web API."""

    def post(self, workspace_id: str, channel: str, text: str, blocks: list[dict[str, Any]] | None, metadata: dict[str, Any] | None = None) -> str: ...

    def find_posted(self, workspace_id: str, channel: str, metadata: dict[str, Any], since: datetime) -> str | None:
        """The ts of our message in `channel` carrying `metadata`'s event (posted after `since`), or None."""
        ...

    def direct_message(self, workspace_id: str, user_id: str, text: str, metadata: dict[str, Any] | None = None) -> None: ...

    def find_direct_messages(self, workspace_id: str, user_id: str, event_type: str, since: datetime) -> list[dict[str, Any]]:
        """The metadata payloads of our messages of `event_type` in the bot's DM with `user_id`."""
        ...


@dataclass
class Claim:
    delivery_id: int
    subscription_id: int
    workspace_id: str
    channel_id: str
    period_start: datetime
    kind: str
    # Claimed before (a process died, or a post failed or timed out): it may already be in the
    # channel, so the channel's history is checked before posting.
    maybe_posted: bool = False
    process: str = ""

    @property
    def metadata(self) -> dict[str, Any]:
        return {
            "event_type": DIGEST_EVENT,
            "event_payload": {"delivery_id": self.delivery_id, "subscription_id": self.subscription_id, "period": self.period_start.isoformat()},
        }


@dataclass
class PassReport:
    claimed: int = 0
    sent: int = 0
    skipped_quiet: int = 0
    left_for_retry: int = 0
    paused: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


def schedule_of(subscription: DigestSubscription) -> Schedule:
    return Schedule(subscription.weekday, subscription.time_of_day, subscription.timezone)


def claim_due(session_factory: sessionmaker[Session], now: datetime, *, process: str, lease: timedelta = LEASE) -> list[Claim]:
    """Claim every delivery that is due now (see the module's step 1)."""
    claims: list[Claim] = []
    with session_factory() as session:
        due = list(
            session.scalars(
                select(DigestSubscription.id)
                .where(DigestSubscription.paused.is_(False), DigestSubscription.next_run_at <= now)
                .order_by(DigestSubscription.next_run_at, DigestSubscription.id)
            )
        )
    # Short transactions of a batch each: quick to commit, never holding many locks for long.
    for start in range(0, len(due), CLAIM_BATCH):
        with transaction(session_factory) as session:
            for subscription_id in due[start : start + CLAIM_BATCH]:
                claim = _claim_period(session, subscription_id, now, process, lease)
                if claim is not None:
                    claims.append(claim)
    claims.extend(_reclaim_expired(session_factory, now, process, lease))
    return claims


def _claim_period(session: Session, subscription_id: int, now: datetime, process: str, lease: timedelta) -> Claim | None:
    subscription = session.get(DigestSubscription, subscription_id)
    if subscription is None or subscription.paused or subscription.next_run_at > now:
        return None  # another process moved it on since we looked
    schedule = schedule_of(subscription)
    period = latest_run_at_or_before(schedule, now)
    moved = rows_changed(session,
        update(DigestSubscription)
        .where(DigestSubscription.id == subscription_id, DigestSubscription.next_run_at == subscription.next_run_at)
        .values(next_run_at=next_run_after(schedule, period))
    )
    if moved == 0:
        return None
    inserted = session.execute(
        insert_or_ignore(
            session,
            DigestDelivery,
            workspace_id=subscription.workspace_id,
            subscription_id=subscription_id,
            period_start=period,
            kind="scheduled",
            state="claimed",
            claimed_by=process,
            lease_until=now + lease,
            attempts=1,
        )
        .returning(DigestDelivery.id)
    ).first()
    if inserted is None:
        return None
    return Claim(inserted[0], subscription_id, subscription.workspace_id, subscription.channel_id, period, "scheduled", process=process)


def _reclaim_expired(session_factory: sessionmaker[Session], now: datetime, process: str, lease: timedelta) -> list[Claim]:
    """Deliveries claimed by a process that never finished them: ours to send now."""
    with session_factory() as session:
        stale = list(
            session.scalars(
                select(DigestDelivery.id).where(lease_expired(DigestDelivery, now))
            )
        )
    claims = []
    for delivery_id in stale:
        with transaction(session_factory) as session:
            if not take_over(session, DigestDelivery, delivery_id, now,
                             claimed_by=process, lease_until=now + lease, attempts=DigestDelivery.attempts + 1):
                continue
            delivery = session.get(DigestDelivery, delivery_id)
            subscription = session.get(DigestSubscription, delivery.subscription_id) if delivery else None
            if delivery is None or subscription is None:
                continue
            # Whoever held it may have posted it before dying: look before posting again.
            claims.append(Claim(delivery.id, subscription.id, subscription.workspace_id, subscription.channel_id, delivery.period_start,
                                delivery.kind, maybe_posted=True, process=process))
    return claims


def claim_manual(session_factory: sessionmaker[Session], subscription_id: int, now: datetime, *, process: str) -> Claim:
    """An officer's "send now": its own delivery, so it never takes the week's scheduled one."""
    with transaction(session_factory) as session:
        subscription = session.get(DigestSubscription, subscription_id)
        assert subscription is not None
        delivery = DigestDelivery(
            workspace_id=subscription.workspace_id, subscription_id=subscription_id, period_start=now, kind="manual",
            state="claimed", claimed_by=process, lease_until=now + LEASE, attempts=1,
        )
        session.add(delivery)
        session.flush()
        return Claim(delivery.id, subscription_id, subscription.workspace_id, subscription.channel_id, now, "manual", process=process)


def run_delivery_pass(
    session_factory: sessionmaker[Session],
    poster: Poster,
    now: datetime,
    *,
    process: str,
    pacers: Callable[[str], PostPacer],
    render: DigestRenderer,
    workers: int = 8,
    sleep: Callable[[float], None] = time.sleep,
    lease: timedelta = LEASE,
) -> PassReport:
    """One pass. It uses up to 2 × `workers` + 1 database connections at once (builders,
    posters and the heartbeat): size the pool for that (see `pass_connections`)."""
    started = time.monotonic()
    report = PassReport()
    claims = claim_due(session_factory, now, process=process, lease=lease)
    report.claimed = len(claims)
    if claims:
        # Building and posting have their own workers. The posts the limits allow at once are
        # built first and sent as one burst; the rest are built while that burst's minute runs,
        # and posted as the limits allow. (Building while posting the burst would spread it out;
        # posting workers that also build would sit waiting on the limits with nothing built.)
        head, tail = _first_window(claims, pacers)

        def post(claim: Claim, prepared: Rendered | str) -> str:
            if isinstance(prepared, str):
                return prepared
            try:
                return send(session_factory, poster, claim, prepared, now, pacer=pacers(claim.workspace_id), sleep=sleep)
            except Exception:
                # The database went away mid-send, or a bug: the claim's lease lapses and the next
                # pass settles it (checking the channel first), without stopping this one.
                logger.exception("digest %s for %s failed; the next pass will settle it", claim.delivery_id, claim.channel_id)
                return "retry"

        shared = DigestPass()  # owner directories and identical digests, once a pass

        def build(claim: Claim) -> Rendered | str:
            return prepare(session_factory, poster, claim, now, render=render, shared=shared)

        with Heartbeat(session_factory, claims, process, now, lease, since=started), \
                ThreadPoolExecutor(max_workers=workers, thread_name_prefix="digest-build") as builders, \
                ThreadPoolExecutor(max_workers=workers, thread_name_prefix="digest-post") as posters:
            built = list(builders.map(build, head))
            futures = {c.delivery_id: posters.submit(post, c, p) for c, p in zip(head, built, strict=True)}
            # Let the burst have the CPU: the tail cannot be posted before its minute is up.
            for future in list(futures.values()):
                future.result()
            for claim, prepared in zip(tail, builders.map(build, tail), strict=True):
                futures[claim.delivery_id] = posters.submit(post, claim, prepared)
            outcomes = [futures[c.delivery_id].result() for c in claims]
        for claim, outcome in zip(claims, outcomes, strict=True):
            if outcome == "sent":
                report.sent += 1
            elif outcome == "skipped":
                report.skipped_quiet += 1
            elif outcome in ("retry", "taken"):
                report.left_for_retry += 1
            else:
                report.paused.append((claim.subscription_id, outcome))
    report.seconds = time.monotonic() - started
    return report


def pass_connections(workers: int) -> int:
    """Database connections a pass with `workers` may hold at once: builders, posters, heartbeat."""
    return 2 * workers + 1


class Heartbeat:
    """Renews the leases of a pass's unfinished deliveries while it runs, so no other clock takes
    them over however long Slack keeps the pass waiting. Times run on from the pass's `now`, so a
    pass run `--as-of` another moment keeps consistent leases."""

    def __init__(self, session_factory: sessionmaker[Session], claims: list[Claim], process: str, now: datetime, lease: timedelta,
                 *, since: float | None = None) -> None:
        self._session_factory = session_factory
        self._ids = [c.delivery_id for c in claims]
        self._process = process
        self._now = now
        self._lease = lease
        # The monotonic moment `now` stands for: the pass's start, not this heartbeat's. Counted
        # from here instead, every renewal fell short by however long claiming took, and a pass
        # slow to reach its heartbeat saw another clock take leases it was still renewing.
        self._started = time.monotonic() if since is None else since
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="digest-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        interval = max(self._lease.total_seconds() / 3, 0.05)
        while not self._stop.wait(interval):
            try:
                self.renew()
            except Exception:
                logger.exception("could not renew digest leases; trying again in %.0f s", interval)

    def renew(self) -> int:
        until = self._now + timedelta(seconds=time.monotonic() - self._started) + self._lease
        with transaction(self._session_factory) as session:
            renewed = rows_changed(session,
                update(DigestDelivery)
                .where(DigestDelivery.id.in_(self._ids), DigestDelivery.state == "claimed", DigestDelivery.claimed_by == self._process)
                .values(lease_until=until)
            )
        return renewed


def _first_window(claims: list[Claim], pacers: Callable[[str], PostPacer]) -> tuple[list[Claim], list[Claim]]:
    head: list[Claim] = []
    tail: list[Claim] = []
    taken: dict[str, int] = {}
    for claim in claims:
        allowed = pacers(claim.workspace_id).per_minute or len(claims)
        if taken.get(claim.workspace_id, 0) < allowed:
            head.append(claim)
            taken[claim.workspace_id] = taken.get(claim.workspace_id, 0) + 1
        else:
            tail.append(claim)
    return head, tail


def deliver(
    session_factory: sessionmaker[Session],
    poster: Poster,
    claim: Claim,
    now: datetime,
    *,
    pacer: PostPacer,
    render: DigestRenderer,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Build and post one claimed digest. Returns "sent", "skipped", "retry" or the permanent error."""
    prepared = prepare(session_factory, poster, claim, now, render=render)
    if isinstance(prepared, str):
        return prepared
    return send(session_factory, poster, claim, prepared, now, pacer=pacer, sleep=sleep)


def prepare(
    session_factory: sessionmaker[Session], poster: Poster, claim: Claim, now: datetime, *, render: DigestRenderer,
    shared: DigestPass | None = None,
) -> Rendered | str:
    """The digest's message, or the outcome when there is nothing to post ("skipped", an error)."""
    try:
        message, quiet_skip = _build(session_factory, claim, render, shared)
    except StoreError as problem:
        return _pause(session_factory, poster, claim, f"its filter no longer works ({problem})")
    except Exception as problem:
        logger.exception("could not build digest %s for %s", claim.delivery_id, claim.channel_id)
        try:
            if _store_unavailable(problem):
                # No connection (pool exhausted, database restarting): nothing wrong with this digest.
                return _leave_for_retry(session_factory, claim, f"the store was unavailable ({type(problem).__name__})", now)
            # One subscription that cannot be built (a filter the database refuses as too
            # complex, a bug) pauses itself with the reason; the rest of the pass goes on.
            return _pause(session_factory, poster, claim, f"its digest could not be built ({type(problem).__name__})")
        except Exception:
            logger.exception("could not record the outcome of digest %s; its lease will lapse", claim.delivery_id)
            return "retry"
    if quiet_skip:
        _finish(session_factory, claim, state="skipped", now=now)
        return "skipped"
    return message


def send(
    session_factory: sessionmaker[Session],
    poster: Poster,
    claim: Claim,
    message: Rendered,
    now: datetime,
    *,
    pacer: PostPacer,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Post one built digest. Returns "sent", "retry", "taken" (another process holds it now) or
    the error that paused it."""
    retries = _Retries(sleep)
    maybe_posted = claim.maybe_posted
    while True:
        if maybe_posted:
            try:
                ts = poster.find_posted(claim.workspace_id, claim.channel_id, claim.metadata, claim.period_start - HISTORY_SLACK)
            except HistoryUnavailable as problem:
                return _pause(session_factory, poster, claim, f"history_unavailable:{problem.error}")
            except RateLimited as slow:
                if not retries.after_rate_limit(slow):
                    return _leave_for_retry(session_factory, claim, "rate limited", now)
                continue
            except TransientFailure as problem:
                if not retries.after_transient_failure():
                    return _leave_for_retry(session_factory, claim, str(problem), now)
                continue
            except PermanentFailure as problem:
                return _pause(session_factory, poster, claim, problem.error)
            if ts is not None:
                logger.info("digest %s was already in %s; marked sent without posting again", claim.delivery_id, claim.channel_id)
                _finish(session_factory, claim, state="sent", now=now, ts=ts)
                return "sent"
            maybe_posted = False
        if not _still_ours(session_factory, claim):
            return "taken"
        pacer.wait_turn(claim.channel_id)
        try:
            ts = poster.post(claim.workspace_id, claim.channel_id, message.text, message.blocks, metadata=claim.metadata)
        except RateLimited as slow:
            pacer.give_back(claim.channel_id)
            if not retries.after_rate_limit(slow):
                return _leave_for_retry(session_factory, claim, "rate limited", now)
            continue
        except TransientFailure as problem:
            # A 5xx or a timeout after sending may still have posted it: look before trying again.
            maybe_posted = True
            if not retries.after_transient_failure():
                return _leave_for_retry(session_factory, claim, str(problem), now)
            continue
        except PermanentFailure as problem:
            return _pause(session_factory, poster, claim, problem.error)
        _finish(session_factory, claim, state="sent", now=now, ts=ts)
        return "sent"


@dataclass
class _Retries:
    """One send's refusals so far, counted across looking and posting: each `after_…` waits as
    Slack asked and returns True to try again, or False once there were too many."""

    sleep: Callable[[float], None]
    limited: int = 0
    transient: int = 0

    def after_rate_limit(self, slow: RateLimited) -> bool:
        self.limited += 1
        if self.limited > RATE_LIMIT_RETRIES:
            return False
        self.sleep(slow.retry_after)
        return True

    def after_transient_failure(self) -> bool:
        self.transient += 1
        if self.transient > TRANSIENT_RETRIES:
            return False
        self.sleep(2 ** (self.transient - 1))
        return True


def _store_unavailable(problem: Exception) -> bool:
    return isinstance(problem, PoolTimeout) or (isinstance(problem, DBAPIError) and bool(problem.connection_invalidated))


def _still_ours(session_factory: sessionmaker[Session], claim: Claim) -> bool:
    """Whether the claim is still this process's and unfinished; checked just before posting."""
    if not claim.process:
        return True
    with session_factory() as session:
        row = session.execute(
            select(DigestDelivery.state, DigestDelivery.claimed_by).where(DigestDelivery.id == claim.delivery_id)
        ).first()
    return row is not None and row.state == "claimed" and row.claimed_by == claim.process


def _build(session_factory: sessionmaker[Session], claim: Claim, render: DigestRenderer,
           shared: DigestPass | None = None) -> tuple[Rendered, bool]:
    with session_factory() as session:
        subscription = session.get(DigestSubscription, claim.subscription_id)
        assert subscription is not None
        previous = session.scalar(
            select(DigestDelivery.period_start)
            .where(
                DigestDelivery.subscription_id == claim.subscription_id,
                DigestDelivery.state == "sent",
                DigestDelivery.period_start < claim.period_start,
            )
            .order_by(DigestDelivery.period_start.desc())
            .limit(1)
        )
        digest = shared.built(subscription, claim.period_start, previous) if shared else None
        if digest is None:
            digest = build_digest(session, subscription, as_of=claim.period_start, previous=previous,
                                  owner_cache=shared.owners if shared else None, reads=shared.reads if shared else None)
            if shared:
                shared.keep(subscription, claim.period_start, previous, digest)
        quiet_skip = digest.quiet and subscription.quiet_weeks == "skip" and claim.kind == "scheduled"
        return render(digest), quiet_skip


def _finish(session_factory: sessionmaker[Session], claim: Claim, *, state: str, now: datetime, ts: str | None = None) -> None:
    with transaction(session_factory) as session:
        session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == claim.delivery_id)
            .values(state=state, sent_at=now, message_ts=ts, lease_until=None, error=None)
        )


def _leave_for_retry(session_factory: sessionmaker[Session], claim: Claim, why: str, now: datetime) -> str:
    # Still claimed, lease over and no longer ours (so the heartbeat leaves it be): the next pass
    # (or another clock) takes it again, looking in the channel first.
    with transaction(session_factory) as session:
        session.execute(update(DigestDelivery).where(DigestDelivery.id == claim.delivery_id).values(lease_until=now, claimed_by=None, error=why))
    logger.warning("digest %s for %s left for the next pass: %s", claim.delivery_id, claim.channel_id, why)
    return "retry"


def _pause(session_factory: sessionmaker[Session], poster: Poster, claim: Claim, error: str) -> str:
    with transaction(session_factory) as session:
        session.execute(update(DigestDelivery).where(DigestDelivery.id == claim.delivery_id).values(state="failed", error=error, lease_until=None))
        subscription = session.get(DigestSubscription, claim.subscription_id)
        assert subscription is not None
        subscription.paused = True
        subscription.paused_reason = error
        creator = subscription.created_by
    logger.warning("paused digest subscription %s (%s): %s", claim.subscription_id, claim.channel_id, error)
    if creator:
        try:
            poster.direct_message(
                claim.workspace_id,
                creator,
                f":warning: The weekly digest for <#{claim.channel_id}> is paused: Slack said `{error}`. "
                f"{_advice(error)} Then type `/digest resume {claim.subscription_id}` in that channel.",
            )
        except PostFailed:
            logger.exception("could not tell %s that digest %s is paused", creator, claim.subscription_id)
    return error


def _advice(error: str) -> str:
    if error.startswith("history_unavailable:"):
        return ("The digest may already be in the channel, but the bot could not read the channel's history to check "
                "(it needs the channels:history and groups:history scopes and to be in the channel), so it did not post "
                "a second copy. Look in the channel; reinstall the app or `/invite @scrutiny-bot` if needed.")
    return {
        "not_in_channel": "Invite the bot to the channel (`/invite @scrutiny-bot`).",
        "channel_not_found": "The channel may have been deleted or made private; subscribe again where the digest should go.",
        "is_archived": "The channel is archived; unarchive it or subscribe another channel.",
        "account_inactive": "The bot's installation is no longer active; reinstall the app.",
    }.get(error, "Check the channel and the app's installation.")

