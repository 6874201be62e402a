"""Starting any mode: open the store (checking its schema) and build the shared services."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from handlers.context import Services
from store.db import (
    SchemaOutOfDate,
    check_schema,
    create_store_engine,
    is_empty_database,
    make_read_session_factory,
    make_session_factory,
    upgrade,
)


logger = logging.getLogger(__name__)


@dataclass
class Store:
    engine: Engine
    session_factory: sessionmaker[Session]
    created: bool = False

    @property
    def read_session_factory(self) -> sessionmaker[Session]:
        return make_read_session_factory(self.engine)


def open_store(settings: Settings, *, create_if_new: bool = False, pool_size: int = 5) -> Store:
    """Connect and refuse an out-of-date schema. `create_if_new` lets the local console set up
    a brand-new SQLite file itself; shared (PostgreSQL) databases only change by `db upgrade`."""
    engine = create_store_engine(settings.resolved_database_url(), pool_size=pool_size)
    created = False
    if create_if_new and engine.dialect.name == "sqlite" and is_empty_database(engine):
        upgrade(engine)
        created = True
    try:
        check_schema(engine)
    except SchemaOutOfDate:
        engine.dispose()
        raise
    return Store(engine, make_session_factory(engine), created)


def build_services(settings: Settings, store: Store) -> Services:
    bare = [entry for entry in settings.officer_user_ids if ":" not in entry]
    if settings.oauth_enabled and bare:
        # Officers belong to a workspace; with many installed, a bare id would be everyone's officer.
        logger.warning("OFFICER_USER_IDS %s ignored: with many workspaces write them as TEAM_ID:USER_ID", ", ".join(bare))
    return Services(
        session_factory=store.session_factory,
        read_session_factory=store.read_session_factory,
        timezone=settings.timezone,
        officer_user_ids=frozenset(settings.officer_user_ids),
        multi_workspace=settings.oauth_enabled,
        officer_usergroup_id=settings.officer_usergroup_id,
        two_stage_close=settings.two_stage_close,
    )
