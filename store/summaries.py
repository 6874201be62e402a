"""Plain snapshots of actions for anything that displays them (replies, digests, the console).

A summary is taken while the session is open, so renderers never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime

from store.models import Action, Update
from store.recommendations import recommendation_handle
from store.status import Assessment, RagRating, Response, Status, rag_rating


@dataclass(frozen=True)
class OwnerRef:
    id: int
    name: str
    is_team: bool
    slack_user_id: str | None = None


@dataclass(frozen=True)
class ActionSummary:
    id: int
    handle: str
    plan_id: int
    plan_code: str
    plan_title: str
    ref: str | None
    text: str
    recommendation: str
    response: Response | None
    response_reason: str | None
    owners: tuple[OwnerRef, ...]
    status: Status
    status_reason: str | None
    review_date: date | None
    due: date | None
    original_due: date | None
    slip_count: int
    ongoing: bool
    recurring: bool
    timescale_raw: str | None
    budget: str | None
    last_activity_at: datetime
    rag: RagRating
    # The recommendation as the committee tracks it: lists show it once above its actions.
    recommendation_id: int | None = None
    recommendation_handle: str = ""
    assessment: Assessment | None = None
    signed_off_on: date | None = None

    @cached_property
    def owner_names(self) -> tuple[str, ...]:
        # A list reads these for the entry, its grouping and the fallback text: built once.
        return tuple(o.name for o in self.owners)

    @property
    def title(self) -> str:
        return self.text or self.recommendation

    def is_overdue(self, today: date) -> bool:
        from store.status import CAN_BE_OVERDUE

        return self.due is not None and self.due < today and self.status in CAN_BE_OVERDUE


@dataclass(frozen=True)
class UpdateSummary:
    at: datetime
    author: str
    author_slack_id: str | None
    note: str
    status_from: Status | None
    status_to: Status | None
    due_from: date | None
    due_to: date | None
    reason: str | None
    source: str


def summarise(action: Action, *, today: date, now: datetime) -> ActionSummary:
    return ActionSummary(
        id=action.id,
        handle=action.handle,
        plan_id=action.plan_id,
        plan_code=action.plan.code,
        plan_title=action.plan.title,
        ref=action.recommendation.ref,
        text=action.text,
        recommendation=action.recommendation.text,
        response=action.recommendation.response,
        response_reason=action.recommendation.response_reason,
        owners=tuple(
            OwnerRef(
                id=o.id,
                name=o.name,
                is_team=o.is_team,
                slack_user_id=getattr(o, "slack_user_id", None),
            )
            for o in action.owners
        ),
        status=action.status,
        status_reason=action.status_reason,
        review_date=action.review_date,
        due=action.due_date,
        original_due=action.original_due_date,
        slip_count=action.slip_count,
        ongoing=action.ongoing,
        recurring=action.recurring,
        timescale_raw=action.timescale_raw,
        budget=action.budget_text,
        last_activity_at=action.last_activity_at,
        rag=rag_rating(
            status=action.status,
            due=action.due_date,
            slip_count=action.slip_count,
            last_activity=action.last_activity_at,
            review_date=action.review_date,
            today=today,
            now=now,
        ),
        recommendation_id=action.recommendation_id,
        recommendation_handle=recommendation_handle(action.plan.code, action.recommendation.ref, action.recommendation.position),
        assessment=action.recommendation.assessment,
        signed_off_on=action.recommendation.signed_off_on,
    )


def summarise_update(update: Update) -> UpdateSummary:
    return UpdateSummary(
        at=update.created_at,
        author=update.author_name,
        author_slack_id=update.author_slack_id,
        note=update.note,
        status_from=update.status_from,
        status_to=update.status_to,
        due_from=update.due_from,
        due_to=update.due_to,
        reason=update.reason,
        source=update.source,
    )
