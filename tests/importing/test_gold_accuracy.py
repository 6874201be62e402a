"""The seed action plans read as a careful person reads them, measured against their answer keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importing import read_document
from .gold import SCORED_FIELDS, GoldScore, combined, load_gold, score_plan

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


_SCORES: dict[str, GoldScore] = {}


def _score(prefix: str) -> GoldScore:
    """Each seed is read once per session; the parametrised tests below share its score."""
    if prefix not in _SCORES:
        document, gold_path = _seed(prefix)
        _SCORES[prefix] = score_plan(read_document(document), load_gold(gold_path))
    return _SCORES[prefix]


def _report(score: GoldScore) -> None:
    print(f"\n{score.summary()}")
    for miss in score.mismatches:
        print(f"    {miss.ref}: {miss.field} imported {miss.imported!r}, key says {miss.gold!r}")


@pytest.mark.parametrize("prefix", ACTION_PLANS)
def test_seed_plan_finds_every_gold_ref_and_invents_none(prefix: str) -> None:
    score = _score(prefix)
    _report(score)
    assert score.found == score.gold_refs, score.summary()
    assert score.invented == [], score.summary()


@pytest.mark.parametrize("prefix", ACTION_PLANS)
@pytest.mark.parametrize("field", SCORED_FIELDS)
def test_seed_plan_matches_the_answer_key_on_every_ref(prefix: str, field: str) -> None:
    """Each scored field is right for every ref of every seed: one ref wrong fails, naming it."""
    score = _score(prefix)
    wrong = [m for m in score.mismatches if m.field == field]
    assert score.share(field) == 1.0, "\n".join(
        [score.summary(), *(f"{m.ref}: imported {m.imported!r}, key says {m.gold!r}" for m in wrong)]
    )


def test_seed_plans_overall_scores() -> None:
    scores = [_score(prefix) for prefix in ACTION_PLANS]
    overall = combined(scores)
    print(f"\n{overall.summary()}")
    assert overall.found == overall.gold_refs and not overall.invented, overall.summary()
    assert all(overall.share(name) == 1.0 for name in SCORED_FIELDS), overall.summary()
