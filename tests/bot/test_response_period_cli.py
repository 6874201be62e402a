"""`scrutiny-bot workspace set --response-period` and `committee period`: local protocols' own
periods, with the reports' due dates reworked, and a period that cannot be read refused."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from store.models import ScrutinyReport, Workspace
from store.reports import ReportChange, change_report
from tests.conftest import TODAY, WORKSPACE, ActionSpec


@pytest.fixture
def cli(db, add_plan, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", db.url)
    add_plan("Parking Review", [ActionSpec("1", "Publish the list.", ["Linda Mann"], date(2026, 6, 30))], code="PK")
    with db.session_factory.begin() as session:
        change_report(session, WORKSPACE, ReportChange("PK", received_on=date(2026, 3, 10), committee="Place Scrutiny"), today=TODAY)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--workspace", WORKSPACE])
        return result.exit_code, result.output

    return run


def due(db) -> date | None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(ScrutinyReport.response_due_on))


def test_a_workspace_period_reworks_its_reports_due_dates(cli, db) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("workspace", "set", "--response-period", "28d")
    assert code == 0 and "responses due 28 days" in output and "1 reports' due dates changed" in output
    assert due(db) == date(2026, 4, 6)


def test_a_committee_period_wins_and_default_hands_back_to_the_workspace(cli, db) -> None:  # type: ignore[no-untyped-def]
    assert cli("committee", "period", "place scrutiny", "8w")[0] == 0
    assert due(db) == date(2026, 5, 4)
    assert cli("committee", "period", "Place Scrutiny", "default")[0] == 0
    assert due(db) == date(2026, 5, 9)


def test_an_unreadable_period_is_refused_with_the_forms_and_nothing_changes(cli, db) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("workspace", "set", "--response-period", "two months")
    assert code != 0 and "`28d`, `8w` or `2m`" in output
    with db.session() as session:
        assert session.get(Workspace, WORKSPACE).response_days is None
    assert due(db) == date(2026, 5, 9)
