"""The seed action plans read as a careful person reads them, measured against their answer keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importing import read_document
from .gold import GoldScore, combined, load_gold, score_plan

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
ACTION_PLANS = ("000", "001", "002")


def _seed(prefix: str) -> tuple[Path, Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (the repository's sibling shared/seeds)")
    documents = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not documents:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    document = documents[0]
    gold = SEEDS / "gold" / f"{document.stem}.json"
    if not gold.is_file():
        pytest.skip(f"answer key {gold.name} not found in {gold.parent}")
    return document, gold


def _score(prefix: str) -> GoldScore:
    document, gold_path = _seed(prefix)
    return score_plan(read_document(document), load_gold(gold_path))


def _report(score: GoldScore) -> None:
    print(f"\n{score.summary()}")
    for miss in score.mismatches:
        print(f"    {miss.ref}: {miss.field} imported {miss.imported!r}, key says {miss.gold!r}")


@pytest.mark.parametrize("prefix", ACTION_PLANS)
def test_seed_plan_finds_every_gold_ref_and_invents_none(prefix: str) -> None:
    score = _score(prefix)
    assert score.found_share >= 0.98, score.summary()
    assert score.invented == [], score.summary()


@pytest.mark.parametrize("prefix", ACTION_PLANS)
def test_seed_plan_matches_gold_fields_for_at_least_95_percent_of_refs(prefix: str) -> None:
    score = _score(prefix)
    _report(score)
    for name in ("owners", "due_dates", "ongoing", "recurring", "status", "updates"):
        assert score.share(name) >= 0.95, f"{name}: {score.summary()}"


def test_seed_plans_overall_scores() -> None:
    scores = [_score(prefix) for prefix in ACTION_PLANS]
    overall = combined(scores)
    print(f"\n{overall.summary()}")
    assert overall.found_share >= 0.98 and not overall.invented
    assert min(overall.share(n) for n in ("owners", "due_dates", "ongoing", "recurring", "status")) >= 0.95
