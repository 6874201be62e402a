"""Kept reads (store.kept_reads): compiled once, run on the driver's cursor, read as `execute` reads."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Date, Integer, String, bindparam, event, literal_column, select, table
from sqlalchemy.exc import DBAPIError

from store import action_counts
from store.kept_reads import KeptRead
from store.listing import ListKind, read_list_query
from store.models import Action, Owner, Update
from store.queries import Order
from store.query_language import build_filter
from store.summary_page import _BY_HANDLE, _HISTORY, _parameters, _prepared, _shape
from tests.conftest import NOW, TODAY, WORKSPACE


def page_read(session, text: str, kind: ListKind, offset: int, order: Order) -> tuple[KeptRead, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The kept page statement a list reply runs, and the values it runs with (as list_page chooses them)."""
    query = read_list_query(text, today=TODAY)
    flt = build_filter(session, WORKSPACE, query, today=TODAY, now=NOW).filter
    kind.narrow(flt, query, TODAY)
    flt.order = order
    overdue_only = not kind.shows_headline_counts or flt.overdue_on == TODAY
    shape = _shape(session.connection().dialect.name, flt, 8, offset, overdue_only, action_counts.answerable(flt), False)
    assert shape is not None
    return _prepared(session, shape, flt), _parameters(WORKSPACE, flt, TODAY, offset)


@pytest.mark.parametrize(("text", "kind", "offset", "order"), [
    ('owner:"Linda Mann"', ListKind.ACTIONS, 0, Order.DUE),
    ('owner:"Linda Mann"', ListKind.ACTIONS, 2, Order.DUE),
    ("", ListKind.OVERDUE, 0, Order.DUE),
    ("", ListKind.OVERDUE, 3, Order.DUE),
    ("plan:BR", ListKind.ACTIONS, 0, Order.DUE),
    ("plan:BR", ListKind.ACTIONS, 0, Order.STALEST),
    ("", ListKind.ACTIONS, 0, Order.HANDLE),
    ('owner:"Linda Mann"', ListKind.OVERDUE, 0, Order.HANDLE),
])
def test_a_kept_page_read_returns_the_rows_execute_returns(demo, text: str, kind: ListKind, offset: int, order: Order) -> None:  # type: ignore[no-untyped-def]
    """Every column converted as SQLAlchemy converts it: dates, booleans, enums, UTC timestamps."""
    with demo.session() as session:
        kept, values = page_read(session, text, kind, offset, order)
        connection = session.connection()
        expected = [tuple(row) for row in connection.execute(kept.statement, values)]
        assert len(expected) > 1
        assert kept.rows(connection, values) == expected


def test_an_action_and_its_history_read_kept_are_the_rows_execute_returns(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        connection = session.connection()
        compared = 0
        for action_id, handle_key, recommendation_id in session.execute(
                select(Action.id, Action.handle_key, Action.recommendation_id).where(Action.workspace_id == WORKSPACE)):
            by_handle = {"workspace_id": WORKSPACE, "handle_key": handle_key}
            history = {"workspace_id": WORKSPACE, "action_id": action_id, "recommendation_id": recommendation_id}
            assert _BY_HANDLE.rows(connection, by_handle) == [tuple(r) for r in connection.execute(_BY_HANDLE.statement, by_handle)]
            assert _HISTORY.rows(connection, history) == [tuple(r) for r in connection.execute(_HISTORY.statement, history)]
            compared += 1
    assert compared > 5


def test_a_kept_read_converts_the_values_it_sends_as_execute_does(demo) -> None:  # type: ignore[no-untyped-def]
    """A date sent to SQLite is written as SQLAlchemy writes it, so it compares with stored dates."""
    kept = KeptRead(select(Action.id).where(Action.workspace_id == bindparam("workspace_id", type_=String),
                                            Action.due_date < bindparam("before", type_=Date)).order_by(Action.id))
    values = {"workspace_id": WORKSPACE, "before": TODAY}
    with demo.session() as session:
        connection = session.connection()
        rows = kept.rows(connection, values)
        assert rows and rows == [tuple(r) for r in connection.execute(kept.statement, values)]


def test_a_kept_insert_returning_on_an_autocommit_connection_commits_and_returns_its_row(db) -> None:  # type: ignore[no-untyped-def]
    """store.events claims a Slack event this way: one statement that commits on its own."""
    from store.events import _claim
    from store.models import SlackEvent

    kept = KeptRead(_claim(db.engine.dialect.name))
    values = {"workspace_id": WORKSPACE, "event_id": "EvKept", "received_at": NOW}
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        assert kept.rows(connection, values) == [("EvKept",)]
        assert kept.rows(connection, values) == []  # the id is taken: nothing inserted, nothing returned
    with db.session() as session:
        assert session.scalars(select(SlackEvent.received_at).where(SlackEvent.event_id == "EvKept")).all() == [NOW]


def test_a_kept_read_leaves_out_values_its_statement_has_no_parameter_for(demo) -> None:  # type: ignore[no-untyped-def]
    kept = KeptRead(select(Owner.name).where(Owner.workspace_id == bindparam("workspace_id", type_=String)))
    with demo.session() as session:
        assert kept.rows(session.connection(), {"workspace_id": WORKSPACE, "offset": 3})


def test_a_kept_read_names_the_parameter_it_was_not_given(db) -> None:  # type: ignore[no-untyped-def]
    kept = KeptRead(select(Owner.name).where(Owner.workspace_id == bindparam("workspace_id", type_=String)))
    with db.session() as session, pytest.raises(ValueError, match="workspace_id"):
        kept.rows(session.connection(), {})


def test_a_kept_read_refuses_a_list_spliced_into_its_text_on_each_execution(db) -> None:  # type: ignore[no-untyped-def]
    kept = KeptRead(select(Action.id).where(Action.status.in_(["done", "paused"])))
    with db.session() as session, pytest.raises(ValueError, match="expanding IN"):
        kept.rows(session.connection(), {})


def test_a_driver_error_in_a_kept_read_is_raised_as_sqlalchemys(db) -> None:  # type: ignore[no-untyped-def]
    """The type handlers/failures.py answers with "the store isn't answering"."""
    kept = KeptRead(select(literal_column("1", Integer)).select_from(table("no_such_table")))
    with db.session() as session, pytest.raises(DBAPIError) as raised:
        kept.rows(session.connection(), {})
    assert not raised.value.connection_invalidated


def test_a_kept_read_on_a_connection_that_has_gone_invalidates_it(db) -> None:  # type: ignore[no-untyped-def]
    """As `execute` does, so that the pool never hands the dead connection out again."""
    kept = KeptRead(select(Owner.name).where(Owner.workspace_id == bindparam("workspace_id", type_=String)))
    with db.session() as session:
        connection = session.connection()
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.close()
        with pytest.raises(DBAPIError) as raised:
            kept.rows(connection, {"workspace_id": WORKSPACE})
        assert raised.value.connection_invalidated
        assert connection.invalidated


def test_statement_watchers_see_a_kept_read(db) -> None:  # type: ignore[no-untyped-def]
    """Cursor events fire as for `execute` (bench/request_cpu.py --statements listens to them)."""
    kept = KeptRead(select(Update.note).where(Update.workspace_id == bindparam("workspace_id", type_=String)))
    seen: list[tuple[str, str]] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: seen.append(("before", args[2])))
    event.listen(db.engine, "after_cursor_execute", lambda *args: seen.append(("after", args[2])))
    with db.session() as session:
        kept.rows(session.connection(), {"workspace_id": WORKSPACE})
    assert [when for when, sql in seen if "updates.note" in sql] == ["before", "after"]
