"""`scrutiny-bot committee …` and `scrutiny-bot report …` on both databases."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from bot.cli import main
from tests.conftest import WORKSPACE


@pytest.fixture
def cli(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", db.url)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--workspace", WORKSPACE])
        return result.exit_code, result.output

    return run


def test_add_and_list_meetings_with_their_papers_deadlines(cli) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("committee", "add", "People Scrutiny", "2026-04-07")
    assert code == 0 and "papers by Thursday 26 March 2026" in output
    code, output = cli("committee", "add", "People Scrutiny", "07/04/2026", "--calendar-days")
    assert "already in the calendar" in output
    code, output = cli("committee", "list", "--all")
    assert output.splitlines() == ["2026-04-07\tPeople Scrutiny\tpapers by 2026-03-26"]


def test_a_year_of_dates_from_csv_and_a_bad_file_refused_whole(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "dates.csv"
    good.write_text("Committee,Meeting\n" + "".join(f"Place Scrutiny,2027-{m:02d}-08\n" for m in range(1, 13)), encoding="utf-8")
    code, output = cli("committee", "import", str(good))
    assert code == 0 and "12 meetings added" in output
    bad = tmp_path / "bad.csv"
    bad.write_text("committee,meeting\nHealth Scrutiny,2027-01-05\nHealth Scrutiny,the 30th\n", encoding="utf-8")
    code, output = cli("committee", "import", str(bad))
    assert code != 0 and "line 3" in output
    code, output = cli("committee", "list", "Health Scrutiny")
    assert code != 0 and "There is no committee called 'Health Scrutiny'" in output


def test_a_date_that_is_not_one_is_refused_with_the_form(cli) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("committee", "add", "People Scrutiny", "next week")
    assert code != 0 and "2026-03-02" in output


def test_report_writes_each_format(cli, tmp_path: Path, add_plan) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ActionSpec

    add_plan("Carers review", [ActionSpec("R1", "Publish the strategy.", ["Linda Mann"])], code="CR")
    cli("committee", "add", "People Scrutiny", "2026-04-07")
    _link(cli, "CR")
    word, excel = tmp_path / "t.docx", tmp_path / "t.xlsx"
    code, output = cli("report", "--committee", "People Scrutiny", "--as-of", "2026-03-20", "--output", str(word), "--publish")
    assert code == 0 and "1 open" in output and "Kept as the published report" in output, output
    assert Document(str(word)).core_properties.title == "People Scrutiny: scrutiny recommendations tracker"
    code, output = cli("report", "--committee", "People Scrutiny", "--as-of", "2026-03-27", "--format", "xlsx", "--output", str(excel))
    assert "0 changes since 2026-03-20" in output
    assert load_workbook(BytesIO(excel.read_bytes()))["Tracker"]["A2"].value == "R1"
    code, output = cli("report", "--committee", "Nobody", "--output", str(word))
    assert code != 0 and "no committee called 'Nobody'" in output


def _link(cli, code: str) -> None:  # type: ignore[no-untyped-def]
    # The plan's committee named as printed links it to the committee, as an import would.
    import os

    from sqlalchemy import create_engine, update
    from sqlalchemy.orm import Session

    from store.models import Plan

    engine = create_engine(os.environ["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        session.execute(update(Plan).where(Plan.workspace_id == WORKSPACE, Plan.code == code).values(committee="People Scrutiny"))
    engine.dispose()
