"""What a digest says: a pure function of (subscription, store, as-of time) to a Digest.

It leads with what changed since the previous digest (newly overdue, dates moved, closed, first
updates), then overdue, due soon, updated this week, stale, and done this week. Nothing here talks
to Slack; handlers/blocks/digest.py turns a Digest into Block Kit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store.links import linked_users
from store.models import Action, DigestSubscription, Update
from store.queries import (
    ActionFilter,
    Order,
    counts_by_status,
    find_actions,
    first_updated_between,
    updates_between,
)
from store.query_language import build_filter, parse_action_query
from store.reports import Awaiting, awaiting_responses
from store.status import CAN_BE_OVERDUE, CLOSED_STATUSES, OPEN_STATUSES, QUIET_DAYS, Status
from store.summaries import ActionSummary, summarise

SHOWN = 5  # items per section; the rest are "and N more" with the command that lists them
WEEK = timedelta(days=7)
DUE_SOON = 14


@dataclass
class DigestItem:
    action: ActionSummary
    mentions: list[str] = field(default_factory=list)  # Slack ids of linked owners, for @-mentions
    note: str = ""
    note_by: str = ""
    moved_from: date | None = None
    moved_to: date | None = None


@dataclass
class DigestSection:
    key: str
    title: str
    items: list[DigestItem]
    total: int
    command: str  # what lists all of them

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.items))


@dataclass
class Changes:
    newly_overdue: list[DigestItem] = field(default_factory=list)
    slipped: list[DigestItem] = field(default_factory=list)
    closed: list[DigestItem] = field(default_factory=list)
    first_updates: list[DigestItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.newly_overdue or self.slipped or self.closed or self.first_updates)


@dataclass
class Digest:
    workspace_id: str
    subscription_id: int
    channel_id: str
    scope: str  # "all actions" or what the subscription's query describes
    query: str
    as_of: datetime
    since: datetime
    today: date
    total: int
    done: int
    in_progress: int
    overdue: int
    changes: Changes
    sections: list[DigestSection]
    updates_this_week: int
    # Reports whose recommendations still wait for the executive's response, overdue first
    # (whole-workspace and plan digests only: a response is the committee's business, not an owner's).
    awaiting_response: list[Awaiting] = field(default_factory=list)

    @property
    def awaiting_response_count(self) -> int:
        return sum(len(a.recommendations) for a in self.awaiting_response)

    @property
    def quiet(self) -> bool:
        """Nothing moved: no updates, nothing newly overdue or closed, no dates changed."""
        return self.changes.empty and self.updates_this_week == 0

    def section(self, key: str) -> DigestSection:
        return next(s for s in self.sections if s.key == key)


def build_digest(
    session: Session,
    subscription: DigestSubscription,
    *,
    as_of: datetime,
    previous: datetime | None,
) -> Digest:
    """The digest for `subscription` as of `as_of`; `previous` is when the last one was as of."""
    zone = ZoneInfo(subscription.timezone)
    today = as_of.astimezone(zone).date()
    since = previous or as_of - WEEK
    since_day = since.astimezone(zone).date()
    ws = subscription.workspace_id
    query = parse_action_query(subscription.query, today=today)
    resolved = build_filter(session, ws, query, today=today, now=as_of)
    base = resolved.filter
    scope = ", ".join([*resolved.status_words, *resolved.description]) or "all actions"
    suffix = f" {subscription.query}".rstrip() if subscription.query else ""

    def page(flt: ActionFilter) -> tuple[list[Action], int]:
        result = find_actions(session, ws, flt, limit=SHOWN)
        return result.actions, result.total

    open_statuses = sorted(OPEN_STATUSES, key=lambda s: s.value)
    overdue, overdue_total = page(base.model_copy(update={"overdue_on": today}))
    due_soon, due_soon_total = page(base.model_copy(update={"due_from": today, "due_to": today + timedelta(days=DUE_SOON), "statuses": open_statuses}))
    stale, stale_total = page(base.model_copy(update={"not_updated_since": as_of - timedelta(days=QUIET_DAYS), "statuses": open_statuses, "order": Order.STALEST}))
    newly_overdue = find_actions(
        session, ws,
        base.model_copy(update={"due_from": since_day, "due_before": today, "statuses": sorted(CAN_BE_OVERDUE, key=lambda s: s.value)}),
        limit=SHOWN * 4,
    ).actions
    # One read of the updates since the last digest (or a week, whichever is longer) serves
    # "updated this week", "done this week", "moved later" and "closed".
    window = updates_between(session, ws, base, min(since, as_of - WEEK), as_of)
    week = [(u, a) for u, a in window if u.created_at > as_of - WEEK]
    since_last = [(u, a) for u, a in window if u.created_at > since]
    latest: dict[int, tuple[Update, Action]] = {u_a[1].id: u_a for u_a in week}
    updated = [a for _, a in list(latest.values())[-SHOWN:]][::-1]
    done_week = [(u, a) for u, a in week if u.status_to in CLOSED_STATUSES]
    done = [a for _, a in done_week[-SHOWN:]][::-1]
    moved = [(u, a) for u, a in since_last if u.due_to and u.due_from and u.due_to > u.due_from]
    closed = list({a.id: a for u, a in since_last if u.status_to in CLOSED_STATUSES}.values())
    firsts = first_updated_between(session, ws, base, since, as_of)

    everyone = [*overdue, *due_soon, *stale, *newly_overdue, *updated, *done, *(a for _, a in moved), *closed, *firsts]
    mentions = linked_users(session, ws, sorted({o.id for a in everyone for o in a.owners}))
    summaries: dict[int, ActionSummary] = {}

    def items(actions: list[Action]) -> list[DigestItem]:
        out = []
        for a in actions:
            if a.id not in summaries:
                summaries[a.id] = summarise(a, today=today, now=as_of)
            out.append(DigestItem(summaries[a.id], [u for o in a.owners for u in mentions.get(o.id, [])]))
        return out

    updated_items = items(updated)
    for item in updated_items:
        update = latest[item.action.id][0]
        item.note, item.note_by = update.note, update.author_name
    slipped = items([a for _, a in moved])
    for item, (update, _) in zip(slipped, moved, strict=True):
        item.moved_from, item.moved_to = update.due_from, update.due_to
    changes = Changes(newly_overdue=items(newly_overdue), slipped=slipped, closed=items(closed), first_updates=items(firsts))
    by_status = counts_by_status(session, ws, base)
    in_progress = sum(n for s, n in by_status.items() if s in (Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.BLOCKED, Status.AWAITING_SIGNOFF))
    sections = [
        DigestSection("overdue", "Overdue", items(overdue), overdue_total, f"/overdue{suffix}"),
        DigestSection("due_soon", f"Due in the next {DUE_SOON} days", items(due_soon), due_soon_total, f"/actions due:next-{DUE_SOON}-days{suffix}"),
        DigestSection("updated", "Updated this week", updated_items, len(latest), f"/actions updated:<7d{suffix}"),
        DigestSection("stale", f"No update for {QUIET_DAYS} days", items(stale), stale_total, f"/actions updated:>{QUIET_DAYS}d status:open{suffix}"),
        DigestSection("done", "Done this week", items(done), len({a.id for _, a in done_week}), f"/actions status:done{suffix}"),
    ]
    awaiting: list[Awaiting] = []
    if base.owner_ids is None and not base.not_owner_ids and base.has_owner is None:
        watch = awaiting_responses(session, ws, today=today, plan_ids=base.plan_ids)
        awaiting = [*watch.overdue, *watch.awaiting]
    return Digest(
        awaiting_response=awaiting,
        workspace_id=ws,
        subscription_id=subscription.id,
        channel_id=subscription.channel_id,
        scope=scope,
        query=subscription.query,
        as_of=as_of,
        since=since,
        today=today,
        total=sum(by_status.values()),
        done=by_status.get(Status.DONE, 0),
        in_progress=in_progress,
        overdue=overdue_total,
        changes=changes,
        sections=sections,
        updates_this_week=len(week),
    )
