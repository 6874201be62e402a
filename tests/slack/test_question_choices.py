"""A question that reads two ways asks which, with buttons; pressing one answers it."""

from __future__ import annotations

from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text


def test_an_owner_and_a_plan_named_the_same_are_offered_and_a_button_answers(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> transport"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    blocks = call.arg("blocks")
    assert "Which did you mean?" in blocks_text({"blocks": blocks})
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["the owner Transport Planning Team", "the plan ST (Home to School Transport)"]
    _, name = slack_app.click(buttons[1]["action_id"], buttons[1]["value"])
    [answer] = slack_app.slack.wait_for_responses(name, 1)
    assert answer["blocks"][0]["text"]["text"] == "Actions in ST (Home to School Transport)"


def test_a_count_question_answers_with_counts(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> how many overdue in each plan?"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    text = blocks_text({"blocks": call.arg("blocks")})
    assert "Overdue actions by plan" in text and "*BR · Housing Repairs Review* — " in text
    assert "I read that as: `/actions count by plan status:overdue`" in text


def test_a_word_in_an_owners_place_that_the_text_mentions_lists_those_actions(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what's open for telephone"))
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    text = blocks_text({"blocks": call.arg("blocks")})
    assert "There is no owner called `telephone`: these actions mention it" in text and "NF-3.1a" in text
