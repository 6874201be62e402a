"""Reaching the store: URLs, the schema check, timestamps."""

from datetime import datetime

import pytest
from sqlalchemy import text

from bot.settings import Settings, normalise_database_url
from store.db import SchemaOutOfDate, check_schema, create_store_engine, upgrade
from store.models import Update
from tests.conftest import WORKSPACE


def test_the_postgres_url_form_hosting_platforms_give_is_accepted() -> None:
    assert normalise_database_url("postgres://u:p@host:5432/db") == "postgresql+psycopg://u:p@host:5432/db"
    assert normalise_database_url("postgresql://u@host/db") == "postgresql+psycopg://u@host/db"


def test_without_database_url_the_store_is_an_embedded_sqlite_file() -> None:
    assert Settings().resolved_database_url().startswith("sqlite:///")


def test_a_database_without_tables_is_refused_with_the_command_to_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_store_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(SchemaOutOfDate, match="scrutiny-bot db upgrade"):
        check_schema(engine)


def test_a_database_behind_the_code_is_refused_with_the_command_to_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_store_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(SchemaOutOfDate, match="Run `scrutiny-bot db upgrade` first"):
        check_schema(engine)


def test_the_embedded_database_runs_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_store_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_naive_timestamps_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="naive datetime"), db.session_factory.begin() as session:
        session.add(Update(workspace_id=WORKSPACE, recommendation_id=1, author_name="x", note="", source="t", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_timestamps_come_back_aware_in_utc(db, now) -> None:  # type: ignore[no-untyped-def]
    from store.models import Workspace

    with db.session() as session:
        created = session.get(Workspace, WORKSPACE).created_at
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0


def _holds_a_transaction(session) -> bool:  # type: ignore[no-untyped-def]
    raw = session.connection().connection.dbapi_connection
    if hasattr(raw, "in_transaction"):  # sqlite3
        return bool(raw.in_transaction)
    import psycopg

    return raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE


def test_a_read_session_answers_without_opening_a_transaction(db) -> None:  # type: ignore[no-untyped-def]
    from store.db import make_read_session_factory
    from store.models import Workspace

    reads = make_read_session_factory(db.engine)
    with reads() as session:
        assert session.get(Workspace, WORKSPACE) is not None
        assert not _holds_a_transaction(session)
        with db.session_factory.begin() as writer:
            writer.get(Workspace, WORKSPACE).name = "Renamed Council"
        # Each statement sees what was committed when it ran, not a snapshot from the first.
        assert session.execute(text("SELECT name FROM workspaces WHERE team_id = :t"), {"t": WORKSPACE}).scalar() == "Renamed Council"


def _postgres_only(db) -> None:  # type: ignore[no-untyped-def]
    if db.backend != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite prepares nothing on a server")


def _one_connection(db):  # type: ignore[no-untyped-def]
    """An engine on the test store whose pool holds one connection, so each session gets the same one."""
    from store.db import make_session_factory

    engine = create_store_engine(db.url, pool_size=1)
    return engine, make_session_factory(engine)


def _prepared_on_server(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())


def test_a_read_closed_without_committing_keeps_its_connections_prepared_statements(db) -> None:  # type: ignore[no-untyped-def]
    _postgres_only(db)
    engine, sessions = _one_connection(db)
    try:
        with sessions() as session:
            for _ in range(3):  # prepared on the server from its second run
                session.execute(text("SELECT name FROM workspaces WHERE team_id = :t"), {"t": WORKSPACE}).scalar_one()
            assert _prepared_on_server(session) >= 1
        # Closing the session rolled its transaction back; the next session, on the same
        # connection, still finds the statement prepared.
        with sessions() as session:
            assert _prepared_on_server(session) >= 1
    finally:
        engine.dispose()


def test_a_write_closed_without_committing_is_still_undone(db) -> None:  # type: ignore[no-untyped-def]
    _postgres_only(db)
    engine, sessions = _one_connection(db)
    try:
        with sessions() as session:
            session.execute(text("UPDATE workspaces SET name = 'Never Saved' WHERE team_id = :t"), {"t": WORKSPACE})
        with sessions() as session:
            assert session.execute(text("SELECT name FROM workspaces WHERE team_id = :t"), {"t": WORKSPACE}).scalar_one() != "Never Saved"
    finally:
        engine.dispose()


def test_a_failed_transaction_is_rolled_back_and_its_connection_answers_again(db) -> None:  # type: ignore[no-untyped-def]
    _postgres_only(db)
    from sqlalchemy.exc import ProgrammingError

    engine, sessions = _one_connection(db)
    try:
        with sessions() as session:
            session.execute(text("SELECT name FROM workspaces")).all()
            with pytest.raises(ProgrammingError):
                session.execute(text("SELECT no_such_column FROM workspaces"))
        with sessions() as session:
            assert session.execute(text("SELECT count(*) FROM workspaces")).scalar_one() >= 1
    finally:
        engine.dispose()


def test_actions_are_indexed_in_the_order_lists_by_due_date_read_them(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    indexes = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("actions")}
    assert indexes["ix_actions_workspace_due"] == ["workspace_id", "due_date", "id"]


def test_an_owners_links_are_indexed_with_their_workspace_and_action(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    indexes = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("action_owners")}
    assert indexes["ix_action_owners_owner_id"] == ["owner_id", "workspace_id", "action_id"]
