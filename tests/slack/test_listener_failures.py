"""One app.error for every listener: a failure is answered with what happened and what to type,
where the person asked, and never with a traceback."""

from __future__ import annotations

import json

from sqlalchemy.exc import OperationalError

import handlers.actions.lists as list_buttons
import handlers.events.mentions as mentions
from handlers import catalog
from handlers.payloads import ListState
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text


def _store_down(*args: object, **kwargs: object) -> None:
    raise OperationalError("SELECT 1", {}, Exception("connection refused"))


def test_a_button_pressed_while_the_store_is_down_is_told_so_privately(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(list_buttons, "list_reply", _store_down)
    ack, name = slack_app.click(catalog.NEXT_PAGE_ACTION, ListState("actions", "status:all", 8).encode())
    [told] = slack_app.slack.wait_for_responses(name, 1)
    assert ack.status == 200
    assert "isn't answering right now" in blocks_text(told) and "again in a minute" in blocks_text(told)
    assert told["response_type"] == "ephemeral" and "Traceback" not in json.dumps(told)


def test_a_question_that_hits_a_bug_gets_an_apology_in_private(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(mentions, "question_reply", lambda *a, **k: 1 / 0)
    reply = slack_app.event(sr.app_mention_event("<@U0BOT> what is overdue?", user="U0001", channel="C0001"))
    [told] = slack_app.slack.wait_for("chat.postEphemeral")
    assert reply.status == 200 and told.body["user"] == "U0001"
    assert "Something went wrong on our side" in json.dumps(told.body) and "ZeroDivision" not in json.dumps(told.body)


def test_a_slow_command_that_then_fails_replaces_its_working_on_it(slack_app, demo, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    import handlers.commands.actions as actions_command

    def slow_then_down(*args: object, **kwargs: object) -> None:
        time.sleep(0.3)
        _store_down()

    monkeypatch.setattr(actions_command, "list_reply", slow_then_down)
    services.reply_budget = 0.05
    reply, name = slack_app.command("/actions", "status:blocked")
    assert "Working on it" in reply.text
    [answer] = slack_app.slack.wait_for_responses(name, 1)
    assert answer["replace_original"] is True and "isn't answering right now" in blocks_text(answer)
