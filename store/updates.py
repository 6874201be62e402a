"""Posting progress on an action: the rules an update must meet, and the one place it is saved.

History is append-only: an update row is written once and never edited. The action's current
status and due date are what the latest updates made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select, update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.db import transaction
from store.errors import InvalidUpdate
from store.handles import find_action
from store.models import Action, Update
from store.permissions import Person, check_can_update, check_is_officer
from store.status import Status
from store.workspaces import wants_two_stage_close

MAX_NOTE = 2900  # below Slack's 3,000-character section limit, so a note always displays whole
MAX_REASON = 1000


class UpdateRequest(BaseModel):
    """What someone asked to change. Field names match the inputs that collect them."""

    status: Status | None = None
    note: str = ""
    new_due: date | None = None
    reason: str | None = None
    review_date: date | None = None
    link: str | None = Field(default=None, description="A permalink to the message the note came from")

    @field_validator("note", "reason", "link", mode="before")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot hold NUL; a pasted one must not lose the whole update.
        return value.replace("\x00", "") if isinstance(value, str) else value


def validate_update(action: Action, request: UpdateRequest, *, today: date) -> None:
    """Raise InvalidUpdate naming the field to fix; changes nothing."""
    note = request.note.strip()
    reason = (request.reason or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidUpdate("note", f"Keep the note under {MAX_NOTE:,} characters (it has {len(note):,}).")
    if len(reason) > MAX_REASON:
        raise InvalidUpdate("reason", f"Keep the reason under {MAX_REASON:,} characters.")
    status = request.status
    if status is Status.BLOCKED and not note:
        raise InvalidUpdate("note", "Say what is blocking it, so someone can help.")
    if status is not None and status.needs_reason_and_review:
        if not (reason or note):
            raise InvalidUpdate("reason", f"Give a reason for marking it {status.label}.")
        if request.review_date is None:
            raise InvalidUpdate("review_date", f"Give a date to review it ({status.label} needs one).")
        if request.review_date <= today:
            raise InvalidUpdate("review_date", "The review date must be after today.")
    if request.new_due is not None:
        if request.new_due < today:
            raise InvalidUpdate("new_due", "A new deadline can't be in the past. Pick today or later.")
        current = action.due_date
        if current is not None and request.new_due > current and not (reason or note):
            raise InvalidUpdate(
                "reason", f"Say why the deadline moves later than {current:%d %b %Y}."
            )
    changes_status = status is not None and status is not action.status
    changes_due = request.new_due is not None and request.new_due != action.due_date
    if not (note or changes_status or changes_due):
        raise InvalidUpdate("note", "Nothing to save: add a note, a new status or a new date.")


def record_update(
    session: Session,
    action: Action,
    request: UpdateRequest,
    *,
    author_name: str,
    author_slack_id: str | None,
    now: datetime,
    today: date,
    source: str,
    idempotency_key: str | None = None,
    requires_signoff: bool = False,
) -> tuple[Update, bool]:
    """Validate and save one update, applying it to the action. Returns (update, created).

    The same idempotency key twice returns the first update and changes nothing, so a retried
    or double-clicked submission is stored once.
    """
    if idempotency_key:
        existing = _by_key(session, action.workspace_id, idempotency_key)
        if existing is not None:
            return existing, False
    validate_update(action, request, today=today)
    status = request.status
    if status is Status.DONE and requires_signoff:
        status = Status.AWAITING_SIGNOFF
    note = request.note.strip()
    if request.link:
        note = f"{note}\n{request.link}" if note else request.link
    update = Update(
        workspace_id=action.workspace_id,
        recommendation_id=action.recommendation_id,
        action_id=action.id,
        author_name=author_name,
        author_slack_id=author_slack_id,
        created_at=now,
        note=note,
        reason=(request.reason or "").strip() or None,
        source=source,
        idempotency_key=idempotency_key,
    )
    if status is not None and status is not action.status:
        update.status_from, update.status_to = action.status, status
        action.status = status
        if status.needs_reason_and_review:
            action.status_reason = update.reason or note
            action.review_date = request.review_date
        elif status is not Status.BLOCKED:
            action.status_reason = None
            action.review_date = None
        else:
            action.status_reason = note
    if request.new_due is not None and request.new_due != action.due_date:
        update.due_from, update.due_to = action.due_date, request.new_due
        apply_new_due(action, request.new_due)
    action.last_activity_at = max(action.last_activity_at, now)
    try:
        with session.begin_nested():
            session.add(update)
            session.flush()
    except IntegrityError:
        # Another process stored the same submission a moment ago: keep theirs, change nothing.
        session.expire(action)
        existing = _by_key(session, action.workspace_id, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    return update, True


def lock_action(session: Session, action: Action) -> None:
    """Hold the action's row for the rest of the transaction and re-read it: two updates to one
    action then apply one after the other, each to what the other left (due date, the "moved
    from" date, slip count, status), never to the same stale copy.

    PostgreSQL locks the row (SELECT … FOR UPDATE). SQLite has no row locks: a no-op write takes
    the database's write lock at once (BEGIN IMMEDIATE in effect), and in WAL mode the reads
    that follow see every commit made before it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Action.id).where(Action.id == action.id).with_for_update())
    else:
        session.execute(sql_update(Action).where(Action.id == action.id).values(slip_count=Action.slip_count))
    session.refresh(action)


def apply_new_due(action: Action, new_due: date) -> None:
    """Move the deadline, keeping the first one ever set and counting each move later as a slip."""
    if action.original_due_date is None:
        action.original_due_date = action.due_date or new_due
    if action.due_date is not None and new_due > action.due_date:
        # Counted by the database when the row is written (and read back after): never a
        # stale copy's count plus one.
        action.slip_count = Action.slip_count + 1  # type: ignore[assignment]
    action.due_date = new_due


def _by_key(session: Session, workspace_id: str, key: str) -> Update | None:
    return session.scalar(
        select(Update).where(Update.workspace_id == workspace_id, Update.idempotency_key == key)
    )


def has_posted_updates(session: Session, action: Action) -> bool:
    """Whether anyone (not a document) has updated this action; re-imports must then keep its state."""
    return (
        session.scalar(
            select(Update.id)
            .where(Update.action_id == action.id, Update.source != "document")
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class Saved:
    """What saving an update did, as data: the words around it are chosen by whoever shows it."""

    handle: str
    status: Status
    created: bool  # False when the same submission had already been saved
    status_to: Status | None = None  # what this update set, if it changed the status
    due_to: date | None = None  # the new due date, if it moved
    slip_count: int = 0
    signed_off: bool | None = None  # for sign-offs: accepted (True) or sent back (False)

    @property
    def awaiting_signoff(self) -> bool:
        return self.status is Status.AWAITING_SIGNOFF


def save_update(
    session_factory: sessionmaker[Session],
    workspace_id: str,
    person: Person,
    handle: str,
    request: UpdateRequest,
    *,
    now: datetime,
    today: date,
    source: str,
    two_stage_close: bool,
    idempotency_key: str | None = None,
) -> Saved:
    """Record `person`'s update to the action `handle`: the one way every door (modal, menu,
    /update, message shortcut, console) saves one. `two_stage_close` is the deployment's default
    for owners' "done" waiting for an officer's sign-off; a workspace's own setting wins.

    Raises NotAllowed, InvalidUpdate, or find_action's handle errors; nothing is saved then."""
    with transaction(session_factory) as session:
        action = find_action(session, workspace_id, handle)
        check_can_update(person, action)
        lock_action(session, action)
        if action.status is Status.AWAITING_SIGNOFF and request.status is Status.DONE and not person.is_officer:
            raise InvalidUpdate("status", f"{action.handle} is already done and waiting for an officer to sign it off.")
        signoff = not person.is_officer and wants_two_stage_close(session, workspace_id, two_stage_close)
        update, created = record_update(
            session, action, request, author_name=person.name, author_slack_id=person.user_id,
            now=now, today=today, source=source, idempotency_key=idempotency_key, requires_signoff=signoff,
        )
        return Saved(action.handle, action.status, created, update.status_to, update.due_to, action.slip_count)


def sign_off(
    session_factory: sessionmaker[Session],
    workspace_id: str,
    person: Person,
    handle: str,
    *,
    approve: bool,
    reason: str = "",
    now: datetime,
    today: date,
) -> Saved:
    """An officer accepts an owner's "done", or sends the action back to its owners with a reason."""
    check_is_officer(person, "sign off actions")
    with transaction(session_factory) as session:
        action = find_action(session, workspace_id, handle)
        lock_action(session, action)
        if action.status is not Status.AWAITING_SIGNOFF:
            raise InvalidUpdate("reason", f"{action.handle} is not waiting for sign-off (it is {action.status.label}).")
        if approve:
            request = UpdateRequest(status=Status.DONE, note="Signed off as implemented.")
        else:
            if not reason.strip():
                raise InvalidUpdate("reason", "Say why it is being sent back, so the owner knows what is missing.")
            request = UpdateRequest(status=Status.IN_PROGRESS, note=reason, reason=reason)
        update, created = record_update(
            session, action, request, author_name=person.name, author_slack_id=person.user_id,
            now=now, today=today, source="slack", requires_signoff=False,
        )
        return Saved(action.handle, action.status, created, update.status_to, update.due_to, action.slip_count, signed_off=approve)
