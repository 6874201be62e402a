"""Applying a read document to a workspace: create or update its plan in place.

An import is worked out first and written second. `preview_import` reads the workspace and says
what the document would do (which plan it updates and why, what is new, changed or no longer
listed, where it disagrees with what owners have posted); it writes nothing, so a preview or a
dry run never waits on, or blocks, anyone else. `import_plan` writes that outcome in a few bulk
statements, so even a 10,000-row tracker holds the store's write lock for seconds, not minutes.

Re-importing never removes an action. Where owners have posted updates since, their status and
dates stand unless the document is dated after their latest update; each disagreement is reported
with the value kept.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, insert, select
from sqlalchemy import update as sa_update
from sqlalchemy.orm import Session

from store.errors import Problem
from store.handles import HandleAllocator, plan_code, taken_handles
from store.importing.parsed import ParsedAction, ParsedPlan, ParsedRecommendation, ReviewItem
from store.models import (
    Action,
    ActionOwner,
    Owner,
    OwnerAlias,
    Plan,
    PlanImport,
    Recommendation,
    Update,
)
from store.owners import bump_owners_version, load_owner_directory, name_key
from store.plan_matching import PlanMatch, match_plan, valid_code
from store.reports import report_for_plan
from store.status import Status
from store.workspaces import ensure_workspace

# How close a new spelling must be to an owner already in the workspace to be merged into them.
# High on purpose: merging two real people is worse than keeping a typo as its own owner.
MERGE_SCORE = 92
# Rows per bulk statement: well under SQLite's bound-parameter limit for the widest table.
CHUNK = 500
# Imports of one plan that can be undone one after another; older snapshots are dropped, as a
# 10,000-action plan's snapshot is a few megabytes.
UNDO_DEPTH = 10

Progress = Callable[[int, int], None]
OwnerRef = int | str  # an existing owner's id, or the name key of one this import creates


@dataclass
class Disagreement:
    """Where the document and an owner's posted update say different things, and which stood."""

    handle: str
    field: str  # "status" or "due date"
    document: str
    posted: str
    kept: str  # "document" or "update"

    def describe(self) -> str:
        kept = self.document if self.kept == "document" else self.posted
        why = "the document is newer" if self.kept == "document" else "the update is newer than the document"
        return (
            f"{self.handle}: {self.field} is {self.document} in the document but {self.posted} "
            f"in an owner's update; kept {kept} ({why})"
        )


@dataclass
class ImportReport:
    source_file: str
    plan_code: str
    plan_title: str
    layout: str
    created_plan: bool
    matched_by: str = ""  # why this plan: "file name", "--plan", "content: …", "new plan"
    actions_created: int = 0
    actions_updated: int = 0  # already stored and given the document's values (changed or not)
    actions_changed: int = 0  # of those, the ones whose stored values differed
    actions_kept: int = 0  # updated by people since; the document's status and dates were not applied
    actions_missing: list[str] = field(default_factory=list)  # in the store but no longer in the file
    updates_added: int = 0
    review: list[ReviewItem] = field(default_factory=list)
    owners_merged: dict[str, str] = field(default_factory=dict)
    owners_created: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)  # everyone the document names, as stored
    recommendations: int = 0
    due_dates: list[date] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    columns_chosen: list[Any] = field(default_factory=list)

    @property
    def rows_imported(self) -> int:
        return self.actions_created + self.actions_updated + self.actions_kept

    def summary(self) -> str:
        """One line saying what the import does to which plan."""
        if self.created_plan:
            return f"new plan {self.plan_code}: {self.actions_created} actions"
        return (
            f"updates plan {self.plan_code}: {self.actions_created} new, {self.actions_changed} changed, "
            f"{len(self.actions_missing)} no longer listed"
        )


@dataclass
class _Row:
    """One action the document lists, with what the store will do with it."""

    rec_key: str
    source_key: str
    position: int
    parsed: ParsedAction
    due: date | None
    owners: list[OwnerRef]
    text: str
    search_text: str
    existing: Action | None = None
    handle: str | None = None
    apply_document: bool = True
    posted_since: bool = False  # owners have posted updates on it since it was imported
    changed: bool = True
    note_changes: list[Disagreement] = field(default_factory=list)


@dataclass
class _Owners:
    ids: dict[str, OwnerRef] = field(default_factory=dict)  # spelling's key -> owner
    new: dict[str, tuple[str, bool]] = field(default_factory=dict)  # new key -> (name, is_team)
    aliases: list[tuple[OwnerRef, str]] = field(default_factory=list)
    names: dict[OwnerRef, str] = field(default_factory=dict)


@dataclass
class ImportOutcome:
    """What a document does to a workspace, worked out without writing anything."""

    workspace_id: str
    parsed: ParsedPlan
    plan: Plan | None
    code: str
    match: PlanMatch
    report: ImportReport
    recs: list[tuple[str, int, ParsedRecommendation, Recommendation | None]]
    rows: list[_Row]
    owners: _Owners
    existing_links: dict[int, list[int]]
    doc_keys: set[str]


def preview_import(
    session: Session,
    workspace_id: str,
    parsed: ParsedPlan,
    *,
    code: str | None = None,
    as_new_plan: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """What importing `parsed` would do, reading only: the report of an import never written."""
    return _work_out(session, workspace_id, parsed, code=code, as_new_plan=as_new_plan, progress=progress).report


def import_plan(
    session: Session,
    workspace_id: str,
    parsed: ParsedPlan,
    *,
    now: datetime,
    code: str | None = None,
    as_new_plan: bool = False,
    source_sha256: str | None = None,
    imported_by: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write `parsed` into the workspace. The caller owns the transaction: a file is all or nothing."""
    # First a write: on SQLite this takes the write lock before anything is read, so the
    # transaction never has to upgrade a stale read (which fails at once, whatever the timeout).
    ensure_workspace(session, workspace_id)
    outcome = _work_out(session, workspace_id, parsed, code=code, as_new_plan=as_new_plan, progress=progress)
    _write(session, outcome, now=now, source_sha256=source_sha256, imported_by=imported_by, progress=progress)
    return outcome.report


# --------------------------------------------------------------------------- working it out


def _work_out(
    session: Session,
    workspace_id: str,
    parsed: ParsedPlan,
    *,
    code: str | None,
    as_new_plan: bool,
    progress: Progress | None,
) -> ImportOutcome:
    match = _choose_plan(session, workspace_id, parsed, code, as_new_plan)
    plan = match.plan
    plan_code_ = plan.code if plan is not None else match.new_code
    report = ImportReport(
        source_file=parsed.source_file,
        plan_code=plan_code_,
        plan_title=parsed.title,
        layout=parsed.layout,
        created_plan=plan is None,
        matched_by=match.reason,
        review=list(parsed.review),
        recommendations=len(parsed.recommendations),
        columns_chosen=list(getattr(parsed, "columns_chosen", None) or []),
    )
    owners = _plan_owners(session, workspace_id, parsed, report)

    existing_recs: dict[str, Recommendation] = {}
    existing_actions: dict[str, Action] = {}
    links: dict[int, list[int]] = defaultdict(list)
    last_posted: dict[int, datetime] = {}
    doc_keys: set[str] = set()
    if plan is not None:
        existing_actions = {
            a.source_key: a for a in session.scalars(select(Action).where(Action.plan_id == plan.id))
        }
        # A stored recommendation is known by the key its actions carry ("3/1" -> "3", "3#7/1" ->
        # "3#7"), so a ref printed twice still finds each of its two recommendations again.
        key_of_rec = {a.recommendation_id: a.source_key.rsplit("/", 1)[0] for a in existing_actions.values()}
        for r in session.scalars(select(Recommendation).where(Recommendation.plan_id == plan.id)):
            existing_recs.setdefault(key_of_rec.get(r.id) or _rec_key(r.ref, r.position), r)
        for action_id, owner_id in session.execute(
            select(ActionOwner.action_id, ActionOwner.owner_id)
            .join(Action, Action.id == ActionOwner.action_id)
            .where(Action.plan_id == plan.id)
            .order_by(ActionOwner.action_id, ActionOwner.position)
        ):
            links[action_id].append(owner_id)
        last_posted = dict(
            session.execute(
                select(Update.action_id, func.max(Update.created_at))
                .join(Action, Action.id == Update.action_id)
                .where(Action.plan_id == plan.id, Update.source != "document")
                .group_by(Update.action_id)
            ).all()
        )
        doc_keys = set(
            session.scalars(
                select(Update.idempotency_key).where(
                    Update.workspace_id == workspace_id,
                    Update.idempotency_key.like(f"doc:{plan.id}:%"),
                )
            )
        )

    handles = HandleAllocator(plan_code_, taken_handles(session, workspace_id))
    recs: list[tuple[str, int, ParsedRecommendation, Recommendation | None]] = []
    rows: list[_Row] = []
    used_rec_keys: set[str] = set()
    seen: set[str] = set()
    total = len(parsed.recommendations)
    for position, parsed_rec in enumerate(parsed.recommendations):
        rec_key = _rec_key(parsed_rec.ref, position)
        if rec_key in used_rec_keys:
            # A ref printed twice in one document: keep both, told apart by their place.
            rec_key = f"{rec_key}#{position + 1}"
        used_rec_keys.add(rec_key)
        recs.append((rec_key, position, parsed_rec, existing_recs.get(rec_key)))
        action_rows = list(_action_rows(parsed_rec))
        for index, (parsed_action, due) in enumerate(action_rows):
            source_key = f"{rec_key}/{index + 1}"
            seen.add(source_key)
            row = _Row(
                rec_key=rec_key,
                source_key=source_key,
                position=index,
                parsed=parsed_action,
                due=due,
                owners=_owners_of(owners, parsed_action.owners),
                text=parsed_action.text,
                search_text=f"{parsed_rec.text}\n{parsed_action.text}".strip(),
                existing=existing_actions.get(source_key),
            )
            if row.existing is None:
                row.handle = handles.allocate(parsed_rec.ref, index, len(action_rows))
                report.actions_created += 1
            else:
                row.handle = row.existing.handle
                _compare(row, links.get(row.existing.id, []), last_posted.get(row.existing.id), parsed.document_date, report)
            if due:
                report.due_dates.append(due)
            rows.append(row)
        if progress:
            progress(position + 1, 2 * total)
    report.actions_missing = sorted(a.handle for key, a in existing_actions.items() if key not in seen)
    report.owners = sorted({owners.names[ref] for row in rows for ref in row.owners})
    report.due_dates = sorted(set(report.due_dates))
    return ImportOutcome(
        workspace_id=workspace_id,
        parsed=parsed,
        plan=plan,
        code=plan_code_,
        match=match,
        report=report,
        recs=recs,
        rows=rows,
        owners=owners,
        existing_links=links,
        doc_keys=doc_keys,
    )


def _choose_plan(
    session: Session, workspace_id: str, parsed: ParsedPlan, code: str | None, as_new_plan: bool
) -> PlanMatch:
    taken = set(session.scalars(select(Plan.code).where(Plan.workspace_id == workspace_id)))
    if code is not None:
        wanted = code.strip().upper()
        if not valid_code(wanted):
            raise Problem(
                f"{code!r} cannot be a plan code: use 1 to 16 letters and digits starting with a letter, e.g. BR or HF2."
            )
        plan = session.scalar(select(Plan).where(Plan.workspace_id == workspace_id, Plan.code == wanted))
        if plan is not None and as_new_plan:
            raise Problem(
                f"Plan {wanted} already exists. Leave out --as-new-plan to update it, or give another code."
            )
        if plan is not None:
            return PlanMatch(plan, wanted, f"--plan {wanted}")
        return PlanMatch(None, wanted, "new plan (--plan)")
    new_code = plan_code(parsed.title, parsed.council, taken)
    if as_new_plan:
        return PlanMatch(None, new_code, "new plan (--as-new-plan)")
    return match_plan(session, workspace_id, parsed, new_code)


def _owners_of(owners: _Owners, names: list[str]) -> list[OwnerRef]:
    refs: list[OwnerRef] = []
    for name in names:
        ref = owners.ids.get(name_key(name))
        if ref is not None and ref not in refs:
            refs.append(ref)
    return refs


def _plan_owners(session: Session, workspace_id: str, parsed: ParsedPlan, report: ImportReport) -> _Owners:
    """Turn the document's owner names into the workspace's owners: an exact name or alias, else a
    near-identical spelling of a known owner (kept as an alias), else a new owner."""
    directory = load_owner_directory(session, workspace_id)
    teams = {name_key(t) for t in parsed.teams}
    result = _Owners()
    result.names.update(directory.names)
    exact: dict[str, OwnerRef] = dict(directory.by_key)
    # Near-identical spellings share an initial; comparing within one initial keeps this linear.
    by_initial: dict[str, dict[str, str]] = defaultdict(dict)  # initial -> {name key: name key}
    name_owner: dict[str, OwnerRef] = {}
    for owner_id, name in directory.names.items():
        by_initial[name_key(name)[:1]][name_key(name)] = name_key(name)
        name_owner[name_key(name)] = owner_id
    known_aliases = set(directory.by_key)

    def alias(owner: OwnerRef, spelling: str) -> bool:
        key = name_key(spelling)
        if not key or key in known_aliases:
            return False
        known_aliases.add(key)
        result.aliases.append((owner, spelling.strip()))
        exact[key] = owner
        return True

    def resolve(name: str) -> OwnerRef | None:
        key = name_key(name)
        if not key:
            return None
        if key in result.ids:
            return result.ids[key]
        owner = exact.get(key)
        if owner is None:
            close = process.extractOne(key, by_initial[key[:1]], scorer=fuzz.ratio, score_cutoff=MERGE_SCORE)
            if close is not None:
                owner = name_owner[close[2]]
                if alias(owner, name):
                    report.owners_merged[name] = result.names[owner]
        if owner is None:
            owner = key
            result.new[key] = (name.strip(), key in teams)
            result.names[owner] = name.strip()
            report.owners_created.append(name.strip())
            exact[key] = owner
            known_aliases.add(key)
            by_initial[key[:1]][key] = key
            name_owner[key] = owner
        result.ids[key] = owner
        return owner

    for variant, canonical in parsed.owner_aliases.items():
        owner = resolve(canonical)
        if owner is not None and alias(owner, variant):
            report.owners_merged[variant] = result.names[owner]
            result.ids[name_key(variant)] = owner
    for parsed_rec in parsed.recommendations:
        for parsed_action in parsed_rec.actions:
            for name in parsed_action.owners:
                resolve(name)
    return result


def _compare(
    row: _Row, stored_owners: list[int], last_posted: datetime | None, document_date: date | None, report: ImportReport
) -> None:
    """Decide what a re-import does to an action already stored."""
    action = row.existing
    assert action is not None
    doc_status = row.parsed.status or Status.NOT_STARTED
    if last_posted is not None:
        row.posted_since = True
        # People have posted since: the document's status and dates stand only if it is newer.
        document_newer = document_date is not None and document_date > last_posted.date()
        kept = "document" if document_newer else "update"
        if row.due is not None and row.due != action.due_date:
            row.note_changes.append(Disagreement(
                action.handle, "due date", _day(row.due), _day(action.due_date), kept
            ))
        if row.parsed.status is not None and doc_status is not action.status:
            row.note_changes.append(Disagreement(action.handle, "status", doc_status.label, action.status.label, kept))
        report.disagreements.extend(row.note_changes)
        if not document_newer:
            row.apply_document = False
            report.actions_kept += 1
            row.changed = _text_changed(row, action) or list(row.owners) != stored_owners
            return
    row.changed = (
        _text_changed(row, action)
        or list(row.owners) != stored_owners
        or action.due_date != row.due
        or action.status is not doc_status
        or action.ongoing != row.parsed.ongoing
        or action.recurring != row.parsed.recurring
    )
    report.actions_updated += 1
    if row.changed:
        report.actions_changed += 1


def _text_changed(row: _Row, action: Action) -> bool:
    return (
        action.text != row.text
        or action.budget_text != row.parsed.budget
        or action.timescale_raw != (row.parsed.timescale.raw if row.parsed.timescale else None)
    )


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else "no date"


def _rec_key(ref: str | None, position: int) -> str:
    """A recommendation's identity within its plan: the printed ref, or its place if unnumbered."""
    return ref or f"#{position + 1}"


def _action_rows(parsed_rec: ParsedRecommendation) -> Iterator[tuple[ParsedAction, date | None]]:
    """One stored action per deadline: a timescale naming several dates is rows the PDF merged."""
    for parsed_action in parsed_rec.actions:
        deadlines = parsed_action.timescale.deadlines if parsed_action.timescale else []
        if parsed_action.original_due is None and len(deadlines) > 1:
            for deadline in deadlines:
                yield parsed_action, deadline
        else:
            yield parsed_action, parsed_action.due


# --------------------------------------------------------------------------- writing it


def _write(
    session: Session,
    outcome: ImportOutcome,
    *,
    now: datetime,
    source_sha256: str | None,
    imported_by: str | None,
    progress: Progress | None,
) -> None:
    parsed, report, workspace_id = outcome.parsed, outcome.report, outcome.workspace_id
    total = len(parsed.recommendations)
    snapshot = None if outcome.plan is None else _snapshot(session, outcome)
    plan = outcome.plan
    if plan is None:
        plan = Plan(workspace_id=workspace_id, code=outcome.code, title=parsed.title, source_file=parsed.source_file)
        session.add(plan)
    plan.title = parsed.title[:400]
    plan.committee = parsed.committee
    plan.council = parsed.council
    plan.document_date = parsed.document_date
    plan.source_file = parsed.source_file[:300]
    plan.source_sha256 = source_sha256
    plan.imported_at = now
    session.flush()

    owner_ids = _write_owners(session, workspace_id, outcome.owners, now)

    # Recommendations: the stored ones are updated where they are, the new ones added together.
    rec_ids: dict[str, int] = {}
    new_recs: list[tuple[str, Recommendation]] = []
    for rec_key, position, parsed_rec, rec in outcome.recs:
        if rec is None:
            rec = Recommendation(workspace_id=workspace_id, plan_id=plan.id, position=position)
            session.add(rec)
            new_recs.append((rec_key, rec))
        rec.position = position
        rec.ref = parsed_rec.ref
        rec.text = parsed_rec.text
        if _document_response_stands(rec, parsed_rec, parsed.document_date):
            rec.response = parsed_rec.response
            rec.response_reason = parsed_rec.response_reason
        if parsed_rec.executive_member:
            rec.executive_member = parsed_rec.executive_member[:200]
        rec.source_line = parsed_rec.line
        if rec.id is not None:
            rec_ids[rec_key] = rec.id
    session.flush()
    rec_ids.update({key: rec.id for key, rec in new_recs})
    # The plan's scrutiny report (its committee, and the executive member when every
    # recommendation names the same one): what the response clock runs from.
    scrutiny_report = report_for_plan(session, plan)
    members = {r.executive_member for _k, _p, r, _e in outcome.recs if r.executive_member}
    if len(members) == 1 and not scrutiny_report.executive_member:
        scrutiny_report.executive_member = members.pop()[:200]

    # Actions: stored ones updated in place (one flush), new ones inserted in bulk.
    new_rows: list[dict[str, Any]] = []
    relinked: list[int] = []
    document_notes: list[dict[str, Any]] = []
    for row in outcome.rows:
        owners = [owner_ids[ref] if isinstance(ref, str) else ref for ref in row.owners]
        values = _action_values(row, rec_ids[row.rec_key])
        if row.existing is None:
            values.update(
                workspace_id=workspace_id, plan_id=plan.id, handle=row.handle, handle_key=row.handle.lower(),  # type: ignore[union-attr]
                source_key=row.source_key, created_at=now, last_activity_at=now, review_date=None,
                status_reason=None, review_note=None, **_document_state(row, None),
            )
            new_rows.append(values)
            continue
        action = row.existing
        for name, value in values.items():
            setattr(action, name, value)
        if row.apply_document:
            before_status, before_due = action.status, action.due_date
            for name, value in _document_state(row, action).items():
                if row.posted_since and not _document_says(row, name):
                    continue  # a blank cell in a newer document does not erase what an owner set
                setattr(action, name, value)
            if row.note_changes:
                document_notes.append(_document_change(outcome, action, before_status, before_due, now))
        if owners != outcome.existing_links.get(action.id, []):
            relinked.append(action.id)
    session.flush()
    for start in range(0, len(new_rows), CHUNK):
        session.execute(insert(Action), new_rows[start:start + CHUNK])
        if progress:
            # Inserting the new actions is the writing half's bulk: it fills up to three quarters.
            progress(total + (total * min(len(new_rows), start + CHUNK)) // (2 * len(new_rows)), 2 * total)
    action_ids = dict(session.execute(select(Action.source_key, Action.id).where(Action.plan_id == plan.id)).all())

    # Owner links: replaced only where they changed.
    for start in range(0, len(relinked), CHUNK):
        session.execute(delete(ActionOwner).where(ActionOwner.action_id.in_(relinked[start:start + CHUNK])))
    relinked_set = set(relinked)
    links: list[dict[str, Any]] = []
    for row in outcome.rows:
        action_id = action_ids[row.source_key]
        if row.existing is not None and action_id not in relinked_set:
            continue
        owners = [owner_ids[ref] if isinstance(ref, str) else ref for ref in row.owners]
        links.extend(
            {"action_id": action_id, "owner_id": owner_id, "workspace_id": workspace_id, "position": position}
            for position, owner_id in enumerate(owners)
        )
    for start in range(0, len(links), CHUNK):
        session.execute(insert(ActionOwner), links[start:start + CHUNK])

    # The document's own progress notes: on the recommendation, and each action's comments.
    document_time = _document_time(parsed.document_date, now)
    seen_keys = set(outcome.doc_keys)
    for rec_key, _position, parsed_rec, _rec in outcome.recs:
        for parsed_update in parsed_rec.updates:
            note = _document_note(plan, rec_key, parsed_update.note, seen_keys)
            if note:
                document_notes.append(dict(
                    note, recommendation_id=rec_ids[rec_key], action_id=None,
                    created_at=_document_time(parsed_update.dated, document_time), source_line=parsed_update.line,
                ))
    for row in outcome.rows:
        comments = getattr(row.parsed, "comments", None)
        note = _document_note(plan, row.source_key, comments or "", seen_keys)
        if note:
            document_notes.append(dict(
                note, recommendation_id=rec_ids[row.rec_key], action_id=action_ids[row.source_key],
                created_at=document_time, source_line=row.parsed.line,
            ))
    new_notes = [n for n in document_notes if n.get("idempotency_key")]
    for start in range(0, len(document_notes), CHUNK):
        session.execute(insert(Update), [
            {**_UPDATE_DEFAULTS, "workspace_id": workspace_id, "author_name": plan.title[:200], **n}
            for n in document_notes[start:start + CHUNK]
        ])
    report.updates_added = sum(1 for n in new_notes if n["idempotency_key"].startswith("doc:"))

    history = PlanImport(
        workspace_id=workspace_id, plan_id=plan.id, source_file=parsed.source_file[:300],
        created_plan=outcome.plan is None, imported_at=now, imported_by=imported_by,
    )
    if snapshot is not None:
        snapshot["added_notes"] = [n["idempotency_key"] for n in new_notes]
        snapshot["added_actions"] = [r["source_key"] for r in new_rows]
        snapshot["added_recommendations"] = [rec.id for _key, rec in new_recs]
        history.snapshot = json.dumps(snapshot, default=str)
    session.add(history)
    session.flush()
    stale = list(session.scalars(
        select(PlanImport.id)
        .where(PlanImport.plan_id == plan.id, PlanImport.snapshot.is_not(None))
        .order_by(PlanImport.id.desc())
        .offset(UNDO_DEPTH)
    ))
    if stale:
        session.execute(sa_update(PlanImport).where(PlanImport.id.in_(stale)).values(snapshot=None))
    report.plan_code = plan.code
    if progress:
        progress(2 * total, 2 * total)


_UPDATE_DEFAULTS: dict[str, Any] = {
    "author_slack_id": None, "status_from": None, "status_to": None, "due_from": None, "due_to": None,
    "reason": None, "source": "document", "idempotency_key": None, "note": "",
}


def _action_values(row: _Row, recommendation_id: int) -> dict[str, Any]:
    return {
        "recommendation_id": recommendation_id,
        "position": row.position,
        "text": row.text,
        "budget_text": row.parsed.budget,
        "timescale_raw": row.parsed.timescale.raw if row.parsed.timescale else None,
        "source_line": row.parsed.line,
        "search_text": row.search_text,
    }


def _document_state(row: _Row, action: Action | None) -> dict[str, Any]:
    parsed, due = row.parsed, row.due
    slips = action.slip_count if action is not None else 0
    if parsed.original_due and due and due > parsed.original_due:
        slips = max(slips or 0, 1)
    return {
        "due_date": due,
        "original_due_date": parsed.original_due or due,
        "slip_count": slips or 0,
        "ongoing": parsed.ongoing,
        "recurring": parsed.recurring,
        "status": parsed.status or Status.NOT_STARTED,
    }


def _document_says(row: _Row, name: str) -> bool:
    if name in ("due_date", "original_due_date", "slip_count"):
        return row.due is not None
    if name == "status":
        return row.parsed.status is not None
    return True


def _document_change(
    outcome: ImportOutcome, action: Action, before_status: Status, before_due: date | None, now: datetime
) -> dict[str, Any]:
    """A history line for a newer document overriding what an owner posted, so the card shows why."""
    document_date = outcome.parsed.document_date
    when = _document_time(document_date, now)
    change: dict[str, Any] = {
        "recommendation_id": action.recommendation_id, "action_id": action.id, "created_at": when,
        "note": f"The document {outcome.parsed.source_file} (dated {_day(document_date)}) says so.",
        "source_line": None,
        # Keyed so that undoing this import finds it; the time tells re-imports apart.
        "idempotency_key": f"docchange:{action.id}:{now.isoformat()}"[:120],
    }
    if action.status is not before_status:
        change.update(status_from=before_status, status_to=action.status)
    if action.due_date != before_due and action.due_date is not None:
        change.update(due_from=before_due, due_to=action.due_date)
    return change


def _document_note(plan: Plan, key: str, text: str, seen: set[str]) -> dict[str, Any] | None:
    note = text.strip()
    if not note:
        return None
    digest = hashlib.sha1(note.encode()).hexdigest()[:16]
    idempotency_key = f"doc:{plan.id}:{key}:{digest}"[:120]
    if idempotency_key in seen:
        return None
    seen.add(idempotency_key)
    return {"note": note, "idempotency_key": idempotency_key}


def _write_owners(session: Session, workspace_id: str, owners: _Owners, now: datetime) -> dict[str, int]:
    """Create the import's new owners and aliases together; their ids by name key."""
    ids: dict[str, int] = {}
    if owners.new:
        rows = [
            {"workspace_id": workspace_id, "name": name[:200], "name_key": key, "is_team": is_team, "created_at": now}
            for key, (name, is_team) in owners.new.items()
        ]
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(Owner), rows[start:start + CHUNK])
        keys = list(owners.new)
        for start in range(0, len(keys), CHUNK):
            ids.update(session.execute(
                select(Owner.name_key, Owner.id).where(
                    Owner.workspace_id == workspace_id, Owner.name_key.in_(keys[start:start + CHUNK])
                )
            ).all())
    aliases = [
        {"workspace_id": workspace_id, "owner_id": ids[ref] if isinstance(ref, str) else ref,
         "alias": spelling, "alias_key": name_key(spelling)}
        for ref, spelling in owners.aliases
    ]
    for start in range(0, len(aliases), CHUNK):
        session.execute(insert(OwnerAlias), aliases[start:start + CHUNK])
    if owners.new or aliases:
        bump_owners_version(session, workspace_id)
    return ids


def _snapshot(session: Session, outcome: ImportOutcome) -> dict[str, Any]:
    """The plan as it stands before this import: enough to put it back (`store.plan_history`)."""
    plan = outcome.plan
    assert plan is not None
    plan_fields = ("code", "title", "committee", "council", "document_date", "source_file", "source_sha256", "imported_at")
    rec_fields = ("id", "ref", "position", "text", "response", "response_reason", "source_line")
    action_fields = (
        "id", "recommendation_id", "position", "text", "budget_text", "timescale_raw", "due_date",
        "original_due_date", "slip_count", "ongoing", "recurring", "status", "source_line", "search_text",
    )
    recs = session.scalars(select(Recommendation).where(Recommendation.plan_id == plan.id))
    actions = session.scalars(select(Action).where(Action.plan_id == plan.id))
    return {
        "plan": {name: _plain(getattr(plan, name)) for name in plan_fields},
        "recommendations": [{name: _plain(getattr(r, name)) for name in rec_fields} for r in recs],
        "actions": [{name: _plain(getattr(a, name)) for name in action_fields} for a in actions],
        "links": [[a, o, i] for a, owners in outcome.existing_links.items() for i, o in enumerate(owners)],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _document_response_stands(rec: Recommendation, parsed_rec: ParsedRecommendation, document_date: date | None) -> bool:
    """Whether the document's response replaces the stored one. A response an officer recorded
    (`/respond`, which dates it) stands unless the document gives one and is dated on or after it."""
    if rec.responded_on is None:
        return True
    return parsed_rec.response is not None and document_date is not None and document_date >= rec.responded_on


def _document_time(day: date | None, fallback: datetime) -> datetime:
    # A document is dated by day; noon UTC keeps that day the same in any UK-ish time zone.
    return datetime.combine(day, time(12), tzinfo=UTC) if day else fallback
