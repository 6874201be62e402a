"""@mentions and DMs: plain questions answered, retries never answered twice."""

from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text


def test_a_mention_is_answered_privately_with_the_query_it_ran(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.event(sr.app_mention_event("<@U0BOT> what is overdue for Martin?", user="U0001", channel="C0001"))
    assert reply.status == 200
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert (call.body["channel"], call.body["user"]) == ("C0001", "U0001")
    text = blocks_text({"text": call.body["text"], "blocks": call.arg("blocks")})
    assert "Overdue actions owned by Martin Kowalski" in text
    assert 'I read that as: `/overdue owner:"Martin Kowalski"`' in text


def test_a_mention_in_a_thread_is_answered_in_that_thread(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked", thread_ts="1700000000.000100"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert call.body["thread_ts"] == "1700000000.000100"


def test_a_name_that_is_no_owner_says_so_and_offers_who_there_is(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what's open for Zebedee"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    text = blocks_text({"text": call.body["text"], "blocks": call.arg("blocks")})
    assert "There is no owner called `zebedee`" in text and "Owners here include" in text
    assert '/actions text:"zebedee"' in text


def test_a_plan_named_by_its_subject_lists_that_plan(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what's open for library"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert "Open actions in EB (Library Services Modernisation)" in call.body["text"]


def test_a_question_about_one_action_shows_it(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> who owns NF-3.2?"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert "Tom Okafor" in blocks_text({"blocks": call.arg("blocks")})


def test_a_direct_message_is_answered_in_the_dm(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.message_event("anything about transport?", channel="D0001", channel_type="im"))
    [call] = slack_app.slack.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0001" and "mentioning “transport”" in call.body["text"]


def test_the_bots_own_messages_are_not_answered(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.message_event("Overdue actions", channel="D0001", channel_type="im", bot_id="B0BOT", user="U0BOT"))
    slack_app.slack.assert_not_called("chat.postMessage", within=0.3)


def test_a_retried_event_is_acknowledged_but_never_answered_twice(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    event = sr.app_mention_event("<@U0BOT> what's blocked")
    first = slack_app.event(event, event_id="Ev0RETRY1")
    retry = slack_app.event(event, event_id="Ev0RETRY1", retry_num=1)
    again = slack_app.event(event, event_id="Ev0RETRY1", retry_num=2)
    assert (first.status, retry.status, again.status) == (200, 200, 200)
    slack_app.slack.wait_for("chat.postEphemeral")
    slack_app.slack.assert_not_called("chat.postMessage", within=0.3)
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == 1


def test_different_events_are_each_answered(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked"), event_id="Ev0A")
    slack_app.event(sr.app_mention_event("<@U0BOT> what's paused"), event_id="Ev0B")
    assert len(slack_app.slack.wait_for("chat.postEphemeral", count=2)) == 2


def test_url_verification_echoes_the_challenge(slack_app) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.post(sr.url_verification_body("c4ll3ng3"))
    assert reply.status == 200 and "c4ll3ng3" in reply.text


def test_a_reply_slack_fails_to_take_once_is_sent_again_and_posted_once(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.http_error("chat.postEphemeral", 503, times=1)
    event = sr.app_mention_event("<@U0BOT> what's blocked")
    assert slack_app.event(event, event_id="Ev0FLAKY").status == 200
    assert slack_app.event(event, event_id="Ev0FLAKY", retry_num=1).status == 200
    calls = slack_app.slack.wait_for("chat.postEphemeral", count=2)
    assert [c.status for c in calls] == [503, 200]
    slack_app.slack.assert_not_called("chat.postMessage", within=0.3)
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == 2


def test_a_reply_slack_refuses_is_not_answered_again_when_the_event_is_retried(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.fail("chat.postEphemeral", "channel_not_found")
    event = sr.app_mention_event("<@U0BOT> what's blocked")
    assert slack_app.event(event, event_id="Ev0GONE").status == 200
    # The answer was refused; telling the person that was refused too (same channel): both logged.
    refused = slack_app.slack.calls_to("chat.postEphemeral")
    assert slack_app.event(event, event_id="Ev0GONE", retry_num=1).status == 200
    slack_app.slack.assert_not_called("chat.postMessage", within=0.3)
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == len(refused) and all(not c.ok for c in refused)


def test_questions_asked_at_once_are_each_answered_once(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    asked = [(f"Ev0MANY{i}", f"<@U0BOT> {text}") for i, text in enumerate(["what's blocked", "what's paused", "what is overdue for Martin?"] * 4)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda e: slack_app.event(sr.app_mention_event(e[1]), event_id=e[0]), asked))
    assert {r.status for r in replies} == {200}
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == len(asked)


def test_a_question_and_its_retries_arriving_at_once_are_answered_once(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    # Whichever delivery claims the event id first answers; the others find it taken.
    deliveries = [(f"Ev0TWICE{n}", retry) for n in range(4) for retry in (None, 1, 2)]
    event = sr.app_mention_event("<@U0BOT> what's blocked")
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda d: slack_app.event(event, event_id=d[0], retry_num=d[1]), deliveries))
    assert {r.status for r in replies} == {200}
    slack_app.slack.wait_for("chat.postEphemeral", count=4)
    slack_app.slack.assert_not_called("chat.postMessage", within=0.3)
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == 4


def test_a_retry_of_a_direct_message_is_not_answered_again(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    event = sr.message_event("what's blocked", channel="D0001", channel_type="im")
    assert slack_app.event(event, event_id="Ev0DMTWICE").status == 200
    assert slack_app.event(event, event_id="Ev0DMTWICE", retry_num=1).status == 200
    slack_app.slack.wait_for("chat.postMessage")
    slack_app.slack.assert_not_called("chat.postEphemeral", within=0.3)
    assert len(slack_app.slack.calls_to("chat.postMessage")) == 1


def test_a_question_is_read_while_its_event_is_claimed(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    import handlers.events.mentions as mentions
    import handlers.middleware as middleware

    reading, claimed_while_reading = threading.Event(), []
    real_claim, real_reply = middleware.claim_event_committed, mentions.question_reply

    def claim(*args, **kwargs):  # type: ignore[no-untyped-def]
        claimed_while_reading.append(reading.wait(timeout=5))  # one after the other, this waits it out
        return real_claim(*args, **kwargs)

    def reply(*args, **kwargs):  # type: ignore[no-untyped-def]
        reading.set()
        return real_reply(*args, **kwargs)

    monkeypatch.setattr(middleware, "claim_event_committed", claim)
    monkeypatch.setattr(mentions, "question_reply", reply)
    assert slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked"), event_id="Ev0BOTH").status == 200
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert claimed_while_reading == [True] and call.ok


def test_a_question_whose_event_cannot_be_claimed_is_told_the_store_is_not_answering(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.middleware as middleware
    from sqlalchemy.exc import OperationalError

    def store_down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(middleware, "claim_event_committed", store_down)
    reply = slack_app.event(sr.app_mention_event("<@U0BOT> what's blocked", user="U0001", channel="C0001"), event_id="Ev0DOWN")
    [told] = slack_app.slack.wait_for("chat.postEphemeral")
    assert reply.status == 200 and told.body["user"] == "U0001"
    assert "isn't answering right now" in blocks_text({"text": told.body["text"], "blocks": told.arg("blocks")})


def test_a_retry_of_a_question_that_could_not_be_answered_says_nothing_again(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.events.mentions as mentions

    monkeypatch.setattr(mentions, "question_reply", lambda *a, **k: 1 / 0)
    event = sr.app_mention_event("<@U0BOT> what's blocked")
    assert slack_app.event(event, event_id="Ev0BROKE").status == 200
    [apology] = slack_app.slack.wait_for("chat.postEphemeral")
    # The retry is read again alongside its claim, fails again, and finds the event claimed.
    assert slack_app.event(event, event_id="Ev0BROKE", retry_num=1).status == 200
    assert slack_app.slack.calls_to("chat.postEphemeral") == [apology]
