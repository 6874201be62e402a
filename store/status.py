"""Action statuses, executive responses and the RAG rule: the vocabulary every part of the bot shares."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


class Status(str, enum.Enum):
    """Where an action stands. Stored as its value."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PARTIALLY_DONE = "partially_done"
    BLOCKED = "blocked"
    PAUSED = "paused"
    AWAITING_SIGNOFF = "awaiting_signoff"
    DONE = "done"
    NO_LONGER_FEASIBLE = "no_longer_feasible"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES

    @property
    def needs_reason_and_review(self) -> bool:
        # Councils only accept "paused" or "no longer feasible" with a reason and a date to look again.
        return self in (Status.PAUSED, Status.NO_LONGER_FEASIBLE)


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "not started",
    Status.IN_PROGRESS: "in progress",
    Status.PARTIALLY_DONE: "partially done",
    Status.BLOCKED: "blocked",
    Status.PAUSED: "paused",
    Status.AWAITING_SIGNOFF: "awaiting sign-off",
    Status.DONE: "done",
    Status.NO_LONGER_FEASIBLE: "no longer feasible",
}

CLOSED_STATUSES = frozenset({Status.DONE, Status.NO_LONGER_FEASIBLE})
# Paused work has a review date instead of a deadline, and work awaiting sign-off is finished by its
# owner, so neither counts as overdue; every other open status can be.
CAN_BE_OVERDUE = frozenset(
    {Status.NOT_STARTED, Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.BLOCKED}
)
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)

_STATUS_WORDS: dict[str, Status] = {
    "not started": Status.NOT_STARTED,
    "notstarted": Status.NOT_STARTED,
    "todo": Status.NOT_STARTED,
    "new": Status.NOT_STARTED,
    "in progress": Status.IN_PROGRESS,
    "inprogress": Status.IN_PROGRESS,
    "progress": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS,
    "underway": Status.IN_PROGRESS,
    "partially done": Status.PARTIALLY_DONE,
    "partial": Status.PARTIALLY_DONE,
    "partly done": Status.PARTIALLY_DONE,
    "partially achieved": Status.PARTIALLY_DONE,
    "blocked": Status.BLOCKED,
    "stuck": Status.BLOCKED,
    "paused": Status.PAUSED,
    "on hold": Status.PAUSED,
    "hold": Status.PAUSED,
    "awaiting sign-off": Status.AWAITING_SIGNOFF,
    "awaiting signoff": Status.AWAITING_SIGNOFF,
    "awaiting sign off": Status.AWAITING_SIGNOFF,
    "signoff": Status.AWAITING_SIGNOFF,
    "done": Status.DONE,
    "complete": Status.DONE,
    "completed": Status.DONE,
    "closed": Status.DONE,
    "finished": Status.DONE,
    "no longer feasible": Status.NO_LONGER_FEASIBLE,
    "not feasible": Status.NO_LONGER_FEASIBLE,
    "infeasible": Status.NO_LONGER_FEASIBLE,
    "dropped": Status.NO_LONGER_FEASIBLE,
}


def parse_status(text: str) -> Status | None:
    """Read a status as people type it ("in progress", "in-progress", "done", "on hold")."""
    key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if not key:
        return None
    for candidate in (key, key.replace(" ", "")):
        if candidate in _STATUS_WORDS:
            return _STATUS_WORDS[candidate]
    for status in Status:
        if key == status.value.replace("_", " "):
            return status
    return None


class Response(str, enum.Enum):
    """The executive's response to a scrutiny recommendation."""

    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def parse_response(text: str) -> Response | None:
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if not key:
        return None
    if key in ("noted", "note", "noted only"):
        return Response.NOTED
    if "in part" in key or key.startswith(("partially accept", "partly accept")):
        return Response.ACCEPTED_IN_PART
    if "in principle" in key:
        return Response.ACCEPTED_IN_PRINCIPLE
    if key.startswith(("reject", "not accept", "declin")) or key == "no":
        return Response.REJECTED
    if key.startswith(("accept", "agree", "approved")) or key == "yes":
        return Response.ACCEPTED
    return None


class Assessment(str, enum.Enum):
    """How a committee judges a recommendation's progress, in its own terms. An officer records it;
    the roll-up from the recommendation's actions only proposes one."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    SLIPPED = "slipped"
    NOT_ACHIEVED = "not_achieved"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def parse_assessment(text: str) -> Assessment | None:
    """Read an assessment as officers type it ("on track", "on-track", "not achieved", "met")."""
    key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if not key:
        return None
    for assessment in Assessment:
        if key == assessment.label or key == assessment.value.replace("_", ""):
            return assessment
    words = {
        "met": Assessment.ACHIEVED, "complete": Assessment.ACHIEVED, "completed": Assessment.ACHIEVED,
        "implemented": Assessment.ACHIEVED, "ontrack": Assessment.ON_TRACK, "in progress": Assessment.ON_TRACK,
        "delayed": Assessment.SLIPPED, "late": Assessment.SLIPPED, "not met": Assessment.NOT_ACHIEVED,
        "unachieved": Assessment.NOT_ACHIEVED, "replaced": Assessment.SUPERSEDED,
    }
    return words.get(key)


class Rag(str, enum.Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"


@dataclass(frozen=True)
class RagRating:
    colour: Rag
    reasons: list[str] = field(default_factory=list)

    def explain(self) -> str:
        return "; ".join(self.reasons) if self.reasons else self.colour.value


# The one RAG rule, so every screen and digest agrees. Documented in the README ("How RAG is rated").
DUE_SOON_DAYS = 14
QUIET_DAYS = 30


def rag_rating(
    *,
    status: Status,
    due: date | None,
    slip_count: int,
    last_activity: datetime | None,
    review_date: date | None,
    today: date,
    now: datetime,
) -> RagRating:
    """Rate one action red, amber, green or complete, with the reasons a reader can act on.

    Red: overdue, slipped two or more times, blocked, or paused past its review date.
    Amber: due within 14 days with no update in 30 days, slipped once, or paused.
    Green: anything else still open. Complete: done or no longer feasible.
    """
    if status.is_closed:
        return RagRating(Rag.COMPLETE, [status.label])
    red: list[str] = []
    amber: list[str] = []
    if due is not None and due < today and status in CAN_BE_OVERDUE:
        red.append(f"overdue by {days_phrase((today - due).days)}")
    if slip_count >= 2:
        red.append(f"deadline moved {slip_count} times")
    if status is Status.BLOCKED:
        red.append("blocked")
    if status is Status.PAUSED:
        if review_date is not None and review_date < today:
            red.append(f"paused and its review date {review_date.isoformat()} has passed")
        else:
            amber.append("paused")
    quiet = last_activity is None or now - last_activity > timedelta(days=QUIET_DAYS)
    if due is not None and today <= due <= today + timedelta(days=DUE_SOON_DAYS) and quiet:
        amber.append(f"due in {days_phrase((due - today).days)} with no update for {QUIET_DAYS} days")
    if slip_count == 1:
        amber.append("deadline moved once")
    if red:
        return RagRating(Rag.RED, red)
    if amber:
        return RagRating(Rag.AMBER, amber)
    return RagRating(Rag.GREEN, [])


def days_phrase(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"
