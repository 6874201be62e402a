"""What every listener needs from the running bot, built once by the app factory."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from handlers.directory import SlackDirectory
from store.owners import OwnerDirectoryCache
from store.vocabulary import VocabularyCache


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    session_factory: sessionmaker[Session]
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    clock: Callable[[], datetime] = system_clock
    owner_cache: OwnerDirectoryCache = field(default_factory=OwnerDirectoryCache)
    vocabulary_cache: VocabularyCache = field(default_factory=VocabularyCache)
    officer_user_ids: frozenset[str] = frozenset()
    officer_usergroup_id: str | None = None
    two_stage_close: bool = True
    # Seconds a command may spend before it acks with "working on it" and finishes via response_url.
    reply_budget: float = 2.0
    directory: SlackDirectory = field(default_factory=SlackDirectory)
    # Set in multi-workspace (OAuth) mode, so uninstall events can forget a workspace's tokens.
    installation_store: object | None = None
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=16, thread_name_prefix="answer")
    )

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.now().astimezone(self.timezone).date()


SERVICES_KEY = "scrutiny_services"
