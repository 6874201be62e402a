"""`scrutiny-bot import --preview`, new versions of a plan, `plan remove` / `plan undo`, and
importing while the store is busy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

HEADER = "Ref,Recommendation,Agreed action,Lead officer,Deadline,Progress\n"
JANUARY = (
    "R1,Publish the register rules,Put the rules online,Sam Achebe,31/05/2026,Draft written\n"
    "R2,Reply to letters faster,Set a ten day target,Helen Marsh,30/06/2026,\n"
    "R3,Train the front desk,Run two sessions,Helen Marsh,31/07/2026,\n"
)
MARCH = (
    "R1,Publish the register rules,Put the rules online and in print,Sam Achebe,31/05/2026,Online since March\n"
    "R2,Reply to letters faster,Set a ten day target,Helen Marsh,30/06/2026,\n"
    "R3,Train the front desk,Run two sessions,Helen Marsh,31/07/2026,\n"
    "R4,Survey tenants,Send the survey,Priya Raman,30/09/2026,\n"
)
TITLE = ("--title", "Housing register review", "--council", "Wealdmoor")


@pytest.fixture
def cli(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", db.url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> str:  # noqa: A002 - click's name
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        # Rich wraps lines at the terminal's width; compare the words, not the wrapping.
        return f"{result.exit_code}\n{' '.join(result.output.split())}"

    run.raw = lambda *args: runner.invoke(main, list(args), catch_exceptions=False).output
    return run


def tracker(tmp_path: Path, name: str, rows: str) -> str:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def exported(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in cli.raw("export").splitlines() if line.startswith("{")]


def test_a_preview_shows_the_plan_counts_and_owners_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("import", "--preview", tracker(tmp_path, "tracker_January.csv", JANUARY), *TITLE)
    assert out.startswith("0\n"), out
    assert "nothing has been written" in out and "WE · Housing register review" in out
    assert "3 recommendations, 3 actions, 2 owners" in out and "Helen Marsh (new)" in out
    assert "from 31 May 2026 to 31 Jul 2026" in out
    assert exported(cli) == []


def test_a_preview_of_a_new_version_says_which_plan_it_updates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", tracker(tmp_path, "tracker_January.csv", JANUARY), *TITLE)
    out = cli("import", "--preview", tracker(tmp_path, "tracker_March.csv", MARCH), *TITLE)
    assert "updates plan WE: 1 new, 1 changed, 0 no longer listed" in out, out


def test_a_new_version_under_a_new_name_updates_the_plan_in_place(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", tracker(tmp_path, "tracker_January.csv", JANUARY), *TITLE)
    out = cli("import", tracker(tmp_path, "tracker_March.csv", MARCH), *TITLE)
    assert "updated in place" in out, out
    rows = exported(cli)
    assert sorted(r["handle"] for r in rows) == ["WE-R1", "WE-R2", "WE-R3", "WE-R4"]
    [r1] = [r for r in rows if r["handle"] == "WE-R1"]
    assert [u["note"] for u in r1["updates"]] == ["Draft written", "Online since March"]


def test_as_new_plan_and_a_chosen_code_never_collide_on_the_file_name(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tracker(tmp_path, "tracker.csv", JANUARY)
    cli("import", path, *TITLE)
    assert cli("import", path, *TITLE, "--as-new-plan").startswith("0\n")
    out = cli("import", path, *TITLE, "--plan", "BR")
    assert out.startswith("0\n") and "IntegrityError" not in out, out
    assert sorted({r["plan_code"] for r in exported(cli)}) == ["BR", "WE", "WE2"]


def test_plan_remove_asks_first_and_removes_on_yes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", tracker(tmp_path, "tracker.csv", JANUARY), *TITLE)
    out = cli("plan", "remove", "we", input="n\n")
    assert "Delete plan WE (Housing register review) with its 3 actions" in out and len(exported(cli)) == 3
    out = cli("plan", "remove", "we", "--yes")
    assert "Removed plan WE" in out and exported(cli) == []


def test_removing_an_unknown_plan_names_the_plans_there_are(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", tracker(tmp_path, "tracker.csv", JANUARY), *TITLE)
    out = cli("plan", "remove", "XX", "--yes")
    assert out.startswith("1\n") and "There is no plan XX. Plans: WE." in out


def test_undo_restores_the_plan_as_it_was_before_the_last_import(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", tracker(tmp_path, "tracker_January.csv", JANUARY), *TITLE)
    before = exported(cli)
    cli("import", tracker(tmp_path, "tracker_March.csv", MARCH), *TITLE)
    out = cli("import", "--undo", "--yes")
    assert "is back as it was" in out, out
    assert exported(cli) == before
    assert "removed" in cli("plan", "undo", "--yes")
    assert exported(cli) == []


@pytest.fixture
def write_lock(db):  # type: ignore[no-untyped-def]
    """Another process in the middle of writing to the SQLite store."""
    if db.backend != "sqlite":
        pytest.skip("the write lock is SQLite's")
    connection = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE workspaces SET name = name")
    yield connection
    connection.execute("ROLLBACK")
    connection.close()


def test_a_dry_run_and_an_export_work_while_another_import_writes(cli, tmp_path: Path, write_lock) -> None:  # type: ignore[no-untyped-def]
    out = cli("import", "--dry-run", tracker(tmp_path, "tracker.csv", JANUARY), *TITLE)
    assert out.startswith("0\n") and "Would import" in out, out
    assert cli.raw("export") == ""  # nothing stored yet, and no "database is locked"


def test_an_import_into_a_busy_store_says_so_plainly(cli, tmp_path: Path, write_lock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("store.db.SQLITE_BUSY_TIMEOUT_MS", 200)
    out = cli("import", tracker(tmp_path, "tracker.csv", JANUARY), *TITLE)
    assert out.startswith("1\n") and "the store is busy" in out and "Traceback" not in out, out
    write_lock.execute("ROLLBACK")
    write_lock.execute("BEGIN")
    assert exported(cli) == []


def test_any_command_on_a_busy_store_says_so_plainly(cli, write_lock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("store.db.SQLITE_BUSY_TIMEOUT_MS", 200)
    out = cli("officers", "add", "U0123NEWX")
    assert out.startswith("1\n") and "the store is busy" in out and "Traceback" not in out, out
