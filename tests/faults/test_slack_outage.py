"""Slack's Web API down or answering 5xx/429 for a while: replies degrade gracefully, and
digests and reminders go out once it recovers, once."""

from __future__ import annotations

from handlers import catalog
from datetime import datetime, timedelta

from sqlalchemy import select

from digests.delivery import LEASE
from digests.schedule import Schedule
from digests.subscriptions import subscribe
from handlers.blocks.action_list import entry_block_id
from store.models import DigestDelivery
from tests.conftest import PRIYA, WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text
from tests.slack.test_digest_commands import clock_for

MONDAY_9 = datetime.fromisoformat("2026-03-23T09:00:00+00:00")


def test_commands_are_still_answered_while_slacks_api_is_down(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.http_error("*", status=503, times=None)
    reply, _ = slack_app.command("/overdue")
    assert reply.status == 200 and "Overdue actions" in reply.blocks_text


def test_a_form_slack_will_not_open_is_explained_with_another_way(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/actions", "help", user=PRIYA)  # let auth.test succeed first
    slack_app.slack.http_error("views.open", status=503, times=None)
    _, name = slack_app.click(catalog.UPDATE_ACTION, "NF-3.1a", block_id=entry_block_id("NF-3.1a", None), user=PRIYA)
    [told] = slack_app.slack.wait_for_responses(name, 1, timeout=20)
    assert "didn't open the update form" in blocks_text(told) and "/update NF-3.1a note:" in blocks_text(told)


def test_a_mention_during_an_outage_is_logged_and_the_next_one_answered(slack_app, demo, caplog) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/actions", "help")
    slack_app.slack.fail("chat.postEphemeral", error="internal_error", times=1)
    slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked"), event_id="Ev0OUT1")
    slack_app.slack.wait_for("chat.postEphemeral", count=1)
    slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked"), event_id="Ev0OUT2")
    calls = slack_app.slack.wait_for("chat.postEphemeral", count=2)
    assert calls[-1].ok


def test_digests_due_during_an_outage_go_out_once_it_is_over(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as session:
        subscribe(session, WORKSPACE, "C0TEAM", query="plan:NF", schedule=Schedule(), quiet_weeks="line", created_by="U0001", now=MONDAY_9 - timedelta(days=7))
    clock = clock_for(slack_app, demo)
    slack_app.slack.http_error("chat.postMessage", status=503, times=None)
    digests, _ = clock.tick(MONDAY_9)
    assert (digests.sent, digests.left_for_retry) == (0, 1)
    slack_app.slack.reset()  # Slack is back
    digests, _ = clock.tick(MONDAY_9 + timedelta(minutes=1))
    assert digests.sent == 1
    clock.tick(MONDAY_9 + LEASE + timedelta(minutes=5))
    assert [c.body["channel"] for c in slack_app.slack.calls_to("chat.postMessage") if c.ok] == ["C0TEAM"]
    with demo.session() as session:
        assert [d.state for d in session.scalars(select(DigestDelivery))] == ["sent"]


def test_a_long_burst_of_429s_is_waited_out(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as session:
        subscribe(session, WORKSPACE, "C0TEAM", query="plan:NF", schedule=Schedule(), quiet_weeks="line", created_by="U0001", now=MONDAY_9 - timedelta(days=7))
    slack_app.slack.rate_limit("chat.postMessage", retry_after=1, times=3)
    digests, _ = clock_for(slack_app, demo).tick(MONDAY_9)
    assert digests.sent == 1 and len(slack_app.slack.calls_to("chat.postMessage")) == 4
