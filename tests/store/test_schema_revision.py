"""The schema check reads the revisions without Alembic (see store.db.alembic_config): it must read
the same ones Alembic does."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from store.db import MIGRATIONS, SchemaOutOfDate, check_schema, create_store_engine, current_revision, head_revision
from tests.conftest import Database


def test_the_newest_migration_is_the_head_alembic_finds() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_a_database_upgraded_to_the_head_reads_as_current(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    check_schema(db.engine)  # raises SchemaOutOfDate otherwise


def test_a_database_without_tables_has_no_revision_and_is_refused(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert current_revision(engine) is None
    with pytest.raises(SchemaOutOfDate, match="no scrutiny-bot tables yet"):
        check_schema(engine)
