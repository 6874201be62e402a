"""Owners linked to Slack people: /mine, /link claims and confirmations, teams, App Home."""

import json

from handlers import catalog
from store.links import owner_ids_for
from store.owners import resolve_owner
from tests.conftest import OFFICER, PRIYA, WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text


def owner_ids(db, user, groups=frozenset()):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {resolve_owner(session, WORKSPACE, n).id: n for n in ("Priya Raman", "Tom Okafor", "IT Services")}, owner_ids_for(session, WORKSPACE, user, groups)


def test_mine_lists_the_callers_own_open_actions(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/mine", user=PRIYA)
    assert reply.json["blocks"][0]["text"]["text"] == "Your actions still open"
    assert "NF-3.1a" in reply.blocks_text and "ST-T1" not in reply.blocks_text


def test_mine_for_someone_not_linked_says_how_to_link(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/mine", user="U0001")
    assert '/link me "Your Name"' in reply.blocks_text


def test_a_claim_waits_for_an_officer_who_confirms_it_with_a_button(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/link", 'me "Tom Okafor"', user="U0001")
    assert "asked a scrutiny officer to confirm that you are *Tom Okafor*" in reply.blocks_text
    names, before = owner_ids(linked, "U0001")
    assert before == set()
    [ask] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    confirm = next(e for b in ask.arg("blocks") if b["type"] == "actions" for e in b["elements"] if e["action_id"] == catalog.CLAIM_CONFIRM_ACTION)
    _, name = slack_app.click(catalog.CLAIM_CONFIRM_ACTION, confirm["value"], user=OFFICER)
    [verdict] = slack_app.slack.wait_for_responses(name, 1)
    assert "confirmed by <@U0OFFICER>" in blocks_text(verdict)
    _, after = owner_ids(linked, "U0001")
    assert {names[i] for i in after} == {"Tom Okafor"}
    [told] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == "U0001")
    assert "You are now linked to *Tom Okafor*" in told.body["text"]


def test_only_an_officer_can_confirm_a_claim(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/link", 'me "Tom Okafor"', user="U0001")
    [ask] = slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    confirm = next(e for b in ask.arg("blocks") if b["type"] == "actions" for e in b["elements"] if e["action_id"] == catalog.CLAIM_CONFIRM_ACTION)
    _, name = slack_app.click(catalog.CLAIM_CONFIRM_ACTION, confirm["value"], user="U0001")
    [refusal] = slack_app.slack.wait_for_responses(name, 1)
    assert "Only scrutiny officers can confirm links" in blocks_text(refusal)
    assert owner_ids(linked, "U0001")[1] == set()


def test_claiming_a_name_already_linked_to_someone_else_is_refused(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/link", 'me "Priya Raman"', user="U0001")
    assert "Priya Raman is already linked to someone else" in reply.blocks_text


def test_an_officer_links_someone_directly(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/link", '<@U0LINDA|linda> "Tom Okafor"', user=OFFICER)
    assert ":white_check_mark: *Tom Okafor* is now <@U0LINDA>" in reply.blocks_text
    names, ids = owner_ids(linked, "U0LINDA")
    assert {names[i] for i in ids} == {"Tom Okafor"}


def test_linking_others_is_for_officers_only(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/link", '<@U0LINDA|linda> "Tom Okafor"', user="U0001")
    assert "Only scrutiny officers can link other people" in reply.blocks_text


def test_a_team_linked_to_a_user_group_can_be_updated_by_its_members(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.add_usergroup("S0IT", handle="it-team", users=["U0001"])
    reply, _ = slack_app.command("/link", '"IT Services" <!subteam^S0IT|@it-team>', user=OFFICER)
    assert "*IT Services* is now <!subteam^S0IT>" in reply.blocks_text
    done, _ = slack_app.command("/update", "NF-3.6a note: licence request sent to finance", user="U0001")
    assert "Saved your update to *NF-3.6a*" in done.blocks_text


def test_suggestions_match_slack_names_to_owners(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.add_user("U0TOM", "Tom Okafor")
    reply, _ = slack_app.command("/link", "", user=OFFICER)
    assert "<@U0TOM> (Tom Okafor) → *Tom Okafor*" in reply.blocks_text
    button = next(
        b["accessory"] for b in reply.json["blocks"]
        if b.get("accessory", {}).get("action_id") == catalog.LINK_SUGGESTION_ACTION and "U0TOM" in b["accessory"]["value"]
    )
    _, name = slack_app.click(catalog.LINK_SUGGESTION_ACTION, button["value"], user=OFFICER)
    [done] = slack_app.slack.wait_for_responses(name, 1)
    assert "<@U0TOM> is now *Tom Okafor*" in blocks_text(done)
    names, ids = owner_ids(linked, "U0TOM")
    assert {names[i] for i in ids} == {"Tom Okafor"}


def test_app_home_shows_my_actions_with_update_buttons(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_home_opened_event(user=PRIYA))
    [call] = slack_app.slack.wait_for("views.publish")
    view = call.arg("view")
    text = blocks_text(view if isinstance(view, dict) else json.loads(view))
    assert call.body["user_id"] == PRIYA and "My actions" in text and "NF-3.1a" in text and "Update" in text
    assert "Overdue across the workspace" not in text


def test_app_home_for_an_officer_adds_sign_offs_and_overdue(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_home_opened_event(user=OFFICER))
    [call] = slack_app.slack.wait_for("views.publish")
    view = call.arg("view")
    text = blocks_text(view if isinstance(view, dict) else json.loads(view))
    assert "Awaiting your sign-off" in text and "Overdue across the workspace" in text and "ST-T1" in text
    assert "aren't linked to an owner yet" in text
