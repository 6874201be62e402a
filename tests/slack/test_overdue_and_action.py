"""/overdue and /action through the real protocol."""

import re

from handlers import catalog
from tests.fakes.running_app import blocks_text


def test_overdue_groups_by_owner_with_the_most_overdue_owner_first(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/overdue")
    text = reply.blocks_text
    groups = re.findall(r"^\*([A-Z][\w ]+)\*$", text, flags=re.M)
    assert groups[:2] == ["Martin Kowalski", "IT Services"]
    assert text.index("ST-T1") < text.index("NF-3.6a") < text.index("NF-3.1a")


def test_overdue_for_one_owner(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/overdue", "owner:martin")
    assert reply.json["blocks"][0]["text"]["text"] == "Overdue actions owned by Martin Kowalski"
    assert "NF-" not in reply.blocks_text


def test_overdue_for_someone_with_nothing_overdue_says_so_kindly(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/overdue", "owner:grace")
    assert "Nothing is overdue for Grace Whitfield." in reply.blocks_text


def test_action_shows_recommendation_action_owners_due_status_timescale_and_history(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "nf-3.1a")
    text = reply.blocks_text
    for expected in ("NF-3.1a · Home Adaptations and Equipment Review", "Recommendation 3.1", "*Action*",
                     "*Owners*\nPriya Raman", "in progress", "*Timescale as printed*", "*Updates* (2)",
                     "Executive response: *accepted*", "RED"):
        assert expected in text


def test_action_with_a_ref_in_two_plans_asks_which_with_buttons(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "3.1")
    assert "is a ref in more than one plan" in reply.blocks_text
    assert [e["value"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]] == ["NF-3.1a", "NF-3.1b"]


def test_choosing_a_handle_replaces_the_question_with_the_action(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    ack, name = slack_app.click(catalog.numbered(catalog.CHOOSE_HANDLE_ACTION, 1), "NF-3.1b")
    [shown] = slack_app.slack.wait_for_responses(name, 1)
    assert shown["replace_original"] is True and "NF-3.1b" in blocks_text(shown)


def test_action_with_an_unknown_handle_says_what_handles_look_like(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "ZZ-1")
    assert "Handles look like" in reply.blocks_text


def test_action_without_a_handle_says_what_to_type(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "")
    assert "`/action BR-7.4.3`" in reply.blocks_text
