"""The suite's own set-up says what is missing: a database that does not exist is named, with the
command that creates it, rather than reported as a server that cannot be reached."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, postgres_unusable_reason


def connection_error(url: str) -> Exception | None:
    """What connecting to `url` raises, or None if it connects."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - the error is what is under test
        return error
    finally:
        engine.dispose()
    return None


def test_a_missing_test_database_is_named_with_the_command_to_create_it() -> None:
    server = make_url(POSTGRES_URL)
    if connection_error(server.set(database="postgres").render_as_string(hide_password=False)) is not None:
        pytest.skip(f"no PostgreSQL server answers at {server.host}:{server.port}")
    missing = f"scrutiny_missing_{uuid.uuid4().hex[:8]}"
    url = server.set(database=missing).render_as_string(hide_password=False)
    error = connection_error(url)
    assert error is not None
    reason = postgres_unusable_reason(url, error)
    assert f"has no database '{missing}'" in reason
    assert f"createdb -h {server.host} -p {server.port or 5432} -U {server.username or 'postgres'} {missing}" in reason
    assert "not reachable" not in reason


def test_a_server_that_does_not_answer_is_reported_as_unreachable() -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:9/test"
    error = connection_error(url)
    assert error is not None
    reason = postgres_unusable_reason(url, error)
    assert "127.0.0.1:9" in reason and "not reachable" in reason
