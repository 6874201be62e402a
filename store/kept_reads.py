"""Reads built once and run as they were compiled: the last layer of the list and detail reads.

A list reply's page statement, and `/action`'s two, are built once and kept (store.summary_page).
Run through `Connection.execute`, each execution still cost about as much CPU again as it took
PostgreSQL to answer it: the compiled-cache lookup hashes the statement's whole cache key, the
execution context is set up, and the CursorResult reads the driver's description of every column
and runs its row machinery. A KeptRead is compiled once for each database and run on the
connection's own driver cursor. The values it sends and the rows it returns go through the type
conversions SQLAlchemy would apply (dates and booleans on SQLite, store.models' UTC timestamps and
enums), so its rows are the ones `execute` returns (tests/store/test_kept_reads.py compares them).

What `execute` does around a statement is kept: the connection's cursor events fire (tools that
watch statements, bench/request_cpu.py's among them, see these too), a driver error is raised as
SQLAlchemy's DBAPIError (which handlers/failures.py answers as "the store isn't answering"), and a
connection the server has dropped is invalidated so that the pool never hands it out again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from sqlalchemy import Connection, Insert, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any]
_AnySelect = Select[Unpack[tuple[Any, ...]]]
# A statement that returns rows: a SELECT, or an INSERT … RETURNING run on a connection that
# commits each statement itself (store.events' claim of a Slack event).
_Kept = _AnySelect | Insert


@dataclass(frozen=True)
class _Compiled:
    """A statement as one database is sent it."""

    sql: str
    # The parameters in the order the driver takes them, or None where it takes them by name.
    positions: tuple[str, ...] | None
    # Values the statement carries itself (a literal 0, a sentinel date), converted for the driver.
    fixed: dict[str, Any]
    # name → the conversion of a value the caller passes, for those that need one.
    to_driver: dict[str, Processor]
    # (column index, conversion) for the result columns that need one.
    from_driver: tuple[tuple[int, Processor], ...]
    # Every parameter the caller must pass.
    required: frozenset[str]


class KeptRead:
    """A SELECT (or an INSERT … RETURNING) whose changing values are all bind parameters, kept and
    compiled once per database. An INSERT commits as the connection it runs on does: on an
    AUTOCOMMIT connection, with the statement.

    The statement must not contain an "expanding" IN parameter (a Python list given to `in_`),
    whose text SQLAlchemy rewrites on every execution: write fixed lists as constants
    (store.queries.status_constants) and varying ones as one parameter each."""

    def __init__(self, statement: _Kept) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, str, Any], _Compiled] = {}

    def rows(self, connection: Connection, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows on `connection`, with `parameters` as its bind parameters' values."""
        dialect = connection.dialect
        key = (dialect.name, dialect.driver, dialect.server_version_info)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _compile(self.statement, dialect)
        values = dict(compiled.fixed)
        for name in compiled.required:  # as `execute` does, values the statement has no parameter for are left out
            if name not in parameters:
                raise ValueError(f"no value for the parameter {name!r}")
            convert = compiled.to_driver.get(name)
            values[name] = parameters[name] if convert is None else convert(parameters[name])
        sent: Sequence[Any] | Mapping[str, Any] = values if compiled.positions is None else tuple(values[n] for n in compiled.positions)
        rows = _run(connection, compiled.sql, sent)
        if not compiled.from_driver:
            return rows
        converted = []
        for row in rows:
            columns = list(row)
            for index, convert in compiled.from_driver:
                columns[index] = convert(columns[index])
            converted.append(tuple(columns))
        return converted


def _compile(statement: _Kept, dialect: Dialect) -> _Compiled:
    compiled: Any = statement.compile(dialect=dialect)
    if compiled.post_compile_params:
        raise ValueError("a kept read cannot have an expanding IN parameter: write its values as constants")
    if compiled.escaped_bind_names:
        raise ValueError(f"name the parameters with letters, digits and underscores: {sorted(compiled.escaped_bind_names)}")
    fixed: dict[str, Any] = {}
    to_driver: dict[str, Processor] = {}
    required = set()
    for bind, name in compiled.bind_names.items():
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if bind.required:
            required.add(name)
            if convert is not None:
                to_driver[name] = convert
        else:
            value = bind.effective_value
            fixed[name] = value if convert is None else convert(value)
    from_driver = []
    for index, column in enumerate(statement.exported_columns):  # a SELECT's columns, an INSERT's RETURNING
        convert = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if convert is not None:
            from_driver.append((index, convert))
    positions = tuple(compiled.positiontup) if compiled.positional else None
    return _Compiled(compiled.string, positions, fixed, to_driver, tuple(from_driver), frozenset(required))


def _run(connection: Connection, sql: str, parameters: Sequence[Any] | Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """`sql` on the connection's driver cursor, with what `Connection.execute` does around it."""
    driver = connection.connection.dbapi_connection
    assert driver is not None
    events = connection.dispatch
    cursor = None
    try:
        cursor = driver.cursor()
        if events.before_cursor_execute:
            events.before_cursor_execute(connection, cursor, sql, parameters, None, False)
        cursor.execute(sql, parameters)
        rows: list[tuple[Any, ...]] = list(cursor.fetchall())
        if events.after_cursor_execute:
            events.after_cursor_execute(connection, cursor, sql, parameters, None, False)
        cursor.close()
    except connection.dialect.loaded_dbapi.Error as error:
        dropped = connection.dialect.is_disconnect(error, driver, cursor)
        if dropped:
            connection.invalidate(error)
        raise DBAPIError.instance(sql, parameters, error, connection.dialect.loaded_dbapi.Error,
                                  connection_invalidated=dropped, dialect=connection.dialect) from error
    return rows
