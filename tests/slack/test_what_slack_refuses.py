"""Nothing we send is something Slack would refuse: unique block ids, button values within 2,000
characters, and the listeners Slack's own payloads reach (DMs only from DMs, rate-limit notices)."""

from __future__ import annotations

import json
import random

from handlers import catalog
from handlers.blocks.action_list import ListState
from handlers.blocks.feedback import build_owner_suggestions, build_update_choices
from handlers.payloads import UpdateChoice
from handlers.blocks.home import build_home
from store.errors import HandleCandidate, OwnerCandidate
from store.links import link_user
from store.queries import ActionFilter, find_actions
from store.summaries import summarise
from tests.conftest import NOW, OFFICER, PRIYA, TODAY, WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text
from tests.fakes.slack_validation import block_problems, message_refusal, view_problems

# Words in scripts whose every character JSON would escape as six ("\u00eb").
NON_ASCII_WORDS = ["zoë", "Łódź", "перевірка", "κατάσταση", "取り組み", "ġenerali", "nóta", "Ærøskøbing", "🏛️"]


def non_ascii_text(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(NON_ASCII_WORDS))
    return " ".join(words)[:length].strip()


def test_app_home_with_an_action_both_mine_and_overdue_is_published(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as session:
        action = find_actions(session, WORKSPACE, ActionFilter(overdue_on=TODAY), limit=1).actions[0]
        link_user(session, WORKSPACE, action.owner_links[0].owner, OFFICER, by=OFFICER, now=NOW)
        handle = summarise(action, today=TODAY, now=NOW).handle
    slack_app.event(sr.app_home_opened_event(user=OFFICER))
    [call] = slack_app.slack.wait_for("views.publish")
    assert call.ok, call.response
    text = blocks_text(call.arg("view"))
    assert text.count(handle) >= 2  # in "My actions" and in "Overdue across the workspace"


def test_mark_done_from_home_on_an_action_shown_twice_is_confirmed(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as session:
        action = find_actions(session, WORKSPACE, ActionFilter(overdue_on=TODAY), limit=1).actions[0]
        link_user(session, WORKSPACE, action.owner_links[0].owner, OFFICER, by=OFFICER, now=NOW)
        handle = action.handle
    slack_app.event(sr.app_home_opened_event(user=OFFICER))
    [published] = slack_app.slack.wait_for("views.publish")
    view = published.response["view"]
    block_id = next(b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("entry:") and f'"h":"{handle}"' in b["block_id"])
    menu = {"action_id": catalog.MENU_ACTION, "block_id": block_id, "type": "overflow", "action_ts": "1700000000.000100",
            "selected_option": {"text": {"type": "plain_text", "text": "Mark done"}, "value": f"done:{handle}"}}
    body = sr.block_actions_body(actions=[menu], view=view, team_id=slack_app.team_id, user_id=OFFICER)
    assert slack_app.post(body).status == 200
    republished = slack_app.slack.wait_for("views.publish", count=2)[1]
    told = slack_app.slack.wait_for("chat.postMessage", where=lambda b: b.get("channel") == OFFICER)
    assert republished.ok and told and handle in told[0].body["text"]


def test_home_views_for_any_mix_of_sections_have_unique_block_ids(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        found = find_actions(session, WORKSPACE, ActionFilter(), limit=200)
        items = [summarise(a, today=TODAY, now=NOW) for a in found.actions]
    rng = random.Random(10)
    for _ in range(40):
        mine, awaiting, overdue = (rng.sample(items, rng.randint(0, 12)) for _ in range(3))
        view = build_home(
            linked=bool(mine), mine=mine, mine_total=len(mine) + rng.randint(0, 30), officer=True,
            awaiting=awaiting, awaiting_total=len(awaiting), overdue=overdue, overdue_total=len(overdue), today=TODAY,
            note=rng.choice(["", "Saved your update."]),
        )
        assert view_problems(view) == []


def test_owner_suggestion_buttons_stay_within_slacks_value_limit_for_long_non_ascii_queries() -> None:
    rng = random.Random(7)
    for _ in range(60):
        query = non_ascii_text(rng, rng.randint(1, 500))
        candidates = [
            OwnerCandidate(owner_id=i, name=non_ascii_text(rng, rng.randint(3, 120)), score=80.0, action_count=rng.randint(1, 40))
            for i in range(rng.randint(1, 5))
        ]
        message = build_owner_suggestions("zoë", candidates, kind="actions", query_without_owner=query, ambiguous=False)
        assert block_problems(message.blocks, limit=50, pointer="/blocks") == []
        buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
        for element in buttons:
            state = ListState.decode(element["value"])
            assert state.query.startswith(query.strip())  # the whole query travels with the choice


def test_a_long_non_ascii_owner_query_gets_working_suggestions(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    words = ("перевірка κατάσταση " * 30)[:470].strip()  # about 2,800 characters once JSON escapes it
    reply, _ = slack_app.command("/actions", f'owner:"Priya Ramen" {words}')
    assert reply.status == 200 and "Did you mean" in reply.blocks_text
    values = [e["value"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values and all(len(v) <= 2000 for v in values)


def test_which_plan_choices_carry_the_whole_update_or_show_it_whole() -> None:
    rng = random.Random(11)
    candidates = [HandleCandidate(action_id=i, handle=f"P{i}-3.1", plan_title=f"Plan {i}", text="Meet the wards") for i in (1, 2, 3)]
    for _ in range(60):
        rest = f"note: {non_ascii_text(rng, rng.randint(1, 2900))}"
        if rng.random() < 0.3:
            rest += " & <b> " * rng.randint(1, 200)  # escapes grow when shown
        message = build_update_choices("3.1", candidates, rest)
        assert message_refusal({"text": message.text, "blocks": message.blocks}) is None
        buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
        if buttons:
            assert {UpdateChoice.decode(e["value"]) for e in buttons} == {UpdateChoice(handle=c.handle, rest=rest) for c in candidates}
        else:
            shown = blocks_text({"blocks": message.blocks}).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            assert "".join(rest.split()) in "".join(shown.split())
            assert all(f"/update {c.handle}" in shown for c in candidates)


def test_an_ambiguous_update_with_a_long_note_is_answered_without_losing_it(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    note = non_ascii_text(random.Random(5), 2000)
    reply, _ = slack_app.command("/update", f"3.1 note: {note}", user=PRIYA)
    assert reply.status == 200 and "is a ref in more than one plan" in reply.blocks_text
    assert "".join(note.split()) in "".join(reply.blocks_text.split())


def test_a_short_ambiguous_update_still_finishes_in_one_click(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    note = non_ascii_text(random.Random(6), 600)  # 600 characters JSON would escape to about 3,000
    reply, _ = slack_app.command("/update", f"3.1 note: {note}", user=PRIYA)
    choice = next(e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"] if '"NF-3.1a"' in e["value"])
    _, name = slack_app.click(choice["action_id"], choice["value"], user=PRIYA)
    [done] = slack_app.slack.wait_for_responses(name, 1)
    assert "Saved your update to *NF-3.1a*" in blocks_text(done)


def test_a_message_in_a_channel_is_not_answered_as_a_direct_message(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for channel_type, channel in (("channel", "C0GENERAL"), ("group", "G0PRIVATE"), ("mpim", "G0GROUPDM")):
        reply = slack_app.event(sr.message_event("anything about transport?", channel=channel, channel_type=channel_type))
        assert reply.status == 200
    slack_app.slack.assert_not_called("chat.postMessage", within=0.5)


def test_a_direct_message_is_still_answered(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.message_event("anything about transport?", channel="D0001", channel_type="im"))
    [call] = slack_app.slack.wait_for("chat.postMessage")
    assert call.body["channel"] == "D0001"


def test_app_rate_limited_notices_are_acknowledged(slack_app) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({
        "token": sr.VERIFICATION_TOKEN, "type": "app_rate_limited", "team_id": slack_app.team_id,
        "minute_rate_limited": 1518467820, "api_app_id": sr.API_APP_ID,
    })
    reply = slack_app.post(body)
    assert reply.status == 200
    assert [c.method for c in slack_app.slack.calls if c.method != "auth.test"] == []  # nothing answered in chat
