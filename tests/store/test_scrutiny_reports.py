"""Scrutiny reports in the store: what the importer maps into them, committees' own response
periods, and a response an officer recorded surviving a re-import."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from store.committees import parse_period, set_committee_period, set_workspace_period
from store.cycle import ResponseRequest, record_response
from store.errors import Problem
from store.importer import import_plan
from store.importing import read_document
from store.models import Recommendation, ScrutinyReport
from store.permissions import Person
from store.recommendations import find_recommendation
from store.reports import ReportChange, change_report
from store.response_clock import ResponsePeriod
from store.status import Response
from tests.conftest import NOW, OFFICER, OTHER_WORKSPACE, TODAY, WORKSPACE, ActionSpec

OLIVE = Person(OFFICER, "Olive Officer", is_officer=True)
MEMBERS = ["Cllr Ann Lee", "Cllr Jo Tait", "Cllr Sam Okoro", "Councillor Priya Shah"]
RESPONSES = [("Agreed", Response.ACCEPTED), ("Accepted in part", Response.ACCEPTED_IN_PART),
             ("Accepted in principle", Response.ACCEPTED_IN_PRINCIPLE), ("Noted", Response.NOTED)]


def tracker(tmp_path: Path, rng: random.Random, rows: int) -> tuple[Path, list[tuple[str, Response, str]]]:
    """A CSV tracker with response and portfolio holder columns, and what each row says."""
    expected = []
    lines = ["Ref,Recommendation,Action,Lead officer,Target date,Cabinet response,Portfolio Holder"]
    for n in range(1, rows + 1):
        printed, response = rng.choice(RESPONSES)
        member = rng.choice(MEMBERS)
        lines.append(f"R{n},Improve service {n},Do task {n},Linda Mann,30/06/2026,{printed},{member}")
        expected.append((f"R{n}", response, member))
    path = tmp_path / f"tracker-{rng.random():.6f}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, expected


@pytest.mark.parametrize("seed", range(3))
def test_the_importer_stores_each_recommendations_response_and_executive_member(db, tmp_path, seed) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    path, expected = tracker(tmp_path, rng, rng.randint(2, 12))
    with db.session_factory.begin() as session:
        import_plan(session, WORKSPACE, read_document(path), now=NOW, code="TR")
    with db.session() as session:
        recs = {r.ref: r for r in session.scalars(select(Recommendation).where(Recommendation.workspace_id == WORKSPACE))}
        assert [(ref, recs[ref].response, recs[ref].executive_member) for ref, _, _ in expected] == expected
        report = session.scalar(select(ScrutinyReport).where(ScrutinyReport.workspace_id == WORKSPACE))
        assert {r.report_id for r in recs.values()} == {report.id}
        members = {m for _, _, m in expected}
        assert report.executive_member == (members.pop() if len(members) == 1 else None)


def test_a_plans_committee_becomes_its_reports_committee(db) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import parsed_plan

    plan = parsed_plan("Parking Review", [ActionSpec("1", "Publish the list.", ["Linda Mann"], date(2026, 6, 30))])
    plan.committee = "Place Scrutiny Committee"
    with db.session_factory.begin() as session:
        import_plan(session, WORKSPACE, plan, now=NOW, code="PK")
    with db.session() as session:
        report = session.scalar(select(ScrutinyReport))
        assert report.committee is not None and report.committee.name == "Place Scrutiny Committee"


def test_a_response_an_officer_recorded_survives_a_reimport_that_prints_none(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    spec = [ActionSpec("1", "Publish the list.", ["Linda Mann"], date(2026, 6, 30))]
    add_plan("Parking Review", spec, code="PK", source_file="parking.txt")
    with db.session_factory.begin() as session:
        record_response(session, WORKSPACE, OLIVE, ResponseRequest("PK-1", Response.ACCEPTED_IN_PART, "Town centre only."), now=NOW, today=TODAY)
    add_plan("Parking Review", spec, code="PK", source_file="parking.txt")
    with db.session() as session:
        rec = find_recommendation(session, WORKSPACE, "PK-1")
        assert (rec.response, rec.response_reason) == (Response.ACCEPTED_IN_PART, "Town centre only.")


def test_a_committees_own_period_sets_its_reports_due_dates(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import parsed_plan

    plan = parsed_plan("Health Checks", [ActionSpec("1", "Audit the clinics.", ["Linda Mann"], date(2026, 9, 30))])
    plan.committee = "Health Scrutiny Committee"
    with db.session_factory.begin() as session:
        import_plan(session, WORKSPACE, plan, now=NOW, code="HC")
        change_report(session, WORKSPACE, ReportChange("HC", received_on=date(2026, 3, 10)), today=TODAY)
        _, changed = set_committee_period(session, WORKSPACE, "health scrutiny  committee", ResponsePeriod(days=28))
        assert changed == 1
    with db.session() as session:
        assert session.scalar(select(ScrutinyReport.response_due_on)) == date(2026, 4, 6)


def test_a_workspace_period_applies_where_the_committee_has_none(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Publish the list.", ["Linda Mann"], date(2026, 6, 30))], code="PK")
    with db.session_factory.begin() as session:
        change_report(session, WORKSPACE, ReportChange("PK", received_on=date(2026, 3, 10)), today=TODAY)
        set_workspace_period(session, WORKSPACE, ResponsePeriod(days=56))
        set_workspace_period(session, OTHER_WORKSPACE, ResponsePeriod(months=3))
    with db.session() as session:
        assert session.scalar(select(ScrutinyReport.response_due_on)) == date(2026, 5, 4)


@pytest.mark.parametrize("typed, period", [
    ("28d", ResponsePeriod(days=28)), ("28 days", ResponsePeriod(days=28)), ("8w", ResponsePeriod(days=56)),
    ("8 weeks", ResponsePeriod(days=56)), ("2m", ResponsePeriod(months=2)), ("2 months", ResponsePeriod(months=2)),
])
def test_periods_are_typed_in_days_weeks_or_months(typed: str, period: ResponsePeriod) -> None:
    assert parse_period(typed) == period


@pytest.mark.parametrize("typed", ["two months", "0d", "13m", "400 days", "2y", ""])
def test_an_unreadable_period_says_what_to_type(typed: str) -> None:
    with pytest.raises(Problem):
        parse_period(typed)


@pytest.mark.parametrize("cell, response", [
    ("Accepted in part", Response.ACCEPTED_IN_PART), ("Agreed in part – the second half needs funding", Response.ACCEPTED_IN_PART),
    ("Partially accepted", Response.ACCEPTED_IN_PART), ("Accepted with amendments", Response.ACCEPTED_IN_PART),
    ("Accepted in principle", Response.ACCEPTED_IN_PRINCIPLE), ("Agreed in principle - subject to funding", Response.ACCEPTED_IN_PRINCIPLE),
])
def test_in_part_and_in_principle_are_read_as_different_responses(cell: str, response: Response) -> None:
    from store.importing.assembly import read_response

    assert read_response(cell)[0] is response
