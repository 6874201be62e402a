"""A committee's tracker built from the store on both databases, with a known history between two
reports: what the report lists, and what it says changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook

from store.calendar import add_meeting, committee_for
from store.handles import find_action
from store.models import Recommendation, ScrutinyReport
from store.committee_report.excel import write_xlsx
from store.committee_report.tracker import build_tracker_report, keep_snapshot
from store.committee_report.word import write_docx
from store.status import Assessment, Response
from store.updates import UpdateRequest, record_update
from tests.conftest import WORKSPACE, ActionSpec

LONDON = ZoneInfo("Europe/London")
JANUARY = date(2026, 1, 20)
FEBRUARY = date(2026, 2, 20)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def link_to_committee(session, plan_code: str, title: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.models import Plan

    committee = committee_for(session, WORKSPACE, "People Scrutiny")
    plan = session.scalar(select(Plan).where(Plan.workspace_id == WORKSPACE, Plan.code == plan_code))
    report = ScrutinyReport(workspace_id=WORKSPACE, plan_id=plan.id, committee_id=committee.id, title=title,
                            agreed_on=date(2025, 10, 1), received_on=date(2025, 10, 8), executive_member="Cllr Diane Brown")
    session.add(report)
    session.flush()
    for recommendation in plan.recommendations:
        recommendation.report_id = report.id


def recommendation(session, ref: str) -> Recommendation:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    return session.scalar(select(Recommendation).where(Recommendation.workspace_id == WORKSPACE, Recommendation.ref == ref))


def report_on(db, day: date, keep: bool = True):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        report = build_tracker_report(session, WORKSPACE, "People Scrutiny", day, timezone=LONDON)
        if keep:
            keep_snapshot(session, WORKSPACE, "People Scrutiny", report, now=at(day))
    return report


@pytest.fixture
def history(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Adult social care review", [
        ActionSpec("R1", "Publish the carers' strategy.", ["Linda Mann"], due=date(2026, 2, 27), recommendation="Refresh the carers' strategy."),
        ActionSpec("R1", "Consult carers on it.", ["Ken Scott"], due=date(2026, 1, 31), recommendation="Refresh the carers' strategy."),
        ActionSpec("R2", "Report waiting times quarterly.", ["Linda Mann"], due=date(2026, 6, 30), recommendation="Report waiting times."),
        ActionSpec("R3", "Open a second day centre.", ["Ken Scott"], due=date(2026, 9, 30), recommendation="Open another day centre."),
        ActionSpec("R4", "Train staff in dementia care.", ["Priya Raman"], due=date(2026, 1, 15), recommendation="Train staff."),
    ], code="PS")
    with db.session_factory.begin() as session:
        link_to_committee(session, "PS", "Adult social care review")
        add_meeting(session, WORKSPACE, "People Scrutiny", date(2026, 3, 2), now=at(JANUARY))
        recommendation(session, "R1").response = Response.ACCEPTED
        recommendation(session, "R2").response = Response.ACCEPTED_IN_PART
        recommendation(session, "R3").response = Response.REJECTED
        recommendation(session, "R3").response_reason = "no capital budget"
        recommendation(session, "R4").response = Response.ACCEPTED
    report_on(db, JANUARY)
    # Between the reports: R1's first action slips a month; R2 is achieved; R4 is signed off at the
    # February meeting; and a new report brings R5.
    with db.session_factory.begin() as session:
        action = find_action(session, WORKSPACE, "PS-R1a")
        record_update(session, action, UpdateRequest(new_due=date(2026, 3, 31), reason="consultation ran late", note="Draft out for comment."),
                      author_name="Linda Mann", author_slack_id="U0LINDA", now=at(date(2026, 2, 5)), today=date(2026, 2, 5), source="slack")
        two = recommendation(session, "R2")
        two.assessment, two.assessed_at = Assessment.ACHIEVED, at(date(2026, 2, 10))
        four = recommendation(session, "R4")
        four.assessment, four.signed_off_on, four.signoff_minute = Assessment.ACHIEVED, date(2026, 2, 2), "45"
    add_plan("Day services review", [ActionSpec("R5", "Map day services.", ["Ken Scott"], due=date(2026, 5, 31), recommendation="Map every day service.")], code="DS")
    with db.session_factory.begin() as session:
        link_to_committee(session, "DS", "Day services review")
    return db


def test_the_report_lists_open_recommendations_and_signed_off_ones_apart(history) -> None:  # type: ignore[no-untyped-def]
    report = report_on(history, FEBRUARY)
    assert [r.ref for r in report.rows] == ["R1", "R2", "R3", "R5"]
    assert [(r.ref, r.signed_off_on, r.signed_off_minute) for r in report.signed_off] == [("R4", date(2026, 2, 2), "45")]
    r1 = report.rows[0]
    assert r1.lead_officers == ("Linda Mann", "Ken Scott") and r1.executive_member == "Cllr Diane Brown"
    assert r1.actions[0].original_due == date(2026, 2, 27) and r1.actions[0].current_due == date(2026, 3, 31) and r1.actions[0].moved == 1
    assert r1.latest_update is not None and r1.latest_update.note == "Draft out for comment."
    assert report.rows[2].response_in_words == "Rejected: no capital budget"


def test_the_report_says_what_changed_since_the_last_one(history) -> None:  # type: ignore[no-untyped-def]
    report = report_on(history, FEBRUARY)
    assert report.previous_as_of == JANUARY
    assert {kind: [c.ref for c in report.changes_of(kind)] for kind in ("new", "slipped", "achieved", "signed_off")} == {
        "new": ["R5"], "slipped": ["R1"], "achieved": ["R2", "R4"], "signed_off": ["R4"]}
    assert "PS-R1a moved from 27 February 2026 to 31 March 2026" in report.changes_of("slipped")[0].what


def test_the_first_report_has_nothing_to_compare_with_and_a_redraft_compares_with_the_last_report(history) -> None:  # type: ignore[no-untyped-def]
    first = report_on(history, date(2026, 1, 5), keep=False)
    assert first.previous_as_of is None and first.changes == ()
    report_on(history, FEBRUARY)
    redraft = report_on(history, FEBRUARY)  # the same day again: still compared with January
    assert redraft.previous_as_of == JANUARY and redraft.changes_of("new")


def test_the_summary_counts_assessments_and_responses_over_every_recommendation(history) -> None:  # type: ignore[no-untyped-def]
    report = report_on(history, FEBRUARY)
    assert {c.label: c.count for c in report.by_response} == {"Accepted": 2, "Accepted in part": 1, "Rejected": 1, "No response recorded": 1}
    assert {c.label: c.count for c in report.by_assessment} == {"Achieved": 2, "Not assessed yet": 3}
    assert report.meeting == date(2026, 3, 2) and report.papers_deadline == date(2026, 2, 20)


def test_the_files_read_back_with_the_rows_and_changes(history) -> None:  # type: ignore[no-untyped-def]
    report = report_on(history, FEBRUARY)
    document = Document(BytesIO(write_docx(report)))
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert "R5: Map every day service." in bullets and any(b.startswith("R1: PS-R1a moved") for b in bullets)
    main = next(t for t in document.tables if len(t.columns) == 7)
    assert [row.cells[0].text for row in main.rows[1:]] == ["R1", "R2", "R3", "R5"]
    sheet = load_workbook(BytesIO(write_xlsx(report)))["Tracker"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["R1", "R2", "R3", "R5"]
