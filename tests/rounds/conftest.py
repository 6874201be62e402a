"""A committee with open actions, two owners linked to Slack and one not, and a clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import OFFICER, PRIYA, WORKSPACE, ActionSpec

LINDA = "U0LINDA"
MEETING = date(2026, 4, 7)  # papers due Thursday 26 March (Easter falls in between)
DUE = date(2026, 3, 25)
OPEN_LINE = f'open committee:"People Scrutiny" meeting:{MEETING.isoformat()} due:{DUE.isoformat()}'


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def committee(db, add_plan, now):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.calendar import committee_for
    from store.links import link_user
    from store.models import Plan, ScrutinyReport
    from store.owners import resolve_owner

    add_plan("Adult social care review", [
        ActionSpec("R1", "Publish the carers' strategy.", ["Linda Mann"], due=date(2026, 5, 29), recommendation="Refresh the carers' strategy."),
        ActionSpec("R1", "Consult carers on it.", ["Ken Scott"], due=date(2026, 4, 30), recommendation="Refresh the carers' strategy."),
        ActionSpec("R2", "Report waiting times quarterly.", ["Linda Mann"], due=date(2026, 6, 30), recommendation="Report waiting times."),
        ActionSpec("R3", "Train staff in dementia care.", ["Priya Raman"], due=date(2026, 9, 30), recommendation="Train staff."),
        ActionSpec("R4", "Close the old day centre.", ["Priya Raman"], due=date(2026, 1, 31), status="done", recommendation="Close it."),
    ], code="PS")
    add_plan("Unrelated plan", [ActionSpec("X1", "Someone else's committee.", ["Linda Mann"], due=date(2026, 5, 1))], code="UN")
    with db.session_factory.begin() as session:
        committee = committee_for(session, WORKSPACE, "People Scrutiny")
        plan = session.scalar(select(Plan).where(Plan.workspace_id == WORKSPACE, Plan.code == "PS"))
        report = ScrutinyReport(workspace_id=WORKSPACE, plan_id=plan.id, committee_id=committee.id, title="Adult social care review",
                                agreed_on=date(2025, 10, 1))
        session.add(report)
        session.flush()
        for recommendation in plan.recommendations:
            recommendation.report_id = report.id
        link_user(session, WORKSPACE, resolve_owner(session, WORKSPACE, "Linda Mann"), LINDA, by=OFFICER, now=now)
        link_user(session, WORKSPACE, resolve_owner(session, WORKSPACE, "Priya Raman"), PRIYA, by=OFFICER, now=now)
    return db


@pytest.fixture
def clock(slack_app, committee):  # type: ignore[no-untyped-def]
    from tests.slack.test_digest_commands import clock_for

    return clock_for(slack_app, committee)


def round_messages(slack) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(person, the message's header) for every round message Slack took."""
    found = []
    for call in slack.calls_to("chat.postMessage"):
        metadata = call.arg("metadata") or {}
        if call.ok and isinstance(metadata, dict) and metadata.get("event_type") == "scrutiny_round":
            blocks = call.arg("blocks") or []
            found.append((call.body["channel"], blocks[0]["text"]["text"] if blocks else ""))
    return found
