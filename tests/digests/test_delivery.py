"""Delivery: exactly once per subscription per period, through restarts, races and Slack's moods."""

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from digests.delivery import (
    LEASE,
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
from digests.subscriptions import subscribe
from store.models import DigestDelivery, DigestSubscription
from tests.conftest import NOW, WORKSPACE

MONDAY_9 = datetime.fromisoformat("2026-03-16T09:00:00+00:00")  # the test clock's Monday
WEEK = timedelta(days=7)


class FakePoster:
    """Records posts; can be told to fail for a channel."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str]] = []
        self.dms: list[tuple[str, str]] = []
        self.failures: dict[str, list[Exception]] = {}
        self.lock = threading.Lock()

    def post(self, workspace_id, channel, text, blocks):  # type: ignore[no-untyped-def]
        with self.lock:
            queue = self.failures.get(channel)
            if queue:
                raise queue.pop(0)
            self.posts.append((channel, text))
            return f"{len(self.posts)}.000"

    def direct_message(self, workspace_id, user_id, text):  # type: ignore[no-untyped-def]
        self.dms.append((user_id, text))

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
                             pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=lambda s: None, **kw)


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
    run_delivery_pass(subscribed.session_factory, poster, MONDAY_9, process="t", pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=waited.append)
    assert waited == [3.0] and poster.channels() == ["C0A", "C0B"]


def test_transient_failures_are_retried_with_backoff(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    poster.failures["C0A"] = [TransientFailure("HTTP 503"), TransientFailure("HTTP 502")]
    waited: list[float] = []
    run_delivery_pass(subscribed.session_factory, poster, MONDAY_9, process="t", pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=waited.append)
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
    assert deliver(subscribed.session_factory, poster, claim, NOW, pacer=PostPacer(per_channel_interval=0)) == "sent"
    run(subscribed, poster, MONDAY_9)
    assert poster.channels() == ["C0A", "C0A", "C0B"]


def test_each_digest_reports_changes_since_the_last_one_sent(subscribed, poster) -> None:  # type: ignore[no-untyped-def]
    run(subscribed, poster, MONDAY_9)
    run(subscribed, poster, MONDAY_9 + WEEK)
    second = [t for c, t in poster.posts if c == "C0A"][1]
    assert "Weekly digest" in second or "Quiet week" in second
