"""Writing a workspace's actions out: one action per line, as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Update
from store.queries import ActionFilter, Order, all_actions, update_counts, update_history


def document_notes(session: Session, workspace_id: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The progress notes the documents themselves printed (Comments, Progress, Update columns),
    oldest first: by action id, and by recommendation id for notes on a whole recommendation."""
    by_action: dict[int, list[str]] = {}
    by_recommendation: dict[int, list[str]] = {}
    for action_id, recommendation_id, at, note in session.execute(
        select(Update.action_id, Update.recommendation_id, Update.created_at, Update.note)
        .where(Update.workspace_id == workspace_id, Update.source == "document", Update.note != "")
        .order_by(Update.created_at, Update.id)
    ):
        line = f"{at:%d %b %Y}: {note}"
        if action_id is None:
            by_recommendation.setdefault(recommendation_id, []).append(line)
        else:
            by_action.setdefault(action_id, []).append(line)
    return by_action, by_recommendation

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
    "document_notes",
]


def export_rows(session: Session, workspace_id: str, *, with_updates: bool) -> Iterator[dict[str, Any]]:
    counts = update_counts(session, workspace_id)
    notes_by_action, notes_by_recommendation = document_notes(session, workspace_id)
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
            "document_notes": notes_by_recommendation.get(action.recommendation_id, [])
            + notes_by_action.get(action.id, []),
        }
        if with_updates:
            row["updates"] = [
                {
                    "at": u.created_at.isoformat(),
                    "author": u.author_name,
                    "author_slack_id": u.author_slack_id,
                    "source": u.source,
                    # A document's note may be on the whole recommendation or on this action.
                    "about": "recommendation" if u.action_id is None else "action",
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
        row["document_notes"] = "\n".join(row["document_notes"])
        row["due"] = row["due"] or ""
        row["original_due"] = row["original_due"] or ""
        writer.writerow(row)
        n += 1
    return n
