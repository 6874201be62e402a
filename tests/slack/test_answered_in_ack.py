"""Quick answers are the ack itself; what needs Slack or a download is acked first and follows.

Ordering is checked without timing: a slow part is held on an Event that the test releases
only after the ack has come back, so a listener that ran before the ack would have been seen
finishing first.
"""

import copy
import threading

from sqlalchemy import select

import handlers.commands.digest as digest_command
import handlers.events.mentions as mentions
from handlers import catalog
from store.models import Action, Owner
from tests.conftest import WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text
from tests.fakes.slack_web_api import RESPONSE_URL_PREFIX


class Held:
    """Wraps a function so it waits for `release` and records when it has returned."""

    def __init__(self, real):  # type: ignore[no-untyped-def]
        self.real = real
        self.release = threading.Event()
        self.finished = threading.Event()

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.release.wait(10)
        try:
            return self.real(*args, **kwargs)
        finally:
            self.finished.set()


def _owners(demo):  # type: ignore[no-untyped-def]
    with demo.session_factory() as session:
        return list(session.scalars(select(Owner.name).where(Owner.workspace_id == WORKSPACE).order_by(Owner.name)))


def _handles(demo):  # type: ignore[no-untyped-def]
    with demo.session_factory() as session:
        return list(session.scalars(select(Action.handle).where(Action.workspace_id == WORKSPACE).order_by(Action.id)))


def test_every_owners_list_is_the_ack_itself_with_nothing_sent_to_the_response_url(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    names = _owners(demo)
    assert len(names) > 5
    sent = []
    for owner in names:
        reply, name = slack_app.command("/actions", f'owner:"{owner}"')
        assert reply.json["response_type"] == "ephemeral"
        assert reply.json["blocks"][0]["text"]["text"] == f"Actions owned by {owner}"
        sent.append(name)
    slack_app.slack.assert_not_called(RESPONSE_URL_PREFIX + sent[-1], within=0.2)
    assert all(slack_app.slack.responses_to(name) == [] for name in sent)


def test_every_action_and_every_overdue_list_is_the_ack_itself(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    sent = []
    for handle in _handles(demo):
        reply, name = slack_app.command("/action", handle.lower())
        assert reply.json["blocks"][0]["text"]["text"].startswith(f"{handle} · ")
        sent.append(name)
    for owner in _owners(demo):
        reply, name = slack_app.command("/overdue", f'owner:"{owner}"')
        assert owner in reply.json["blocks"][0]["text"]["text"] or owner in reply.blocks_text
        sent.append(name)
    reply, name = slack_app.command("/reminders")
    assert "Your reminders are" in reply.blocks_text
    sent.append(name)
    slack_app.slack.assert_not_called(RESPONSE_URL_PREFIX + sent[-1], within=0.2)
    assert all(slack_app.slack.responses_to(name) == [] for name in sent)


def test_a_digest_preview_is_acked_before_it_is_built_then_replaces_the_ack(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/digest", "subscribe plan:NF", channel="C0TEAM")
    held = Held(digest_command.digest_reply)
    monkeypatch.setattr(digest_command, "digest_reply", held)
    reply, name = slack_app.command("/digest", "preview", channel="C0TEAM")
    assert not held.finished.is_set()
    assert reply.json == {"text": ":hourglass_flowing_sand: Working on it…", "response_type": "ephemeral"}
    held.release.set()
    [answer] = slack_app.slack.wait_for_responses(name)
    assert answer["replace_original"] is True and "Weekly digest" in blocks_text(answer)


def test_other_digest_commands_still_answer_in_the_ack(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for text in ("subscribe plan:NF", "list", "help", "unsubscribe"):
        reply, name = slack_app.command("/digest", text, channel="C0TEAM")
        assert "Working on it" not in reply.blocks_text and reply.blocks_text.strip()
    slack_app.slack.assert_not_called(RESPONSE_URL_PREFIX + name, within=0.2)


def test_a_question_is_answered_before_its_ack(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.event(sr.app_mention_event("<@U0BOT> what is overdue for Martin?", user="U0001", channel="C0001"))
    # No waiting: the reply reached Slack before the HTTP response did.
    [call] = slack_app.slack.calls_to("chat.postEphemeral")
    assert reply.status == 200 and "Overdue actions owned by Martin Kowalski" in call.body["text"]


def test_a_question_slower_than_the_budget_is_acked_first_then_answered_once(slack_app, services, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.reply_budget = 0.05
    held = Held(mentions.question_reply)
    monkeypatch.setattr(mentions, "question_reply", held)
    event = sr.app_mention_event("<@U0BOT> what is overdue for Martin?", user="U0001", channel="C0001")
    reply = slack_app.event(event, event_id="Ev0SLOW1")
    assert reply.status == 200 and not held.finished.is_set()
    # Slack, had it missed that ack, would send the event again: it is acked and dropped.
    assert slack_app.event(event, event_id="Ev0SLOW1", retry_num=1).status == 200
    held.release.set()
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert "Overdue actions owned by Martin Kowalski" in call.body["text"]
    slack_app.slack.assert_not_called("chat.postMessage", within=0.2)
    assert len(slack_app.slack.calls_to("chat.postEphemeral")) == 1


def test_a_button_is_acked_before_its_answer_is_built(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.actions.lists as lists

    held = Held(lists.action_reply)
    monkeypatch.setattr(lists, "action_reply", held)
    reply, name = slack_app.click(catalog.DETAILS_ACTION, "NF-3.1a")
    assert reply.status == 200 and not held.finished.is_set()
    held.release.set()
    [answer] = slack_app.slack.wait_for_responses(name)
    assert "NF-3.1a" in blocks_text(answer)


def test_lazy_listeners_share_the_running_bots_services(services) -> None:  # type: ignore[no-untyped-def]
    # Bolt deep-copies a request's context for its lazy listeners.
    assert copy.deepcopy({"services": services})["services"] is services
