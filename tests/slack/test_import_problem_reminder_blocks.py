"""The import preview and result, the domain-error presenter and the owners' reminder, called
directly: what they say, and that Slack accepts them whatever a tracker, an error or an action
carries (long and hostile text, markup, mentions)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from handlers.blocks.import_preview import (
    build_import_cancelled,
    build_import_help,
    build_import_preview,
    build_import_result,
    build_import_working,
)
from handlers.blocks.problems import build_problem
from handlers.blocks.reminder import render_reminder
from handlers.catalog import CANCEL_IMPORT_ACTION, IMPORT_ACTION
from handlers.payloads import ImportChoice
from store.errors import Form, Problem, Typed, UnknownPlan, said
from store.importer import Disagreement, ImportReport
from store.importing.parsed import ReviewItem
from store.models import Action
from tests.slack.test_block_kit_builders import assert_message_accepted, text

TODAY = date(2026, 3, 16)
ROUNDS = 80


def import_report(rng: random.Random) -> ImportReport:
    return ImportReport(
        source_file=text(rng, 300) or "tracker.docx", plan_code=text(rng, 16) or "BR", plan_title=text(rng, 500),
        layout="table", created_plan=rng.random() < 0.5, matched_by=text(rng, 200),
        actions_created=rng.randint(0, 400), actions_updated=rng.randint(0, 400), actions_changed=rng.randint(0, 40),
        actions_kept=rng.randint(0, 40), actions_missing=[text(rng, 40) or "BR-1" for _ in range(rng.choice([0, 3, 80]))],
        updates_added=rng.randint(0, 50),
        review=[ReviewItem(line=n, reason=text(rng, 300) or "odd", ref=text(rng, 20) or None, page=rng.choice([None, 2]),
                           cell=text(rng, 400) or None) for n in range(rng.choice([0, 2, 40]))],
        owners_created=[], owners=[text(rng, 120) or f"Owner {n}" for n in range(rng.choice([0, 3, 60]))],
        recommendations=rng.randint(0, 90), due_dates=sorted(TODAY + timedelta(days=rng.randint(-90, 400)) for _ in range(rng.choice([0, 5]))),
        disagreements=[Disagreement(text(rng, 40) or "BR-1", "status", text(rng, 100), text(rng, 100), rng.choice(["document", "update"]))
                       for _ in range(rng.choice([0, 2, 20]))],
    )


def test_the_preview_carries_its_choice_in_the_import_button() -> None:
    report = ImportReport(source_file="tracker.docx", plan_code="BR", plan_title="Bus Routes", layout="table", created_plan=True,
                          actions_created=3, recommendations=2, owners=["Linda Mann"])
    message = build_import_preview("tracker.docx", report, ImportChoice(file_id="F123", plan="BR"))
    [buttons] = [b for b in message.blocks if b["type"] == "actions"]
    [confirm, cancel] = buttons["elements"]
    assert (confirm["action_id"], cancel["action_id"]) == (IMPORT_ACTION, CANCEL_IMPORT_ACTION)
    assert ImportChoice.decode(confirm["value"]) == ImportChoice(file_id="F123", plan="BR", file_name="tracker.docx")
    assert message.blocks[1]["text"]["text"] == "A new plan *BR* · Bus Routes\n2 recommendations, 3 actions, 1 owner"


def test_import_messages_are_accepted_whatever_the_tracker_holds() -> None:
    rng = random.Random(11)
    for _ in range(ROUNDS):
        report = import_report(rng)
        name = text(rng, 300) or "tracker.pdf"
        assert_message_accepted(build_import_preview(name, report, ImportChoice(file_id="F0" + str(rng.randint(0, 10**9)), file_name=name)))
        assert_message_accepted(build_import_result(name, report))
        assert_message_accepted(build_import_cancelled(rng.choice([None, name])))
        assert_message_accepted(build_import_working(name))
    assert_message_accepted(build_import_help())


def test_a_problem_quotes_what_was_typed_and_lists_what_to_type_instead() -> None:
    problem = Problem(said("No plan is called ", Typed("<!channel> BR"), "."), [said("Try ", Form("/actions plan:BR"), ".")])
    message = build_problem(problem, ["`/actions help`"])
    shown = str(message.blocks)
    assert "<!channel>" not in shown and "/actions plan:BR" in shown and "/actions help" in shown


def test_problems_are_accepted_whatever_was_typed() -> None:
    rng = random.Random(12)
    for _ in range(ROUNDS):
        typed = text(rng, 3000)
        hint = [said(text(rng, 300), Form(text(rng, 300))) for _ in range(rng.choice([0, 1, 4]))]
        assert_message_accepted(build_problem(Problem(said(text(rng, 2000), Typed(typed), "."), hint), [text(rng, 300)]))
        assert_message_accepted(build_problem(UnknownPlan(typed or "x")))


def test_a_reminder_lists_overdue_actions_before_those_due_within_a_week() -> None:
    overdue = [Action(handle="BR-1", text="Write to <!channel> residents. Then more.", due_date=TODAY - timedelta(days=3))]
    soon = [Action(handle="BR-2", text="Publish the survey.", due_date=TODAY + timedelta(days=4))]
    reminder = render_reminder(overdue, soon)
    assert reminder.index("*Now overdue:*") < reminder.index("*BR-1*") < reminder.index("*Due within a week:*") < reminder.index("*BR-2*")
    assert "<!channel>" not in reminder and "(was due 13 Mar 2026)" in reminder and "(due 20 Mar 2026)" in reminder
