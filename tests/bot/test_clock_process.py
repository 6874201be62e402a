"""The clock as a real process: killed mid-run and restarted, it still sends every digest once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from digests.schedule import Schedule
from digests.subscriptions import subscribe
from store.models import DigestSubscription
from tests.conftest import WORKSPACE
from tests.fakes.slack_web_api import FakeSlackWebAPI

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = datetime.fromisoformat("2026-03-16T09:00:00+00:00")
CHANNELS = [f"C0CH{n}" for n in range(5)]


@pytest.fixture
def fake_slack():  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        yield slack


@pytest.fixture
def five_channels(demo):  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as session:
        for channel in CHANNELS:
            subscribe(session, WORKSPACE, channel, query="", schedule=Schedule(), quiet_weeks="line", created_by="U0001", now=MONDAY_9 - timedelta(days=7))
    return demo


def cli(db, slack, *args: str, per_minute: int = 1000) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    env = {
        **os.environ, "DATABASE_URL": db.url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url,
        "DIGEST_POSTS_PER_MINUTE": str(per_minute), "SCRUTINY_WORKSPACE": WORKSPACE,
    }
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def delivered(slack) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(c.body["channel"] for c in slack.calls_to("chat.postMessage") if c.status == 200)


def test_digest_run_as_of_delivers_what_is_due(five_channels, fake_slack) -> None:  # type: ignore[no-untyped-def]
    process = cli(five_channels, fake_slack, "digest", "run", "--as-of", MONDAY_9.isoformat())
    output = process.communicate(timeout=60)[0].decode()
    assert process.returncode == 0, output
    assert "5 digests due, 5 sent" in output
    assert delivered(fake_slack) == CHANNELS


def test_a_clock_killed_between_claim_and_send_delivers_the_rest_once_after_restart(five_channels, fake_slack) -> None:  # type: ignore[no-untyped-def]
    # Two posts a minute: the first pass claims all five, sends two, then waits on the rate limit.
    first = cli(five_channels, fake_slack, "digest", "run", "--as-of", MONDAY_9.isoformat(), per_minute=2)
    fake_slack.wait_for("chat.postMessage", count=2, timeout=30)
    time.sleep(0.3)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(delivered(fake_slack)) == 2
    # Restarted after the claims' lease ran out: the three unsent digests go, the two sent do not.
    second = cli(five_channels, fake_slack, "digest", "run", "--as-of", (MONDAY_9 + timedelta(minutes=6)).isoformat())
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    assert delivered(fake_slack) == CHANNELS


def test_the_clock_process_ticks_and_stops_cleanly(demo, fake_slack) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with demo.session_factory.begin() as session:
        subscription = subscribe(session, WORKSPACE, "C0LIVE", query="", schedule=Schedule(), quiet_weeks="line", created_by="U0001", now=now - timedelta(days=8))
        subscription.next_run_at = now - timedelta(minutes=1)
    clock = cli(demo, fake_slack, "clock")
    try:
        fake_slack.wait_for("chat.postMessage", count=1, timeout=30)
    finally:
        clock.send_signal(signal.SIGTERM)
        clock.wait(timeout=20)
    assert delivered(fake_slack) == ["C0LIVE"]


# Exactly once when the outcome is unknown: kill -9 mid-post, Slack answering after the client's
# timeout, two passes at once. Each counts the posts per channel for the period: one.


def posts_per_channel(slack) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for call in slack.calls_to("chat.postMessage"):
        if call.status == 200 and call.body.get("channel") in CHANNELS:
            counts[call.body["channel"]] = counts.get(call.body["channel"], 0) + 1
    return counts


def finished(process: subprocess.Popen[bytes]) -> str:
    output = process.communicate(timeout=60)[0].decode()
    assert process.returncode == 0, output
    return output


def test_a_pass_killed_while_posting_is_settled_from_the_channel_history_not_posted_again(five_channels, fake_slack) -> None:  # type: ignore[no-untyped-def]
    fake_slack.delay("chat.postMessage", 5)  # the posts land; the answers never reach the killed pass
    first = cli(five_channels, fake_slack, "digest", "run", "--as-of", MONDAY_9.isoformat())
    fake_slack.wait_for("chat.postMessage", count=5, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    fake_slack.delay("chat.postMessage", None)
    output = finished(cli(five_channels, fake_slack, "digest", "run", "--as-of", (MONDAY_9 + timedelta(minutes=6)).isoformat()))
    assert "5 digests due, 5 sent" in output
    assert posts_per_channel(fake_slack) == {channel: 1 for channel in CHANNELS}


def test_a_post_answered_after_the_client_timeout_is_not_posted_again(five_channels, fake_slack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_slack.delay("chat.postMessage", 1.5)
    monkeypatch.setenv("SLACK_TIMEOUT_SECONDS", "0.5")
    output = finished(cli(five_channels, fake_slack, "digest", "run", "--as-of", MONDAY_9.isoformat()))
    assert "5 sent" in output
    assert posts_per_channel(fake_slack) == {channel: 1 for channel in CHANNELS}
    assert fake_slack.calls_to("conversations.history")


def test_two_passes_at_once_with_a_slow_slack_post_each_digest_once(five_channels, fake_slack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with five_channels.session_factory.begin() as session:
        for subscription in session.scalars(select(DigestSubscription)):
            subscription.next_run_at = datetime.now(UTC) - timedelta(minutes=1)
    fake_slack.delay("chat.postMessage", 2.5)  # each post outlasts the one-second lease
    monkeypatch.setenv("DIGEST_LEASE_SECONDS", "1")
    passes = [cli(five_channels, fake_slack, "digest", "run"), cli(five_channels, fake_slack, "digest", "run")]
    time.sleep(1.5)
    passes.append(cli(five_channels, fake_slack, "digest", "run"))  # a hand run while both post
    for process in passes:
        finished(process)
    assert posts_per_channel(fake_slack) == {channel: 1 for channel in CHANNELS}


def test_without_the_history_scope_an_ambiguous_digest_is_paused_not_duplicated(five_channels, fake_slack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_slack.scopes = fake_slack.scopes.replace(",channels:history", "")
    fake_slack.delay("chat.postMessage", 1.5)
    monkeypatch.setenv("SLACK_TIMEOUT_SECONDS", "0.5")
    output = finished(cli(five_channels, fake_slack, "digest", "run", "--as-of", MONDAY_9.isoformat()))
    assert "5 paused" in output and "history_unavailable:missing_scope" in output
    assert posts_per_channel(fake_slack) == {channel: 1 for channel in CHANNELS}


def test_the_clock_sizes_its_database_pool_to_its_threads(demo) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import build_clock
    from bot.settings import Settings
    from digests.delivery import pass_connections

    settings = Settings(database_url=demo.url, slack_bot_token="xoxb-test", digest_workers=16)
    clock = build_clock(settings)
    engine = clock.session_factory.kw["bind"]
    try:
        assert engine.pool.size() >= pass_connections(16)
    finally:
        engine.dispose()
