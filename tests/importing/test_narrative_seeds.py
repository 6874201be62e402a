"""The seed narrative reports (003, 004) are refused: they are reports, not action tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importing import NotAnActionPlan, detect_layout, read_document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_seed_narrative_report_is_not_an_action_plan(prefix: str) -> None:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    assert detect_layout(found[0]) == "narrative report"
    with pytest.raises(NotAnActionPlan, match="reads as a narrative report"):
        read_document(found[0])
