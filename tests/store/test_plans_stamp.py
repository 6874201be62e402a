"""The plans stamp: every change to a workspace's plan names replaces it, in the same transaction,
whichever way the plan was written, so a cached vocabulary is never used after its plans changed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, inspect, select, text, update

from handlers.replies import question_reply
from store.db import create_store_engine, make_session_factory, upgrade
from store.models import Plan, Workspace
from store.plan_history import remove_plan, undo_last_import
from store.plans_stamp import TRIGGER_NAMES
from store.vocabulary import vocabulary_version
from tests.conftest import OTHER_WORKSPACE, POSTGRES_URL, WORKSPACE, ActionSpec, Database, _with_search_path

PARKING = [ActionSpec("1", "Consult residents", ["Linda Mann"])]


def stamp(db: Database, workspace: str = WORKSPACE) -> tuple[object, ...]:
    with db.session_factory() as session:
        return tuple(session.execute(
            select(Workspace.plans_generation, Workspace.plans_version).where(Workspace.team_id == workspace)
        ).one())


def test_importing_a_new_plan_replaces_the_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    before = stamp(db)
    add_plan("Parking Review", PARKING)
    after = stamp(db)
    assert after[0] != before[0] and after[1] == before[1] + 1  # type: ignore[operator]


def test_renaming_a_plan_replaces_the_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    before = stamp(db)
    with db.session_factory.begin() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(title="Residents' Parking"))
    assert stamp(db)[0] != before[0]


def test_removing_a_plan_replaces_the_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    before = stamp(db)
    with db.session_factory.begin() as session:
        remove_plan(session, WORKSPACE, "PK")
    assert stamp(db)[0] != before[0]


def test_undoing_an_import_that_made_a_plan_replaces_the_stamp(db, add_plan, now) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    before = stamp(db)
    with db.session_factory.begin() as session:
        undo_last_import(session, WORKSPACE, now=now + timedelta(minutes=1))
    assert stamp(db)[0] != before[0]


def test_a_change_the_vocabulary_does_not_read_keeps_the_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    before = stamp(db)
    with db.session_factory.begin() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(imported_at=datetime(2030, 1, 1, tzinfo=UTC), source_file="again.pdf"))
    assert stamp(db) == before


def test_a_plan_change_stamps_only_its_own_workspace(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    theirs = stamp(db, OTHER_WORKSPACE)
    add_plan("Parking Review", PARKING)
    assert stamp(db, OTHER_WORKSPACE) == theirs


def test_purging_a_workspace_with_plans_is_not_stopped_by_the_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING)
    with db.session_factory.begin() as session:
        session.execute(delete(Workspace).where(Workspace.team_id == WORKSPACE))
    with db.session_factory() as session:
        assert session.scalar(select(Plan.id).where(Plan.workspace_id == WORKSPACE)) is None


def test_the_vocabulary_version_follows_the_plans_stamp(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory() as session:
        before = vocabulary_version(session, WORKSPACE)
    add_plan("Parking Review", PARKING)
    with db.session_factory() as session:
        assert vocabulary_version(session, WORKSPACE) != before


def test_the_stamp_triggers_are_installed(db) -> None:  # type: ignore[no-untyped-def]
    # A batch_alter_table of `plans` on SQLite drops them (store/plans_stamp.py): this says so.
    with db.engine.connect() as connection:
        if db.backend == "sqlite":
            names = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'plans'")))
        else:
            names = set(connection.scalars(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'plans'::regclass")))
    assert names & set(TRIGGER_NAMES) == ({"plans_stamp_insert", "plans_stamp_delete", "plans_stamp_update"}
                                          if db.backend == "sqlite" else {"plans_stamp_insert_delete", "plans_stamp_update"})


# ------------------------------------------------------------------ a question sees plans changed elsewhere


def test_a_question_sees_a_plan_added_by_another_process_right_away(services, db, add_plan, now) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import parsed_plan
    from store.importer import import_plan

    add_plan("Parking Review", PARKING, code="PK")
    assert "plan:HR" not in reading_of(services, "what is overdue in the housing repairs plan?")
    with db.another_process() as session:
        import_plan(session, WORKSPACE, parsed_plan("Housing Repairs", [ActionSpec("1", "Fix roofs", ["Owen Price"])]), now=now, code="HR")
    assert "plan:HR" in reading_of(services, "what is overdue in the housing repairs plan?")


def test_a_question_sees_a_plan_renamed_by_another_process_right_away(services, db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    assert "plan:PK" in reading_of(services, "what is overdue in the parking review plan?")
    with db.another_process() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(title="Residents' Permits"))
    assert "plan:PK" in reading_of(services, "what is overdue in the residents permits plan?")


def test_a_question_sees_a_plan_removed_by_another_process_right_away(services, db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", PARKING, code="PK")
    add_plan("Housing Repairs", [ActionSpec("1", "Fix roofs", ["Owen Price"])], code="HR")
    assert "plan:PK" in reading_of(services, "what is overdue in the parking review plan?")
    with db.another_process() as session:
        remove_plan(session, WORKSPACE, "PK")
    assert "plan:PK" not in reading_of(services, "what is overdue in the parking review plan?")


def reading_of(services, question: str) -> str:  # type: ignore[no-untyped-def]
    """What the answer says the question was read as (its first blocks' text)."""
    message = question_reply(services, WORKSPACE, question)
    return message.text + " ".join(str(block) for block in message.blocks)


# ------------------------------------------------------------------ migration 0014 on an existing store


@pytest.fixture
def empty_store(backend: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    schema = f"scrutiny_mig_{uuid.uuid4().hex[:10]}"
    admin = create_store_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _with_search_path(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def test_migration_0014_gives_existing_workspaces_a_fresh_plans_generation(empty_store) -> None:  # type: ignore[no-untyped-def]
    engine = create_store_engine(empty_store)
    upgrade(engine, "0013")
    with engine.begin() as connection:
        for team in ("T1", "T2"):
            connection.execute(text(
                "INSERT INTO workspaces (team_id, owners_version, delete_on_uninstall, created_at) "
                f"VALUES ('{team}', 0, false, '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO plans (id, workspace_id, code, title, source_file, imported_at) "
            "VALUES (1, 'T1', 'BR', 'Brent plan', 'a.txt', '2026-01-01')"))
    upgrade(engine)
    assert {c["name"] for c in inspect(engine).get_columns("workspaces")} >= {"plans_version", "plans_generation"}
    with make_session_factory(engine)() as session:
        generations = {team: generation for team, generation in session.execute(select(Workspace.team_id, Workspace.plans_generation))}
        assert None not in generations.values() and len(set(generations.values())) == 2
    with make_session_factory(engine).begin() as session:
        session.execute(update(Plan).where(Plan.id == 1).values(title="Brent plan, renamed"))
    with make_session_factory(engine)() as session:
        assert session.scalar(select(Workspace.plans_generation).where(Workspace.team_id == "T1")) != generations["T1"]
    engine.dispose()


def test_migration_0014_undone_keeps_every_workspace_and_what_hangs_from_it(empty_store) -> None:  # type: ignore[no-untyped-def]
    # Rebuilding `workspaces` to drop a column would delete every row cascading from it.
    from alembic import command

    from store.db import alembic_config

    engine = create_store_engine(empty_store)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        session.add(Workspace(team_id="T1", created_at=datetime(2026, 1, 1, tzinfo=UTC)))
        session.flush()
        session.add(Plan(workspace_id="T1", code="BR", title="Brent plan", source_file="a.txt"))
    command.downgrade(alembic_config(engine), "0013")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM plans WHERE workspace_id = 'T1'")).scalar() == 1
        assert "plans_generation" not in {c["name"] for c in inspect(connection).get_columns("workspaces")}
    engine.dispose()
