"""The maintained counts (action_counts) always equal a fresh count of the actions.

Random sequences of every write path — import and re-import, updates that change status or due
date, closes, undo of the last import, plan removal, a purged workspace, a rolled-back change —
in two workspaces; after each step the maintained counts must equal a count of `actions` made
from scratch, and the counting functions must give the same answers either way.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from store import action_counts
from store.errors import StoreError
from store.importer import import_plan
from store.models import UNDATED, Action, ActionCount, ActionCountDelta
from store.plan_history import remove_plan, undo_last_import
from store.queries import ActionFilter, counts_by_status, find_actions, headline_counts, status_counts
from store.status import CAN_BE_OVERDUE, OPEN_STATUSES, Status
from store.updates import UpdateRequest, record_update
from store.workspaces import ensure_workspace, purge_workspace
from tests.conftest import NOW, OTHER_WORKSPACE, TODAY, WORKSPACE, ActionSpec, parsed_plan

DAY = timedelta(days=1)
WORKSPACES = (WORKSPACE, OTHER_WORKSPACE)
TITLES = ("Equipment review", "Housing adaptations", "Library hours")
PEOPLE = ("Linda Mann", "Diane Brown", "Ken Scott", "Amara Okafor")
DOCUMENT_STATUSES = (None, "not_started", "in_progress", "done", "blocked", "partially_done")
SEEDS = range(24)
STEPS = 14


def maintained(session: Session) -> dict[tuple[str, str, object], int]:
    """The counts as readers see them: folded rows plus deltas not folded yet (PostgreSQL)."""
    totals: dict[tuple[str, str, object], int] = {}
    for model in (ActionCount, ActionCountDelta):
        for ws, status, due, n in session.execute(select(model.workspace_id, model.status, model.due_key, model.n)):
            totals[(ws, status, due)] = totals.get((ws, status, due), 0) + n
    return {key: n for key, n in totals.items() if n != 0}


def fresh(session: Session) -> dict[tuple[str, str, object], int]:
    due = func.coalesce(Action.due_date, UNDATED)
    rows = session.execute(
        select(Action.workspace_id, Action.status, due, func.count()).group_by(Action.workspace_id, Action.status, due)
    )
    return {(ws, status.value, d): n for ws, status, d, n in rows}


def random_plan(rnd: random.Random, title: str):  # type: ignore[no-untyped-def]
    specs = []
    for n in range(rnd.randint(1, 6)):
        due = TODAY + rnd.randint(-60, 60) * DAY if rnd.random() < 0.8 else None
        specs.append(ActionSpec(f"1.{n + 1}", f"Action {n + 1} of {title}.", rnd.sample(PEOPLE, rnd.randint(1, 2)),
                                due=due, status=rnd.choice(DOCUMENT_STATUSES), ongoing=due is None))
    return parsed_plan(title, specs)


def random_request(rnd: random.Random) -> UpdateRequest:
    choice = rnd.randrange(5)
    if choice == 0:
        return UpdateRequest(status=Status.DONE, note="Finished.")
    if choice == 1:
        return UpdateRequest(status=Status.BLOCKED, note="Waiting on the budget.")
    if choice == 2:
        return UpdateRequest(new_due=TODAY + rnd.randint(0, 90) * DAY, note="New date agreed.")
    if choice == 3:
        return UpdateRequest(status=Status.PAUSED, reason="Funding review.", review_date=TODAY + 30 * DAY)
    return UpdateRequest(status=rnd.choice([Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.NOT_STARTED]),
                         new_due=TODAY + rnd.randint(0, 90) * DAY if rnd.random() < 0.5 else None, note="Moving.")


def step(db, rnd: random.Random, number: int) -> None:  # type: ignore[no-untyped-def]
    workspace = rnd.choice(WORKSPACES)
    kind = rnd.choices(["import", "update", "undo", "remove", "purge", "rollback"], weights=[5, 6, 2, 1, 0.3, 1])[0]
    now = NOW + number * timedelta(minutes=5)
    try:
        with db.session_factory.begin() as session:
            ensure_workspace(session, workspace)
            actions = list(session.scalars(select(Action).where(Action.workspace_id == workspace).order_by(Action.id)))
            if kind == "import":
                import_plan(session, workspace, random_plan(rnd, rnd.choice(TITLES)), now=now)
            elif kind in ("update", "rollback") and actions:
                for action in rnd.sample(actions, min(len(actions), rnd.randint(1, 3))):
                    record_update(session, action, random_request(rnd), author_name="Linda Mann", author_slack_id="U1",
                                  now=now, today=TODAY, source="slack")
                if kind == "rollback":
                    session.flush()
                    raise _RolledBack
            elif kind == "undo":
                undo_last_import(session, workspace, now=now)
            elif kind == "remove" and actions:
                remove_plan(session, workspace, rnd.choice(actions).plan.code)
            elif kind == "purge":
                purge_workspace(session, workspace)
    except (StoreError, _RolledBack):
        pass  # refused or rolled back: nothing it did may show in the counts


class _RolledBack(Exception):
    pass


@pytest.mark.parametrize("seed", SEEDS)
def test_maintained_counts_equal_a_fresh_count_after_any_sequence_of_writes(db, seed: int) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    for number in range(STEPS):
        step(db, rnd, number)
        with db.session() as session:
            assert maintained(session) == fresh(session), f"seed {seed}, after step {number}"


@pytest.mark.parametrize("seed", range(6))
def test_counting_functions_answer_the_same_from_the_maintained_counts_as_from_the_actions(db, seed: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(1000 + seed)
    for number in range(STEPS):
        step(db, rnd, number)
    open_statuses = sorted(OPEN_STATUSES, key=lambda s: s.value)
    filters = [
        ActionFilter(),
        ActionFilter(overdue_on=TODAY),
        ActionFilter(statuses=open_statuses),
        ActionFilter(not_statuses=[Status.DONE]),
        ActionFilter(due_from=TODAY, due_to=TODAY + 14 * DAY, statuses=open_statuses),
        ActionFilter(due_from=TODAY - 10 * DAY, due_before=TODAY, statuses=sorted(CAN_BE_OVERDUE, key=lambda s: s.value)),
        ActionFilter(due_after=TODAY),
        ActionFilter(has_due_date=False),
        ActionFilter(has_due_date=True, statuses=[Status.BLOCKED]),
    ]

    def answers() -> list[object]:
        with db.session() as session:
            out: list[object] = []
            for workspace in WORKSPACES:
                for flt in filters:
                    out += [counts_by_status(session, workspace, flt), headline_counts(session, workspace, TODAY, flt),
                            find_actions(session, workspace, flt, limit=1).total,
                            status_counts(session, workspace, TODAY, flt)]
            return out

    assert all(action_counts.answerable(flt) for flt in filters)
    from_counts = answers()
    monkeypatch.setattr(action_counts, "answerable", lambda flt: False)
    assert from_counts == answers()


def test_a_filter_on_anything_but_status_and_due_date_is_counted_from_the_actions() -> None:
    assert not action_counts.answerable(ActionFilter(owner_ids=[1]))
    assert not action_counts.answerable(ActionFilter(plan_ids=[1], statuses=[Status.DONE]))
    assert not action_counts.answerable(ActionFilter(text="budget"))
    assert not action_counts.answerable(ActionFilter(not_overdue_on=TODAY))
    assert action_counts.answerable(ActionFilter(overdue_on=TODAY, order="stalest"))


def test_counts_already_stored_are_filled_in_when_the_counts_are_rebuilt(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Equipment review", [ActionSpec("1.1", "Train staff.", ["Linda Mann"], due=TODAY - DAY),
                                  ActionSpec("1.2", "Publish the list.", ["Ken Scott"])])
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM action_counts"))
        action_counts.rebuild(connection)
    with db.session() as session:
        assert maintained(session) == fresh(session)
        assert status_counts(session, WORKSPACE, TODAY).overdue == 1


def test_one_workspace_counts_never_include_another_workspaces_actions(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Equipment review", [ActionSpec("1.1", "Train staff.", ["Linda Mann"], due=TODAY - DAY)])
    add_plan("Other plan", [ActionSpec("1.1", "Elsewhere.", ["Ken Scott"], due=TODAY - DAY),
                            ActionSpec("1.2", "Elsewhere too.", ["Ken Scott"], due=TODAY - DAY)], workspace=OTHER_WORKSPACE)
    with db.session() as session:
        assert status_counts(session, WORKSPACE, TODAY).overdue == 1
        assert status_counts(session, OTHER_WORKSPACE, TODAY).overdue == 2


def test_on_sqlite_a_whole_workspace_count_reads_one_index_and_not_the_table(db) -> None:  # type: ignore[no-untyped-def]
    if db.backend != "sqlite":
        pytest.skip("PostgreSQL reads its counts with a bitmap scan of the few table pages")
    overdue = ActionFilter(statuses=list(CAN_BE_OVERDUE), due_before=TODAY)
    statement = action_counts.count_statement("sqlite", WORKSPACE, overdue)
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    with db.session_factory() as session:
        plan = session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    assert any("action_counts USING COVERING INDEX" in row[-1] for row in plan), plan
