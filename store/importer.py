"""Applying a read document to a workspace: create or update its plan in place.

Re-importing the same file (matched by its file name, or by `--plan CODE`) updates rows where
they are and adds what is new. It never removes an action and never overwrites the status or
dates of an action that people have posted updates to since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.handles import action_handle, plan_code, taken_handles
from store.importing.parsed import ParsedAction, ParsedPlan, ParsedRecommendation, ReviewItem
from store.models import Action, ActionOwner, Owner, Plan, Recommendation, Update
from store.owners import add_alias, get_or_create_owner, load_owner_directory, name_key
from store.status import Status
from store.updates import has_posted_updates
from store.workspaces import ensure_workspace

# How close a new spelling must be to an owner already in the workspace to be merged into them.
# High on purpose: merging two real people is worse than keeping a typo as its own owner.
MERGE_SCORE = 92


@dataclass
class ImportReport:
    source_file: str
    plan_code: str
    plan_title: str
    layout: str
    created_plan: bool
    actions_created: int = 0
    actions_updated: int = 0
    actions_kept: int = 0  # updated by people since; the document's status and dates were not applied
    actions_missing: list[str] = field(default_factory=list)  # in the store but no longer in the file
    updates_added: int = 0
    review: list[ReviewItem] = field(default_factory=list)
    owners_merged: dict[str, str] = field(default_factory=dict)
    owners_created: list[str] = field(default_factory=list)

    @property
    def rows_imported(self) -> int:
        return self.actions_created + self.actions_updated + self.actions_kept


def import_plan(
    session: Session,
    workspace_id: str,
    parsed: ParsedPlan,
    *,
    now: datetime,
    code: str | None = None,
    source_sha256: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Write `parsed` into the workspace. The caller owns the transaction: a file is all or nothing."""
    ensure_workspace(session, workspace_id)
    plan, created = _plan_for(session, workspace_id, parsed, code)
    plan.title = parsed.title
    plan.committee = parsed.committee
    plan.council = parsed.council
    plan.document_date = parsed.document_date
    plan.source_sha256 = source_sha256
    plan.imported_at = now
    session.flush()

    report = ImportReport(
        source_file=parsed.source_file,
        plan_code=plan.code,
        plan_title=plan.title,
        layout=parsed.layout,
        created_plan=created,
        review=list(parsed.review),
    )
    owners = _OwnerResolver(session, workspace_id, parsed, report)
    handles = taken_handles(session, workspace_id)
    existing_recs = {_rec_key(r.ref, r.position): r for r in plan.recommendations}
    existing_actions = {
        a.source_key: a
        for a in session.scalars(select(Action).where(Action.plan_id == plan.id))
    }
    seen_keys: set[str] = set()
    used_rec_keys: set[str] = set()
    document_time = _document_time(parsed.document_date, now)
    total = len(parsed.recommendations)
    for position, parsed_rec in enumerate(parsed.recommendations):
        rec_key = _rec_key(parsed_rec.ref, position)
        if rec_key in used_rec_keys:
            # A ref printed twice in one document: keep both, told apart by their place.
            rec_key = f"{rec_key}#{position + 1}"
        used_rec_keys.add(rec_key)
        rec = existing_recs.get(rec_key)
        if rec is None:
            rec = Recommendation(workspace_id=workspace_id, plan_id=plan.id, position=position)
            plan.recommendations.append(rec)
        rec.position = position
        rec.ref = parsed_rec.ref
        rec.text = parsed_rec.text
        rec.response = parsed_rec.response
        rec.response_reason = parsed_rec.response_reason
        rec.source_line = parsed_rec.line
        session.flush()
        rows = list(_action_rows(parsed_rec))
        for index, (parsed_action, due) in enumerate(rows):
            source_key = f"{rec_key}/{index + 1}"
            seen_keys.add(source_key)
            action = existing_actions.get(source_key)
            if action is None:
                handle = action_handle(plan.code, parsed_rec.ref, index, len(rows), handles)
                handles.add(handle.lower())
                action = Action(
                    workspace_id=workspace_id,
                    plan_id=plan.id,
                    recommendation_id=rec.id,
                    handle=handle,
                    handle_key=handle.lower(),
                    source_key=source_key,
                    created_at=now,
                    last_activity_at=now,
                    slip_count=0,
                )
                _apply_document_state(action, parsed_action, due)
                session.add(action)
                report.actions_created += 1
            elif has_posted_updates(session, action):
                report.actions_kept += 1
            else:
                _apply_document_state(action, parsed_action, due)
                report.actions_updated += 1
            action.recommendation_id = rec.id
            action.position = index
            action.text = parsed_action.text
            action.budget_text = parsed_action.budget
            action.timescale_raw = parsed_action.timescale.raw if parsed_action.timescale else None
            action.source_line = parsed_action.line
            action.search_text = f"{parsed_rec.text}\n{parsed_action.text}".strip()
            session.flush()
            _set_owners(session, action, owners.resolve_all(parsed_action.owners))
        report.updates_added += _add_document_updates(
            session, plan, rec, parsed_rec, document_time, rec_key
        )
        if progress:
            progress(position + 1, total)
    report.actions_missing = sorted(
        existing_actions[key].handle for key in existing_actions if key not in seen_keys
    )
    session.flush()
    return report


def _plan_for(
    session: Session, workspace_id: str, parsed: ParsedPlan, code: str | None
) -> tuple[Plan, bool]:
    if code:
        plan = session.scalar(
            select(Plan).where(Plan.workspace_id == workspace_id, Plan.code == code.upper())
        )
        if plan is not None:
            plan.source_file = parsed.source_file
            return plan, False
    plan = session.scalar(
        select(Plan).where(Plan.workspace_id == workspace_id, Plan.source_file == parsed.source_file)
    )
    if plan is not None:
        return plan, False
    taken = set(session.scalars(select(Plan.code).where(Plan.workspace_id == workspace_id)))
    plan = Plan(
        workspace_id=workspace_id,
        code=(code.upper() if code else plan_code(parsed.title, parsed.council, taken)),
        title=parsed.title,
        source_file=parsed.source_file,
    )
    session.add(plan)
    session.flush()
    return plan, True


def _rec_key(ref: str | None, position: int) -> str:
    """A recommendation's identity within its plan: the printed ref, or its place if unnumbered."""
    return ref or f"#{position + 1}"


def _action_rows(parsed_rec: ParsedRecommendation):  # type: ignore[no-untyped-def]
    """One stored action per deadline: a timescale naming several dates is rows the PDF merged."""
    for parsed_action in parsed_rec.actions:
        deadlines = parsed_action.timescale.deadlines if parsed_action.timescale else []
        if parsed_action.original_due is None and len(deadlines) > 1:
            for deadline in deadlines:
                yield parsed_action, deadline
        else:
            yield parsed_action, parsed_action.due


def _apply_document_state(action: Action, parsed: ParsedAction, due: date | None) -> None:
    action.due_date = due
    action.original_due_date = parsed.original_due or due
    if parsed.original_due and due and due > parsed.original_due:
        action.slip_count = max(action.slip_count or 0, 1)
    action.ongoing = parsed.ongoing
    action.recurring = parsed.recurring
    action.status = parsed.status or Status.NOT_STARTED


def _set_owners(session: Session, action: Action, owners: list[Owner]) -> None:
    wanted = [o.id for o in owners]
    if [link.owner_id for link in action.owner_links] == wanted:
        return
    action.owner_links.clear()
    session.flush()
    for position, owner in enumerate(owners):
        action.owner_links.append(
            ActionOwner(owner_id=owner.id, workspace_id=action.workspace_id, position=position)
        )


def _add_document_updates(
    session: Session,
    plan: Plan,
    rec: Recommendation,
    parsed_rec: ParsedRecommendation,
    document_time: datetime,
    rec_key: str,
) -> int:
    added = 0
    for parsed_update in parsed_rec.updates:
        note = parsed_update.note.strip()
        if not note:
            continue
        digest = hashlib.sha1(note.encode()).hexdigest()[:16]
        key = f"doc:{plan.id}:{rec_key}:{digest}"
        exists = session.scalar(
            select(Update.id).where(
                Update.workspace_id == plan.workspace_id, Update.idempotency_key == key
            )
        )
        if exists is not None:
            continue
        when = _document_time(parsed_update.dated, document_time)
        session.add(
            Update(
                workspace_id=plan.workspace_id,
                recommendation_id=rec.id,
                action_id=None,
                author_name=plan.title[:200],
                created_at=when,
                note=note,
                source="document",
                source_line=parsed_update.line,
                idempotency_key=key,
            )
        )
        added += 1
    return added


def _document_time(day: date | None, fallback: datetime) -> datetime:
    # A document is dated by day; noon UTC keeps that day the same in any UK-ish time zone.
    return datetime.combine(day, time(12), tzinfo=UTC) if day else fallback


class _OwnerResolver:
    """Turns the document's owner names into the workspace's owners, merging near-identical
    spellings into an owner already known and recording the variant as an alias."""

    def __init__(
        self, session: Session, workspace_id: str, parsed: ParsedPlan, report: ImportReport
    ) -> None:
        self.session = session
        self.workspace_id = workspace_id
        self.report = report
        self.teams = {name_key(t) for t in parsed.teams}
        self.cache: dict[str, Owner] = {}
        directory = load_owner_directory(session, workspace_id)
        self.known = {name_key(name): oid for oid, name in directory.names.items()}
        for variant, canonical in parsed.owner_aliases.items():
            owner = self.resolve(canonical)
            if add_alias(session, owner, variant):
                report.owners_merged[variant] = owner.name

    def resolve_all(self, names: list[str]) -> list[Owner]:
        owners: list[Owner] = []
        for name in names:
            owner = self.resolve(name)
            if owner not in owners:
                owners.append(owner)
        return owners

    def resolve(self, name: str) -> Owner:
        key = name_key(name)
        if key in self.cache:
            return self.cache[key]
        owner = self._close_existing(name)
        if owner is None:
            owner, created = get_or_create_owner(
                self.session, self.workspace_id, name, is_team=key in self.teams
            )
            if created:
                self.report.owners_created.append(owner.name)
                self.known[owner.name_key] = owner.id
        self.cache[key] = owner
        return owner

    def _close_existing(self, name: str) -> Owner | None:
        key = name_key(name)
        if key in self.known:
            return self.session.get(Owner, self.known[key])
        best_id, best_score = None, 0.0
        for known_key, owner_id in self.known.items():
            # Same initial and near-identical spelling: a typo, not a different person.
            if known_key[:1] != key[:1]:
                continue
            score = fuzz.ratio(key, known_key)
            if score > best_score:
                best_id, best_score = owner_id, score
        if best_id is None or best_score < MERGE_SCORE:
            return None
        owner = self.session.get(Owner, best_id)
        assert owner is not None
        if add_alias(self.session, owner, name):
            self.report.owners_merged[name] = owner.name
        return owner
