"""Writing a workspace's actions out: one action per line, as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy.orm import Session

from store.queries import ActionFilter, Order, all_actions, update_counts, update_history

EXPORT_FIELDS = [
    "workspace",
    "plan",
    "plan_code",
    "source",
    "ref",
    "handle",
    "owners",
    "due",
    "original_due",
    "slip_count",
    "ongoing",
    "recurring",
    "status",
    "timescale_raw",
    "update_count",
    "action",
    "recommendation",
]


def export_rows(session: Session, workspace_id: str, *, with_updates: bool) -> Iterator[dict[str, Any]]:
    counts = update_counts(session, workspace_id)
    for action in all_actions(session, workspace_id, ActionFilter(order=Order.HANDLE)):
        row: dict[str, Any] = {
            "workspace": workspace_id,
            "plan": action.plan.title,
            "plan_code": action.plan.code,
            "source": action.plan.source_file,
            "ref": action.recommendation.ref,
            "handle": action.handle,
            "owners": [owner.name for owner in action.owners],
            "due": action.due_date.isoformat() if action.due_date else None,
            "original_due": action.original_due_date.isoformat() if action.original_due_date else None,
            "slip_count": action.slip_count,
            "ongoing": action.ongoing,
            "recurring": action.recurring,
            "status": action.status.value,
            "timescale_raw": action.timescale_raw,
            "update_count": counts.get(action.id, 0),
            "action": action.text,
            "recommendation": action.recommendation.text,
        }
        if with_updates:
            row["updates"] = [
                {
                    "at": u.created_at.isoformat(),
                    "author": u.author_name,
                    "author_slack_id": u.author_slack_id,
                    "source": u.source,
                    "note": u.note,
                    "status_from": u.status_from.value if u.status_from else None,
                    "status_to": u.status_to.value if u.status_to else None,
                    "due_from": u.due_from.isoformat() if u.due_from else None,
                    "due_to": u.due_to.isoformat() if u.due_to else None,
                    "reason": u.reason,
                }
                for u in update_history(session, action)
            ]
        yield row


def write_jsonl(session: Session, workspace_id: str, out: IO[str]) -> int:
    n = 0
    for row in export_rows(session, workspace_id, with_updates=True):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(session: Session, workspace_id: str, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in export_rows(session, workspace_id, with_updates=False):
        row["owners"] = "; ".join(row["owners"])
        row["due"] = row["due"] or ""
        row["original_due"] = row["original_due"] or ""
        writer.writerow(row)
        n += 1
    return n
