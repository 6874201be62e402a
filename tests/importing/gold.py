"""Scoring an import against a seed's answer key, exactly as `seeds/gold/README.md` describes.

Pure functions over plain values, so the same score can be computed from a `ParsedPlan` or from
actions read back out of the database: group the actions by ref; a recommendation's owners are the
union of its actions' owners, its due dates the set of their due dates, ongoing/recurring true if
any action's is; status "done" if all its actions are done, "partial" if any is partially done.
Then, per field, the share of the key's refs whose imported value equals the key's exactly. Refs
the import invents count against it separately.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from store.importing.parsed import ParsedPlan
from store.status import Status

SCORED_FIELDS = ("owners", "due_dates", "ongoing", "recurring", "status", "updates")


@dataclass(frozen=True)
class ImportedAction:
    """What scoring needs of one imported action."""

    ref: str | None
    owners: frozenset[str] = frozenset()
    due_dates: frozenset[date] = frozenset()
    ongoing: bool = False
    recurring: bool = False
    status: Status | None = None
    text: str = ""


@dataclass
class Mismatch:
    ref: str | None
    field: str
    imported: Any
    gold: Any


@dataclass
class GoldScore:
    document: str
    gold_refs: int
    found: int
    invented: list[str]
    matched: dict[str, int]
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def found_share(self) -> float:
        return self.found / self.gold_refs if self.gold_refs else 1.0

    def share(self, name: str) -> float:
        return self.matched[name] / self.gold_refs if self.gold_refs else 1.0

    def summary(self) -> str:
        fields = "  ".join(f"{n} {self.share(n):.1%}" for n in SCORED_FIELDS)
        return (
            f"{self.document}: refs found {self.found}/{self.gold_refs} ({self.found_share:.1%}), "
            f"invented {len(self.invented)}; {fields}"
        )


def _owner_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _status_of(statuses: list[Status | None]) -> str | None:
    if statuses and all(s is Status.DONE for s in statuses):
        return "done"
    if any(s is Status.PARTIALLY_DONE for s in statuses):
        return "partial"
    return None


def grouped_values(actions: list[ImportedAction], updates: int) -> dict[str, Any]:
    """One recommendation's scored values from its actions."""
    return {
        "owners": sorted({_owner_key(o) for a in actions for o in a.owners}),
        "due_dates": sorted({d.isoformat() for a in actions for d in a.due_dates}),
        "ongoing": any(a.ongoing for a in actions),
        "recurring": any(a.recurring for a in actions),
        "status": _status_of([a.status for a in actions]),
        "updates": updates,
    }


def score_actions(
    document: str,
    actions: Iterable[ImportedAction],
    updates_by_ref: Mapping[str | None, int],
    gold: Mapping[str, Any],
) -> GoldScore:
    """Score imported actions (and update counts per ref) against one answer key."""
    by_ref: dict[str, list[ImportedAction]] = {}
    by_text: dict[str, list[ImportedAction]] = {}
    for action in actions:
        if action.ref is not None:
            by_ref.setdefault(action.ref, []).append(action)
        else:
            by_text.setdefault(_text_key(action.text), []).append(action)
    entries = gold["recommendations"]
    gold_refs = {e["ref"] for e in entries if e["ref"] is not None}
    matched = dict.fromkeys(SCORED_FIELDS, 0)
    score = GoldScore(
        document=document,
        gold_refs=len(entries),
        found=0,
        invented=sorted(r for r in by_ref if r not in gold_refs),
        matched=matched,
    )
    for entry in entries:
        ref = entry["ref"]
        group = by_ref.get(ref, []) if ref is not None else by_text.get(_text_key(entry.get("text", "")), [])
        if not group:
            score.mismatches.append(Mismatch(ref, "found", None, True))
            continue
        score.found += 1
        values = grouped_values(group, updates_by_ref.get(ref, 0) if ref is not None else 0)
        expected = {
            "owners": sorted(_owner_key(o) for o in entry["owners"]),
            "due_dates": sorted(entry["due_dates"]),
            "ongoing": entry["ongoing"],
            "recurring": entry["recurring"],
            "status": entry["status"],
            "updates": entry["updates"],
        }
        for name in SCORED_FIELDS:
            if values[name] == expected[name]:
                matched[name] += 1
            else:
                score.mismatches.append(Mismatch(ref, name, values[name], expected[name]))
    return score


def actions_from_plan(plan: ParsedPlan) -> tuple[list[ImportedAction], dict[str | None, int]]:
    """A parsed plan as scorable actions: an action's due dates are every deadline its timescale
    names (the importer makes one action per deadline), or its revised date where there is one."""
    actions: list[ImportedAction] = []
    updates: dict[str | None, int] = {}
    for recommendation in plan.recommendations:
        updates[recommendation.ref] = updates.get(recommendation.ref, 0) + len(recommendation.updates)
        for action in recommendation.actions:
            dates: set[date] = set()
            if action.original_due is None and action.timescale is not None:
                dates.update(action.timescale.deadlines)
            if action.due is not None:
                dates.add(action.due)
            actions.append(
                ImportedAction(
                    ref=recommendation.ref,
                    owners=frozenset(action.owners),
                    due_dates=frozenset(dates),
                    ongoing=action.ongoing,
                    recurring=action.recurring,
                    status=action.status,
                    text=action.text or recommendation.text,
                )
            )
    return actions, updates


def score_plan(plan: ParsedPlan, gold: Mapping[str, Any]) -> GoldScore:
    actions, updates = actions_from_plan(plan)
    return score_actions(str(gold.get("document", plan.source_file)), actions, updates, gold)


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def combined(scores: list[GoldScore]) -> GoldScore:
    """All documents' refs pooled into one score."""
    matched = {n: sum(s.matched[n] for s in scores) for n in SCORED_FIELDS}
    return GoldScore(
        document="overall",
        gold_refs=sum(s.gold_refs for s in scores),
        found=sum(s.found for s in scores),
        invented=[i for s in scores for i in s.invented],
        matched=matched,
        mismatches=[m for s in scores for m in s.mismatches],
    )
