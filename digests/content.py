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
from store.models import Action, DigestSubscription
from store.owners import OwnerDirectoryCache
from store.queries import (
    ActionFilter,
    Order,
    actions_for_display,
    counts_by_status,
    find_actions,
    UpdateRow,
    update_notes,
    update_rows_between,
    updated_before,
)
from store.query_language import build_filter, parse_action_query
from store.status import CAN_BE_OVERDUE, CLOSED_STATUSES, OPEN_STATUSES, QUIET_DAYS, Status
from store.summaries import ActionSummary, summarise

SHOWN = 5  # items per section; the rest are "and N more" with the command that lists them
# Changes a digest names one by one (handlers/blocks/digest.py names up to ten); the rest are counted.
CHANGES_NAMED = 10
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
    """What changed since the last digest. Each list holds the first CHANGES_NAMED (what a digest
    names); `totals` says how many there are in all, so a workspace of a million actions does not
    summarise every one it closed this week."""

    newly_overdue: list[DigestItem] = field(default_factory=list)
    slipped: list[DigestItem] = field(default_factory=list)
    closed: list[DigestItem] = field(default_factory=list)
    first_updates: list[DigestItem] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def total(self, key: str) -> int:
        """How many `key` ("closed", "slipped"…) there are, named or not."""
        named: list[DigestItem] = getattr(self, key)
        return self.totals.get(key, len(named))

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
    owner_cache: OwnerDirectoryCache | None = None,
) -> Digest:
    """The digest for `subscription` as of `as_of`; `previous` is when the last one was as of.

    A delivery pass passes one `owner_cache` to all its digests: owner subscriptions then read the
    workspace's owner directory once a pass, not once each."""
    zone = ZoneInfo(subscription.timezone)
    today = as_of.astimezone(zone).date()
    since = previous or as_of - WEEK
    since_day = since.astimezone(zone).date()
    ws = subscription.workspace_id
    query = parse_action_query(subscription.query, today=today)
    resolved = build_filter(session, ws, query, today=today, now=as_of, cache=owner_cache)
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
    # "updated this week", "done this week", "moved later" and "closed": their rows only, then the
    # few actions the digest names, loaded once.
    window = update_rows_between(session, ws, base, min(since, as_of - WEEK), as_of)
    week = [u for u in window if u.created_at > as_of - WEEK]
    since_last = [u for u in window if u.created_at > since]
    latest: dict[int, UpdateRow] = {}
    for u in week:
        latest[u.action_id] = u  # keeps the action's place from its first update, the latest row
    updated_rows = list(latest.values())[-SHOWN:][::-1]
    done_week = [u for u in week if u.status_to in CLOSED_STATUSES]
    done_ids = [u.action_id for u in done_week[-SHOWN:]][::-1]
    moved = [u for u in since_last if u.due_to and u.due_from and u.due_to > u.due_from]
    closed_ids = list(dict.fromkeys(u.action_id for u in since_last if u.status_to in CLOSED_STATUSES))
    # First updates: actions updated since the last digest that no person had updated before it.
    candidates = list(dict.fromkeys(u.action_id for u in since_last))
    earlier = updated_before(session, ws, candidates, since)
    first_all = sorted(i for i in candidates if i not in earlier)
    first_ids, firsts_total = first_all[:CHANGES_NAMED], len(first_all)
    named = actions_for_display(session, ws, [
        *(u.action_id for u in updated_rows), *done_ids, *(u.action_id for u in moved[:CHANGES_NAMED]),
        *closed_ids[:CHANGES_NAMED], *first_ids,
    ])
    updated = [named[u.action_id] for u in updated_rows]
    done = [named[i] for i in done_ids]
    closed = [named[i] for i in closed_ids[:CHANGES_NAMED]]
    firsts = [named[i] for i in first_ids]
    notes = update_notes(session, ws, [u.id for u in updated_rows])

    everyone = [*overdue, *due_soon, *stale, *newly_overdue, *named.values()]
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
    for item, row in zip(updated_items, updated_rows, strict=True):
        item.note, item.note_by = notes[row.id]
    slipped = items([named[u.action_id] for u in moved[:CHANGES_NAMED]])
    for item, row in zip(slipped, moved, strict=False):
        item.moved_from, item.moved_to = row.due_from, row.due_to
    changes = Changes(newly_overdue=items(newly_overdue), slipped=slipped, closed=items(closed), first_updates=items(firsts),
                      totals={"newly_overdue": len(newly_overdue), "slipped": len(moved), "closed": len(closed_ids),
                              "first_updates": firsts_total})
    by_status = counts_by_status(session, ws, base)
    in_progress = sum(n for s, n in by_status.items() if s in (Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.BLOCKED, Status.AWAITING_SIGNOFF))
    sections = [
        DigestSection("overdue", "Overdue", items(overdue), overdue_total, f"/overdue{suffix}"),
        DigestSection("due_soon", f"Due in the next {DUE_SOON} days", items(due_soon), due_soon_total, f"/actions due:next-{DUE_SOON}-days{suffix}"),
        DigestSection("updated", "Updated this week", updated_items, len(latest), f"/actions updated:<7d{suffix}"),
        DigestSection("stale", f"No update for {QUIET_DAYS} days", items(stale), stale_total, f"/actions updated:>{QUIET_DAYS}d status:open{suffix}"),
        DigestSection("done", "Done this week", items(done), len({u.action_id for u in done_week}), f"/actions status:done{suffix}"),
    ]
    return Digest(
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
