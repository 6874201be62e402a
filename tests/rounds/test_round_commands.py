"""Update rounds through the real protocol: `/round` and `/committee` as signed requests, the
round's messages and reminders through the fake Web API, time passed in to the clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import catalog
from store.models import ReportSnapshot
from tests.conftest import NOW, OFFICER, PRIYA
from tests.rounds.conftest import DUE, LINDA, OPEN_LINE, at, round_messages

TODAY = NOW.date()


def open_round(slack_app):  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/round", OPEN_LINE, user=OFFICER)
    assert reply.status == 200, reply.text
    return reply


def test_an_officer_opens_a_round_and_is_told_who_to_chase_by_other_means(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply = open_round(slack_app)
    text = reply.blocks_text
    assert "Update round open for *People Scrutiny*" in text and "4 open actions" in text and "2 people" in text
    assert "Ken Scott" in text and "Papers deadline: 26 Mar 2026" in text


def test_each_linked_owner_gets_one_message_listing_their_actions_with_update_buttons(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    clock.tick(NOW)
    clock.tick(NOW + timedelta(hours=3))
    assert sorted(who for who, _ in round_messages(slack_app.slack)) == [LINDA, PRIYA]
    linda = next(c for c in slack_app.slack.calls_to("chat.postMessage") if c.body["channel"] == LINDA)
    buttons = [e for b in linda.arg("blocks") if b["type"] == "actions" for e in b["elements"] if e["action_id"] == catalog.UPDATE_ACTION]
    assert sorted(b["value"] for b in buttons) == ["PS-R1a", "PS-R2"]  # not UN-X1 (another committee's), nor Ken's


def test_the_update_button_in_a_round_message_opens_the_update_form(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    clock.tick(NOW)
    priya = next(c for c in slack_app.slack.calls_to("chat.postMessage") if c.body["channel"] == PRIYA)
    block = next(b for b in priya.arg("blocks") if b["type"] == "actions")
    slack_app.click(catalog.UPDATE_ACTION, block["elements"][0]["value"], block_id=block["block_id"], user=PRIYA)
    assert "PS-R3" in str(slack_app.opened_view())


def test_reminders_come_seven_and_two_days_before_and_none_after_a_reply(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    clock.tick(NOW)
    reply, _ = slack_app.command("/update", "PS-R3 note: training booked for April", user=PRIYA)
    assert reply.status == 200
    for day in range(1, 12):  # every morning and afternoon up to and past the due date
        clock.tick(at(TODAY + timedelta(days=day), 10))
        clock.tick(at(TODAY + timedelta(days=day), 15))
    sent = round_messages(slack_app.slack)
    assert [h for who, h in sent if who == PRIYA] == ["Update needed for People Scrutiny"]
    assert [h for who, h in sent if who == LINDA] == [
        "Update needed for People Scrutiny", "Reminder: updates due in a week", "Reminder: updates due in two days"]


def test_nothing_is_sent_in_quiet_hours_or_at_weekends(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    for moment in (at(TODAY, 8, 59), at(TODAY, 17, 0), at(TODAY + timedelta(days=5), 11), at(TODAY + timedelta(days=6), 11)):
        clock.tick(moment)  # 08:59, 17:00 on Monday; Saturday and Sunday mornings
    assert round_messages(slack_app.slack) == []
    clock.tick(at(TODAY + timedelta(days=1), 9, 0))
    assert len(round_messages(slack_app.slack)) == 2


def test_a_round_opened_inside_the_reminder_window_does_not_remind_the_same_week(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    from tests.slack.test_digest_commands import clock_for

    reply, _ = slack_app.command("/round", 'open committee:"People Scrutiny" due:2026-03-20', user=OFFICER)
    assert "Update round open" in reply.blocks_text
    clock = clock_for(slack_app, committee)
    for day in range(0, 6):
        clock.tick(at(TODAY + timedelta(days=day), 10))
    headers = [h for who, h in round_messages(slack_app.slack) if who == LINDA]
    # Opened five days before the due date: the opening message, then only the two-day reminder.
    assert headers == ["Update needed for People Scrutiny", "Reminder: updates due in two days"]


def test_status_shows_returned_and_outstanding_by_owner(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    clock.tick(NOW)
    slack_app.command("/update", "PS-R3 note: training booked for April", user=PRIYA)
    reply, _ = slack_app.command("/round", "status", user=OFFICER)
    text = reply.blocks_text
    assert "*1* of 3 owners have returned updates" in text
    outstanding, returned = text.split("*Returned*")
    assert "Linda Mann" in outstanding and "Ken Scott (not linked)" in outstanding and "Priya Raman" in returned


def test_closing_keeps_the_position_for_the_report_and_stops_the_messages(slack_app, clock, committee) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    clock.tick(NOW)
    reply, _ = slack_app.command("/round", 'close committee:"People Scrutiny"', user=OFFICER)
    assert "Kept for the report" in reply.blocks_text
    clock.tick(at(DUE - timedelta(days=2), 10))
    assert len(round_messages(slack_app.slack)) == 2
    with committee.session() as session:
        assert [(s.kind, s.as_of) for s in session.scalars(select(ReportSnapshot))] == [("round", TODAY)]


def test_only_officers_run_rounds(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/round", OPEN_LINE, user=PRIYA)
    assert "Only scrutiny officers can run update rounds" in reply.blocks_text


def test_bad_input_is_refused_with_what_to_type_and_nothing_opens(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    for line, said in [
        ('open committee:"People Scrutiny" due:2026-03-01', "has passed"),
        ('open committee:"People Scrutiny" meeting:2026-03-20 due:2026-03-25', "on or after the meeting"),
        ('open committee:"People Scrutiny" due:soon', "is not a date"),
        ("open due:2026-03-25", "needs the committee"),
    ]:
        reply, _ = slack_app.command("/round", line, user=OFFICER)
        assert said in reply.blocks_text and "/round open" in reply.blocks_text, line
    reply, _ = slack_app.command("/round", "status", user=OFFICER)
    assert "No update round is open" in reply.blocks_text


def test_a_second_round_for_the_same_committee_is_refused(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    reply, _ = slack_app.command("/round", OPEN_LINE, user=OFFICER)
    assert "already has a round open" in reply.blocks_text


def test_committee_add_gives_the_papers_deadline_and_list_shows_it(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/committee", "add \u201cPlace Scrutiny\u201d meeting:2026-04-07", user=OFFICER)
    assert "*Place Scrutiny*, 7 Apr 2026: added" in reply.blocks_text and "26 Mar 2026" in reply.blocks_text
    reply, _ = slack_app.command("/committee", "list", user=PRIYA)
    assert "Place Scrutiny" in reply.blocks_text and "papers by 26 Mar 2026" in reply.blocks_text
    reply, _ = slack_app.command("/committee", 'add "Place Scrutiny" meeting:2026-05-05', user=PRIYA)
    assert "Only scrutiny officers" in reply.blocks_text


def home_text(slack_app, user: str) -> str:  # type: ignore[no-untyped-def]
    """The Home tab `user` is shown when they open it (other publishes, e.g. after an update, aside)."""
    import json

    from tests.fakes import slack_requests as sr
    from tests.fakes.running_app import blocks_text, eventually

    def theirs() -> list:
        return [c for c in slack_app.slack.calls_to("views.publish") if c.body.get("user_id") == user]

    eventually(lambda: False, timeout=0.3)  # let a publish an earlier update started land first
    before = len(theirs())
    slack_app.event(sr.app_home_opened_event(user=user))
    assert eventually(lambda: len(theirs()) > before)
    view = theirs()[-1].arg("view")
    return blocks_text(view if isinstance(view, dict) else json.loads(view))


def test_the_officers_app_home_shows_each_open_round_returned_against_outstanding(slack_app, clock) -> None:  # type: ignore[no-untyped-def]
    open_round(slack_app)
    text = home_text(slack_app, OFFICER)
    assert "Update rounds" in text and "*0* of 3 owners returned" in text and "Still to come: Ken Scott, Linda Mann, Priya Raman" in text
    slack_app.command("/update", "PS-R3 note: training booked for April", user=PRIYA)
    text = home_text(slack_app, OFFICER)
    assert "*1* of 3 owners returned" in text and "Still to come: Ken Scott, Linda Mann" in text
    assert "Update rounds" not in home_text(slack_app, PRIYA)


def test_the_closed_rounds_snapshot_keeps_each_latest_update_and_assessment(slack_app, clock, committee) -> None:  # type: ignore[no-untyped-def]
    import json

    open_round(slack_app)
    slack_app.command("/update", "PS-R3 note: training booked for April", user=PRIYA)
    slack_app.command("/round", "close", user=OFFICER)
    with committee.session() as session:
        [snapshot] = session.scalars(select(ReportSnapshot))
        rows = {row["ref"]: row for row in json.loads(snapshot.rows_json).values()}
    assert rows["R3"]["latest_update"]["note"] == "training booked for April" and rows["R3"]["assessment"] is None
    assert rows["R1"]["latest_update"] is None


def test_every_person_linked_to_a_team_owner_gets_one_message_and_a_restart_sends_none_again(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    from store.links import link_user
    from store.owners import resolve_owner
    from tests.conftest import WORKSPACE
    from tests.slack.test_digest_commands import clock_for

    members = ["U0CARER1", "U0CARER2", "U0CARER3"]
    with committee.session_factory.begin() as session:
        team = resolve_owner(session, WORKSPACE, "Ken Scott")
        team.is_team = True  # Ken Scott's action is answered for by a team of three
        for member in members:
            link_user(session, WORKSPACE, team, member, by=OFFICER, now=NOW)
    from tests.fakes.running_app import blocks_text

    reply, name = slack_app.command("/round", OPEN_LINE, user=OFFICER)
    # On a loaded machine the answer may come after the ack, through the response_url.
    text = reply.blocks_text if "Working on it" not in reply.blocks_text else blocks_text(slack_app.slack.wait_for_responses(name, 1, timeout=30)[0])
    assert "5 people" in text and "Not linked to Slack" not in text and "Ken Scott" in text
    clock_for(slack_app, committee).tick(NOW)
    clock_for(slack_app, committee).tick(NOW + timedelta(hours=2))  # a restarted clock, the same day
    sent = round_messages(slack_app.slack)
    assert sorted(who for who, _ in sent) == sorted([LINDA, PRIYA, *members])
    for member in members:
        message = next(c for c in slack_app.slack.calls_to("chat.postMessage") if c.body["channel"] == member)
        buttons = [e["value"] for b in message.arg("blocks") if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == catalog.UPDATE_ACTION]
        assert buttons == ["PS-R1b"]


def test_committee_add_takes_the_standing_orders_clear_days_and_refuses_a_bad_count(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from handlers.blocks.text import fmt_date
    from store.calendar import meetings
    from store.papers_deadline import PapersRule, papers_deadline
    from tests.conftest import WORKSPACE

    for days, meeting in ((0, date(2026, 6, 1)), (3, date(2026, 6, 8)), (10, date(2026, 6, 15)), (30, date(2026, 6, 22))):
        reply, _ = slack_app.command("/committee", f'add "Place Scrutiny" meeting:{meeting.isoformat()} clear-days:{days}', user=OFFICER)
        expected = papers_deadline(meeting, PapersRule(clear_days=days))
        assert f"Papers must be published by *{fmt_date(expected)}* ({days} clear working days" in reply.blocks_text
    for typed in ("x", "31", "-1", "2.5"):
        reply, _ = slack_app.command("/committee", f'add "Place Scrutiny" meeting:2026-07-06 clear-days:{typed}', user=OFFICER)
        assert "is not a number of days from 0 to 30" in reply.blocks_text and "`clear-days:10`" in reply.blocks_text
    with committee.session() as session:
        assert [m.meeting_on for m in meetings(session, WORKSPACE, "Place Scrutiny")] == [
            date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22)]
