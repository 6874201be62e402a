"""/digest and /reminders through the real protocol, and delivery through the real Web API client."""

from datetime import datetime

from sqlalchemy import select

from bot.clock import Clock
from handlers.slack_poster import SlackPoster, plain_client
from store.models import DigestSubscription, UserPreference
from tests.conftest import OFFICER, WORKSPACE
from tests.fakes.running_app import blocks_text

MONDAY_9 = datetime.fromisoformat("2026-03-23T09:00:00+00:00")


def clock_for(slack_app, db):  # type: ignore[no-untyped-def]
    client = plain_client(slack_app.slack.base_url, "xoxb-test-token")
    from zoneinfo import ZoneInfo

    return Clock(db.session_factory, SlackPoster(lambda _ws: client), ZoneInfo("Europe/London"), per_minute=None)


def subscriptions(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.scalars(select(DigestSubscription)))


def test_subscribe_with_filters_and_a_schedule(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/digest", "subscribe plan:NF every friday 08:30 tz:Europe/London", channel="C0TEAM")
    assert reply.json["response_type"] == "in_channel"
    assert "weekly digest (#" in reply.blocks_text and "Fridays at 08:30" in reply.blocks_text
    [sub] = subscriptions(demo)
    assert (sub.channel_id, sub.query, sub.weekday, sub.time_of_day, sub.created_by) == ("C0TEAM", "plan:NF", "fri", "08:30", "U0001")


def test_subscribe_defaults_to_the_whole_workspace_on_mondays_at_nine(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe", channel="C0TEAM")
    [sub] = subscriptions(demo)
    assert (sub.query, sub.weekday, sub.time_of_day, sub.timezone) == ("", "mon", "09:00", "Europe/London")


def test_team_filters_by_the_team_owner(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", 'subscribe team:"IT Services" quiet:skip', channel="C0IT")
    [sub] = subscriptions(demo)
    assert (sub.query, sub.quiet_weeks) == ('owner:"IT Services"', "skip")


def test_an_unquoted_full_name_is_stored_as_it_was_read(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    # The clock reads the stored filter without the workspace's names: it must still mean Linda Mann.
    reply, _ = slack_app.command("/digest", "subscribe owner:Linda Mann overdue", channel="C0TEAM")
    assert "Linda Mann" in reply.blocks_text
    [sub] = subscriptions(demo)
    assert sub.query == 'owner:"Linda Mann" overdue'


def test_a_bad_filter_is_refused_with_what_to_type(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/digest", "subscribe owner:zzzz", channel="C0TEAM")
    assert "No owner matches" in reply.blocks_text and subscriptions(demo) == []


def test_list_preview_and_unsubscribe(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    listed, _ = slack_app.command("/digest", "list", channel="C0TEAM")
    assert "plan:NF" in listed.blocks_text
    acked, name = slack_app.command("/digest", "preview", channel="C0TEAM")
    assert "Working on it" in acked.blocks_text  # a digest is built after the ack
    [preview] = slack_app.slack.wait_for_responses(name)
    assert preview["response_type"] == "ephemeral" and "Preview" in blocks_text(preview) and "Weekly digest" in blocks_text(preview)
    stopped, _ = slack_app.command("/digest", "unsubscribe", channel="C0TEAM")
    assert "stopped" in stopped.blocks_text and subscriptions(demo) == []


def test_send_now_is_for_officers(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    _, name = slack_app.command("/digest", "send-now", channel="C0TEAM")
    [refused] = slack_app.slack.wait_for_responses(name)
    assert "Only scrutiny officers can send a digest now" in blocks_text(refused)
    _, name = slack_app.command("/digest", "send-now", channel="C0TEAM", user=OFFICER)
    [sent] = slack_app.slack.wait_for_responses(name)
    assert "Sent." in blocks_text(sent)
    [post] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == "C0TEAM")
    assert "Weekly digest" in post.body["text"]


def test_the_clock_posts_due_digests_through_the_web_api(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    digests, _ = clock_for(slack_app, demo).tick(MONDAY_9)
    assert digests.sent == 1
    assert [c.body["channel"] for c in slack_app.slack.calls_to("chat.postMessage")] == ["C0TEAM"]


def test_a_429_from_slack_is_waited_out(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    slack_app.slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    digests, _ = clock_for(slack_app, demo).tick(MONDAY_9)
    assert digests.sent == 1 and len(slack_app.slack.calls_to("chat.postMessage")) == 2


def test_a_5xx_from_slack_is_retried(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    slack_app.slack.http_error("chat.postMessage", status=503, times=1)
    digests, _ = clock_for(slack_app, demo).tick(MONDAY_9)
    assert digests.sent == 1


def test_a_missing_channel_pauses_the_digest_and_tells_its_creator(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0GONE")
    slack_app.command("/digest", "subscribe plan:EB", channel="C0FINE")
    slack_app.slack.fail("chat.postMessage", error="channel_not_found", when=lambda body: body.get("channel") == "C0GONE")
    digests, _ = clock_for(slack_app, demo).tick(MONDAY_9)
    assert digests.sent == 1 and [e for _, e in digests.paused] == ["channel_not_found"]
    [dm] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == "U0001")
    assert "paused" in dm.body["text"]
    listed, _ = slack_app.command("/digest", "list", channel="C0GONE")
    assert "paused: `channel_not_found`" in listed.blocks_text
    resumed, _ = slack_app.command("/digest", "resume", channel="C0GONE")
    assert "resumed" in resumed.blocks_text


def test_the_digest_button_lists_everything_overdue_privately(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    clock_for(slack_app, demo).tick(MONDAY_9)
    [post] = slack_app.slack.calls_to("chat.postMessage")
    button = next(e for b in post.arg("blocks") if b["type"] == "actions" for e in b["elements"])
    _, name = slack_app.click(button["action_id"], button["value"])
    [listing] = slack_app.slack.wait_for_responses(name, 1)
    assert listing["replace_original"] is False and "Overdue actions" in blocks_text(listing)


def test_remind_off_and_on(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    off, _ = slack_app.command("/reminders", "off")
    assert "No more reminders" in off.blocks_text
    with demo.session() as session:
        assert session.get(UserPreference, (WORKSPACE, "U0001")).reminders_off is True
    on, _ = slack_app.command("/reminders", "on")
    assert "a week before each of your deadlines" in on.blocks_text


# Who may manage a channel's digests: whoever subscribed it, and officers.


def test_only_the_subscriber_or_an_officer_can_unsubscribe(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    refused, _ = slack_app.command("/digest", "unsubscribe", channel="C0TEAM", user="U0LINDA")
    assert "Only the person who subscribed" in refused.blocks_text and len(subscriptions(demo)) == 1
    stopped, _ = slack_app.command("/digest", "unsubscribe", channel="C0TEAM", user=OFFICER)
    assert "stopped" in stopped.blocks_text and subscriptions(demo) == []


def test_someone_else_cannot_resume_or_resubscribe_a_digest(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    with demo.session_factory.begin() as session:
        session.scalar(select(DigestSubscription)).paused = True
    resumed, _ = slack_app.command("/digest", "resume", channel="C0TEAM", user="U0LINDA")
    again, _ = slack_app.command("/digest", "subscribe plan:NF every friday 08:30", channel="C0TEAM", user="U0LINDA")
    assert "Only the person who subscribed" in resumed.blocks_text and "Only the person who subscribed" in again.blocks_text
    [sub] = subscriptions(demo)
    assert (sub.paused, sub.weekday, sub.created_by) == (True, "mon", "U0001")
    mine, _ = slack_app.command("/digest", "resume", channel="C0TEAM")
    assert "resumed" in mine.blocks_text


def test_listing_every_channels_digests_is_for_officers(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0SECRET")
    refused, _ = slack_app.command("/digest", "list all", channel="C0OTHER")
    assert "Only scrutiny officers" in refused.blocks_text and "plan:NF" not in refused.blocks_text
    listed, _ = slack_app.command("/digest", "list all", channel="C0OTHER", user=OFFICER)
    assert "plan:NF" in listed.blocks_text


def test_a_digest_filter_longer_than_an_actions_query_is_refused(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    from handlers.replies import MAX_QUERY

    reply, _ = slack_app.command("/digest", "subscribe " + "x" * (MAX_QUERY + 1), channel="C0TEAM")
    assert f"keep it under {MAX_QUERY}" in reply.blocks_text and subscriptions(demo) == []
