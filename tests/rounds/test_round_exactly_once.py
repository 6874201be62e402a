"""A round's messages go exactly once when the outcome of a post is unknown: Slack answering after
the client's timeout, and the clock killed (SIGKILL) mid-post and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.clock import Clock
from digests.delivery import LEASE
from handlers.slack_poster import SlackPoster, plain_client
from store.models import RoundMessage
from store.rounds import open_round
from tests.conftest import NOW, OFFICER, PRIYA, WORKSPACE
from tests.fakes.slack_web_api import FakeSlackWebAPI
from tests.rounds.conftest import DUE, LINDA, MEETING, round_messages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(committee):  # type: ignore[no-untyped-def]
    with committee.session_factory.begin() as session:
        open_round(session, WORKSPACE, "People Scrutiny", due_on=DUE, meeting=MEETING, by=OFFICER, now=NOW, today=NOW.date())
    return committee


def impatient_clock(db, slack) -> Clock:  # type: ignore[no-untyped-def]
    client = plain_client(slack.base_url, "xoxb-test-token", timeout=0.5)
    return Clock(db.session_factory, SlackPoster(lambda _ws: client), ZoneInfo("Europe/London"), per_minute=None)


@pytest.fixture
def fake_slack():  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        yield slack


def test_a_message_answered_after_the_timeout_is_found_in_the_dm_not_sent_again(opened, fake_slack) -> None:  # type: ignore[no-untyped-def]
    clock = impatient_clock(opened, fake_slack)
    fake_slack.delay("chat.postMessage", 1.5)  # lands, but the answer comes after the client gave up
    clock.tick(NOW)
    assert clock.last_rounds.left_for_retry == 2
    fake_slack.delay("chat.postMessage", None)
    clock.tick(NOW + timedelta(minutes=1))
    clock.tick(NOW + LEASE + timedelta(minutes=1))
    assert clock.last_rounds.sent == 0
    assert sorted(who for who, _ in round_messages(fake_slack)) == [LINDA, PRIYA]
    with opened.session() as session:
        assert [m.state for m in session.scalars(select(RoundMessage))] == ["sent", "sent"]


def test_without_the_dm_history_an_unknown_outcome_is_not_risked_twice(opened, fake_slack) -> None:  # type: ignore[no-untyped-def]
    fake_slack.scopes = fake_slack.scopes.replace(",im:history", "")
    clock = impatient_clock(opened, fake_slack)
    fake_slack.delay("chat.postMessage", 1.5)
    clock.tick(NOW)
    fake_slack.delay("chat.postMessage", None)
    clock.tick(NOW + timedelta(minutes=1))
    assert sorted(who for who, _ in round_messages(fake_slack)) == [LINDA, PRIYA]
    assert sorted(e for _, e in clock.last_rounds.failed)[0].startswith("history_unavailable")


def cli(db, slack, *args: str) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": db.url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url,
           "SCRUTINY_WORKSPACE": WORKSPACE}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_clock_killed_while_posting_sends_each_message_once_after_restart(opened, fake_slack) -> None:  # type: ignore[no-untyped-def]
    fake_slack.delay("chat.postMessage", 30)  # both posts land; the killed pass never hears back
    first = cli(opened, fake_slack, "digest", "run", "--as-of", NOW.isoformat())
    fake_slack.wait_for("chat.postMessage", count=1, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    fake_slack.delay("chat.postMessage", None)
    second = cli(opened, fake_slack, "digest", "run", "--as-of", (NOW + LEASE + timedelta(minutes=1)).isoformat())
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    assert "found already sent" in output
    per_person: dict[str, int] = {}
    for who, _ in round_messages(fake_slack):
        per_person[who] = per_person.get(who, 0) + 1
    assert per_person == {LINDA: 1, PRIYA: 1}
