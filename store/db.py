"""Engines, sessions and the schema version: how every process reaches the store."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
import select
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVarTuple, Unpack, cast

from sqlalchemy import CursorResult, Delete, Engine, Insert, Row, Select, Update, create_engine, event, inspect, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# How long a SQLite writer waits for another one (an import, the clock) before giving up with
# "database is locked"; imports hold the lock for seconds, so this is ample.
SQLITE_BUSY_TIMEOUT_MS = 10_000


class SchemaOutOfDate(Exception):
    """The database is behind the code; the message names the command that fixes it."""


def create_store_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for SQLite (file, WAL) or PostgreSQL (psycopg 3), ready for several threads."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # No pre-ping: a file has no server to restart, and a ping was one more statement per reply.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=max(pool_size, 10),
            # The connection used last is handed out first: each SQLite connection keeps a page
            # cache of its own (2 MB when full), and a worker at a few requests a minute then warms
            # one or two of them instead of every connection of its pool in turn.
            pool_use_lifo=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A web process must survive a database restart without being restarted itself, so a pooled
    # connection the server has dropped is replaced before use. SQLAlchemy's pre-ping does that
    # with a round trip on every checkout (one in four of a list reply's); _drop_if_closed asks
    # the socket instead, which costs a system call and no round trip.
    watched = hasattr(select, "poll")
    engine = create_engine(
        url,
        pool_pre_ping=not watched,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=5,
        # psycopg prepares a statement on the server at its second execution on a connection
        # (its default waits for the sixth). The server plans the first five executions of a
        # prepared statement afresh before it may keep one generic plan, so a kept page statement
        # stopped costing its ~1 ms of planning only from a connection's twelfth use of it: with
        # eight pooled connections a worker, many replies paid it. A statement run once (most
        # of the unkept ones) is still never prepared; psycopg keeps at most `prepared_max`
        # (100) a connection, ~330 kB of server memory each for a page statement.
        connect_args={"connect_timeout": 5, "prepare_threshold": 1},
    )
    if watched:
        event.listen(engine, "checkout", _drop_if_closed)
    event.listen(engine, "do_connect", _connect_keeping_prepared_statements)
    return engine


def _connect_keeping_prepared_statements(_dialect: object, _record: object, cargs: tuple[Any, ...], cparams: dict[str, Any]) -> Any:
    return _keeps_prepared_statements().connect(*cargs, **cparams)


@functools.cache
def _keeps_prepared_statements() -> type[Any]:
    """psycopg's Connection, except that rolling back a transaction in which nothing failed keeps
    the statements the connection has prepared.

    psycopg's rollback() also drops every prepared statement (DEALLOCATE ALL), in case the
    transaction created objects that a statement prepared in it refers to. Every session that
    only reads and closes without committing ends in a rollback (the pool's reset), so each such
    reply (a digest preview, a form, an error refused before it wrote) wiped its connection's
    statements, and the next replies on that connection paid their planning again: with one
    digest preview among six requests, lists took 7 ms instead of 4 at 100k actions. A prepared
    statement outlives a rollback on the server, and no process of ours runs DDL outside a
    migration, which commits; so a clean transaction is rolled back with a plain ROLLBACK, and a
    failed one (where psycopg cannot know what was prepared) still goes through psycopg's own."""
    import psycopg
    from psycopg import pq

    class KeepsPreparedStatements(psycopg.Connection):
        def rollback(self) -> None:
            if self.pgconn.transaction_status == pq.TransactionStatus.INTRANS:
                with self.lock:
                    done = self.pgconn.exec_(b"ROLLBACK").status == pq.ExecStatus.COMMAND_OK
                if done:
                    return
            # Failed transactions, and connections the server has gone from: psycopg's own
            # rollback, which raises the error SQLAlchemy recognises as a disconnect.
            super().rollback()

    return KeepsPreparedStatements


def _drop_if_closed(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    """Refuse a pooled PostgreSQL connection the server has closed or spoken on while it sat idle.

    An idle connection in the pool is owed nothing: when the server shuts down or restarts (any
    mode) it sends a last error and closes, or its process dies and the kernel closes the socket;
    either way the socket turns readable. Anything readable on an idle connection means it is no
    longer fit to use, so the pool discards it and connects afresh (DisconnectionError is the
    pool's signal for that); a quiet socket is used as it is."""
    try:
        descriptor = dbapi_connection.fileno()
    except Exception as gone:  # noqa: BLE001 - psycopg raises on a connection it has closed
        raise DisconnectionError("the connection is closed") from gone
    watch = select.poll()
    watch.register(descriptor, select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)
    if watch.poll(0):
        raise DisconnectionError("the server closed or spoke on an idle connection")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets the console, the clock and web workers read while one of them writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for answering a question: no transaction is opened, so a reply's few statements
    cost no BEGIN and ROLLBACK round trips (two of seven for a list on PostgreSQL). Each statement
    sees what was committed when it ran. Never write with these."""
    return sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


Columns = TypeVarTuple("Columns")


def streamed(session: Session, statement: Select[Unpack[Columns]]) -> Iterator[Row[Unpack[Columns]]]:
    """A statement's rows, run when first read and never gathered in a list: for building a cache
    from many rows without holding a copy of them all (see store.name_tables). Run on the session's
    connection, as Core: the ORM fetches every row of a result before handing back the first."""
    yield from session.connection().execute(statement)


@contextmanager
def transaction(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed if the block finishes, rolled back if it raises."""
    with session_factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    # Alembic and its migration scripts are imported only to change the schema (`db upgrade`, tests):
    # they take about 17 MB, which every serving worker would otherwise keep for its whole life.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration: the one no other names as its `down_revision`. Read from the scripts'
    text rather than through Alembic, which imports every migration (see alembic_config)."""
    following: dict[str, tuple[str, ...]] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        names = _assigned_names(script)
        if "revision" in names:
            down = names.get("down_revision")
            following[str(names["revision"])] = tuple(down) if isinstance(down, (tuple, list)) else (() if down is None else (str(down),))
    heads = set(following) - {down for downs in following.values() for down in downs}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {MIGRATIONS} have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _assigned_names(script: Path) -> dict[str, object]:
    """The literal values a migration script gives its module-level `revision` and `down_revision`."""
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text(), filename=str(script)).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value is not None:
                found[target.id] = ast.literal_eval(value)
    return found


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (Alembic's version table), None before the first."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command  # see alembic_config

    command.upgrade(alembic_config(engine), revision)


def check_schema(engine: Engine) -> None:
    """Refuse to run against a database the code does not match."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaOutOfDate(
            f"The database at {where} has no scrutiny-bot tables yet. "
            "Run `scrutiny-bot db upgrade` to create them."
        )
    raise SchemaOutOfDate(
        f"The database at {where} is at schema {current}, but this version needs {head}. "
        "Run `scrutiny-bot db upgrade` first."
    )


def is_empty_database(engine: Engine) -> bool:
    """True when nothing has been created yet: not even an Alembic version table."""
    return not inspect(engine).get_table_names()


def insert_or_ignore(session: Session, table: type[Any], *, conflict_on: list[str] | None = None, **values: Any) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING in the session's database (both have it; SQLAlchemy spells it
    per dialect). Atomic, so two processes inserting the same row at once leave exactly one, and
    `.returning(…)` on it says which of them inserted."""
    return dialect_insert(session.get_bind().dialect.name)(table).values(**values).on_conflict_do_nothing(index_elements=conflict_on)


def dialect_insert(dialect: str) -> Callable[..., Any]:
    """The INSERT construct that can say ON CONFLICT in `dialect` (insert_or_ignore's, for a
    statement built once and kept)."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def rows_changed(session: Session, statement: Update | Delete) -> int:
    """How many rows an UPDATE or DELETE changed: a conditional UPDATE that changed one row is a
    claim this process won. (Session.execute declares a plain Result, which has no rowcount.)"""
    return cast(CursorResult[Any], session.execute(statement)).rowcount
