"""Tenant isolation, tested: everything done as workspace A, with workspace B's look-alike data in
the same store, shows nothing of B in any reply or any Web API call."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from digests.schedule import Schedule
from handlers import catalog
from handlers.blocks.action_list import entry_block_id
from digests.subscriptions import subscribe
from store.export import write_jsonl
from store.links import link_user
from store.owners import resolve_owner
from tests.conftest import NOW, OTHER_WORKSPACE, PRIYA, TODAY, WORKSPACE, ActionSpec
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import eventually

# Every piece of B's data carries one of these; A never types them, so finding one anywhere in
# what A is sent means B's data leaked (A does type "bravo", to search for B's words).
B_MARKERS = ("zqx", "bravo borough", "bravo owner", "bravo team", "u0bravo", "c0bravo")
DAY = timedelta(days=1)


@pytest.fixture
def two_councils(linked, add_plan):  # type: ignore[no-untyped-def]
    """A: the demo plans (Priya linked). B: the same plan codes, handles and owner names, all
    marked "Bravo", with its own links, officer and digest."""
    add_plan("Bravo Borough home adaptations", [
        ActionSpec("3.1", "Bravo secret triage plan zqx.", ["Priya Raman"], due=TODAY - 50 * DAY, recommendation="Bravo recommendation one zqx."),
        ActionSpec("3.2", "Bravo secret referral form zqx.", ["Bravo Owner"], due=TODAY + 3 * DAY, recommendation="Bravo recommendation two zqx."),
        ActionSpec("9.9", "Bravo secret library transport waiting list zqx.", ["Bravo Team"], due=TODAY - 2 * DAY, recommendation="Zqx."),
    ], workspace=OTHER_WORKSPACE, code="NF", council="Bravo Borough")
    with linked.session_factory.begin() as session:
        link_user(session, OTHER_WORKSPACE, resolve_owner(session, OTHER_WORKSPACE, "Bravo Owner"), "U0BRAVO", by=None, now=NOW)
        subscribe(session, OTHER_WORKSPACE, "C0BRAVO", query="", schedule=Schedule(), quiet_weeks="line", created_by="U0BRAVO", now=NOW - 7 * DAY)
        # Issue 15: B's committee calendar and an open update round (its name a B marker).
        from store.calendar import add_meeting
        from store.rounds import open_round

        add_meeting(session, OTHER_WORKSPACE, "Bravo Borough Scrutiny", TODAY + 30 * DAY, now=NOW)
        open_round(session, OTHER_WORKSPACE, "Bravo Borough Scrutiny", due_on=TODAY + 9 * DAY, meeting=None, by="U0BRAVO", now=NOW, today=TODAY)
    return linked


def leaks(text: str, typed: str = "") -> bool:
    lower = text.lower()
    return any(marker in lower for marker in B_MARKERS if marker not in typed.lower())


def everything_sent(slack_app) -> str:  # type: ignore[no-untyped-def]
    """Every Web API call and response_url post the bot made, as text."""
    return "\n".join(json.dumps(call.body) for call in slack_app.slack.calls)


# Every command the catalog has, with texts that name the other council.
COMMANDS = [
    (catalog.ACTIONS.name, ""), (catalog.ACTIONS.name, "status:all"), (catalog.ACTIONS.name, "bravo secret"), (catalog.ACTIONS.name, "waiting list"),
    (catalog.ACTIONS.name, 'owner:"Priya Raman"'), (catalog.ACTIONS.name, "owner:bravo"), (catalog.ACTIONS.name, "plan:NF"), (catalog.ACTIONS.name, "plan:bravo"),
    (catalog.ACTIONS.name, "owners"), (catalog.ACTIONS.name, "plans"), (catalog.ACTIONS.name, "due:<2026-03-14"), (catalog.ACTIONS.name, "transport"),
    (catalog.OVERDUE.name, ""), (catalog.OVERDUE.name, "owner:priya"), (catalog.ACTION.name, "NF-3.1a"), (catalog.ACTION.name, "NF-3.1"), (catalog.ACTION.name, "NF-9.9"),
    (catalog.ACTION.name, "3.1"), (catalog.MINE.name, ""), (catalog.UPDATE.name, "NF-9.9 done: finished"), (catalog.LINK.name, 'me "Bravo Owner"'),
    (catalog.DIGEST.name, "list all"), (catalog.REMINDERS.name, ""), (catalog.IMPORT.name, ""),
    # The scrutiny cycle (issue 14).
    (catalog.RESPONSES.name, ""), (catalog.RESPONSES.name, "NF"), (catalog.RESPOND.name, "NF-3.1 accepted"),
    (catalog.ASSESS.name, "NF-3.1"), (catalog.SIGNOFF.name, "NF-3.1 meeting:2026-03-02 minute:45"),
    (catalog.REOPEN.name, "NF-3.1: bravo"), (catalog.REPORT.name, "NF"),
    # The committee calendar, update rounds and the tracker (issue 15).
    (catalog.COMMITTEE.name, "list"), (catalog.COMMITTEE.name, 'add "Bravo Scrutiny" meeting:2026-04-07'),
    (catalog.ROUND.name, "status"), (catalog.ROUND.name, 'open committee:"Bravo Scrutiny" due:2026-03-25'),
    (catalog.REPORT.name, 'committee:"Bravo Scrutiny"'),
]


def test_every_command_in_the_catalog_is_tried_across_councils() -> None:
    assert {command for command, _ in COMMANDS} == set(catalog.COMMAND_NAMES)


@pytest.mark.parametrize("command, text", COMMANDS)
def test_commands_as_a_show_nothing_of_b(slack_app, two_councils, command, text) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command(command, text, user=PRIYA)
    assert reply.status == 200
    assert not leaks(reply.text, typed=text), reply.text
    assert not leaks(everything_sent(slack_app), typed=text)


def test_a_shared_handle_means_a_own_action(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "NF-3.1a", user=PRIYA)
    assert "Introduce a telephone triage slot" in reply.blocks_text


def test_an_owner_name_in_both_councils_means_a_owner(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", 'owner:"Priya Raman" status:all', user=PRIYA)
    assert "4 actions" in reply.blocks_text and not leaks(reply.text)


def test_buttons_modals_and_updates_as_a_touch_nothing_of_b(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    listing, _ = slack_app.command("/actions", "status:all", user=PRIYA)
    buttons = [e for b in listing.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    nxt = next(e for e in buttons if e["action_id"] == catalog.NEXT_PAGE_ACTION)
    slack_app.click(nxt["action_id"], nxt["value"], user=PRIYA)
    slack_app.click(catalog.DETAILS_ACTION, "NF-3.1a", user=PRIYA)
    slack_app.click(catalog.UPDATE_ACTION, "NF-3.1a", block_id=entry_block_id("NF-3.1a", None), user=PRIYA)
    view = slack_app.opened_view()
    slack_app.submit(view, {"note": "A's note."}, user=PRIYA)
    slack_app.shortcut(catalog.MESSAGE_UPDATE.callback_id, "Something said in A.", user=PRIYA)
    slack_app.slack.wait_for("views.open", count=2)
    slack_app.slack.wait_for("chat.postEphemeral")
    assert not leaks(everything_sent(slack_app))
    with two_councils.session() as session:
        from store.handles import find_action
        from store.queries import update_history

        bravo = find_action(session, OTHER_WORKSPACE, "NF-3.1")
        assert [u.note for u in update_history(session, bravo)] == []


def test_mentions_and_app_home_as_a_show_nothing_of_b(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    for question in ("what is overdue?", "anything about bravo?", "who owns 3.1?", "what's due this month in the NF plan?"):
        slack_app.event(sr.app_mention_event(f"<@U0BOT> {question}", user=PRIYA))
    slack_app.event(sr.app_home_opened_event(user=PRIYA))
    slack_app.slack.wait_for("chat.postEphemeral", count=4)
    slack_app.slack.wait_for("views.publish")
    assert not leaks(everything_sent(slack_app))


def test_a_export_holds_only_a(two_councils) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with two_councils.session() as session:
        write_jsonl(session, WORKSPACE, out)
    assert not leaks(out.getvalue()) and out.getvalue().count("\n") == 34


def test_a_digest_holds_only_a_and_b_digest_only_b(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    from tests.slack.test_digest_commands import MONDAY_9, clock_for

    slack_app.command("/digest", "subscribe", channel="C0ALPHA", user=PRIYA)
    clock_for(slack_app, two_councils).tick(MONDAY_9)
    posts = {c.body["channel"]: json.dumps(c.body) for c in slack_app.slack.calls_to("chat.postMessage")}
    assert set(posts) >= {"C0ALPHA", "C0BRAVO"}
    assert not leaks(posts["C0ALPHA"])
    assert "zqx" in posts["C0BRAVO"].lower() and "Introduce a telephone triage" not in posts["C0BRAVO"]


def test_retries_are_remembered_per_workspace(slack_app, two_councils) -> None:  # type: ignore[no-untyped-def]
    event = sr.app_mention_event("<@U0BOT> help", user=PRIYA)
    slack_app.event(event, event_id="Ev0SAME")
    slack_app.event(event, team=OTHER_WORKSPACE, event_id="Ev0SAME")
    assert eventually(lambda: len(slack_app.slack.calls_to("chat.postEphemeral")) == 2)
