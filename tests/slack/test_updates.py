"""Owners update their actions from chat: the modal, the menu, /update, sign-off; exactly once."""

import json
from handlers import catalog
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import handlers.views.update as update_view
from handlers.blocks.action_list import entry_block_id
from store.handles import find_action
from store.models import Update
from store.queries import update_history
from store.status import Status
from tests.conftest import NOW, OFFICER, PRIYA, TODAY, WORKSPACE
from tests.fakes.running_app import blocks_text


def entry_buttons(reply, handle):  # type: ignore[no-untyped-def]
    """The block id and buttons of one entry in a list reply."""
    for block in reply.json["blocks"]:
        if block["type"] == "actions" and block.get("block_id", "").startswith("entry:") and f'"h":"{handle}"' in block["block_id"]:
            return block["block_id"], block["elements"]
    raise AssertionError(f"{handle} not in {reply.json['blocks']}")


def open_update(slack_app, handle="NF-3.1a", user=PRIYA):  # type: ignore[no-untyped-def]
    listing, _ = slack_app.command("/actions", 'owner:"Priya Raman"', user=user)
    block_id, _ = entry_buttons(listing, handle)
    ack, name = slack_app.click(catalog.UPDATE_ACTION, handle, block_id=block_id, user=user)
    return ack, name


def history(db, handle="NF-3.1a"):  # type: ignore[no-untyped-def]
    with db.session() as session:
        action = find_action(session, WORKSPACE, handle)
        return action, [u for u in update_history(session, action) if u.source == "slack"]


def test_the_update_button_opens_a_modal_for_the_owner(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    view = slack_app.opened_view()
    assert view["callback_id"] == catalog.UPDATE_VIEW
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["status", "note", "new_due", "reason", "review_date"]
    assert json.loads(view["private_metadata"])["handle"] == "NF-3.1a"


def test_someone_who_is_not_an_owner_is_told_why_and_no_modal_opens(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    _, name = open_update(slack_app, user="U0001")
    [refusal] = slack_app.slack.wait_for_responses(name, 1)
    text = blocks_text(refusal)
    assert "You can't update NF-3.1a: only its owners (Priya Raman) and scrutiny officers can." in text
    assert '/link me "Your Name"' in text
    slack_app.slack.assert_not_called("views.open")


def test_submitting_saves_one_update_with_its_author_and_time(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    reply = slack_app.submit(slack_app.opened_view(), {"status": "in_progress", "note": "Triage runs every weekday now."}, user=PRIYA)
    assert (reply.status, reply.text) == (200, "")
    action, updates = history(linked)
    assert action.status is Status.IN_PROGRESS
    [update] = [u for u in updates if u.note == "Triage runs every weekday now."]
    assert (update.author_name, update.author_slack_id, update.created_at) == ("Priya Raman", PRIYA, NOW)


def test_after_saving_the_source_message_is_redrawn_with_a_confirmation(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    _, name = open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"status": "blocked", "note": "Waiting for the phone system."}, user=PRIYA)
    [redrawn] = slack_app.slack.wait_for_responses(name, 1)
    assert redrawn["replace_original"] is True
    assert "Saved your update to *NF-3.1a*: now *blocked*" in blocks_text(redrawn)


def test_the_owner_gets_an_ephemeral_confirmation(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"note": "Met the discharge team."}, user=PRIYA)
    [call] = slack_app.slack.wait_for("chat.postEphemeral")
    assert call.body["user"] == PRIYA and "Saved your update to *NF-3.1a*: note added" in call.body["text"]


@pytest.mark.parametrize("answers, field, says", [
    ({"new_due": "2026-03-01", "reason": "x"}, "new_due", "can't be in the past"),
    ({"status": "blocked"}, "note", "what is blocking it"),
    ({"new_due": "2027-06-30"}, "reason", "Say why the deadline moves later"),
    ({"status": "paused", "reason": "Budget freeze"}, "review_date", "Give a date to review it"),
    ({"note": "x" * 2901}, "note", "Keep the note under"),
    ({}, "note", "Nothing to save"),
])
def test_a_bad_submission_shows_an_inline_error_and_saves_nothing(slack_app, linked, answers, field, says) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    reply = slack_app.submit(slack_app.opened_view(), answers, user=PRIYA)
    assert reply.json["response_action"] == "errors"
    assert list(reply.json["errors"]) == [field] and says in reply.json["errors"][field]
    assert history(linked)[1] == []


def test_the_same_submission_delivered_twice_is_stored_once(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    view = slack_app.opened_view()
    first = slack_app.submit(view, {"note": "Double-clicked note."}, user=PRIYA, view_id="V0SAME")
    second = slack_app.submit(view, {"note": "Double-clicked note."}, user=PRIYA, view_id="V0SAME")
    assert (first.status, second.status) == (200, 200)
    assert [u.note for u in history(linked)[1]] == ["Double-clicked note."]


def test_a_database_failure_keeps_the_modal_open_with_the_text_and_saves_nothing(slack_app, linked, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(update_view, "save_update", down)
    reply = slack_app.submit(slack_app.opened_view(), {"note": "Important words."}, user=PRIYA)
    assert reply.json["response_action"] == "errors"
    assert "Your text is still here" in reply.json["errors"]["note"]
    assert history(linked)[1] == []
    assert any(r.exc_info for r in caplog.records)


def test_a_slow_save_closes_the_modal_and_reports_by_message(slack_app, linked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    open_update(slack_app)
    real = update_view.save_update

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(update_view, "save_update", slow)
    monkeypatch.setattr(update_view, "SAVE_BUDGET", 0.05)
    reply = slack_app.submit(slack_app.opened_view(), {"note": "Slow but sure."}, user=PRIYA)
    assert (reply.status, reply.text) == (200, "")
    [confirmation] = slack_app.slack.wait_for("chat.postEphemeral")
    assert "Saved your update" in confirmation.body["text"]
    assert [u.note for u in history(linked)[1]] == ["Slow but sure."]


def test_a_later_date_is_a_slip_shown_with_the_original(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"new_due": "2026-06-30", "reason": "New phone system in May."}, user=PRIYA)
    action, _ = history(linked)
    assert (action.due_date, action.original_due_date, action.slip_count) == (date(2026, 6, 30), TODAY - timedelta(days=41), 1)
    detail, _ = slack_app.command("/action", "NF-3.1a", user=PRIYA)
    assert "moved 1 time" in detail.blocks_text


def test_done_by_an_owner_awaits_sign_off_and_officers_are_asked(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"status": "done", "note": "Triage in place."}, user=PRIYA)
    assert history(linked)[0].status is Status.AWAITING_SIGNOFF
    [ask] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    assert "marked *NF-3.1a* done" in json.dumps(ask.body)


def test_an_officer_signs_off_from_the_buttons(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"status": "done", "note": "Triage in place."}, user=PRIYA)
    block_id = entry_block_id("NF-3.1a", None)
    ack, name = slack_app.click(catalog.SIGNOFF_ACTION, "NF-3.1a", block_id=block_id, user=OFFICER)
    slack_app.slack.wait_for("chat.postEphemeral", count=2)
    action, updates = history(linked)
    assert action.status is Status.DONE
    assert (updates[-1].author_slack_id, updates[-1].status_from, updates[-1].status_to) == (OFFICER, Status.AWAITING_SIGNOFF, Status.DONE)


def test_an_officer_sends_an_action_back_with_a_reason(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"status": "done", "note": "Done."}, user=PRIYA)
    slack_app.click(catalog.SEND_BACK_ACTION, "NF-3.1a", block_id=entry_block_id("NF-3.1a", None), user=OFFICER)
    view = slack_app.opened_view(count=2)
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["reason"]
    slack_app.submit(view, {"reason": "No evidence of the triage numbers yet."}, user=OFFICER)
    action, updates = history(linked)
    assert action.status is Status.IN_PROGRESS and updates[-1].reason == "No evidence of the triage numbers yet."


def test_only_officers_may_sign_off(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    open_update(slack_app)
    slack_app.submit(slack_app.opened_view(), {"status": "done", "note": "Done."}, user=PRIYA)
    _, name = slack_app.click(catalog.SIGNOFF_ACTION, "NF-3.1a", block_id=entry_block_id("NF-3.1a", None), user=PRIYA)
    [refusal] = slack_app.slack.wait_for_responses(name, 1)
    assert "Only scrutiny officers can sign off actions" in blocks_text(refusal)
    assert history(linked)[0].status is Status.AWAITING_SIGNOFF


def test_the_menus_mark_done_saves_at_once_and_redraws(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    listing, _ = slack_app.command("/actions", 'owner:"Priya Raman"', user=PRIYA)
    block_id, _ = entry_buttons(listing, "NF-3.6b")
    overflow = {"action_id": catalog.MENU_ACTION, "block_id": block_id, "type": "overflow", "action_ts": "1700000000.1",
                "selected_option": {"text": {"type": "plain_text", "text": "Mark done"}, "value": "done:NF-3.6b"}}
    _, name = slack_app.click(catalog.MENU_ACTION, "", actions=[overflow], user=PRIYA)
    [redrawn] = slack_app.slack.wait_for_responses(name, 1)
    assert "now waits for a scrutiny officer to sign it off" in blocks_text(redrawn)
    assert history(linked, "NF-3.6b")[0].status is Status.AWAITING_SIGNOFF


def test_the_menus_change_due_date_opens_a_short_modal(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    overflow = {"action_id": catalog.MENU_ACTION, "block_id": entry_block_id("NF-3.6b", None), "type": "overflow", "action_ts": "1",
                "selected_option": {"text": {"type": "plain_text", "text": "Change due date"}, "value": "due:NF-3.6b"}}
    slack_app.click(catalog.MENU_ACTION, "", actions=[overflow], user=PRIYA)
    view = slack_app.opened_view()
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["new_due", "reason"]


def test_update_command_quick_path(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "NF-3.1a blocked: waiting for the phone system", user=PRIYA)
    assert "Saved your update to *NF-3.1a*: now *blocked*" in reply.blocks_text
    assert history(linked)[1][-1].note == "waiting for the phone system"


def test_update_command_with_a_ref_in_two_plans_asks_which_then_saves(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "3.1 note: met the wards", user=PRIYA)
    assert "is a ref in more than one plan" in reply.blocks_text
    choice = next(e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"] if '"NF-3.1a"' in e["value"])
    _, name = slack_app.click(choice["action_id"], choice["value"], user=PRIYA)
    [done] = slack_app.slack.wait_for_responses(name, 1)
    assert "Saved your update to *NF-3.1a*" in blocks_text(done)


def test_update_command_by_someone_else_is_refused(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "NF-3.1a done: finished", user="U0001")
    assert "You can't update NF-3.1a" in reply.blocks_text
    assert history(linked)[1] == []


def test_update_command_with_a_bad_form_shows_examples(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "NF-3.1a sideways: hmm", user=PRIYA)
    assert "I don't know the status" in reply.blocks_text and "/update BR-7.4.3 done:" in reply.blocks_text


def test_an_officer_may_update_any_action(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "ST-T1 note: chased the schools", user=OFFICER)
    assert "Saved your update to *ST-T1*" in reply.blocks_text


def test_a_message_becomes_an_update_with_a_link_back(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.shortcut(catalog.MESSAGE_UPDATE.callback_id, "Ward 3 now sends referrals on the new form.", user=PRIYA)
    view = slack_app.opened_view()
    note = next(b for b in view["blocks"] if b["block_id"] == "note")["element"]["initial_value"]
    assert note == "Ward 3 now sends referrals on the new form."
    handles = [o["value"] for o in next(b for b in view["blocks"] if b["block_id"] == "handle")["element"]["options"]]
    assert "NF-3.1a" in handles
    slack_app.submit(view, {"handle": "NF-3.1a", "note": note}, user=PRIYA)
    [update] = history(linked)[1]
    assert update.note.startswith("Ward 3 now sends") and "https://" in update.note


def test_updates_land_in_the_history_shown_by_action(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/update", "NF-3.1a blocked: phones down", user=PRIYA)
    detail, _ = slack_app.command("/action", "NF-3.1a")
    assert "<@U0PRIYA>" in detail.blocks_text and "in progress → *blocked*" in detail.blocks_text and "phones down" in detail.blocks_text


def test_updates_are_never_edited_only_added(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/update", "NF-3.1a blocked: phones down", user=PRIYA)
    slack_app.command("/update", "NF-3.1a in progress: phones back", user=PRIYA)
    with linked.session() as session:
        count = session.scalar(select(func.count()).select_from(Update).where(Update.source == "slack"))
    assert count == 2


def test_without_two_stage_close_an_owners_done_is_done(slack_app, linked, services) -> None:  # type: ignore[no-untyped-def]
    services.two_stage_close = False
    reply, _ = slack_app.command("/update", "NF-3.1a done: triage in place", user=PRIYA)
    assert "now *done*" in reply.blocks_text
    assert history(linked)[0].status is Status.DONE


def test_a_workspace_setting_overrides_the_default(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    from store.models import Workspace

    with linked.session_factory.begin() as session:
        session.get(Workspace, WORKSPACE).two_stage_close = False
    slack_app.command("/update", "NF-3.1a done: triage in place", user=PRIYA)
    assert history(linked)[0].status is Status.DONE


def test_done_by_update_command_also_asks_the_officers(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/update", "NF-3.1a done: triage in place", user=PRIYA)
    [ask] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    assert "marked *NF-3.1a* done" in json.dumps(ask.body)


def test_a_refusal_never_echoes_an_owner_name_as_markup(slack_app, linked, add_plan) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ActionSpec

    add_plan("Hostile", [ActionSpec("1", "Something.", ["<!channel> Boss"])], code="HO")
    reply, _ = slack_app.command("/update", "HO-1 note: hi", user=PRIYA)
    assert "You can't update HO-1" in reply.blocks_text and "<!channel>" not in reply.text
