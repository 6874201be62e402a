"""What every listener needs from the running bot, built once by the app factory."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy.orm import Session, sessionmaker

from handlers.directory import SlackDirectory
from store.owners import OwnerDirectoryCache
from store.vocabulary import VocabularyCache


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    session_factory: sessionmaker[Session]
    # For replies that only read (lists, one action): no transaction round trips. See store.db.
    read_session_factory: sessionmaker[Session] | None = None
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    clock: Callable[[], datetime] = system_clock
    owner_cache: OwnerDirectoryCache = field(default_factory=OwnerDirectoryCache)
    vocabulary_cache: VocabularyCache = field(default_factory=VocabularyCache)
    # OFFICER_USER_IDS as given: `U…` ids, or `T…:U…` pairs naming the workspace (see configured_officers).
    officer_user_ids: frozenset[str] = frozenset()
    officer_usergroup_id: str | None = None
    # Installed to many workspaces (OAuth): a bare user id then names nobody's officer.
    multi_workspace: bool = False
    two_stage_close: bool = True
    # Seconds a command may spend before it acks with "working on it" and finishes via response_url.
    reply_budget: float = 2.0
    directory: SlackDirectory = field(default_factory=SlackDirectory)
    # Set in multi-workspace (OAuth) mode, so uninstall events can forget a workspace's tokens.
    installation_store: InstallationStore | None = None
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=16, thread_name_prefix="answer")
    )

    def now(self) -> datetime:
        return self.clock()

    def reads(self) -> Session:
        """A session for answering a question (never for writing)."""
        return (self.read_session_factory or self.session_factory)()

    def __deepcopy__(self, memo: dict[int, object]) -> Services:
        # Bolt deep-copies a request's context for its lazy listeners; the bot's services (pools,
        # caches, executor) are shared by every request, never copied.
        return self

    def configured_officers(self, workspace_id: str) -> list[str]:
        """The officers OFFICER_USER_IDS names for this workspace. Officers belong to a workspace:
        a `T…:U…` pair counts in its workspace only; a bare `U…` id counts only when the bot serves
        a single workspace, since in a multi-workspace deployment it would make that person an
        officer of every council."""
        return officers_named_for(self.officer_user_ids, workspace_id, multi_workspace=self.multi_workspace)

    def today(self) -> date:
        return self.now().astimezone(self.timezone).date()


def officers_named_for(entries: frozenset[str] | list[str], workspace_id: str, *, multi_workspace: bool) -> list[str]:
    named = []
    for entry in sorted(entries):
        team, _, user = entry.rpartition(":")
        if (team == workspace_id) or (not team and not multi_workspace):
            named.append(user)
    return named

