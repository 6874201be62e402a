"""One row, one truth: concurrent updates of one action, stores and Slacks that fail around a save."""

import json
import threading
from handlers import catalog
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import handlers.commands.update as update_command
import handlers.people as people
from handlers.blocks.action_list import entry_block_id
from store.handles import find_action
from store.models import Update
from store.status import Status
from tests.conftest import NOW, OFFICER, PRIYA, TODAY, WORKSPACE
from tests.slack.test_updates import history, open_update


def at_once(count: int, send) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def one(n: int) -> None:
        barrier.wait()
        try:
            send(n)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def updates_of(db, handle: str) -> list[Update]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        action = find_action(session, WORKSPACE, handle)
        return list(session.scalars(select(Update).where(Update.action_id == action.id, Update.source == "slack").order_by(Update.id)))


def test_twenty_concurrent_due_date_moves_agree_with_the_history(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    with linked.session() as session:
        before = find_action(session, WORKSPACE, "NF-3.1a")
    # Later and earlier dates in turn, so both slips and pull-ins race.
    dates = [TODAY + timedelta(days=30 + (n * 7) % 40) for n in range(20)]
    at_once(20, lambda n: slack_app.command("/update", f"NF-3.1a due {dates[n].isoformat()}: plan {n}", user=OFFICER))
    stored = updates_of(linked, "NF-3.1a")
    assert len(stored) == 20
    moves = [u for u in stored if u.due_to is not None]
    chain = [before.due_date] + [u.due_to for u in moves]
    assert [u.due_from for u in moves] == chain[:-1]  # each move starts where the one before ended
    with linked.session() as session:
        after = find_action(session, WORKSPACE, "NF-3.1a")
    later = sum(1 for u in moves if u.due_from is not None and u.due_to > u.due_from)
    assert after.due_date == chain[-1]
    assert after.slip_count == before.slip_count + later


def test_ten_concurrent_dones_make_one_sign_off_request(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    at_once(10, lambda n: slack_app.command("/update", f"NF-3.1a done: triage in place ({n})", user=PRIYA))
    transitions = [u for u in updates_of(linked, "NF-3.1a") if u.status_to is Status.AWAITING_SIGNOFF]
    assert len(transitions) == 1
    slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    asks = [c for c in slack_app.slack.calls_to("chat.postMessage") if c.body.get("channel") == OFFICER]
    assert len(asks) == 1


def test_an_update_committed_is_reported_saved_when_the_read_back_fails(slack_app, linked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def store_restarting(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, Exception("the database system is shutting down"))

    monkeypatch.setattr(update_command, "summarise", store_restarting)
    reply, _ = slack_app.command("/update", "NF-3.1a note: met the team", user=PRIYA)
    assert "Saved your update" in reply.text and "nothing was read or changed" not in reply.blocks_text
    assert [u.note for u in updates_of(linked, "NF-3.1a")] == ["met the team"]


def test_done_where_the_bot_cannot_post_still_asks_the_officers_and_tells_the_owner_by_dm(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.fail("chat.postEphemeral", error="channel_not_found")
    overflow = {"action_id": catalog.MENU_ACTION, "block_id": entry_block_id("NF-3.6b", None), "type": "overflow", "action_ts": "1700000000.2",
                "selected_option": {"text": {"type": "plain_text", "text": "Mark done"}, "value": "done:NF-3.6b"}}
    slack_app.click(catalog.MENU_ACTION, "", actions=[overflow], user=PRIYA, channel_id="D0TWOPEOPLE")
    [ask] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    assert "marked *NF-3.6b* done" in json.dumps(ask.body)
    [told] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == PRIYA)
    assert "sign it off" in told.body["text"]
    assert history(linked, "NF-3.6b")[0].status is Status.AWAITING_SIGNOFF


def test_submitting_the_form_while_the_store_is_down_says_not_saved_inline(slack_app, linked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(people, "person_for", down)
    reply = slack_app.submit(slack_app.opened_view(), {"note": "Important words."}, user=PRIYA)
    assert reply.status == 200 and reply.json["response_action"] == "errors"
    assert "Not saved" in reply.json["errors"]["note"]


def test_an_officer_message_refused_with_a_5xx_is_sent_later_by_the_clock(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    from tests.slack.test_digest_commands import clock_for

    slack_app.slack.http_error("chat.postMessage", status=503, times=3, when=lambda body: body.get("channel") == OFFICER)
    reply, name = slack_app.command("/update", "NF-3.1a done: triage in place", user=PRIYA)
    if "Working on it" in reply.text:  # Slack's own retries of the 503s outlast the reply budget
        slack_app.slack.wait_for_responses(name, 1, timeout=30)
    asks = lambda: [c for c in slack_app.slack.calls_to("chat.postMessage") if c.body.get("channel") == OFFICER and c.status == 200]  # noqa: E731
    assert asks() == []
    clock_for(slack_app, linked).tick(NOW + timedelta(minutes=1))
    [ask] = asks()
    assert "marked *NF-3.1a* done" in json.dumps(ask.body)
    clock_for(slack_app, linked).tick(NOW + timedelta(hours=1))
    assert len(asks()) == 1


# Slack slow (timeouts, not errors) while someone updates: saved all the same, and told so.

SLOWER_THAN_THE_CLIENT = 12  # Bolt's Web API client gives up after 10 s


def test_update_command_saves_when_slacks_user_lookups_time_out(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.delay("users.info", SLOWER_THAN_THE_CLIENT)
    slack_app.slack.delay("usergroups.list", SLOWER_THAN_THE_CLIENT)
    reply, name = slack_app.command("/update", "NF-3.1a note: spoke to the provider", user=PRIYA)
    said = reply.text if "Working on it" not in reply.text else json.dumps(slack_app.slack.wait_for_responses(name, 1, timeout=20))
    assert "Saved your update" in said
    assert [u.note for u in updates_of(linked, "NF-3.1a")] == ["spoke to the provider"]


def test_the_form_saves_when_slacks_user_lookups_time_out(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.delay("users.info", SLOWER_THAN_THE_CLIENT)
    slack_app.slack.delay("usergroups.list", SLOWER_THAN_THE_CLIENT)
    open_update(slack_app)
    reply = slack_app.submit(slack_app.opened_view(), {"note": "Typed while Slack was slow."}, user=PRIYA)
    assert reply.status == 200 and "errors" not in (reply.text or "")
    slack_app.slack.wait_for("chat.postEphemeral", timeout=20)
    assert [u.note for u in history(linked)[1]] == ["Typed while Slack was slow."]
