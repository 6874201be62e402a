"""What a digest reads beyond where its own actions stand: the updates in its window, which of them
are first updates, their notes, whom to @-mention and the reports awaiting a response.

`DigestReads` asks the database for one digest's share, as a preview or a "send now" needs.
`PassReads` serves a delivery pass: each workspace's updates of the window, the earlier updates of
the actions in it, its confirmed owner links and its received reports' unanswered recommendations
are read once, and every digest of the pass takes its share in memory — a plan's digest the
updates of the plan's actions (the ids its scope read gave), the whole workspace's all of them. A digest whose scope is large and filtered (`status:open`
over a big workspace) has no ids in hand and asks the database for its window, as alone.

Both give the same answers (tests/digests/test_pass_reads.py builds every kind of subscription
both ways over generated workspaces). Every key starts with the workspace, so no digest ever sees
another workspace's rows; a PassReads lives for one pass and is then dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from store.digest_reading import WindowUpdate, confirmed_links, window_updates
from store.links import linked_users
from store.queries import ActionFilter, UpdateRow, update_notes, update_rows_between, updated_before
from store.reports import Awaiting, awaiting_of, received_unanswered

T = TypeVar("T")


def unfiltered(flt: ActionFilter) -> bool:
    """The whole workspace: a filter that sets nothing."""
    return not flt.model_dump(exclude_defaults=True)


class DigestReads:
    """One digest's reads, each asked of the database."""

    def window(self, session: Session, ws: str, base: ActionFilter, start: datetime, end: datetime,
               scope: list[int] | None) -> list[UpdateRow]:
        """Updates people posted in (start, end] on the actions `base` selects (whose ids are
        `scope`, when the digest read them), oldest first."""
        return update_rows_between(session, ws, base, start, end)

    def updated_before(self, session: Session, ws: str, ids: list[int], moment: datetime, window: tuple[datetime, datetime]) -> set[int]:
        """Which of these actions (updated in `window`) had an update from a person at or before `moment`."""
        return updated_before(session, ws, ids, moment)

    def notes(self, session: Session, ws: str, ids: list[int], window: tuple[datetime, datetime]) -> dict[int, tuple[str, str]]:
        """(note, author) of these updates in `window`, by id."""
        return update_notes(session, ws, ids)

    def mentions(self, session: Session, ws: str, owner_ids: list[int]) -> dict[int, list[str]]:
        """Slack ids to @-mention, per owner."""
        return linked_users(session, ws, owner_ids)

    def awaiting(self, session: Session, ws: str, today: date, plan_ids: list[int] | None) -> list[Awaiting]:
        """Received reports of these plans (all, for None) waiting for a response, overdue first."""
        overdue, awaiting = awaiting_of(received_unanswered(session, ws, plan_ids), today)
        return [*overdue, *awaiting]


class _Window:
    """A workspace's updates in one window, and each action's in it."""

    def __init__(self, rows: list[WindowUpdate]) -> None:
        self.rows = rows
        self.by_action: dict[int, list[WindowUpdate]] = {}
        for row in rows:
            self.by_action.setdefault(row.action_id, []).append(row)
        self.by_id = {row.id: row for row in rows}


def _as_row(u: WindowUpdate) -> UpdateRow:
    return UpdateRow(u.id, u.created_at, u.action_id, u.status_to, u.due_from, u.due_to)


class PassReads(DigestReads):
    """One pass's reads: each workspace's window, its earlier updates and links, read once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[tuple[object, ...], threading.Lock] = {}
        self._read: dict[tuple[object, ...], object] = {}

    def _once(self, key: tuple[object, ...], read: Callable[[], T]) -> T:
        # One builder reads; the others of the pass wait for it rather than read it again.
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._read:
                self._read[key] = read()
            return self._read[key]  # type: ignore[return-value]

    def _window(self, session: Session, ws: str, start: datetime, end: datetime) -> _Window:
        return self._once(("window", ws, start, end), lambda: _Window(window_updates(session, ws, start, end)))

    def window(self, session: Session, ws: str, base: ActionFilter, start: datetime, end: datetime,
               scope: list[int] | None) -> list[UpdateRow]:
        if scope is None and not unfiltered(base):
            return super().window(session, ws, base, start, end, scope)
        window = self._window(session, ws, start, end)
        if scope is None:
            return [_as_row(u) for u in window.rows]
        mine = [u for i in scope for u in window.by_action.get(i, ())]
        return [_as_row(u) for u in sorted(mine, key=lambda u: (u.created_at, u.id))]

    def updated_before(self, session: Session, ws: str, ids: list[int], moment: datetime, window: tuple[datetime, datetime]) -> set[int]:
        start, end = window
        if moment < start:  # the window's actions are not those updated since `moment`: ask
            return super().updated_before(session, ws, ids, moment, window)

        def earlier() -> set[int]:
            since = [i for i, rows in self._window(session, ws, start, end).by_action.items() if rows[-1].created_at > moment]
            return updated_before(session, ws, since, moment)

        known = self._once(("earlier", ws, start, end, moment), earlier)
        return {i for i in ids if i in known}

    def notes(self, session: Session, ws: str, ids: list[int], window: tuple[datetime, datetime]) -> dict[int, tuple[str, str]]:
        by_id = self._window(session, ws, *window).by_id
        return {i: (by_id[i].note, by_id[i].author_name) for i in ids if i in by_id}

    def mentions(self, session: Session, ws: str, owner_ids: list[int]) -> dict[int, list[str]]:
        links = self._once(("links", ws), lambda: confirmed_links(session, ws))
        return {i: links[i] for i in owner_ids if i in links}

    def awaiting(self, session: Session, ws: str, today: date, plan_ids: list[int] | None) -> list[Awaiting]:
        unanswered = self._once(("unanswered", ws), lambda: received_unanswered(session, ws))
        if plan_ids is not None:
            plans = set(plan_ids)
            unanswered = [r for r in unanswered if r.plan_id in plans]
        overdue, awaiting = awaiting_of(unanswered, today)
        return [*overdue, *awaiting]
