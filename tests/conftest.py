"""Shared fixtures: a migrated store on SQLite and on PostgreSQL, a fixed clock, clean settings.

Every test that takes `db` runs once per backend. PostgreSQL is the server at 127.0.0.1:5432
(override with SCRUTINY_TEST_POSTGRES_URL). Locally, if it is not running, those runs are
skipped with the reason; under CI (CI=true) an unreachable server fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from store.db import create_store_engine, make_session_factory, upgrade
from store.models import Base
from store.workspaces import ensure_workspace

if TYPE_CHECKING:
    from store.importing.parsed import ParsedPlan

POSTGRES_URL = os.environ.get(
    "SCRUTINY_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# Variables a developer's shell may carry that must never leak into a test's settings: every
# setting's name, whatever is added to Settings later, and the families ours are named in.
_ENVIRONMENT_PREFIXES = ("SLACK_", "SCRUTINY_", "DIGEST_", "LOG_", "OFFICER_", "WEB_", "DATABASE_")


def _developer_settings(environ: Mapping[str, str]) -> list[str]:
    from bot.settings import Settings

    fields = {name.upper() for name in Settings.model_fields}
    return [name for name in environ if name.upper() in fields or name.upper().startswith(_ENVIRONMENT_PREFIXES)]

WORKSPACE = "T0TESTA"
OTHER_WORKSPACE = "T0TESTB"
NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)  # a Monday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in _developer_settings(os.environ):
        monkeypatch.delenv(name, raising=False)
    # The embedded store lives in the user data folder; tests get their own, never the developer's.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def today() -> date:
    return TODAY


@dataclass
class Database:
    """A migrated, empty store for one test."""

    backend: str
    url: str
    engine: Engine
    session_factory: sessionmaker[Session]

    def session(self) -> Session:
        return self.session_factory()

    @contextmanager
    def another_process(self) -> Iterator[Session]:
        """A transaction on an engine of its own, as a CLI import or another worker would write."""
        engine = create_store_engine(self.url)
        try:
            with make_session_factory(engine).begin() as session:
                yield session
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = create_store_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[str]:
    try:
        probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3}, pool_pre_ping=True)
        with probe.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means the server is not usable
        message = postgres_unusable_reason(POSTGRES_URL, exc)
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must test PostgreSQL, so this is a failure.", pytrace=False)
        pytest.skip(f"{message}; start it to run the PostgreSQL half of the suite.")
    schema = f"scrutiny_test_{uuid.uuid4().hex[:10]}"
    _vacuum_catalogs(probe)
    with probe.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = _with_search_path(POSTGRES_URL, schema)
    engine = create_store_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield schema
    finally:
        with probe.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        _vacuum_catalogs(probe)
        probe.dispose()


# The tables each test's TRUNCATE … RESTART IDENTITY empties get new files, so every test leaves
# about 130 dead rows in pg_class (tables, indexes, sequences). With autovacuum off, as on the
# machines CI runs on, nothing ever removes them: after four full runs pg_class held 495,109 dead
# rows for 792 live ones. Vacuuming the catalogs at the start and end of a run, and every
# VACUUM_EVERY PostgreSQL tests, keeps them from piling up (a slowdown from them was not shown).
# A role that may not vacuum them gets a warning, not an error.
VACUUM_EVERY = 200
_CATALOGS = "pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_depend, pg_catalog.pg_type, pg_catalog.pg_index"
_tests_since_vacuum = 0


def _vacuum_catalogs(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM {_CATALOGS}"))


def postgres_unusable_reason(url: str, error: BaseException) -> str:
    """Why the PostgreSQL half cannot run, and what to type: a missing database is not a server
    that is down."""
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    server = f"{parts.host or 'localhost'}:{parts.port or 5432}"
    if f'database "{parts.database}" does not exist' in str(error):
        return (f"PostgreSQL at {server} is running but has no database '{parts.database}'; create it with "
                f"`createdb -h {parts.host or 'localhost'} -p {parts.port or 5432} -U {parts.username or 'postgres'} {parts.database}`")
    return f"PostgreSQL at {server} (database '{parts.database}') is not reachable ({type(error).__name__})"


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "store.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
    else:
        schema: str = request.getfixturevalue("_postgres_schema")
        url = _with_search_path(POSTGRES_URL, schema)
    engine = create_store_engine(url)
    if backend == "postgresql":
        global _tests_since_vacuum
        _tests_since_vacuum += 1
        if _tests_since_vacuum >= VACUUM_EVERY:
            _tests_since_vacuum = 0
            _vacuum_catalogs(engine)
        tables = ", ".join([*(t.name for t in reversed(Base.metadata.sorted_tables)), "slack_installations", "slack_bots", "slack_oauth_states"])
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    database = Database(backend, url, engine, make_session_factory(engine))
    with database.session_factory.begin() as session:
        ensure_workspace(session, WORKSPACE, "Test Council A")
        ensure_workspace(session, OTHER_WORKSPACE, "Test Council B")
    try:
        yield database
    finally:
        engine.dispose()


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (they live in the sibling ../shared)")
    return SEEDS


# Building blocks for store tests: a plan described in a line per action.


@dataclass
class ActionSpec:
    ref: str | None
    text: str
    owners: list[str]
    due: date | None = None
    status: str | None = None
    ongoing: bool = False
    recurring: bool = False
    timescale: str | None = None
    recommendation: str = ""


def parsed_plan(
    title: str,
    actions: list[ActionSpec],
    *,
    source_file: str | None = None,
    council: str | None = None,
    document_date: date | None = None,
    teams: list[str] | None = None,
) -> ParsedPlan:
    """A ParsedPlan as a reader would produce, from compact specs (consecutive specs sharing a
    ref become actions of one recommendation)."""
    from store.importing.parsed import ParsedAction, ParsedPlan, ParsedRecommendation, Timescale
    from store.status import Status

    recommendations: list[ParsedRecommendation] = []
    for line, spec in enumerate(actions, start=1):
        if not recommendations or recommendations[-1].ref != spec.ref or spec.ref is None:
            recommendations.append(
                ParsedRecommendation(
                    ref=spec.ref, ref_printed=spec.ref, text=spec.recommendation or f"Recommendation {spec.ref}", line=line
                )
            )
        raw = spec.timescale if spec.timescale is not None else (spec.due.isoformat() if spec.due else "")
        recommendations[-1].actions.append(
            ParsedAction(
                text=spec.text,
                owners=spec.owners,
                timescale=Timescale(raw=raw, deadlines=[spec.due] if spec.due else []),
                due=spec.due,
                status=Status(spec.status) if spec.status else None,
                ongoing=spec.ongoing,
                recurring=spec.recurring,
                line=line,
            )
        )
    return ParsedPlan(
        source_file=source_file or f"{title.lower().replace(' ', '-')}.txt",
        layout="test",
        title=title,
        council=council,
        document_date=document_date,
        recommendations=recommendations,
        teams=teams or [],
    )


@pytest.fixture
def add_plan(db: Database, now: datetime):  # type: ignore[no-untyped-def]
    """Import a plan described by ActionSpecs into a workspace; returns the ImportReport."""
    from store.importer import import_plan

    def add(title: str, actions: list[ActionSpec], *, workspace: str = WORKSPACE, code: str | None = None, **kw):  # type: ignore[no-untyped-def]
        with db.session_factory.begin() as session:
            return import_plan(session, workspace, parsed_plan(title, actions, **kw), now=now, code=code)

    return add


@pytest.fixture
def demo(db: Database, now: datetime, today: date) -> Database:
    """The invented demo plans in WORKSPACE, dated around the fixed test clock."""
    from store.demo import load_demo

    with db.session_factory.begin() as session:
        load_demo(session, WORKSPACE, now=now, today=today)
    return db


# The Slack side: a fake Web API on loopback, and the bot's real HTTP app in front of it.

OFFICER = "U0OFFICER"


@pytest.fixture
def slack_api():  # type: ignore[no-untyped-def]
    from tests.fakes.slack_web_api import FakeSlackWebAPI

    with FakeSlackWebAPI(team_id=WORKSPACE, users={
        "U0001": "Alice Example", OFFICER: "Olive Officer", "U0LINDA": "Linda Mann", "U0PRIYA": "Priya Raman",
    }) as fake:
        yield fake


@pytest.fixture
def services(db: Database):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from handlers.context import Services
    from store.db import make_read_session_factory

    return Services(
        session_factory=db.session_factory,
        read_session_factory=make_read_session_factory(db.engine),
        timezone=ZoneInfo("Europe/London"),
        clock=lambda: NOW,
        officer_user_ids=frozenset({OFFICER}),
    )


@pytest.fixture
def bot_settings(db: Database, slack_api):  # type: ignore[no-untyped-def]
    from bot.settings import Settings
    from tests.fakes.running_app import SIGNING_SECRET

    return Settings(
        database_url=db.url,
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack_api.base_url,
        officer_user_ids=[OFFICER],
    )


@pytest.fixture
def slack_app(bot_settings, services, slack_api):  # type: ignore[no-untyped-def]
    """The bot's HTTP app, serving signed requests on a loopback port, calling the fake Web API."""
    from bot.app import create_app
    from bot.web import create_wsgi_app
    from tests.fakes.running_app import RunningApp

    app = create_app(bot_settings, services)
    running = RunningApp(create_wsgi_app(app, services.session_factory), slack_api, WORKSPACE)
    try:
        yield running
    finally:
        running.close()


PRIYA = "U0PRIYA"


@pytest.fixture
def linked(demo: Database, now: datetime) -> Database:
    """The demo store with Priya Raman linked to her Slack account."""
    from store.links import link_user
    from store.owners import resolve_owner

    with demo.session_factory.begin() as session:
        link_user(session, WORKSPACE, resolve_owner(session, WORKSPACE, "Priya Raman"), PRIYA, by=OFFICER, now=now)
    return demo
