"""Taking a plan back out: removing it, or undoing the import that last changed it.

Every import records what the plan was before it (`PlanImport.snapshot`). Undoing puts that back
(the plan's details, its recommendations, actions and owners) and removes what the import added,
or removes the plan if the import created it. An undo that would lose updates people have posted
since is refused, and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from store.errors import Problem
from store.importer import UNDO_DEPTH
from store.models import Action, ActionOwner, Plan, PlanImport, Recommendation, Update
from store.status import Response, Status

CHUNK = 500


@dataclass
class PlanRemoved:
    code: str
    title: str
    actions: int


@dataclass
class ImportUndone:
    code: str
    title: str
    source_file: str
    removed_plan: bool
    actions_removed: int
    actions_restored: int

    def describe(self) -> str:
        if self.removed_plan:
            return f"Undid the import of {self.source_file}: plan {self.code} ({self.title}) was new, so it is removed."
        return (
            f"Undid the import of {self.source_file}: plan {self.code} is back as it was before it "
            f"({self.actions_restored} actions restored, {self.actions_removed} added by it removed)."
        )


def plan_by_code(session: Session, workspace_id: str, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.workspace_id == workspace_id, func.upper(Plan.code) == code.strip().upper()))
    if plan is None:
        codes = session.scalars(select(Plan.code).where(Plan.workspace_id == workspace_id).order_by(Plan.code))
        known = ", ".join(codes) or "none yet"
        raise Problem(f"There is no plan {code.strip().upper()!s}. Plans: {known}.")
    return plan


def count_actions(session: Session, plan: Plan) -> int:
    return session.scalar(select(func.count()).select_from(Action).where(Action.plan_id == plan.id)) or 0


def remove_plan(session: Session, workspace_id: str, code: str) -> PlanRemoved:
    """Delete a plan with its recommendations, actions, owners' links and history."""
    plan = plan_by_code(session, workspace_id, code)
    removed = PlanRemoved(plan.code, plan.title, count_actions(session, plan))
    _delete_plan(session, plan)
    return removed


def _delete_plan(session: Session, plan: Plan) -> None:
    # Every row of a plan hangs from it with ON DELETE CASCADE; one statement removes them all.
    session.execute(delete(Plan).where(Plan.id == plan.id))
    session.expunge_all()


def last_import(session: Session, workspace_id: str, code: str | None = None) -> PlanImport:
    query = select(PlanImport).where(PlanImport.workspace_id == workspace_id, PlanImport.undone_at.is_(None))
    if code:
        query = query.where(PlanImport.plan_id == plan_by_code(session, workspace_id, code).id)
    found = session.scalar(query.order_by(PlanImport.imported_at.desc(), PlanImport.id.desc()).limit(1))
    if found is None:
        raise Problem("There is no import to undo" + (f" for plan {code.upper()}." if code else "."))
    return found


def undo_last_import(session: Session, workspace_id: str, *, now: datetime, code: str | None = None) -> ImportUndone:
    """Put the plan back as it was before the workspace's last import (or that plan's)."""
    record = last_import(session, workspace_id, code)
    plan = session.get(Plan, record.plan_id)
    assert plan is not None
    posted = session.scalar(
        select(func.count())
        .select_from(Update)
        .join(Action, Action.id == Update.action_id)
        .where(Action.plan_id == plan.id, Update.source != "document", Update.created_at >= record.imported_at)
    )
    if posted:
        raise Problem(
            f"{posted} updates have been posted on plan {plan.code} since {record.source_file} was imported; "
            "undoing the import would lose them, so nothing was changed."
        )
    if not record.created_plan and not record.snapshot:
        raise Problem(
            f"The import of {record.source_file} is too far back to undo (the last {UNDO_DEPTH} imports of a plan can be). "
            f"Re-import the version you want, or remove the plan with `scrutiny-bot plan remove {plan.code}`."
        )
    if record.created_plan:
        result = ImportUndone(plan.code, plan.title, record.source_file, True, count_actions(session, plan), 0)
        _delete_plan(session, plan)
        return result
    assert record.snapshot is not None  # every import that did not create its plan keeps one
    snapshot = json.loads(record.snapshot)
    added = snapshot.get("added_actions", [])
    for start in range(0, len(added), CHUNK):
        session.execute(delete(Action).where(Action.plan_id == plan.id, Action.source_key.in_(added[start:start + CHUNK])))
    notes = snapshot.get("added_notes", [])
    for start in range(0, len(notes), CHUNK):
        session.execute(delete(Update).where(Update.workspace_id == workspace_id, Update.idempotency_key.in_(notes[start:start + CHUNK])))
    recs = snapshot.get("added_recommendations", [])
    for start in range(0, len(recs), CHUNK):
        session.execute(delete(Recommendation).where(Recommendation.plan_id == plan.id, Recommendation.id.in_(recs[start:start + CHUNK])))
    for name, value in snapshot["plan"].items():
        setattr(plan, name, _typed(Plan, name, value))
    session.flush()
    restored_recs = [{k: _typed(Recommendation, k, v) for k, v in r.items()} for r in snapshot["recommendations"]]
    restored_actions = [{k: _typed(Action, k, v) for k, v in a.items()} for a in snapshot["actions"]]
    for start in range(0, len(restored_recs), CHUNK):
        session.execute(update(Recommendation), restored_recs[start:start + CHUNK])
    for start in range(0, len(restored_actions), CHUNK):
        session.execute(update(Action), restored_actions[start:start + CHUNK])
    action_ids = [a["id"] for a in snapshot["actions"]]
    for start in range(0, len(action_ids), CHUNK):
        session.execute(delete(ActionOwner).where(ActionOwner.action_id.in_(action_ids[start:start + CHUNK])))
    links = [
        {"action_id": a, "owner_id": o, "position": i, "workspace_id": workspace_id} for a, o, i in snapshot["links"]
    ]
    for start in range(0, len(links), CHUNK):
        session.execute(insert(ActionOwner), links[start:start + CHUNK])
    record.undone_at = now
    session.flush()
    return ImportUndone(plan.code, plan.title, record.source_file, False, len(added), len(restored_actions))


def _typed(model: type, name: str, value: Any) -> Any:
    """A snapshot's JSON value back in the column's Python type."""
    if value is None:
        return None
    if name in ("due_date", "original_due_date", "document_date"):
        return date.fromisoformat(value)
    if name == "imported_at":
        return datetime.fromisoformat(value)
    if name == "status":
        return Status(value)
    if name == "response":
        return Response(value)
    return value
