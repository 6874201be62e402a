"""`scrutiny-bot import` and `export` end to end, measured against the seeds' answer keys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from store.status import Status
from tests.importing.gold import ImportedAction, combined, load_gold, score_actions

ACTION_PLANS = ("000", "001", "002")


@pytest.fixture
def cli(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", db.url)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        return f"{result.exit_code}\n{result.output}"

    return run


def exported(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    out = cli("export", "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()[1:] if line.startswith("{")]


def test_the_seed_plans_import_at_the_required_accuracy(cli, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    files = [next(seeds.glob(f"{p}_*.txt")) for p in ACTION_PLANS]
    out = cli("import", *map(str, files))
    assert out.startswith("0\n"), out
    rows = exported(cli)
    scores = []
    for file in files:
        mine = [r for r in rows if r["source"] == file.name]
        actions = [
            ImportedAction(
                ref=r["ref"],
                owners=frozenset(r["owners"]),
                due_dates=frozenset({date.fromisoformat(r["due"])} if r["due"] else set()),
                ongoing=r["ongoing"],
                recurring=r["recurring"],
                status=Status(r["status"]) if r["status"] != "not_started" else None,
                text=r["action"],
            )
            for r in mine
        ]
        updates: dict[str | None, set[tuple[str, str]]] = {}
        for r in mine:
            for u in r["updates"]:
                # The answer key counts the document's Update rows, printed per recommendation.
                if u["source"] == "document" and u["about"] == "recommendation":
                    updates.setdefault(r["ref"], set()).add((u["at"], u["note"]))
        gold = load_gold(seeds / "gold" / f"{file.stem}.json")
        scores.append(score_actions(file.name, actions, {k: len(v) for k, v in updates.items()}, gold))
    overall = combined(scores)
    for score in [*scores, overall]:
        fields = "  ".join(f"{name} {100 * n / score.gold_refs:.1f}%" for name, n in score.matched.items())
        print(f"\n{score.document}: {score.found}/{score.gold_refs} refs found, {len(score.invented)} invented; {fields}")
    assert overall.found / overall.gold_refs >= 0.98 and not overall.invented
    for name, matched in overall.matched.items():
        assert matched / overall.gold_refs >= 0.95, (name, matched, overall.gold_refs)


def test_re_importing_a_seed_changes_nothing(cli, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    file = str(next(seeds.glob("001_*.txt")))
    cli("import", file)
    before = exported(cli)
    out = cli("import", file)
    assert "0 new, 42 updated" in out
    assert exported(cli) == before


def test_a_narrative_report_is_refused_plainly_and_nothing_is_stored(cli, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("import", str(next(seeds.glob("003_*.txt"))))
    assert out.startswith("1\n") and "narrative report" in out and "Nothing imported" in out
    assert exported(cli) == []


def test_an_unreadable_file_is_named_and_the_others_still_import(cli, seeds: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"\x00\x01not a workbook")
    out = cli("import", str(broken), str(next(seeds.glob("000_*.txt"))))
    assert out.startswith("1\n") and "broken.xlsx" in out
    assert {r["source"] for r in exported(cli)} == {next(seeds.glob("000_*.txt")).name}


def test_a_csv_tracker_imports_with_a_column_flag(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Ref,Recommendation,Agreed action,Who,Deadline\n"
        "R1,Publish the housing register rules,Put the rules online,Sam Achebe,31/05/2026\n"
        "R2,Reply to letters faster,Set a ten day target,Helen Marsh,Q2 2026/27\n",
        encoding="utf-8",
    )
    out = cli("import", str(tracker), "--column", "owner=Who", "--plan", "HR", "--title", "Housing register", "--council", "Wealdmoor")
    assert out.startswith("0\n"), out
    rows = {r["handle"]: r for r in exported(cli)}
    assert rows["HR-R1"]["owners"] == ["Sam Achebe"] and rows["HR-R1"]["due"] == "2026-05-31"
    assert rows["HR-R2"]["due"] == "2026-09-30"
    assert rows["HR-R1"]["plan"] == "Housing register"


def test_a_bad_column_flag_says_the_form_it_takes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = tmp_path / "t.csv"
    tracker.write_text("Ref,Recommendation\n1,x\n")
    out = CliRunner().invoke(main, ["import", str(tracker), "--column", "colour=Red"]).output
    assert "FIELD=HEADER" in out and "owner" in out


def test_dry_run_stores_nothing(cli, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("import", "--dry-run", str(next(seeds.glob("000_*.txt"))))
    assert "Would import" in out
    assert exported(cli) == []
