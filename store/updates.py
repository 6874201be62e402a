"""Posting progress on an action: the rules an update must meet, and the one place it is saved.

History is append-only: an update row is written once and never edited. The action's current
status and due date are what the latest updates made them.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select, update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.errors import InvalidUpdate
from store.models import Action, Update
from store.status import Status

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
        action.slip_count = Action.slip_count + 1
    action.due_date = new_due


def _by_key(session: Session, workspace_id: str, key: str) -> Update | None:
    return session.scalar(
        select(Update).where(Update.workspace_id == workspace_id, Update.idempotency_key == key)
    )
