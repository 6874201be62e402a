"""The update round's, the committee calendar's and the tracker report's Block Kit builders, and
the officers' App Home with rounds and responses, called directly: what they say, and that Slack
accepts them whatever the committee, owners and actions are called."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from digests.rounds import OPENING, TWO_DAYS_BEFORE, WEEK_BEFORE, RoundMessageContent
from handlers.blocks.committee import (
    Example,
    MeetingLine,
    build_committee_help,
    build_meeting_added,
    build_meeting_removed,
    build_meetings,
    committee_usage,
)
from handlers.blocks.home import build_home
from handlers.blocks.message import Message
from handlers.blocks.round import (
    build_round_help,
    build_round_opened,
    build_round_status,
    render_round,
    round_summary,
    round_usage,
)
from handlers.blocks.tracker import (
    build_tracker_help,
    build_tracker_needs_a_file,
    build_tracker_refused,
    build_tracker_sent,
    tracker_usage,
)
from handlers.catalog import DETAILS_ACTION, UPDATE_ACTION
from handlers.payloads import EntryRef
from store.committee_report.files import ReportFile
from store.reports import Awaiting, ResponseWatch
from store.rounds import OpenedRound, OwnerProgress, RoundAction, RoundStatus
from tests.committee_report.fixtures import report_with_history
from tests.fakes.slack_validation import view_problems
from tests.slack.test_block_kit_builders import assert_message_accepted, summary, text

TODAY = date(2026, 2, 9)
ROUNDS = 60


def said(message: Message) -> str:
    return str(message.blocks)


def round_actions(rng: random.Random, count: int) -> list[RoundAction]:
    return [RoundAction(f"PS-{n}.{rng.randint(1, 9)}", text(rng, 3000), rng.choice([None, TODAY + timedelta(days=rng.randint(-90, 90))]),
                        rng.choice(["in progress", "not started", text(rng, 40)])) for n in range(count)]


def progress(rng: random.Random, count: int) -> list[OwnerProgress]:
    return [OwnerProgress(text(rng, 300) or f"Owner {n}", rng.choice([None, f"U0{n:06d}"]), actions := rng.randint(1, 9), rng.randint(0, actions))
            for n in range(count)]


def status(rng: random.Random, owners: int, **changes: object) -> RoundStatus:
    found = RoundStatus(1, text(rng, 300) or "People Scrutiny", TODAY, rng.choice([None, TODAY + timedelta(days=21)]), "open",
                        progress(rng, owners), rng.randint(0, 500))
    return replace(found, **changes)  # type: ignore[arg-type]


def test_an_opening_message_asks_for_updates_by_the_due_date_with_an_update_button_per_action() -> None:
    rng = random.Random(1)
    content = RoundMessageContent(OPENING, "People Scrutiny", TODAY, date(2026, 3, 2), round_actions(rng, 3))
    message = render_round(content)
    assert "Please post an update on each by *9 Feb 2026*" in said(message)
    buttons = [b for b in message.blocks if b["type"] == "actions"]
    assert [EntryRef.from_block_id(b["block_id"]).handle for b in buttons] == [a.handle for a in content.actions]  # type: ignore[union-attr]
    assert all([e["action_id"] for e in b["elements"]] == [UPDATE_ACTION, DETAILS_ACTION] for b in buttons)


@pytest.mark.parametrize("kind, when", [(WEEK_BEFORE, "in a week"), (TWO_DAYS_BEFORE, "in two days")])
def test_a_reminder_says_how_soon_updates_are_due(kind: str, when: str) -> None:
    message = render_round(RoundMessageContent(kind, "People Scrutiny", TODAY, None, round_actions(random.Random(2), 1)))
    assert message.blocks[0]["text"]["text"] == f"Reminder: updates due {when}"


def test_round_messages_are_accepted_for_any_committee_and_actions() -> None:
    rng = random.Random(3)
    for _ in range(ROUNDS):
        content = RoundMessageContent(rng.choice([OPENING, WEEK_BEFORE, TWO_DAYS_BEFORE]), text(rng, 300) or "C", TODAY,
                                      rng.choice([None, TODAY]), round_actions(rng, rng.choice([0, 1, 5, 20, 60])))
        assert_message_accepted(render_round(content))


def test_a_long_round_says_how_many_more_actions_mine_lists() -> None:
    message = render_round(RoundMessageContent(OPENING, "People Scrutiny", TODAY, None, round_actions(random.Random(4), 25)))
    assert "…and 5 more: `/mine` lists them all." in said(message)


def test_the_status_lists_outstanding_owners_before_returned_ones() -> None:
    owners = [OwnerProgress("Linda Mann", "U0LINDA", 3, 3), OwnerProgress("Diane Brown", None, 2, 1)]
    message = build_round_status(RoundStatus(1, "People Scrutiny", TODAY, None, "open", owners, 4))
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert sections[0].startswith("*1* of 2 owners have returned updates · 4 messages sent · due")
    assert sections[1] == "*Outstanding*\n• Diane Brown (not linked): 1 of 2 updated"
    assert sections[2] == "*Returned*\n• Linda Mann (<@U0LINDA>): 3 of 3 updated"


def test_closing_a_round_says_where_its_position_is_kept() -> None:
    closed = build_round_status(RoundStatus(1, "People Scrutiny", TODAY, None, "closed", [], 0), closed_now=True)
    assert '`/report committee:"People Scrutiny"`' in said(closed)
    assert "Kept for the report" not in said(build_round_status(RoundStatus(1, "People Scrutiny", TODAY, None, "open", [], 0)))


def test_an_opened_round_names_the_owners_to_chase_another_way() -> None:
    opened = OpenedRound(1, "People Scrutiny", TODAY, date(2026, 3, 2), date(2026, 2, 20), 12, 4, unlinked=["Linda Mann", "A & B"])
    message = build_round_opened(opened)
    assert "12 open actions; 4 people will get a direct message" in said(message)
    assert "Linda Mann, A &amp; B" in said(message)


def test_an_opened_round_names_who_was_asked_by_direct_message() -> None:
    opened = OpenedRound(1, "People Scrutiny", TODAY, None, None, 3, 2, messaged=["Diane Brown", "C <D>"], unlinked=["Linda Mann"])
    message = build_round_opened(opened)
    assert "*Asked by direct message:* Diane Brown, C &lt;D&gt;" in said(message)
    assert "Asked by direct message" not in said(build_round_opened(replace(opened, messaged=[])))


def test_an_opened_round_lists_thirty_names_then_an_ellipsis() -> None:
    names = [f"Owner {n}" for n in range(31)]
    message = build_round_opened(OpenedRound(1, "P", TODAY, None, None, 31, 31, messaged=names))
    assert "Owner 29 …" in said(message) and "Owner 30" not in said(message)


def test_round_hints_carry_the_workspaces_next_meeting() -> None:
    example = Example("Place Scrutiny", "2026-07-06", "2026-06-26")
    line = '`/round open committee:"Place Scrutiny" meeting:2026-07-06 due:2026-06-26`'
    assert round_usage(example)[0] == line
    assert line in said(build_round_help(example))
    assert 'committee:"COMMITTEE NAME" meeting:YYYY-MM-DD due:YYYY-MM-DD' in said(build_round_help(Example()))


def test_round_answers_are_accepted_however_owners_are_called() -> None:
    rng = random.Random(5)
    for _ in range(ROUNDS):
        assert_message_accepted(build_round_status(status(rng, rng.choice([0, 1, 10, 80])), closed_now=rng.random() < 0.5))
        unlinked = [text(rng, 200) or "x" for _ in range(rng.choice([0, 3, 50]))]
        opened = OpenedRound(1, text(rng, 300) or "C", TODAY, rng.choice([None, TODAY]), rng.choice([None, TODAY]), rng.randint(0, 900),
                             rng.randint(0, 90), messaged=list(reversed(unlinked)), unlinked=unlinked, warnings=[text(rng, 500) for _ in range(rng.choice([0, 2]))])
        assert_message_accepted(build_round_opened(opened))
        assert_message_accepted(build_round_help(Example(text(rng, 300) or "C")))


def test_the_home_line_for_a_round_names_who_is_still_to_come() -> None:
    owners = [OwnerProgress("Linda Mann", None, 1, 1), OwnerProgress("Diane Brown", None, 2, 0)]
    line = round_summary(RoundStatus(1, "People Scrutiny", TODAY, None, "open", owners, 2))
    assert line.endswith("*1* of 2 owners returned\nStill to come: Diane Brown")
    assert "Every owner has returned an update" in round_summary(RoundStatus(1, "P", TODAY, None, "open", owners[:1], 2))


def test_an_officers_home_with_rounds_and_responses_is_accepted() -> None:
    rng = random.Random(6)
    for _ in range(ROUNDS // 3):
        pool = [summary(rng, n) for n in range(20)]
        mine, awaiting, overdue = (rng.sample(pool, rng.randint(0, 12)) for _ in range(3))

        def waiting() -> Awaiting:
            return Awaiting(text(rng, 16) or "PK", text(rng, 400), text(rng, 300) or None, text(rng, 200) or None, TODAY,
                            rng.choice([None, TODAY - timedelta(days=rng.randint(-60, 200))]),
                            tuple((text(rng, 40) or "PK-1", text(rng, 3000)) for _ in range(rng.choice([1, 3, 30]))))

        watch = ResponseWatch([waiting() for _ in range(rng.choice([0, 2, 12]))], [waiting() for _ in range(rng.choice([0, 2, 12]))])
        rounds = [round_summary(status(rng, rng.choice([0, 3, 40]))) for _ in range(rng.choice([0, 1, 4]))]
        view = build_home(linked=True, mine=mine, mine_total=len(mine), officer=True, awaiting=awaiting, awaiting_total=len(awaiting),
                          overdue=overdue, overdue_total=len(overdue), today=TODAY, rounds=rounds, responses=watch)
        assert view_problems(view) == [], view_problems(view)[:3]
        headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
        assert ("Update rounds" in headers) == bool(rounds) and "Awaiting an executive response" in headers


def test_a_meeting_added_gives_its_papers_deadline_and_says_if_it_was_there_already() -> None:
    added = build_meeting_added("People Scrutiny", date(2026, 3, 2), date(2026, 2, 20), created=True, rule="five clear working days")
    assert ":calendar: *People Scrutiny*, 2 Mar 2026: added." in said(added)
    assert "Papers must be published by *20 Feb 2026*" in said(added)
    again = build_meeting_added("People Scrutiny", date(2026, 3, 2), date(2026, 2, 20), created=False, rule="five clear working days")
    assert "is already in the calendar" in again.text


def test_a_meeting_added_quotes_the_rule_it_was_given_and_an_existing_one_does_not() -> None:
    added = build_meeting_added("P", date(2026, 3, 2), date(2026, 2, 13), created=True, rule="ten clear working days")
    assert "(ten clear working days before the meeting;" in said(added)
    again = build_meeting_added("P", date(2026, 3, 2), date(2026, 2, 20), created=False, rule="ten clear working days")
    assert "Papers must be published by *20 Feb 2026*." in said(again) and "clear working days" not in said(again)


def test_committee_hints_name_the_workspaces_committee() -> None:
    assert '`/committee add "Place Scrutiny" meeting:YYYY-MM-DD`' in said(build_committee_help("Place Scrutiny"))
    assert committee_usage("Place Scrutiny", "place  scrutiny") == ['`/committee add "Place Scrutiny" meeting:YYYY-MM-DD`',
                                                                     '`/committee list "Place Scrutiny"`']
    assert committee_usage("Place Scrutiny")[1] == "`/committee list`"


def test_the_calendar_lists_forty_meetings_and_counts_the_rest() -> None:
    found = [MeetingLine(TODAY + timedelta(days=n), "People Scrutiny", TODAY + timedelta(days=n - 10)) for n in range(45)]
    message = build_meetings(found, ["`/committee list`"])
    assert said(message).count("• ") == 40 and "and 5 more" in said(message)


def test_an_empty_calendar_says_what_to_type() -> None:
    message = build_meetings([], ['`/committee add "People Scrutiny" meeting:2026-03-02`'])
    assert "No meetings ahead in the calendar." in said(message) and "/committee add" in said(message)


def test_calendar_answers_are_accepted_whatever_committees_are_called() -> None:
    rng = random.Random(7)
    for _ in range(ROUNDS):
        name = text(rng, 300) or "C"
        assert_message_accepted(build_meeting_added(name, TODAY, TODAY, created=rng.random() < 0.5, rule="five clear working days"))
        assert_message_accepted(build_meetings([MeetingLine(TODAY, text(rng, 300) or "C", TODAY) for _ in range(rng.choice([0, 1, 39, 41, 200]))], ["`x`"]))
        assert_message_accepted(build_committee_help(name))
    assert_message_accepted(build_meeting_removed(TODAY))


def tracker_file(**changes: object) -> ReportFile:
    report, _ = report_with_history()
    return ReportFile(replace(report, **changes), "docx", b"...", "tracker.docx", "Tracker")  # type: ignore[arg-type]


def test_a_sent_tracker_counts_open_signed_off_and_changed_recommendations() -> None:
    made = tracker_file()
    report = made.report
    message = build_tracker_sent(made, published=False)
    assert f"{len(report.rows)} open, {len(report.signed_off)} signed off; {len(report.changes)} changes since the report of" in said(message)
    assert "kept as the published report" in said(build_tracker_sent(made, published=True))
    assert "this is the first report" in said(build_tracker_sent(tracker_file(previous_as_of=None), published=False))


def test_a_refused_upload_says_what_to_do_for_a_missing_scope() -> None:
    assert "`files:write` scope" in said(build_tracker_refused(tracker_file(), "missing_scope"))
    assert "Try again in a minute." in said(build_tracker_refused(tracker_file(), "ratelimited"))


def test_the_console_gets_the_command_line_for_the_same_report() -> None:
    message = build_tracker_needs_a_file("People Scrutiny", as_of=TODAY, fmt="xlsx", publish=True)
    assert '`scrutiny-bot report --committee "People Scrutiny" --as-of 2026-02-09 --format xlsx --publish`' in said(message)
    assert "--publish" not in said(build_tracker_needs_a_file("People Scrutiny", as_of=TODAY, fmt="docx", publish=False))


def test_tracker_hints_name_the_workspaces_committee_and_today() -> None:
    assert tracker_usage("Place Scrutiny", TODAY) == ['`/report committee:"Place Scrutiny"`',
                                                     '`/report committee:"Place Scrutiny" format:xlsx as-of:2026-02-09`']


def test_tracker_answers_are_accepted_whatever_the_committee_is_called() -> None:
    rng = random.Random(8)
    for _ in range(ROUNDS // 3):
        name = text(rng, 300) or "C"
        made = tracker_file(committee=name)
        for message in (build_tracker_sent(made, published=rng.random() < 0.5), build_tracker_refused(made, text(rng, 100) or "x"),
                        build_tracker_needs_a_file(name, as_of=TODAY, fmt=rng.choice(["docx", "xlsx", "html"]), publish=rng.random() < 0.5)):
            assert_message_accepted(message)
    assert_message_accepted(build_tracker_help())
