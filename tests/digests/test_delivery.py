"""Delivery: exactly once per subscription per period, through restarts, races and Slack's moods."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from digests.delivery import (
    DIGEST_EVENT,
    Claim,
    LEASE,
    Heartbeat,
    HistoryUnavailable,
    PermanentFailure,
    RateLimited,
    TransientFailure,
    claim_due,
    claim_manual,
    deliver,
    run_delivery_pass,
)
from digests.ratelimit import PostPacer
from digests.schedule import Schedule
from digests.subscriptions import resume, subscribe
from handlers.blocks.digest import render_digest
from store.models import DigestDelivery, DigestSubscription
from tests.conftest import NOW, WORKSPACE

MONDAY_9 = datetime.fromisoformat("2026-03-16T09:00:00+00:00")  # the test clock's Monday
WEEK = timedelta(days=7)


class FakePoster:
    """Records posts and their metadata; can be told to fail for a channel, or to fail after the
    post landed (as a timed-out chat.postMessage does)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str]] = []
        self.metadata: list[tuple[str, dict | None]] = []
        self.dms: list[tuple[str, str]] = []
        self.failures: dict[str, list[Exception]] = {}
        self.fail_after_posting: dict[str, list[Exception]] = {}
        self.history_error: Exception | None = None
        self.history_reads = 0
        self.lock = threading.Lock()

    def post(self, workspace_id, channel, text, blocks, metadata=None):  # type: ignore[no-untyped-def]
        with self.lock:
            queue = self.failures.get(channel)
            if queue:
                raise queue.pop(0)
            self.posts.append((channel, text))
            self.metadata.append((channel, metadata))
            after = self.fail_after_posting.get(channel)
            if after:
                raise after.pop(0)
            return f"{len(self.posts)}.000"

    def find_posted(self, workspace_id, channel, metadata, since):  # type: ignore[no-untyped-def]
        with self.lock:
            self.history_reads += 1
            if self.history_error is not None:
                raise self.history_error
            for n, (posted_in, found) in enumerate(self.metadata, start=1):
                if posted_in == channel and found == metadata:
                    return f"{n}.000"
            return None

    def direct_message(self, workspace_id, user_id, text, metadata=None):  # type: ignore[no-untyped-def]
        with self.lock:
            self.dms.append((user_id, text))
            self.metadata.append((user_id, metadata))
            after = self.fail_after_posting.get(user_id)
            if after:
                raise after.pop(0)

    def find_direct_messages(self, workspace_id, user_id, event_type, since):  # type: ignore[no-untyped-def]
        with self.lock:
            self.history_reads += 1
            if self.history_error is not None:
                raise self.history_error
            return [m["event_payload"] for who, m in self.metadata if who == user_id and m and m["event_type"] == event_type]

    def channels(self) -> list[str]:
        return sorted(c for c, _ in self.posts)


@pytest.fixture
def poster() -> FakePoster:
    return FakePoster()


@pytest.fixture
def subscribed(demo):  # type: ignore[no-untyped-def]
    """Two channels subscribed a week before the test Monday."""
    with demo.session_factory.begin() as session:
        for channel, query in (("C0A", "plan:NF"), ("C0B", "")):
            subscribe(session, WORKSPACE, channel, query=query, schedule=Schedule(), quiet_weeks="line", created_by="U0CREATOR", now=MONDAY_9 - WEEK)
    return demo


def run(db, poster, now, **kw):  # type: ignore[no-untyped-def]
    return run_delivery_pass(db.session_factory, poster, now, process=kw.pop("process", "test"),
                             pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=lambda s: None,
                             render=render_digest, **kw)


def deliveries(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return [(d.subscription_id, d.period_start, d.state) for d in session.scalars(select(DigestDelivery).order_by(DigestDelivery.id))]


def test_a_due_digest_is_sent_once_and_the_next_run_moves_a_week_on(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    report = run(subscribed, poster, MONDAY_9 + timedelta(minutes=1))
    assert (report.claimed, report.sent) == (2, 2)
    assert poster.channels() == ["C0A", "C0B"]
    with subscribed.session() as session:
        assert {s.next_run_at for s in session.scalars(select(DigestSubscription))} == {MONDAY_9 + WEEK}


def test_nothing_is_sent_before_it_is_due(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    assert run(subscribed, poster, MONDAY_9 - timedelta(minutes=1)).claimed == 0 and poster.posts == []


def test_another_pass_in_the_same_period_sends_nothing(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    run(subscribed, poster, MONDAY_9)
    run(subscribed, poster, MONDAY_9 + timedelta(hours=3))
    assert poster.channels() == ["C0A", "C0B"]


def test_two_clocks_at_once_still_send_each_digest_once(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(4)

    def clock(name: str) -> None:
        barrier.wait()
        run(subscribed, poster, MONDAY_9, process=name)

    threads = [threading.Thread(target=clock, args=(f"clock-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert poster.channels() == ["C0A", "C0B"]
    assert len(deliveries(subscribed)) == 2


def test_a_clock_down_for_three_weeks_catches_up_once_on_the_latest_period(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    report = run(subscribed, poster, MONDAY_9 + 2 * WEEK + timedelta(days=2))
    assert report.sent == 2
    # Two weeks on, summer time has begun: 09:00 in London is 08:00 UTC.
    assert {period for _, period, _ in deliveries(subscribed)} == {datetime.fromisoformat("2026-03-30T08:00:00+00:00")}
    assert run(subscribed, poster, MONDAY_9 + 2 * WEEK + timedelta(days=3)).claimed == 0


def test_a_crash_between_claim_and_send_is_sent_after_the_lease(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    claims = claim_due(subscribed.session_factory, MONDAY_9, process="died")  # then the process died
    assert len(claims) == 2 and poster.posts == []
    assert run(subscribed, poster, MONDAY_9 + LEASE - timedelta(seconds=1)).claimed == 0
    report = run(subscribed, poster, MONDAY_9 + LEASE + timedelta(seconds=1))
    assert report.sent == 2 and poster.channels() == ["C0A", "C0B"]
    assert run(subscribed, poster, MONDAY_9 + 2 * LEASE).claimed == 0


def test_a_quiet_week_is_one_line_or_nothing_as_the_channel_chose(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    with subscribed.session_factory.begin() as session:
        subscribe(session, WORKSPACE, "C0Q", query="plan:EB", schedule=Schedule(), quiet_weeks="skip", created_by="U0C", now=MONDAY_9 - WEEK)
        subscribe(session, WORKSPACE, "C0L", query="plan:EB", schedule=Schedule(), quiet_weeks="line", created_by="U0C", now=MONDAY_9 - WEEK)
    later = MONDAY_9 + 4 * WEEK  # long after the demo's updates
    run(subscribed, poster, later - WEEK)
    poster.posts.clear()
    report = run(subscribed, poster, later)
    assert report.skipped_quiet == 1
    assert "C0Q" not in poster.channels() and any(c == "C0L" and "Quiet week" in t for c, t in poster.posts)


def test_a_rate_limited_post_waits_out_retry_after(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [RateLimited(3.0)]
    waited: list[float] = []
    run_delivery_pass(subscribed.session_factory, poster, MONDAY_9, process="t", pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=waited.append, render=render_digest)
    assert waited == [3.0] and poster.channels() == ["C0A", "C0B"]


def test_transient_failures_are_retried_with_backoff(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [TransientFailure("HTTP 503"), TransientFailure("HTTP 502")]
    waited: list[float] = []
    run_delivery_pass(subscribed.session_factory, poster, MONDAY_9, process="t", pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=waited.append, render=render_digest)
    assert waited == [1, 2] and poster.channels() == ["C0A", "C0B"]


def test_a_long_outage_leaves_the_digest_for_the_next_pass(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [TransientFailure("down")] * 10
    report = run(subscribed, poster, MONDAY_9)
    assert (report.sent, report.left_for_retry) == (1, 1)
    poster.failures["C0A"] = []
    report = run(subscribed, poster, MONDAY_9 + timedelta(minutes=1))
    assert report.sent == 1 and poster.channels() == ["C0A", "C0B"]


def test_a_permanent_error_pauses_that_digest_tells_its_creator_and_spares_the_others(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [PermanentFailure("not_in_channel")]
    report = run(subscribed, poster, MONDAY_9)
    assert poster.channels() == ["C0B"]
    assert [error for _, error in report.paused] == ["not_in_channel"]
    [(who, text)] = poster.dms
    assert who == "U0CREATOR" and "/invite @scrutiny-bot" in text and "/digest resume" in text
    with subscribed.session() as session:
        paused = session.scalar(select(DigestSubscription).where(DigestSubscription.channel_id == "C0A"))
        assert (paused.paused, paused.paused_reason) == (True, "not_in_channel")
    assert run(subscribed, poster, MONDAY_9 + WEEK).sent == 1  # the paused one stays paused


def test_send_now_does_not_take_the_weeks_scheduled_digest(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    with subscribed.session() as session:
        subscription_id = session.scalar(select(DigestSubscription.id).where(DigestSubscription.channel_id == "C0A"))
    claim = claim_manual(subscribed.session_factory, subscription_id, MONDAY_9 - timedelta(hours=1), process="officer")
    assert deliver(subscribed.session_factory, poster, claim, NOW, pacer=PostPacer(per_channel_interval=0), render=render_digest) == "sent"
    run(subscribed, poster, MONDAY_9)
    assert poster.channels() == ["C0A", "C0A", "C0B"]


def test_each_digest_reports_changes_since_the_last_one_sent(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    run(subscribed, poster, MONDAY_9)
    run(subscribed, poster, MONDAY_9 + WEEK)
    second = [t for c, t in poster.posts if c == "C0A"][1]
    assert "Weekly digest" in second or "Quiet week" in second


# Exactly once when the outcome is unknown: evidence from the channel, never a second post.


def test_every_digest_carries_its_delivery_id_in_message_metadata(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    run(subscribed, poster, MONDAY_9)
    with subscribed.session() as session:
        ids = {d.id for d in session.scalars(select(DigestDelivery))}
    assert {m["event_type"] for _, m in poster.metadata} == {DIGEST_EVENT}
    assert {m["event_payload"]["delivery_id"] for _, m in poster.metadata} == ids


def test_a_post_that_timed_out_after_landing_is_found_in_the_channel_and_not_posted_again(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.fail_after_posting["C0A"] = [TransientFailure("Slack could not be reached (TimeoutError)")]
    report = run(subscribed, poster, MONDAY_9)
    assert report.sent == 2 and poster.channels() == ["C0A", "C0B"]
    assert _states_by_channel(subscribed) == {"C0A": "sent", "C0B": "sent"}


def test_a_digest_posted_by_a_pass_that_then_died_is_marked_sent_not_posted_again(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    claims = claim_due(subscribed.session_factory, MONDAY_9, process="died")
    first = next(c for c in claims if c.channel_id == "C0A")
    poster.post(WORKSPACE, first.channel_id, "the digest", [], metadata=first.metadata)  # posted, then kill -9
    report = run(subscribed, poster, MONDAY_9 + LEASE + timedelta(seconds=1))
    assert report.sent == 2 and poster.channels() == ["C0A", "C0B"]
    assert _states_by_channel(subscribed) == {"C0A": "sent", "C0B": "sent"}


def test_without_access_to_history_an_ambiguous_digest_is_paused_not_posted_twice(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.fail_after_posting["C0A"] = [TransientFailure("timed out")]
    poster.history_error = HistoryUnavailable("missing_scope")
    report = run(subscribed, poster, MONDAY_9)
    assert poster.channels() == ["C0A", "C0B"]
    assert [error for _, error in report.paused] == ["history_unavailable:missing_scope"]
    [(who, text)] = poster.dms
    assert who == "U0CREATOR" and "channels:history" in text
    assert run(subscribed, poster, MONDAY_9 + LEASE * 3).claimed == 0 and poster.channels() == ["C0A", "C0B"]


class SlowPoster(FakePoster):
    """Each post takes 1.2 s: far longer than the 0.3 s lease of _two_clocks."""

    def post(self, workspace_id, channel, text, blocks, metadata=None):  # type: ignore[no-untyped-def]
        time.sleep(1.2)
        return super().post(workspace_id, channel, text, blocks, metadata)


def _two_clocks(db, second_after: float) -> SlowPoster:  # type: ignore[no-untyped-def]
    """A pass by the clock "first" posting slowly, and `second_after` seconds in, a pass by the
    clock "second"; each claims with a 0.3 s lease. Returns the poster both used."""
    slow = SlowPoster()

    def clock(name: str) -> None:
        run_delivery_pass(db.session_factory, slow, datetime.now(UTC), process=name,
                          pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=lambda s: None,
                          lease=timedelta(seconds=0.3), render=render_digest)

    first = threading.Thread(target=clock, args=("first",))
    first.start()
    time.sleep(second_after)
    clock("second")
    first.join()
    return slow


def test_a_slow_pass_keeps_its_leases_so_a_second_clock_takes_nothing(subscribed) -> None:  # type: ignore[no-untyped-def]
    # The first pass is posting by the time the second runs; its original leases ran out long ago.
    assert _two_clocks(subscribed, second_after=0.7).channels() == ["C0A", "C0B"]


def test_a_pass_slow_to_start_its_heartbeat_still_keeps_its_leases(subscribed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import digests.delivery as delivery

    real_claim_due = delivery.claim_due

    def slow_claim_due(*args, **kwargs):  # type: ignore[no-untyped-def]
        claims = real_claim_due(*args, **kwargs)
        if kwargs.get("process") == "first":
            time.sleep(0.35)  # the whole lease gone before the heartbeat starts
        return claims

    monkeypatch.setattr(delivery, "claim_due", slow_claim_due)
    assert _two_clocks(subscribed, second_after=0.9).channels() == ["C0A", "C0B"]


def test_the_heartbeat_renews_only_its_own_unfinished_claims(subscribed) -> None:  # type: ignore[no-untyped-def]
    claims = claim_due(subscribed.session_factory, MONDAY_9, process="mine", lease=timedelta(seconds=1))
    heartbeat = Heartbeat(subscribed.session_factory, claims, "mine", MONDAY_9, timedelta(minutes=2))
    assert heartbeat.renew() == 2
    with subscribed.session() as session:
        assert all(d.lease_until >= MONDAY_9 + timedelta(minutes=2) for d in session.scalars(select(DigestDelivery)))
    assert Heartbeat(subscribed.session_factory, claims, "someone-else", MONDAY_9, LEASE).renew() == 0


def test_a_digest_the_database_refuses_to_build_pauses_its_subscription_and_the_pass_goes_on(subscribed, poster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import digests.delivery as delivery

    with subscribed.session_factory.begin() as session:
        huge = subscribe(session, WORKSPACE, "C0HUGE", query="", schedule=Schedule(), quiet_weeks="line", created_by="U0C", now=MONDAY_9 - WEEK)
    real_build = delivery.build_digest

    def build(session, subscription, **kw):  # type: ignore[no-untyped-def]
        if subscription.channel_id == "C0HUGE":  # what PostgreSQL says of a 200,000-character filter
            raise OperationalError("SELECT …", {}, Exception("stack depth limit exceeded (StatementTooComplex)"))
        return real_build(session, subscription, **kw)

    monkeypatch.setattr(delivery, "build_digest", build)
    report = run(subscribed, poster, MONDAY_9)
    assert poster.channels() == ["C0A", "C0B"]
    [(paused_id, reason)] = report.paused
    assert paused_id == huge.id and "could not be built" in reason
    with subscribed.session() as session:
        assert session.get(DigestSubscription, huge.id).paused


def _states_by_channel(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {s.channel_id: d.state for d, s in session.execute(
            select(DigestDelivery, DigestSubscription).join(DigestSubscription, DigestSubscription.id == DigestDelivery.subscription_id))}


# Resuming or subscribing again never skips a period that is due.


def test_subscribing_again_when_the_digest_is_due_keeps_this_weeks_digest(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    with subscribed.session_factory.begin() as session:
        subscribe(session, WORKSPACE, "C0A", query="plan:NF", schedule=Schedule(), quiet_weeks="skip", created_by="U0CREATOR",
                  now=MONDAY_9 + timedelta(minutes=5))
    run(subscribed, poster, MONDAY_9 + timedelta(minutes=6))
    assert poster.channels() == ["C0A", "C0B"]


def test_resuming_sends_the_digest_whose_failure_paused_it(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [PermanentFailure("not_in_channel")]
    run(subscribed, poster, MONDAY_9)
    with subscribed.session_factory.begin() as session:
        paused = session.scalar(select(DigestSubscription).where(DigestSubscription.channel_id == "C0A"))
        resume(session, paused, MONDAY_9 + timedelta(hours=1))  # the bot was invited meanwhile
    report = run(subscribed, poster, MONDAY_9 + timedelta(hours=1, minutes=1))
    assert report.sent == 1 and poster.channels() == ["C0A", "C0B"]
    assert run(subscribed, poster, MONDAY_9 + timedelta(hours=2)).claimed == 0


def test_resuming_after_weeks_paused_sends_the_latest_period_at_once(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    with subscribed.session_factory.begin() as session:
        for s in session.scalars(select(DigestSubscription)):
            s.paused = True
    with subscribed.session_factory.begin() as session:
        first = session.scalar(select(DigestSubscription).where(DigestSubscription.channel_id == "C0A"))
        resume(session, first, MONDAY_9 + 2 * WEEK + timedelta(hours=1))
    run(subscribed, poster, MONDAY_9 + 2 * WEEK + timedelta(hours=1, minutes=1))
    assert poster.channels() == ["C0A"]


def test_a_digest_left_for_the_next_pass_is_not_kept_by_the_heartbeat(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [TransientFailure("down")] * 10
    run(subscribed, poster, MONDAY_9)  # the pass's process is "test"
    with subscribed.session() as session:
        left = session.scalar(select(DigestDelivery).where(DigestDelivery.state == "claimed"))
    claim = Claim(left.id, left.subscription_id, WORKSPACE, "C0A", left.period_start, "scheduled", process="test")
    assert Heartbeat(subscribed.session_factory, [claim], "test", MONDAY_9, LEASE).renew() == 0


def test_a_digest_built_while_the_pool_is_exhausted_is_left_for_the_next_pass_not_paused(subscribed, poster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import digests.delivery as delivery
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    real_build = delivery.build_digest

    def build(session, subscription, **kw):  # type: ignore[no-untyped-def]
        if subscription.channel_id == "C0A":
            raise PoolTimeout("QueuePool limit of size 5 overflow 5 reached")
        return real_build(session, subscription, **kw)

    monkeypatch.setattr(delivery, "build_digest", build)
    report = run(subscribed, poster, MONDAY_9)
    assert (report.sent, report.left_for_retry, report.paused) == (1, 1, [])
    monkeypatch.setattr(delivery, "build_digest", real_build)
    assert run(subscribed, poster, MONDAY_9 + timedelta(minutes=1)).sent == 1
    assert poster.channels() == ["C0A", "C0B"]
