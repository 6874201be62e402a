"""/actions through the real protocol: each query form, each error, paging and sharing."""

import json

import pytest

from handlers import catalog
from handlers.blocks.limits import MAX_BLOCKS, MAX_SECTION_TEXT
from tests.fakes.running_app import blocks_text


def ask(slack_app, text):  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", text)
    assert reply.status == 200
    return reply


def button(reply, action_id):  # type: ignore[no-untyped-def]
    for block in reply.json["blocks"]:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id", "").startswith(action_id):
                return element
    raise AssertionError(f"no {action_id} button in {reply.json['blocks']}")


def handles_in(message) -> list[str]:  # type: ignore[no-untyped-def]
    import re

    return re.findall(r"\*([A-Z]{2}-[\w.]+)\*", json.dumps(message["blocks"]))


def test_a_quoted_owner_lists_their_actions(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, 'owner:"Priya Raman"')
    assert reply.json["blocks"][0]["text"]["text"] == "Actions owned by Priya Raman"
    assert handles_in(reply.json) == ["NF-3.1a", "EB-2b", "NF-3.1b", "NF-3.6b"]


def test_a_fuzzy_owner_says_how_it_was_read(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert "'priya' read as Priya Raman" in ask(slack_app, "owner:priya").blocks_text


def test_a_bare_name_works_like_owner(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert "Actions owned by Helen Marsh" in ask(slack_app, "Helen Marsh").blocks_text


def test_status_filter(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert handles_in(ask(slack_app, "status:blocked").json) == ["NF-3.6a"]


def test_plan_filter_by_code(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert set(handles_in(ask(slack_app, "plan:st").json)) <= {"ST-T1", "ST-T2a", "ST-T2b", "ST-T3a", "ST-T3b", "ST-T4"}


def test_due_before_a_date(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, "due:<2026-03-14 status:open")
    assert "due before 14 Mar 2026" in reply.blocks_text


def test_due_next_fourteen_days(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert "due in the next 14 days" in ask(slack_app, "due:next-14-days").blocks_text


def test_updated_more_than_thirty_days_ago(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert "not updated for over 30 days" in ask(slack_app, "updated:>30d status:open").blocks_text


def test_free_words_search_the_text(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, "library")
    assert "mentioning “library”" in reply.blocks_text and handles_in(reply.json)


def test_an_empty_query_explains_the_syntax_with_this_workspaces_names(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, "")
    assert "Asking about scrutiny actions" in reply.blocks_text
    assert "owner:" in reply.blocks_text and ("Priya Raman" in reply.blocks_text or "Martin Kowalski" in reply.blocks_text)


def test_help_is_the_same_as_an_empty_query(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert ask(slack_app, "help").json["blocks"] == ask(slack_app, "").json["blocks"]


@pytest.mark.parametrize("query, shown", [
    ("flavour:red", "Filters: `owner:`"),
    ("status:sideways", "`status:open`"),
    ("due:2026-13", "`due:this-month`"),
    ("updated:lately", "`updated:>30d`"),
])
def test_a_malformed_query_replies_with_the_valid_forms(slack_app, demo, query, shown) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, query)
    assert ":warning:" in reply.blocks_text and shown in reply.blocks_text


def test_an_unknown_owner_offers_the_closest_with_their_action_counts(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = ask(slack_app, 'owner:"Priya Ramen"')
    assert "No owner matches `Priya Ramen`. Did you mean *Priya Raman* (4 actions)?" in reply.blocks_text
    choice = button(reply, catalog.CHOOSE_OWNER_ACTION)
    assert choice["text"]["text"] == "Priya Raman (4)"


def test_choosing_a_suggested_owner_replaces_the_message_with_their_actions(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    choice = button(ask(slack_app, "owner:prya status:open"), catalog.CHOOSE_OWNER_ACTION)
    ack, name = slack_app.click(choice["action_id"], choice["value"])
    assert ack.status == 200
    [posted] = slack_app.slack.wait_for_responses(name, 1)
    assert posted["replace_original"] is True
    assert "Open actions owned by Priya Raman" in blocks_text(posted)


def test_an_unknown_plan_lists_the_plan_codes(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    assert "`plan:EB`" in ask(slack_app, "plan:zanzibar").blocks_text


def test_a_long_list_pages_with_next_and_previous(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    first = ask(slack_app, "status:all")
    assert "showing 1–8" in first.blocks_text
    ack, name = slack_app.click(catalog.NEXT_PAGE_ACTION, button(first, catalog.NEXT_PAGE_ACTION)["value"])
    [page2] = slack_app.slack.wait_for_responses(name, 1)
    assert ack.status == 200 and page2["replace_original"] is True
    assert "showing 9–16" in blocks_text(page2)
    assert not set(handles_in(page2)) & set(handles_in(first.json))
    assert any(e.get("action_id") == catalog.PREVIOUS_PAGE_ACTION for b in page2["blocks"] if b["type"] == "actions" for e in b["elements"])


def test_share_posts_the_list_in_the_channel_and_removes_the_private_copy(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    first = ask(slack_app, "status:blocked")
    ack, name = slack_app.click(catalog.SHARE_ACTION, button(first, catalog.SHARE_ACTION)["value"], user="U0001")
    shared, deleted = slack_app.slack.wait_for_responses(name, 2)
    assert shared["response_type"] == "in_channel"
    assert "Shared by <@U0001>" in blocks_text(shared)
    assert deleted["delete_original"] is True


def test_details_button_shows_the_action_in_full(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    ack, name = slack_app.click(catalog.DETAILS_ACTION, "NF-3.1a")
    [detail] = slack_app.slack.wait_for_responses(name, 1)
    assert "Recommendation 3.1" in blocks_text(detail) and "*Updates* (2)" in blocks_text(detail)


def test_every_reply_keeps_within_slacks_limits_and_has_plain_text(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for query in ("status:all", "", 'owner:"Priya Raman"', "library", "owners", "plans"):
        message = ask(slack_app, query).json
        assert message["text"]
        assert len(message["blocks"]) <= MAX_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= MAX_SECTION_TEXT


def test_an_entry_shows_handle_owner_due_and_how_overdue(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    text = ask(slack_app, 'owner:"Tom Okafor"').blocks_text
    assert "*NF-3.2*" in text and "Tom Okafor" in text and "Due 4 Mar 2026 — *12 days overdue*" in text


def test_text_typed_by_a_person_is_echoed_without_mentions_or_links(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    text = ask(slack_app, "<!channel> <@U0BOSS> <https://evil.example|click>").blocks_text
    assert "<!channel>" not in text and "<@U0BOSS>" not in text and "<https://" not in text
