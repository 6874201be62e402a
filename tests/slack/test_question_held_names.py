"""A plain question is read with the names this process holds, unchecked, and the list's one
statement checks them while reading the page: a question never answers from names older than the
store, and a question whose names are current costs no separate check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select, update

from handlers.replies import question_reply
from store.models import Plan, Workspace
from store.owners import get_or_create_owner
from tests.conftest import WORKSPACE, ActionSpec, Database


@contextmanager
def statements_run(db: Database) -> Iterator[list[str]]:
    """Every statement sent to the store meanwhile (reads too: their engine shares the store's events)."""
    run: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        run.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield run
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def text_of(message) -> str:  # type: ignore[no-untyped-def]
    return message.text + " ".join(str(block) for block in message.blocks)


def test_a_question_with_held_names_checks_them_in_the_lists_statement(db, services, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult residents", ["Linda Mann"])], code="PK")
    question_reply(services, WORKSPACE, "what is overdue for Linda Mann?")  # the names are held from here on
    with statements_run(db) as run:
        question_reply(services, WORKSPACE, "what is overdue for Linda Mann?")
    stamped = [s for s in run if "plans_generation" in s]
    assert len(stamped) == 1 and "actions" in stamped[0]


def test_a_question_naming_an_owner_added_elsewhere_is_read_again_with_the_new_names(db, services, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult residents", ["Linda Mann"])], code="PK")
    question_reply(services, WORKSPACE, "what is overdue for Linda Mann?")
    with db.another_process() as session:
        get_or_create_owner(session, WORKSPACE, "Owen Price")
    assert 'owner:"Owen Price"' in text_of(question_reply(services, WORKSPACE, "what is overdue for Owen Price?"))


def test_a_question_answered_without_a_list_checks_held_names_first(db, services, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult residents", ["Linda Mann"])], code="PK")
    question_reply(services, WORKSPACE, "what is overdue for Linda Mann?")
    with db.another_process() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(code="RP"))
    assert "RP" in text_of(question_reply(services, WORKSPACE, "which plans are there?"))


def test_a_question_counted_by_plan_sees_a_plan_renamed_elsewhere(db, services, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult residents", ["Linda Mann"])], code="PK")
    question_reply(services, WORKSPACE, "how many actions in the parking review plan by owner?")
    with db.another_process() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(title="Residents' Permits"))
    assert "plan:PK" in text_of(question_reply(services, WORKSPACE, "how many actions in the residents permits plan by owner?"))


def test_held_names_of_a_workspace_without_a_stamp_are_never_used(db, services, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult residents", ["Linda Mann"])], code="PK")
    with db.session_factory.begin() as session:
        session.execute(update(Workspace).where(Workspace.team_id == WORKSPACE).values(plans_generation=None))
    question_reply(services, WORKSPACE, "what is overdue for Linda Mann?")
    assert services.vocabulary_cache.held(WORKSPACE) is None
    with db.another_process() as session:
        session.execute(update(Plan).where(Plan.code == "PK").values(title="Residents' Permits"))
        session.execute(update(Workspace).where(Workspace.team_id == WORKSPACE).values(plans_generation=None))
    with db.session_factory() as session:
        assert session.scalar(select(Workspace.plans_generation).where(Workspace.team_id == WORKSPACE)) is None
    assert "plan:PK" in text_of(question_reply(services, WORKSPACE, "what is overdue in the residents permits plan?"))
