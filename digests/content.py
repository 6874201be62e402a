"""What a digest says: a pure function of (subscription, store, as-of time) to a Digest.

It leads with what changed since the previous digest (newly overdue, dates moved, closed, first
updates), then overdue, due soon, updated this week, stale, and done this week. Nothing here talks
to Slack; handlers/blocks/digest.py turns a Digest into Block Kit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from digests.reads import DigestReads
from store.digest_reading import ScopeRow, display_summaries, scope_rows
from store.models import DigestSubscription
from store.owners import OwnerDirectoryCache
from store import action_counts
from store.queries import (
    ActionFilter,
    Order,
    counts_by_status,
    find_actions,
    UpdateRow,
)
from store.query_language import build_filter, parse_action_query
from store.reports import Awaiting
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
    owner_cache: OwnerDirectoryCache | None = None,
    reads: DigestReads | None = None,
) -> Digest:
    """The digest for `subscription` as of `as_of`; `previous` is when the last one was as of.

    A delivery pass passes one `owner_cache` and one `reads` (digests.reads.PassReads) to all its
    digests: owner subscriptions then read the workspace's owner directory once a pass, not once
    each, and every digest takes its share of the workspace's week of updates read once."""
    reads = reads or DigestReads()
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

    standing = _standing(session, ws, base, today=today, as_of=as_of, since_day=since_day)
    # One read of the updates since the last digest (or a week, whichever is longer) serves
    # "updated this week", "done this week", "moved later" and "closed": their rows only, then the
    # few actions the digest names, loaded once.
    span = (min(since, as_of - WEEK), as_of)
    window = reads.window(session, ws, base, *span, standing.scope)
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
    earlier = reads.updated_before(session, ws, candidates, since, span)
    first_all = sorted(i for i in candidates if i not in earlier)
    first_ids, firsts_total = first_all[:CHANGES_NAMED], len(first_all)
    named = dict(standing.loaded)
    named.update(display_summaries(session, ws, [i for i in (
        *standing.overdue, *standing.due_soon, *standing.stale, *standing.newly_overdue,
        *(u.action_id for u in updated_rows), *done_ids, *(u.action_id for u in moved[:CHANGES_NAMED]),
        *closed_ids[:CHANGES_NAMED], *first_ids,
    ) if i not in named], today=today, now=as_of))
    overdue, due_soon, stale, newly_overdue = ([named[i] for i in ids] for ids in (
        standing.overdue, standing.due_soon, standing.stale, standing.newly_overdue))
    updated = [named[u.action_id] for u in updated_rows]
    done = [named[i] for i in done_ids]
    closed = [named[i] for i in closed_ids[:CHANGES_NAMED]]
    firsts = [named[i] for i in first_ids]
    notes = reads.notes(session, ws, [u.id for u in updated_rows], span)

    everyone = list(named.values())
    mentions = reads.mentions(session, ws, sorted({o.id for a in everyone for o in a.owners}))

    def items(actions: list[ActionSummary]) -> list[DigestItem]:
        return [DigestItem(a, [u for o in a.owners for u in mentions.get(o.id, [])]) for a in actions]

    updated_items = items(updated)
    for item, row in zip(updated_items, updated_rows, strict=True):
        item.note, item.note_by = notes[row.id]
    slipped = items([named[u.action_id] for u in moved[:CHANGES_NAMED]])
    for item, row in zip(slipped, moved, strict=False):
        item.moved_from, item.moved_to = row.due_from, row.due_to
    changes = Changes(newly_overdue=items(newly_overdue), slipped=slipped, closed=items(closed), first_updates=items(firsts),
                      totals={"newly_overdue": len(newly_overdue), "slipped": len(moved), "closed": len(closed_ids),
                              "first_updates": firsts_total})
    by_status = standing.by_status
    in_progress = sum(n for s, n in by_status.items() if s in (Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.BLOCKED, Status.AWAITING_SIGNOFF))
    sections = [
        DigestSection("overdue", "Overdue", items(overdue), standing.overdue_total, f"/overdue{suffix}"),
        DigestSection("due_soon", f"Due in the next {DUE_SOON} days", items(due_soon), standing.due_soon_total, f"/actions due:next-{DUE_SOON}-days{suffix}"),
        DigestSection("updated", "Updated this week", updated_items, len(latest), f"/actions updated:<7d{suffix}"),
        DigestSection("stale", f"No update for {QUIET_DAYS} days", items(stale), standing.stale_total, f"/actions updated:>{QUIET_DAYS}d status:open{suffix}"),
        DigestSection("done", "Done this week", items(done), len({u.action_id for u in done_week}), f"/actions status:done{suffix}"),
    ]
    awaiting: list[Awaiting] = []
    if base.owner_ids is None and not base.not_owner_ids and base.has_owner is None:
        awaiting = reads.awaiting(session, ws, today, base.plan_ids)
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
        overdue=standing.overdue_total,
        changes=changes,
        sections=sections,
        updates_this_week=len(week),
    )


# A digest of at most this many actions reads their status, dates and activity in one statement
# and sorts them itself, rather than asking four counts and four pages of the database.
SMALL_SCOPE = 2000
# What the sections set on the subscription's filter: if the subscription's own filter already sets
# one of these, a section replaces it, and only the database's reading is sure to agree.
_SECTION_FIELDS = frozenset({"statuses", "overdue_on", "due_from", "due_to", "due_before", "not_updated_since"})


@dataclass
class Standing:
    """Where the subscription's actions stand: ids shown per section (in section order), totals,
    and counts by status; `loaded` holds actions already read as a reply shows them."""

    overdue: list[int]
    overdue_total: int
    due_soon: list[int]
    due_soon_total: int
    stale: list[int]
    stale_total: int
    newly_overdue: list[int]
    by_status: dict[Status, int]
    loaded: dict[int, ActionSummary] = field(default_factory=dict)
    # The ids of every action in scope, when it is small enough to have read them all.
    scope: list[int] | None = None


def _standing(session: Session, ws: str, base: ActionFilter, *, today: date, as_of: datetime, since_day: date) -> Standing:
    soon = today + timedelta(days=DUE_SOON)
    quiet_since = as_of - timedelta(days=QUIET_DAYS)
    small = None
    if not (set(base.model_dump(exclude_defaults=True)) & _SECTION_FIELDS) and not action_counts.answerable(base):
        small = scope_rows(session, ws, base, limit=SMALL_SCOPE)
    if small is not None:
        # The same rules as the filters below (store.queries), on rows in hand; a missing date
        # matches no date bound, as NULL does in SQL.
        def dated(rule: Callable[[ScopeRow, date], bool]) -> list[ScopeRow]:
            return sorted((r for r in small if r.due_date is not None and rule(r, r.due_date)), key=lambda r: (r.due_date, r.id))

        overdue = dated(lambda r, due: due < today and r.status in CAN_BE_OVERDUE)
        due_soon = dated(lambda r, due: today <= due <= soon and r.status in OPEN_STATUSES)
        stale = sorted((r for r in small if r.last_activity_at < quiet_since and r.status in OPEN_STATUSES),
                       key=lambda r: (r.last_activity_at, r.id))
        newly = dated(lambda r, due: since_day <= due < today and r.status in CAN_BE_OVERDUE)
        return Standing(
            [r.id for r in overdue[:SHOWN]], len(overdue), [r.id for r in due_soon[:SHOWN]], len(due_soon),
            [r.id for r in stale[:SHOWN]], len(stale), [r.id for r in newly[: SHOWN * 4]],
            dict(Counter(r.status for r in small)), scope=[r.id for r in small],
        )
    loaded: dict[int, ActionSummary] = {}

    def page(flt: ActionFilter, limit: int = SHOWN) -> tuple[list[int], int]:
        result = find_actions(session, ws, flt, limit=limit)
        loaded.update((a.id, summarise(a, today=today, now=as_of)) for a in result.actions)
        return [a.id for a in result.actions], result.total

    open_statuses = sorted(OPEN_STATUSES, key=lambda s: s.value)
    overdue_ids, overdue_total = page(base.model_copy(update={"overdue_on": today}))
    due_soon_ids, due_soon_total = page(base.model_copy(update={"due_from": today, "due_to": soon, "statuses": open_statuses}))
    stale_ids, stale_total = page(base.model_copy(update={"not_updated_since": quiet_since, "statuses": open_statuses, "order": Order.STALEST}))
    newly_ids, _ = page(base.model_copy(update={"due_from": since_day, "due_before": today,
                                                 "statuses": sorted(CAN_BE_OVERDUE, key=lambda s: s.value)}), SHOWN * 4)
    return Standing(overdue_ids, overdue_total, due_soon_ids, due_soon_total, stale_ids, stale_total, newly_ids,
                    counts_by_status(session, ws, base), loaded)
