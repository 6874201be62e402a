"""The scrutiny cycle through the real protocol: reports on the response clock, executive responses
(by command and by form), assessments, committee sign-off and re-opening, on both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from handlers import catalog
from store.models import Recommendation, RecommendationEvent, ScrutinyReport
from store.recommendations import find_recommendation
from store.status import Assessment, Response
from tests.conftest import OFFICER, PRIYA, WORKSPACE, ActionSpec
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text

# NOW is 16 March 2026.


@pytest.fixture
def plans(db, add_plan):  # type: ignore[no-untyped-def]
    """Two reports' plans with no responses yet: parking (PK, three recommendations, one with two
    actions) and waste (WS)."""
    add_plan("Parking Review", [
        ActionSpec("1", "Publish the permit waiting list monthly.", ["Linda Mann"], date(2026, 6, 30), recommendation="Publish the permit waiting list."),
        ActionSpec("2", "Survey residents about evening controls.", ["Diane Brown"], date(2026, 2, 1), recommendation="Review evening controls."),
        ActionSpec("2", "Report the survey to the committee.", ["Diane Brown"], date(2026, 9, 30), recommendation="Review evening controls."),
        ActionSpec("3", "Replace the pay machines.", ["Owen Price"], date(2026, 1, 31), status="done", recommendation="Replace the pay machines."),
    ], code="PK")
    add_plan("Waste Strategy", [
        ActionSpec("A", "Trial food waste collections.", ["Linda Mann"], date(2026, 8, 1), recommendation="Collect food waste weekly."),
    ], code="WS")
    return db


def rec(db, typed: str) -> Recommendation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        found = find_recommendation(session, WORKSPACE, typed)
        session.expunge_all()
        return found


def events(db, typed: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rec_id = find_recommendation(session, WORKSPACE, typed).id
        return [(e.kind, e.author_slack_id) for e in session.scalars(
            select(RecommendationEvent).where(RecommendationEvent.recommendation_id == rec_id).order_by(RecommendationEvent.id))]


# --------------------------------------------------------------------------- reports and the clock


def test_a_report_received_on_10_march_is_due_a_response_on_9_may(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", 'PK received:2026-03-10 agreed:2026-02-24 committee:"Place Scrutiny Committee" member:"Cllr Ann Lee"', user=OFFICER)
    text = reply.blocks_text
    assert "Saved the report's details" in text and "*Response due*\n9 May 2026" in text
    assert "Place Scrutiny Committee" in text and "Cllr Ann Lee" in text
    with plans.session() as session:
        report = session.scalar(select(ScrutinyReport).where(ScrutinyReport.title == "Parking Review"))
        assert (report.received_on, report.response_due_on) == (date(2026, 3, 10), date(2026, 5, 9))


def test_a_report_received_on_31_december_is_due_a_response_on_28_february(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    assert "*Response due*\n28 Feb 2026" in reply.blocks_text


def test_only_officers_change_a_report_and_nothing_changes_otherwise(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", "PK received:2026-03-10", user=PRIYA)
    assert "Only scrutiny officers can change a scrutiny report" in reply.blocks_text
    with plans.session() as session:
        assert session.scalar(select(ScrutinyReport.received_on).where(ScrutinyReport.title == "Parking Review")) is None


def test_a_report_received_before_it_was_agreed_is_refused_with_what_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", "PK agreed:2026-03-10 received:2026-03-01", user=OFFICER)
    assert "before the committee agreed it" in reply.blocks_text and "`/report PK agreed:" in reply.blocks_text


def test_responses_lists_overdue_reports_first_then_those_awaiting(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    reply, _ = slack_app.command("/responses")
    text = reply.blocks_text
    assert text.index("Overdue for a response") < text.index("*WS*") < text.index("Awaiting a response") < text.index("*PK*")
    assert "16 days overdue" in text and "PK-1" in text and "PK-3" in text
    assert "1 recommendation overdue for a response · 3 recommendations awaiting one" in text


# --------------------------------------------------------------------------- responses


def test_an_officer_records_a_response_in_one_line_and_it_leaves_the_waiting_list(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    reply, _ = slack_app.command("/respond", "PK-2 accepted in part: evening controls only in the town centre", user=OFFICER)
    assert "Recorded the executive's response to PK-2" in reply.blocks_text
    assert "*accepted in part* on 16 Mar 2026 — evening controls only in the town centre" in reply.blocks_text
    stored = rec(plans, "PK-2")
    assert (stored.response, stored.responded_on) == (Response.ACCEPTED_IN_PART, date(2026, 3, 16))
    assert events(plans, "PK-2") == [("response", OFFICER)]
    listing, _ = slack_app.command("/responses")
    assert "PK-2" not in listing.blocks_text and "PK-1" in listing.blocks_text


def test_a_response_dated_before_the_report_is_refused_and_nothing_changes(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    reply, _ = slack_app.command("/respond", "PK-1 accepted on 2026-03-01", user=OFFICER)
    text = reply.blocks_text
    assert "a response can't come before it" in text and "`/respond PK-1 accepted on 2026-03-10`" in text
    assert rec(plans, "PK-1").response is None and events(plans, "PK-1") == []


def test_a_rejection_without_reasons_is_refused_with_the_line_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/respond", "PK-1 rejected", user=OFFICER)
    assert "`/respond PK-1 rejected: the reasons the executive gave`" in reply.blocks_text
    assert rec(plans, "PK-1").response is None


def test_someone_who_is_not_an_officer_cannot_record_a_response(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/respond", "PK-1 accepted", user=PRIYA)
    assert "Only scrutiny officers can record the executive's response" in reply.blocks_text
    assert rec(plans, "PK-1").response is None


def test_an_unreadable_response_lists_the_responses_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/respond", "PK-1 maybe later", user=OFFICER)
    assert "as the executive's response" in reply.blocks_text and "`/respond PK-1 accepted in principle`" in reply.blocks_text


def test_respond_with_only_a_recommendation_opens_the_form_and_saves_what_it_says(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    slack_app.command("/respond", "PK-1", user=OFFICER)
    view = slack_app.opened_view()
    assert view["callback_id"] == catalog.RESPONSE_VIEW
    reply = slack_app.submit(view, {"response": "rejected", "responded_on": "2026-03-12", "reason": "No budget this year."}, user=OFFICER)
    assert (reply.status, reply.text) == (200, "")
    stored = rec(plans, "PK-1")
    assert (stored.response, stored.responded_on, stored.response_reason) == (Response.REJECTED, date(2026, 3, 12), "No budget this year.")
    slack_app.slack.wait_for("chat.postEphemeral", where=lambda body: "PK-1" in str(body.get("text")))


def test_the_form_shows_a_date_before_the_report_on_its_field_and_saves_nothing(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    slack_app.command("/respond", "PK-1", user=OFFICER)
    reply = slack_app.submit(slack_app.opened_view(), {"response": "accepted", "responded_on": "2026-03-02"}, user=OFFICER)
    assert reply.json["response_action"] == "errors" and "responded_on" in reply.json["errors"]
    assert rec(plans, "PK-1").response is None


def test_the_same_form_submitted_twice_is_recorded_once(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/respond", "PK-1", user=OFFICER)
    view = slack_app.opened_view()
    for _ in range(2):
        slack_app.submit(view, {"response": "noted", "responded_on": "2026-03-16"}, user=OFFICER, view_id="V0TWICE")
    assert events(plans, "PK-1") == [("response", OFFICER)]


# --------------------------------------------------------------------------- assessment


def test_assess_alone_shows_what_the_actions_suggest_and_records_nothing(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/assess", "PK-2", user=OFFICER)
    assert "its actions suggest *slipped* (1 action overdue)" in reply.blocks_text
    assert rec(plans, "PK-2").assessment is None


def test_an_officer_records_a_slipped_assessment_with_its_new_date_and_reason(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/assess", "PK-2 slipped 2026-10-31: the survey went out late", user=OFFICER)
    assert "Recorded the assessment of PK-2" in reply.blocks_text
    stored = rec(plans, "PK-2")
    assert (stored.assessment, stored.assessment_date, stored.assessment_reason) == (Assessment.SLIPPED, date(2026, 10, 31), "the survey went out late")


def test_slipped_without_a_new_date_is_refused_with_the_line_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/assess", "PK-2 slipped", user=OFFICER)
    assert "`/assess PK-2 slipped 2026-03-16: why it slipped`" in reply.blocks_text
    assert rec(plans, "PK-2").assessment is None


def test_the_officers_assessment_stands_against_the_roll_up_and_says_so(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/assess", "PK-2 on track", user=OFFICER)
    assert "Its actions suggest slipped" in reply.blocks_text and "your assessment stands" in reply.blocks_text
    assert rec(plans, "PK-2").assessment is Assessment.ON_TRACK


# --------------------------------------------------------------------------- sign-off and re-open


def test_a_recommendation_whose_actions_are_closed_is_signed_off_at_once(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=OFFICER)
    assert "Signed off PK-3 as accepted by the committee" in reply.blocks_text
    assert "*Signed off* at the meeting of 2 Mar 2026, minute 45" in reply.blocks_text
    stored = rec(plans, "PK-3")
    assert (stored.signed_off_on, stored.signoff_minute) == (date(2026, 3, 2), "45")


def test_signing_off_with_open_actions_asks_first_and_changes_nothing(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-2 meeting:2026-03-02 minute:46", user=OFFICER)
    assert "still has 2 actions open" in reply.blocks_text
    buttons = [e["action_id"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [catalog.SIGNOFF_ANYWAY_ACTION, catalog.SIGNOFF_CANCEL_ACTION]
    assert rec(plans, "PK-2").signed_off_on is None


def test_sign_off_anyway_signs_it_off_once_however_often_it_is_pressed(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-2 meeting:2026-03-02 minute:46", user=OFFICER)
    value = next(e["value"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == catalog.SIGNOFF_ANYWAY_ACTION)
    names = [slack_app.click(catalog.SIGNOFF_ANYWAY_ACTION, value, user=OFFICER, message_ts="1700000000.000100")[1] for _ in range(2)]
    for name in names:
        [shown] = slack_app.slack.wait_for_responses(name, 1)
        assert "Signed off PK-2" in blocks_text(shown)
    assert events(plans, "PK-2") == [("signoff", OFFICER)]


def test_cancel_leaves_the_recommendation_open(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    _, name = slack_app.click(catalog.SIGNOFF_CANCEL_ACTION, "PK-2", user=OFFICER)
    [shown] = slack_app.slack.wait_for_responses(name, 1)
    assert "Not signed off" in blocks_text(shown) and rec(plans, "PK-2").signed_off_on is None


def test_a_sign_off_by_someone_not_an_officer_is_refused_and_nothing_changes(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=PRIYA)
    assert "Only scrutiny officers can sign off a recommendation" in reply.blocks_text
    assert rec(plans, "PK-3").signed_off_on is None and events(plans, "PK-3") == []


def test_a_sign_off_without_a_minute_says_what_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-3 meeting:2026-03-02", user=OFFICER)
    assert "needs the minute reference" in reply.blocks_text and "`/signoff PK-3 meeting:2026-03-02 minute:45`" in reply.blocks_text


def test_a_minute_reference_on_a_reopen_is_refused_and_nothing_changes(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=OFFICER)
    reply, _ = slack_app.command("/reopen", "PK-3 minute:52: the machines keep failing", user=OFFICER)
    assert "A re-open takes no meeting or minute reference (`minute:`)" in reply.blocks_text and "`/reopen PK-3: why the committee re-opened it`" in reply.blocks_text
    assert rec(plans, "PK-3").signed_off_on == date(2026, 3, 2)


def test_reopening_clears_the_sign_off_and_the_history_keeps_both(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=OFFICER)
    reply, _ = slack_app.command("/reopen", "PK-3: the new machines keep failing", user=OFFICER)
    text = reply.blocks_text
    assert "Re-opened PK-3" in text and "*re-opened*: the new machines keep failing" in text and "*signed off* at the meeting of 2 Mar 2026" in text
    assert rec(plans, "PK-3").signed_off_on is None
    assert events(plans, "PK-3") == [("signoff", OFFICER), ("reopen", OFFICER)]


def test_reopening_what_is_not_signed_off_says_there_is_nothing_to_reopen(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/reopen", "PK-1: changed our minds", user=OFFICER)
    assert "is not signed off, so there is nothing to re-open" in reply.blocks_text


def test_an_unknown_recommendation_says_what_to_type_with_one_of_the_workspaces_own(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/respond", "PK-1 accepted", user=OFFICER)
    reply, _ = slack_app.command("/signoff", "ZZ-9 meeting:2026-03-02 minute:45", user=OFFICER)
    # The example is a real recommendation, the first still waiting for a response (PK-1 has one).
    assert "No recommendation is called `ZZ-9`" in reply.blocks_text and "like `PK-2`" in reply.blocks_text
    assert "BR-7.4" not in reply.blocks_text


def test_a_mistyped_recommendation_is_answered_with_the_nearest_ones(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    for typed in ("PK-4", "PK-22", "PK-13"):
        reply, _ = slack_app.command("/assess", f"{typed} on track", user=OFFICER)
        assert "Did you mean" in reply.blocks_text and "`PK-" in reply.blocks_text, typed


def test_with_no_recommendation_named_the_hint_uses_one_that_is_waiting(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    for command, shown in (("/respond", "`/respond PK-1 accepted in part"), ("/assess", "`/assess PK-1 on track"),
                           ("/reopen", "`/reopen PK-1: why")):
        reply, _ = slack_app.command(command, "", user=OFFICER)
        assert shown in reply.blocks_text, reply.blocks_text


def test_an_empty_workspace_gets_the_generic_form_and_where_to_start(slack_app) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/assess", "BR-7.4 on track", user=OFFICER)
    assert "there are no plans here yet" in reply.blocks_text and "`/import`" in reply.blocks_text


def test_responses_hint_names_a_recommendation_awaiting_a_response(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2026-03-01", user=OFFICER)
    reply, _ = slack_app.command("/responses", "", user=OFFICER)
    assert "`/respond WS-A accepted`" in reply.blocks_text and "BR-7.4" not in reply.blocks_text


# --------------------------------------------------------------------------- queries


def test_actions_response_overdue_lists_the_actions_of_recommendations_past_their_deadline(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    overdue, _ = slack_app.command("/actions", "response:overdue")
    awaiting, _ = slack_app.command("/actions", "response:awaiting")
    assert "WS-A" in overdue.blocks_text and "PK-1" not in overdue.blocks_text
    assert "PK-1" in awaiting.blocks_text and "WS-A" not in awaiting.blocks_text


def test_actions_assessment_signed_off_lists_what_the_committee_closed(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=OFFICER)
    reply, _ = slack_app.command("/actions", "assessment:signed-off")
    assert "PK-3" in reply.blocks_text and "PK-1" not in reply.blocks_text


def test_a_plain_question_about_waiting_responses_reads_as_the_response_filter(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.event(sr.app_mention_event("<@U0BOT> which recommendations are still waiting for a response?"))
    [answer] = slack_app.slack.wait_for("chat.postEphemeral")
    text = blocks_text({"text": answer.body["text"], "blocks": answer.arg("blocks")})
    assert "/actions response:awaiting|overdue" in text and "WS-A" in text and "PK-1" not in text


# --------------------------------------------------------------------------- App Home and digests


def test_the_officers_app_home_shows_what_awaits_an_executive_response(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    slack_app.event(sr.app_home_opened_event(user=OFFICER))
    [call] = slack_app.slack.wait_for("views.publish")
    view = call.arg("view")
    text = blocks_text(view if isinstance(view, dict) else json.loads(view))
    assert "Awaiting an executive response" in text
    assert text.index("*WS*") < text.index("*PK*") and "16 days overdue" in text


def test_someone_who_is_not_an_officer_sees_no_responses_on_app_home(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.event(sr.app_home_opened_event(user=PRIYA))
    [call] = slack_app.slack.wait_for("views.publish")
    view = call.arg("view")
    assert "Awaiting an executive response" not in blocks_text(view if isinstance(view, dict) else json.loads(view))


def digest_preview(slack_app) -> str:  # type: ignore[no-untyped-def]
    """A digest preview is built after the ack (a lazy listener) and arrives by response_url."""
    acked, name = slack_app.command("/digest", "preview", channel="C0TEAM")
    [preview] = slack_app.slack.wait_for_responses(name)
    return blocks_text(preview)


def test_a_digest_lists_reports_awaiting_an_executive_response(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.command("/update", "PK-1 in progress: permits list drafted", user=OFFICER)
    slack_app.command("/digest", "subscribe", channel="C0TEAM")
    text = digest_preview(slack_app)
    assert "*Awaiting an executive response* (1 recommendation)" in text and "*WS* Waste Strategy" in text
    assert "16 days overdue" in text


def test_a_quiet_digest_still_says_what_awaits_a_response(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.command("/digest", "subscribe", channel="C0TEAM")
    assert "1 recommendation awaiting an executive response (1 overdue): `/responses`" in digest_preview(slack_app)


def test_an_owners_digest_leaves_responses_to_the_committees_digests(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "WS received:2025-12-31", user=OFFICER)
    slack_app.command("/digest", 'subscribe owner:"Linda Mann"', channel="C0TEAM")
    assert "Awaiting an executive response" not in digest_preview(slack_app)


def test_a_negated_assessment_filter_leaves_the_signed_off_out(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/signoff", "PK-3 meeting:2026-03-02 minute:45", user=OFFICER)
    slack_app.command("/assess", "PK-2 on track", user=OFFICER)
    reply, _ = slack_app.command("/actions", "plan:PK -assessment:signed-off")
    assert "PK-3" not in reply.blocks_text and "PK-1" in reply.blocks_text
    on_track, _ = slack_app.command("/actions", "assessment:on-track")
    assert "PK-2a" in on_track.blocks_text and "PK-1" not in on_track.blocks_text


def test_an_unknown_assessment_lists_the_ones_to_type(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", "assessment:done-ish")
    assert "is not an assessment I know" in reply.blocks_text and "`assessment:signed-off`" in reply.blocks_text


def test_lists_name_the_recommendation_once_above_its_actions(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", "plan:PK")
    shown = blocks_text({"blocks": reply.json["blocks"]})
    assert shown.count("Review evening controls.") == 1
    assert shown.index("Recommendation PK-2: Review evening controls.") < shown.index("PK-2a") < shown.index("PK-2b")


def test_the_cards_record_the_response_button_opens_the_form(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    card, _ = slack_app.command("/assess", "PK-1", user=OFFICER)
    [value] = [e["value"] for b in card.json["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == catalog.RESPOND_ACTION]
    slack_app.click(catalog.RESPOND_ACTION, value, user=OFFICER)
    view = slack_app.opened_view()
    assert view["callback_id"] == catalog.RESPONSE_VIEW and "PK-1" in view["private_metadata"]


def test_the_response_form_is_not_opened_for_someone_not_an_officer(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    _, name = slack_app.click(catalog.RESPOND_ACTION, "PK-1", user=PRIYA)
    [shown] = slack_app.slack.wait_for_responses(name, 1)
    assert "Only scrutiny officers can record the executive's response" in blocks_text(shown)
    assert slack_app.slack.calls_to("views.open") == []


def test_sign_off_anyway_pressed_by_someone_not_an_officer_changes_nothing(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/signoff", "PK-2 meeting:2026-03-02 minute:46", user=OFFICER)
    value = next(e["value"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == catalog.SIGNOFF_ANYWAY_ACTION)
    _, name = slack_app.click(catalog.SIGNOFF_ANYWAY_ACTION, value, user=PRIYA)
    [shown] = slack_app.slack.wait_for_responses(name, 1)
    assert "Only scrutiny officers can sign off" in blocks_text(shown) and rec(plans, "PK-2").signed_off_on is None


def test_action_details_show_the_committees_assessment(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/assess", "PK-2 on track", user=OFFICER)
    reply, _ = slack_app.command("/action", "PK-2a")
    assert "Committee's assessment: *on track*" in reply.blocks_text and "Review evening controls." in reply.blocks_text


def test_responses_names_reports_with_no_date_received_and_how_to_start_their_clock(slack_app, plans) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", "PK received:2026-03-10", user=OFFICER)
    reply, _ = slack_app.command("/responses")
    assert "No date received yet for `WS`" in reply.blocks_text and "`/report WS received:YYYY-MM-DD`" in reply.blocks_text
