"""What changed since the last report, and the summary counts: worked out from the rows alone.

Each published report (and each update round when it closes) keeps a snapshot of its rows: per
recommendation its ref, assessment, sign-off, latest update and every action's current date. The next report
compares with the latest snapshot taken before its own date, so "what changed" always means "since
the committee last saw it", however often a draft is produced in between.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from store.committee_report.model import Change, Count, RecommendationRow, long_date

# The order counts are shown in: the committee's terms first, then "not assessed yet".
ASSESSMENT_ORDER = ("achieved", "on track", "slipped", "not achieved", "superseded")
RESPONSE_ORDER = ("accepted", "accepted in part", "accepted in principle", "rejected", "noted")
NOT_ASSESSED = "not assessed yet"
NO_RESPONSE = "no response recorded"


def snapshot_of(rows: Iterable[RecommendationRow]) -> str:
    """The rows as the next report needs them, as JSON."""
    return json.dumps({
        row.key: {
            "ref": row.ref,
            "assessment": row.assessment,
            "signed_off_on": row.signed_off_on.isoformat() if row.signed_off_on else None,
            "actions": {a.handle: a.current_due.isoformat() if a.current_due else None for a in row.actions},
            # Kept for the record (a closed round keeps what each recommendation's owners returned).
            "latest_update": {"on": row.latest_update.on.isoformat(), "by": row.latest_update.by, "note": row.latest_update.note}
            if row.latest_update else None,
        }
        for row in rows
    }, sort_keys=True)


def changes_since(rows: Iterable[RecommendationRow], snapshot: str | None) -> list[Change]:
    """New, slipped, achieved and signed-off recommendations since `snapshot` (None: the first report)."""
    if snapshot is None:
        return []
    before: Mapping[str, Any] = json.loads(snapshot)
    changes: list[Change] = []
    for row in rows:
        was = before.get(row.key)
        if was is None:
            changes.append(Change("new", row.ref, _first_sentence(row.text)))
            continue
        moved = _moved_actions(row, was.get("actions") or {})
        if moved or (row.assessment == "slipped" and was.get("assessment") != "slipped"):
            changes.append(Change("slipped", row.ref, "; ".join(moved) or "assessed as slipped"))
        if row.assessment == "achieved" and was.get("assessment") != "achieved":
            changes.append(Change("achieved", row.ref, _first_sentence(row.text)))
        if row.signed_off_on and not was.get("signed_off_on"):
            minute = f", minute {row.signed_off_minute}" if row.signed_off_minute else ""
            changes.append(Change("signed_off", row.ref, f"signed off on {long_date(row.signed_off_on)}{minute}"))
    return changes


def _moved_actions(row: RecommendationRow, before: Mapping[str, str | None]) -> list[str]:
    moved = []
    for action in row.actions:
        old = before.get(action.handle)
        if old and action.current_due and action.current_due > date.fromisoformat(old):
            moved.append(f"{action.handle} moved from {long_date(date.fromisoformat(old))} to {long_date(action.current_due)}")
    return moved


def count_by_assessment(rows: Iterable[RecommendationRow]) -> tuple[Count, ...]:
    counted = Counter(row.assessment or NOT_ASSESSED for row in rows)
    return _ordered(counted, (*ASSESSMENT_ORDER, NOT_ASSESSED))


def count_by_response(rows: Iterable[RecommendationRow]) -> tuple[Count, ...]:
    counted = Counter(row.response or NO_RESPONSE for row in rows)
    return _ordered(counted, (*RESPONSE_ORDER, NO_RESPONSE))


def _ordered(counted: Counter[str], order: tuple[str, ...]) -> tuple[Count, ...]:
    known = [Count(label[:1].upper() + label[1:], counted[label]) for label in order if counted.get(label)]
    others = [Count(label[:1].upper() + label[1:], n) for label, n in sorted(counted.items()) if label not in order]
    return tuple(known + others)


def _first_sentence(text: str, limit: int = 140) -> str:
    head = text.split(". ")[0].strip()
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"
