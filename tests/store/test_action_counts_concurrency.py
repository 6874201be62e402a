"""The maintained counts under real concurrent writers: separate connections in threads.

Transactions that move actions between the same (status, due date) keys in opposite orders, owners'
updates through the update service and an import run at once. Every one of them must succeed (no
deadlock, no serialization failure, no "database is locked"), every update must be saved exactly
once, and the counts must equal a fresh count afterwards, before and after the deltas are folded.
Threads and waits are bounded, so a hang fails the test instead of stalling the run.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from store import action_counts
from store.handles import find_action
from store.importer import import_plan
from store.models import ActionCountDelta, Update
from store.permissions import Person
from store.status import Status
from store.updates import UpdateRequest, record_update, save_update
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec, parsed_plan
from tests.store.test_action_counts import fresh, maintained

DAY = timedelta(days=1)
# Two keys every swap moves actions between, and one private key per swapping thread.
X = UpdateRequest(status=Status.IN_PROGRESS, new_due=TODAY + 20 * DAY, note="Back on track.")
Y = UpdateRequest(status=Status.BLOCKED, new_due=TODAY + 40 * DAY, note="Waiting on the budget.")
PRIVATE = [UpdateRequest(status=Status.PARTIALLY_DONE, new_due=TODAY + (60 + n) * DAY, note="Part done.") for n in range(2)]
ROUNDS = 4
WAIT_SECONDS = 60


def run_threads(work: list[Callable[[], None]]) -> list[BaseException]:
    """Run each callable in its own thread at once; return what any of them raised."""
    errors: list[BaseException] = []

    def guarded(fn: Callable[[], None]) -> None:
        try:
            fn()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(fn,), daemon=True) for fn in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a writer was still waiting after a minute"
    return errors


@pytest.fixture
def swaps(db, add_plan):  # type: ignore[no-untyped-def]
    """A plan of 4 actions per round and swapping thread, half at key X and half at key Y."""
    specs = [ActionSpec(str(n + 1), f"Action {n + 1}.", ["Linda Mann"], due=TODAY + (20 if n % 2 == 0 else 40) * DAY,
                        status="in_progress" if n % 2 == 0 else "blocked") for n in range(ROUNDS * 4)]
    add_plan("Swaps", specs, code="SW")
    with db.session() as session:
        owner_id = find_action(session, WORKSPACE, "SW-1").owner_links[0].owner_id
    return Person("U0LINDA", "Linda Mann", owner_ids=frozenset({owner_id}))


def move(session, handle: str, request: UpdateRequest, key: str) -> None:  # type: ignore[no-untyped-def]
    record_update(session, find_action(session, WORKSPACE, handle), request, author_name="Linda Mann",
                  author_slack_id="U0LINDA", now=NOW, today=TODAY, source="slack", idempotency_key=key)
    session.flush()


def swapper(db, barrier: threading.Barrier, thread: int, round_: int) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """One transaction: first a move off one shared key (X for thread 0, Y for thread 1) to a key of
    its own; then, once both threads are there, a move off the other shared key. Kept as row locks
    on the counts until commit, these are the opposite orders that deadlocked."""
    base = round_ * 4 + thread * 2 + 1  # thread 0 owns odd-numbered pairs at X then Y, thread 1 the reverse
    first, second = (f"SW-{base}", f"SW-{base + 1}") if thread == 0 else (f"SW-{base + 1}", f"SW-{base}")
    first_to, second_to = PRIVATE[thread], (X if thread == 0 else Y)  # each moves onto the key the other left

    def work() -> None:
        with db.session_factory.begin() as session:
            move(session, first, first_to, f"swap-{round_}-{thread}-a")
            barrier.wait(WAIT_SECONDS)
            move(session, second, second_to, f"swap-{round_}-{thread}-b")

    return work


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_moves_between_the_same_keys_in_opposite_orders_both_commit(db, swaps, round_: int) -> None:  # type: ignore[no-untyped-def]
    if db.backend == "sqlite":
        pytest.skip("SQLite has one writer at a time: the second transaction waits for the first to commit")
    barrier = threading.Barrier(2)
    assert run_threads([swapper(db, barrier, thread, round_) for thread in range(2)]) == []
    with db.session() as session:
        saved = session.scalar(select(func.count()).select_from(Update).where(Update.idempotency_key.like(f"swap-{round_}-%")))
        assert saved == 4
        assert maintained(session) == fresh(session)


def test_updates_swaps_and_an_import_at_once_lose_nothing_and_count_right(db, swaps) -> None:  # type: ignore[no-untyped-def]
    owner = swaps
    handles = [f"SW-{n + 1}" for n in range(ROUNDS * 4)]
    keys: list[str] = []

    def updater(seed: int) -> Callable[[], None]:
        rnd = random.Random(seed)
        plan = [(rnd.choice(handles), rnd.choice([X, Y, *PRIVATE]), f"upd-{seed}-{n}") for n in range(8)]
        keys.extend(key for _, _, key in plan)

        def work() -> None:
            for handle, request, key in plan:
                save_update(db.session_factory, WORKSPACE, owner, handle, request, now=NOW, today=TODAY,
                            source="slack", two_stage_close=False, idempotency_key=key)
                # The same submission again (a double click) must change nothing.
                saved = save_update(db.session_factory, WORKSPACE, owner, handle, request, now=NOW, today=TODAY,
                                    source="slack", two_stage_close=False, idempotency_key=key)
                assert not saved.created
        return work

    def importer() -> None:
        specs = [ActionSpec(str(n + 1), f"Imported {n + 1}.", ["Ken Scott"], due=TODAY + (20 if n % 2 else 40) * DAY,
                            status="in_progress" if n % 2 else "blocked") for n in range(40)]
        with db.session_factory.begin() as session:
            import_plan(session, WORKSPACE, parsed_plan("Imported at once", specs), now=NOW, code="IM")

    def folder() -> None:
        for _ in range(10):
            with db.session_factory.begin() as session:
                action_counts.fold(session.connection())

    barriers = [threading.Barrier(2) for _ in range(2)]
    work = [updater(seed) for seed in range(3)] + [importer, folder]
    work += [swapper(db, barriers[r], thread, r) for r in range(2) for thread in range(2)] if db.backend == "postgresql" else []
    assert run_threads(work) == []

    with db.session() as session:
        stored = session.scalars(select(Update.idempotency_key).where(Update.idempotency_key.like("upd-%"))).all()
        assert sorted(stored) == sorted(set(keys))  # each update saved once, none lost
        assert maintained(session) == fresh(session)
    with db.session_factory.begin() as session:
        assert action_counts.fold(session.connection())
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ActionCountDelta)) == 0
        assert maintained(session) == fresh(session)


def test_a_clock_tick_folds_the_deltas_and_the_counts_read_the_same(db, swaps) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from bot.clock import Clock
    from handlers.slack_poster import SlackPoster, plain_client
    from tests.fakes.slack_web_api import FakeSlackWebAPI

    with db.session_factory.begin() as session:
        move(session, "SW-1", Y, "before-the-tick")
    with db.session() as session:
        before = maintained(session)
    with FakeSlackWebAPI() as slack:
        client = plain_client(slack.base_url, "xoxb-test-token", timeout=0.5)
        Clock(db.session_factory, SlackPoster(lambda _ws: client), ZoneInfo("Europe/London"), per_minute=None).tick(NOW)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ActionCountDelta)) == 0
        assert maintained(session) == before == fresh(session)
