"""Owners: people and teams, their other spellings, and finding one from what someone typed."""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.db import streamed
from store.errors import AmbiguousOwner, OwnerCandidate, UnknownOwner
from store.models import ActionOwner, Owner, OwnerAlias, Workspace, new_generation
from store.name_tables import GatheredNames, NamesById, give_back_freed_memory

# Scores are rapidfuzz WRatio (0-100). A typo of a full name ("linda man") scores about 95;
# a different person sharing a surname scores about 70-80.
ACCEPT_SCORE = 88
CLEAR_MARGIN = 6
SUGGEST_SCORE = 60
SUGGEST_RESEMBLANCE = 70
PREFIX = 2

_PUNCTUATION = re.compile(r"[^\w&\s]")


def name_key(name: str) -> str:
    """The form two spellings of one name share: case-folded, punctuation and spacing removed."""
    return " ".join(_PUNCTUATION.sub(" ", name).casefold().split())


@dataclass(frozen=True)
class People:
    """Which owners are people rather than teams: every owner but the few teams."""

    names: NamesById
    teams: frozenset[int]

    def __contains__(self, owner_id: object) -> bool:
        return owner_id in self.names and owner_id not in self.teams


@dataclass
class OwnerDirectory:
    """Every owner name and alias of one workspace, held in memory for fast fuzzy matching.
    Built once by build_owner_directory and only read after: each worker keeps one per workspace,
    so its tables are compact (see store.name_tables)."""

    version: int
    # (generation token, version) of the workspace when loaded; see OwnerDirectoryCache.
    stamp: tuple[str | None, int] = (None, 0)
    names: NamesById = field(default_factory=NamesById)
    people: People = field(default_factory=lambda: People(NamesById(), frozenset()))
    keys: list[str] = field(default_factory=list)  # every name and alias key, for rapidfuzz
    key_owner: array[int] = field(default_factory=lambda: array("q"))  # the owner of each key
    by_key: dict[str, int] = field(default_factory=dict)
    # Most tokens name one owner: a sorted tuple costs a quarter of a set.
    by_token: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_prefix: dict[str, array[int]] = field(default_factory=dict)  # word prefix -> key indexes

    def candidates(self, key: str) -> dict[int, str]:
        """Keys sharing a word prefix with `key` (a typo rarely changes both words' starts);
        every key when none does."""
        indexes = {i for token in key.split() for i in self.by_prefix.get(token[:PREFIX], ())}
        if not indexes:
            return dict(enumerate(self.keys))
        return {i: self.keys[i] for i in indexes}


def build_owner_directory(
    owners: Iterable[tuple[int, str, bool]], aliases: Iterable[tuple[int, str]], version: int = 0
) -> OwnerDirectory:
    """The directory of these owners (id, name, is a team) and aliases (owner id, alias), read
    once each, in order: a name's key comes before its aliases' and the first owner of a key
    keeps it."""
    names = GatheredNames()
    teams: set[int] = set()
    keys: list[str] = []
    key_owner = array("q")
    by_key: dict[str, int] = {}
    by_token: dict[str, set[int]] = {}
    by_prefix: dict[str, array[int]] = {}

    def add(owner_id: int, spelling: str) -> None:
        key = name_key(spelling)
        if not key:
            return
        by_key.setdefault(key, owner_id)
        index = len(keys)
        keys.append(key)
        key_owner.append(owner_id)
        for token in key.split():
            if len(token) > 1 and token not in ("and", "&"):
                by_token.setdefault(token, set()).add(owner_id)
            by_prefix.setdefault(token[:PREFIX], array("i")).append(index)

    for owner_id, name, is_team in owners:
        names.add(owner_id, name)
        if is_team:
            teams.add(owner_id)
        add(owner_id, name)
    for owner_id, alias in aliases:
        add(owner_id, alias)
    owner_names = names.table()
    return OwnerDirectory(
        version=version,
        names=owner_names,
        people=People(owner_names, frozenset(teams)),
        keys=keys,
        key_owner=key_owner,
        by_key=by_key,
        by_token={token: tuple(sorted(ids)) for token, ids in by_token.items()},
        by_prefix=by_prefix,
    )


class OwnerDirectoryCache:
    """Per-process cache of owner directories, keyed by the workspace's owners generation: a
    random token replaced at every owner change and given afresh to a re-created workspace, so
    a purged and re-imported workspace can never match what was cached before.

    At most `workspaces` are kept, the least recently used dropped first (as VocabularyCache): a
    worker serving many councils would otherwise hold every one's owners for as long as it runs."""

    def __init__(self, workspaces: int = 8) -> None:
        self._lock = threading.Lock()
        self._directories: OrderedDict[str, OwnerDirectory] = OrderedDict()
        self._limit = max(1, workspaces)
        self._building: dict[str, threading.Lock] = {}

    def get(self, session: Session, workspace_id: str) -> OwnerDirectory:
        row = session.execute(
            select(Workspace.owners_generation, Workspace.owners_version).where(Workspace.team_id == workspace_id)
        ).first()
        stamp = (row[0], row[1] or 0) if row is not None else (None, 0)
        cached = self._current(workspace_id, stamp)
        if cached is not None:
            return cached
        # One load per workspace at a time (as VocabularyCache): requests that miss together wait
        # for the one load instead of each holding a directory of their own.
        with self._lock:
            building = self._building.setdefault(workspace_id, threading.Lock())
        with building:
            cached = self._current(workspace_id, stamp)
            if cached is not None:
                return cached
            directory = load_owner_directory(session, workspace_id, stamp[1])
            directory.stamp = stamp
            with self._lock:
                self._directories[workspace_id] = directory
                self._directories.move_to_end(workspace_id)
                while len(self._directories) > self._limit:
                    self._directories.popitem(last=False)
        return directory

    def _current(self, workspace_id: str, stamp: tuple[object, int]) -> OwnerDirectory | None:
        with self._lock:
            cached = self._directories.get(workspace_id)
            if cached is not None:
                self._directories.move_to_end(workspace_id)
        return cached if cached is not None and stamp[0] is not None and cached.stamp == stamp else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._directories)

    def forget(self, workspace_id: str) -> None:
        with self._lock:
            self._directories.pop(workspace_id, None)

    def unchecked(self) -> UncheckedOwnerDirectories:
        """This cache's directories for one request that checks their stamp itself (see below)."""
        return UncheckedOwnerDirectories(self)

    def held(self, workspace_id: str) -> OwnerDirectory | None:
        """The directory held for the workspace, as it is: not checked against the store."""
        with self._lock:
            return self._directories.get(workspace_id)


class UncheckedOwnerDirectories(OwnerDirectoryCache):
    """A cache's directories handed out without reading the workspace's owners stamp first, for
    one request that reads the stamp in its own statement instead (store.listing: the list's
    page statement), saving a round trip. The request must compare `used` with what it read and
    start again with the checked cache when they differ. A directory not held yet, or one whose
    workspace has no generation, is read the checked way and needs no comparing."""

    def __init__(self, checked: OwnerDirectoryCache) -> None:
        super().__init__()
        self.checked = checked
        self.used: dict[str, tuple[str | None, int]] = {}

    def get(self, session: Session, workspace_id: str) -> OwnerDirectory:
        held = self.checked.held(workspace_id)
        if held is None or held.stamp[0] is None:
            return self.checked.get(session, workspace_id)
        self.used[workspace_id] = held.stamp
        return held

    def forget(self, workspace_id: str) -> None:
        self.checked.forget(workspace_id)


# The workspace's owners stamp (generation, version) and after it its plans generation, for a
# statement that checks the owner directory and the vocabulary alongside its work (store.listing).
def owners_stamp_columns(workspace_id: Any) -> list[Any]:
    return [
        select(Workspace.owners_generation).where(Workspace.team_id == workspace_id).scalar_subquery(),
        select(Workspace.owners_version).where(Workspace.team_id == workspace_id).scalar_subquery(),
        select(Workspace.plans_generation).where(Workspace.team_id == workspace_id).scalar_subquery(),
    ]


STAMP_WIDTH = 3  # how many columns owners_stamp_columns adds


def load_owner_directory(session: Session, workspace_id: str, version: int = 0) -> OwnerDirectory:
    # Rows are read as they are built from, never gathered in lists first: a million-action
    # workspace has 50,000 owners, and every temporary copy left the worker larger for good.
    directory = build_owner_directory(
        streamed(session, select(Owner.id, Owner.name, Owner.is_team).where(Owner.workspace_id == workspace_id).order_by(Owner.id)),
        streamed(session, select(OwnerAlias.owner_id, OwnerAlias.alias).where(OwnerAlias.workspace_id == workspace_id).order_by(OwnerAlias.id)),
        version,
    )
    give_back_freed_memory()
    return directory


def resolve_owner(
    session: Session,
    workspace_id: str,
    typed: str,
    *,
    cache: OwnerDirectoryCache | None = None,
) -> Owner:
    """Find the one owner someone meant: exact name or alias, a unique first name or surname,
    or a close spelling. Raises AmbiguousOwner with candidates, or UnknownOwner with suggestions."""
    directory = cache.get(session, workspace_id) if cache is not None else load_owner_directory(
        session, workspace_id
    )
    owner = owner_by_id(session, workspace_id, match_owner(directory, typed))
    if owner is None and cache is not None:
        # The cache was older than the store (a row changed under it): read it again, once.
        cache.forget(workspace_id)
        owner = owner_by_id(session, workspace_id, match_owner(cache.get(session, workspace_id), typed))
    if owner is None:
        raise UnknownOwner(typed)
    return owner


@dataclass(frozen=True)
class OwnerMatch:
    """The owner someone meant, as the directory knows it."""

    id: int
    name: str
    # Typed as one of the owner's names or aliases exactly (ignoring case and punctuation).
    exact: bool


def match_owner_named(
    session: Session, workspace_id: str, typed: str, *, cache: OwnerDirectoryCache | None = None
) -> OwnerMatch:
    """resolve_owner for filters, which need only the owner's id and name: the directory has
    both, and the cache has just checked it against the workspace's owners generation in this
    session, so reading the Owner row (and the exact-spelling lookup) again adds nothing but
    statements. Raises as resolve_owner does."""
    directory = cache.get(session, workspace_id) if cache is not None else load_owner_directory(session, workspace_id)
    owner_id = match_owner(directory, typed)
    return OwnerMatch(owner_id, directory.names[owner_id], exact=name_key(typed) in directory.by_key)


def owner_by_id(session: Session, workspace_id: str, owner_id: int) -> Owner | None:
    """The owner with this id if it belongs to this workspace: ids come from caches and buttons,
    and must never reach another workspace's rows."""
    owner = session.get(Owner, owner_id)
    return owner if owner is not None and owner.workspace_id == workspace_id else None


def match_owner(directory: OwnerDirectory, typed: str) -> int:
    """The owner id `typed` names in this directory; the pure core of resolve_owner."""
    key = name_key(typed)
    if not key:
        raise UnknownOwner(typed)
    if key in directory.by_key:
        return directory.by_key[key]
    tokens = key.split()
    if len(tokens) == 1 and tokens[0] in directory.by_token:
        owners = directory.by_token[tokens[0]]
        if len(owners) == 1:
            return next(iter(owners))
        raise AmbiguousOwner(typed, _candidates(directory, owners, 100.0))
    best = _fuzzy_scores(directory, key)
    if not best:
        raise UnknownOwner(typed)
    ranked = sorted(best.items(), key=lambda item: (-item[1], directory.names[item[0]]))
    top_id, top_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if top_score >= ACCEPT_SCORE and top_score - runner_up >= CLEAR_MARGIN:
        return top_id
    close = [(oid, score) for oid, score in ranked if score >= top_score - CLEAR_MARGIN]
    if top_score >= ACCEPT_SCORE and len(close) > 1:
        raise AmbiguousOwner(typed, [_candidate(directory, oid, s) for oid, s in close[:5]])
    suggestions = [
        _candidate(directory, oid, score)
        for oid, score in ranked
        if _resemblance(key, directory.names[oid]) >= SUGGEST_RESEMBLANCE
    ]
    raise UnknownOwner(typed, suggestions[:3])


def _resemblance(key: str, name: str) -> float:
    """How much a typed name looks like an owner's, as a whole or word for word. WRatio alone
    rewards any short string found inside a long name ("zed" in "Grace Whitfield")."""
    name_k = name_key(name)
    scores = [fuzz.token_sort_ratio(key, name_k)]
    scores.extend(fuzz.ratio(key, token) for token in name_k.split())
    return max(scores)


def _fuzzy_scores(directory: OwnerDirectory, key: str) -> dict[int, float]:
    best: dict[int, float] = {}
    for _choice, score, index in process.extract(
        key,
        directory.candidates(key),
        scorer=fuzz.WRatio,
        limit=12,
        score_cutoff=SUGGEST_SCORE,
    ):
        owner_id = directory.key_owner[index]
        if score > best.get(owner_id, 0.0):
            best[owner_id] = score
    return best


def _candidate(directory: OwnerDirectory, owner_id: int, score: float) -> OwnerCandidate:
    return OwnerCandidate(owner_id=owner_id, name=directory.names[owner_id], score=score)


def _candidates(directory: OwnerDirectory, owner_ids: Iterable[int], score: float) -> list[OwnerCandidate]:
    return sorted(
        (_candidate(directory, oid, score) for oid in owner_ids), key=lambda c: c.name
    )


def with_action_counts(session: Session, candidates: list[OwnerCandidate]) -> list[OwnerCandidate]:
    """Fill in how many actions each candidate owns, for "did you mean Linda Mann (14 actions)?"."""
    if not candidates:
        return candidates
    counts = dict(
        session.execute(
            select(ActionOwner.owner_id, func.count())
            .where(ActionOwner.owner_id.in_([c.owner_id for c in candidates]))
            .group_by(ActionOwner.owner_id)
        ).all()
    )
    for candidate in candidates:
        candidate.action_count = counts.get(candidate.owner_id, 0)
    return candidates


def find_owner_exact(session: Session, workspace_id: str, name: str) -> Owner | None:
    """The owner whose name or alias is exactly this spelling (ignoring case and punctuation)."""
    key = name_key(name)
    owner = session.scalar(
        select(Owner).where(Owner.workspace_id == workspace_id, Owner.name_key == key)
    )
    if owner is not None:
        return owner
    return session.scalar(
        select(Owner)
        .join(OwnerAlias, OwnerAlias.owner_id == Owner.id)
        .where(OwnerAlias.workspace_id == workspace_id, OwnerAlias.alias_key == key)
    )


def get_or_create_owner(
    session: Session, workspace_id: str, name: str, *, is_team: bool = False
) -> tuple[Owner, bool]:
    """The owner with this name or alias, created if new. Returns (owner, created)."""
    owner = find_owner_exact(session, workspace_id, name)
    if owner is not None:
        return owner, False
    owner = Owner(workspace_id=workspace_id, name=name.strip(), name_key=name_key(name), is_team=is_team)
    session.add(owner)
    session.flush()
    bump_owners_version(session, workspace_id)
    return owner, True


def add_alias(session: Session, owner: Owner, alias: str) -> bool:
    """Record another spelling of an owner's name. False if it is already known."""
    key = name_key(alias)
    if not key or key == owner.name_key:
        return False
    existing = session.scalar(
        select(OwnerAlias).where(
            OwnerAlias.workspace_id == owner.workspace_id, OwnerAlias.alias_key == key
        )
    )
    if existing is not None:
        return False
    session.add(
        OwnerAlias(workspace_id=owner.workspace_id, owner_id=owner.id, alias=alias.strip(), alias_key=key)
    )
    session.flush()
    bump_owners_version(session, owner.workspace_id)
    return True


def bump_owners_version(session: Session, workspace_id: str) -> None:
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == workspace_id)
        .values(owners_version=Workspace.owners_version + 1, owners_generation=new_generation())
    )
