"""What a workspace calls things: its owners, teams and plans, as the words people type.

Questions and unquoted `owner:`/`plan:` values are read by recognising these names in the text,
so the reader knows "Linda Mann", "the Finance team" and "the parking review" only because this
workspace has them. One Vocabulary is built per workspace and kept while nothing it was built
from has changed (see VocabularyCache for what "changed" means).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import streamed
from store.models import Owner, OwnerAlias, Plan, Workspace
from store.name_tables import GatheredNames, IdsByKey, NamesById, SortedWords, give_back_freed_memory
from store.owners import name_key

# Words that say what kind of thing a plan or team is, not which one: "review", "team".
GENERIC_WORDS = frozenset(
    """a an and the of for to in on by with at from action actions plan plans scrutiny review reviews
    panel committee recommendation recommendations report update updated summary appendix council
    borough county city district london metropolitan services service social v1 version draft final
    tracker team teams group groups board task finish best value october november december january
    february march april may june july august september 2003 2004 2005 2006 2007 2008 2009 2010
    2011 2012 2024 2025 2026 2027 integrated operational adult adults children children's
    community communities new old home""".split()
)
# Words of ordinary questions that must never be taken for a name by a near spelling ("late" is
# not "Kate", "done" is not "Dona"). Exact names are still recognised.
ORDINARY_WORDS = frozenset(
    """what whats which who whom whose is are was were be been being do does did have has had got get
    show me us tell find give any anything all the a an of for in on at to by with and or please can
    you could would there that this these those actions action items item things thing stuff still yet
    now currently right hi hey hello i we our my it its due how many much about everything anyone
    everyone some need needs needed from up out just kindly thanks ok okay so then look like want know
    let lets see view check whole full current doing happening going his her their plate desk agenda
    late open done closed overdue blocked paused stuck started begun finished complete completed
    progress behind missed slipped slipping moved changed updated update updates recent recently
    last few days day week weeks month months year years today tomorrow next soon coming upcoming
    before after since until owner owners owned own owns lead leads leading led manage manages
    managing handle handles handling responsible work works working bits bit tasks task jobs job list
    plan plans team teams red amber green rag rated rejected accepted noted reject accept response
    responses cabinet executive council recommendations recommendation recurring ongoing repeat
    repeating regular count counts each every per number total group grouped status state statuses
    nobody no not none without never unassigned unowned ever more than once twice times time other
    else where when why also only new old good bad yes well back over under into onto off again
    said says say still look looking asked ask tell told give given being been long longer""".split()
)

# A near spelling never scores above this, so a name found exactly always wins over one guessed.
FUZZY_SCORE = 89.0


def words_of(text: str) -> list[str]:
    return name_key(text).split()


def singular(word: str) -> str:
    """A light singular form, so "libraries" finds "Library" and "repairs" finds "Repair"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _ngrams(words: list[str]) -> Iterable[str]:
    for n in range(1, min(len(words), 8) + 1):
        for i in range(len(words) - n + 1):
            yield " ".join(words[i : i + n])


@dataclass
class OwnerHit:
    owner_ids: frozenset[int]
    score: float
    exact: bool


@dataclass
class PlanHit:
    plan_ids: frozenset[int]
    phrase: str
    score: float



@dataclass
class Vocabulary:
    """Every name a workspace knows, indexed for reading text; pure once built (by build).

    Every worker keeps one per workspace, and a million-action workspace has tens of thousands of
    names and plan phrases, so the big indexes are the compact read-only tables of
    store.name_tables (ids sorted and unique per key; each word and phrase one shared string)."""

    version: tuple[object, ...] = ()
    owner_names: NamesById = field(default_factory=NamesById)
    teams: frozenset[int] = frozenset()
    owner_by_key: IdsByKey = field(default_factory=IdsByKey)
    person_token: dict[str, tuple[int, ...]] = field(default_factory=dict)
    team_token: dict[str, tuple[int, ...]] = field(default_factory=dict)
    owner_ngrams: SortedWords = field(default_factory=SortedWords)
    owner_keys_by_start: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    tokens_by_start: dict[str, list[str]] = field(default_factory=dict)
    plan_codes: dict[str, int] = field(default_factory=dict)
    code_of: NamesById = field(default_factory=NamesById)
    plan_labels: NamesById = field(default_factory=NamesById)
    plan_by_phrase: IdsByKey = field(default_factory=IdsByKey)
    plan_words_by_start: dict[str, list[str]] = field(default_factory=dict)
    plan_words: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        owners: Iterable[tuple[int, str, bool]],
        aliases: Iterable[tuple[int, str]],
        plans: Iterable[tuple[int, str, str, str | None, str | None]],
        version: tuple[object, ...] = (),
    ) -> Vocabulary:
        """Each iterable is read once, in order (owners before aliases, so an alias of an owner
        not listed is left out)."""
        building = _Building()
        for owner_id, name, is_team in owners:
            building.add_owner(owner_id, name, is_team)
        building.owners_read()
        for owner_id, alias in aliases:
            building.add_alias(owner_id, alias)
        for plan_id, code, title, council, committee in plans:
            building.add_plan(plan_id, code, title, council, committee)
        return building.vocabulary(version)

    # Reading `owner:` and `plan:` values: how far a name runs.

    def continues_owner(self, key: str) -> bool:
        """Whether these words are (part of) a name, alias or team the workspace knows."""
        if key in self.owner_ngrams or key in self.owner_by_key:
            return True
        words = key.split()
        return len(words) > 1 and self._fuzzy_owner_key(key) is not None

    def continues_plan(self, key: str) -> bool:
        return key in self.plan_codes or key in self.plan_by_phrase or self._stemmed(key) in self.plan_by_phrase

    # Reading questions: which owner or plan a span of words names.

    def owner_hit(self, words: list[str], *, typed_upper: bool = False) -> OwnerHit | None:
        """The owner(s) these words name. `typed_upper` marks a word typed in capitals ("IT"),
        which may be a short team name even where it is also an ordinary word."""
        key = " ".join(words)
        named = self.owner_by_key.get(key)
        if named:
            return OwnerHit(frozenset(named), 100.0, True)
        if len(words) == 1:
            word = words[0]
            people = self.person_token.get(word)
            if people:
                return OwnerHit(frozenset(people), 100.0, False)
            if typed_upper and len(self.team_token.get(word, ())) == 1:
                return OwnerHit(frozenset(self.team_token[word]), 90.0, False)
            if word in ORDINARY_WORDS or len(word) < 4:
                return None
            teams = self.team_token.get(word)
            if teams and len(teams) == 1:
                return OwnerHit(frozenset(teams), 90.0, False)
            return self._fuzzy_person_token(word)
        fuzzy = self._fuzzy_owner_key(key)
        if fuzzy is not None:
            return fuzzy
        if words[-1] in ("team", "teams"):
            # "the repairs team" for "Housing Repairs Team": every typed word is in one team's name.
            wanted = [w for w in words[:-1] if w not in GENERIC_WORDS]
            found: set[int] | None = None
            for word in wanted:
                ids = {*self.team_token.get(word, ()), *self.team_token.get(singular(word), ())}
                found = ids if found is None else found & ids
            if found and len(found) == 1:
                return OwnerHit(frozenset(found), 92.0, False)
        return None

    def plan_hit(self, words: list[str], typed: list[str]) -> PlanHit | None:
        key = " ".join(words)
        if len(words) == 1 and key in self.plan_codes and (typed[0].isupper() or len(key) > 2 or key not in ORDINARY_WORDS):
            return PlanHit(frozenset({self.plan_codes[key]}), key.upper(), 100.0)
        for phrase in (key, self._stemmed(key)):
            ids = self.plan_by_phrase.get(phrase)
            if ids:
                return PlanHit(frozenset(ids), key, 100.0 if len(words) > 1 else 95.0)
        if len(words) == 1 and len(key) >= 6 and key not in ORDINARY_WORDS:
            choices = self.plan_words_by_start.get(key[0], [])
            best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=86)
            if best is not None:
                return PlanHit(frozenset(self.plan_by_phrase[best[0]]), best[0], float(best[1]))
        return None

    def plan_label_words(self, plan_ids: frozenset[int]) -> set[str]:
        """Every word of these plans' titles, councils and committees (and their singulars)."""
        found: set[str] = set()
        for plan_id in plan_ids:
            found.update(self.plan_words.get(plan_id, ()))
        return found

    def plan_value(self, hit: PlanHit) -> str:
        """What to type after `plan:` for this hit: the code when it names one plan."""
        if len(hit.plan_ids) == 1:
            return self.code_of[next(iter(hit.plan_ids))]
        return hit.phrase

    def owner_value(self, hit: OwnerHit, typed: str) -> str:
        if len(hit.owner_ids) == 1:
            return self.owner_names[next(iter(hit.owner_ids))]
        return typed

    def _stemmed(self, key: str) -> str:
        return " ".join(singular(w) for w in key.split())

    def _fuzzy_owner_key(self, key: str) -> OwnerHit | None:
        words = key.split()
        choices = self.owner_keys_by_start.get((key[0], len(words)), [])
        if not choices:
            return None
        # Two slips in a full name ("Lynda Man") still score about 84; ordinary phrases of the same
        # shape and first letter score far lower.
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=82, limit=4)
        if not found:
            return None
        # Word by word, so "Eli Chowhury" is Eli Chowdhury rather than Elin Chowdhury: a slip in
        # one word should not count against a name whose other words match exactly.
        ranked = sorted(
            ((sum(fuzz.ratio(a, b) for a, b in zip(words, choice.split(), strict=True)) / len(words), choice) for choice, _, _ in found),
            reverse=True,
        )
        score, best = ranked[0]
        ids = set(self.owner_by_key[best])
        if len(ranked) > 1 and ranked[1][0] > score - 3:
            ids.update(self.owner_by_key[ranked[1][1]])
        return OwnerHit(frozenset(ids), min(score, FUZZY_SCORE), False)

    def _fuzzy_person_token(self, word: str) -> OwnerHit | None:
        choices = self.tokens_by_start.get(word[0], [])
        cutoff = 88 if len(word) <= 5 else 85
        found = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=2)
        if not found:
            return None
        best, score, _ = found[0]
        ids = set(self.person_token[best])
        if len(found) > 1 and found[1][1] == score:
            ids.update(self.person_token[found[1][0]])
        return OwnerHit(frozenset(ids), min(float(score), FUZZY_SCORE), False)


def _gather(index: dict[str, int | list[int]], key: str, found: int) -> None:
    """Add an id to a key's while building: most keys name one owner or plan, so a key holds its
    first id alone and becomes a list only at its second (a list per key was a quarter of the peak)."""
    gathered = index.get(key)
    if gathered is None:
        index[key] = found
    elif isinstance(gathered, int):
        index[key] = [gathered, found]
    else:
        gathered.append(found)


class _Building:
    """What a Vocabulary is built from, gathered while reading rows. Ids are gathered in lists
    (a set per key would double the peak while building), each word and phrase is one shared
    string, and the tables are made once at the end: everything here is short-lived, and its
    peak is what the worker keeps afterwards as free space of its allocator."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.names = GatheredNames()
        self.owner_names = NamesById()
        self.teams: set[int] = set()
        self.owner_by_key: dict[str, int | list[int]] = {}
        self.person_token: dict[str, list[int]] = {}
        self.team_token: dict[str, list[int]] = {}
        self.owner_ngrams: set[str] = set()
        self.owner_keys_by_start: dict[tuple[str, int], set[str]] = {}
        self.tokens_by_start: dict[str, set[str]] = {}
        self.plan_codes: dict[str, int] = {}
        self.codes = GatheredNames()
        self.labels = GatheredNames()
        self.plan_by_phrase: dict[str, int | list[int]] = {}
        self.plan_words_by_start: dict[str, set[str]] = {}
        self.plan_words: dict[int, set[str]] = {}

    def shared(self, text: str) -> str:
        """One string object for each distinct word or phrase (sys.intern would keep a table of
        them for the life of the process)."""
        return self.strings.setdefault(text, text)

    def add_owner(self, owner_id: int, name: str, is_team: bool) -> None:
        self.names.add(owner_id, name)
        if is_team:
            self.teams.add(owner_id)
        self.add_owner_spelling(owner_id, name)

    def owners_read(self) -> None:
        self.owner_names = self.names.table()
        self.names = GatheredNames()

    def add_alias(self, owner_id: int, alias: str) -> None:
        if owner_id in self.owner_names:
            self.add_owner_spelling(owner_id, alias)

    def add_owner_spelling(self, owner_id: int, spelling: str) -> None:
        words = [self.shared(w) for w in words_of(spelling)]
        if not words:
            return
        key = self.shared(" ".join(words))
        _gather(self.owner_by_key, key, owner_id)
        is_team = owner_id in self.teams
        if is_team and words[-1] in ("team", "teams", "group", "service", "services") and len(words) > 1:
            # "the Finance team" names "Finance Team"; so does "Finance".
            _gather(self.owner_by_key, self.shared(" ".join(words[:-1])), owner_id)
        elif is_team:
            _gather(self.owner_by_key, self.shared(key + " team"), owner_id)
        self.owner_ngrams.update(self.shared(n) for n in _ngrams(words))
        self.owner_keys_by_start.setdefault((key[0], len(words)), set()).add(key)
        tokens = self.team_token if is_team else self.person_token
        for token in words:
            if len(token) > 1 and token not in ("and", "&") and not (is_team and token in GENERIC_WORDS):
                tokens.setdefault(token, []).append(owner_id)
                if not is_team:
                    self.tokens_by_start.setdefault(token[0], set()).add(token)

    def add_plan(self, plan_id: int, code: str, title: str, council: str | None, committee: str | None) -> None:
        self.plan_codes[code.lower()] = plan_id
        self.codes.add(plan_id, code.upper())
        self.labels.add(plan_id, f"{code} ({title})")
        words_of_plan = self.plan_words.setdefault(plan_id, set())
        for label in (title, council or "", committee or ""):
            words = [self.shared(w) for w in words_of(label)]
            words_of_plan.update(words)
            words_of_plan.update(self.shared(singular(w)) for w in words)
            for phrase in _ngrams(words):
                parts = phrase.split()
                if all(p in GENERIC_WORDS or p.isdigit() for p in parts):
                    continue
                if len(parts) == 1 and (len(phrase) < 3 or phrase in ORDINARY_WORDS):
                    continue
                phrase = self.shared(phrase)
                _gather(self.plan_by_phrase, phrase, plan_id)
                stemmed = " ".join(singular(p) for p in parts)
                if stemmed != phrase:
                    _gather(self.plan_by_phrase, self.shared(stemmed), plan_id)
                if len(parts) == 1 and len(phrase) >= 5:
                    self.plan_words_by_start.setdefault(phrase[0], set()).add(phrase)

    def vocabulary(self, version: tuple[object, ...]) -> Vocabulary:
        def ids(index: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
            return {key: tuple(sorted(set(found))) for key, found in index.items()}

        def sorted_lists(index: dict[Any, set[str]]) -> dict[Any, list[str]]:
            return {start: sorted(keys) for start, keys in index.items()}

        return Vocabulary(
            version=version,
            owner_names=self.owner_names,
            teams=frozenset(self.teams),
            owner_by_key=IdsByKey(self.owner_by_key),
            person_token=ids(self.person_token),
            team_token=ids(self.team_token),
            owner_ngrams=SortedWords(self.owner_ngrams),
            owner_keys_by_start=sorted_lists(self.owner_keys_by_start),
            tokens_by_start=sorted_lists(self.tokens_by_start),
            plan_codes=self.plan_codes,
            code_of=self.codes.table(),
            plan_labels=self.labels.table(),
            plan_by_phrase=IdsByKey(self.plan_by_phrase),
            plan_words_by_start=sorted_lists(self.plan_words_by_start),
            plan_words={plan_id: tuple(sorted(words)) for plan_id, words in self.plan_words.items()},
        )


EMPTY = Vocabulary()


def vocabulary_version(session: Session, workspace_id: str) -> tuple[object, ...]:
    """What the vocabulary was built from, as the workspace row stamps it: its owners generation
    (replaced at every owner or alias change) and plans generation (replaced by triggers at every
    plan added, removed or renamed: store/plans_stamp.py). One row, read before every question's
    answer. Generations never repeat, so a workspace removed and installed again never matches
    what was cached before; a workspace without one (None) never matches anything cached."""
    row = session.execute(
        select(Workspace.owners_generation, Workspace.plans_generation).where(Workspace.team_id == workspace_id)
    ).first()
    return vocabulary_stamp(workspace_id, row)


def vocabulary_stamp(workspace_id: str, row: Sequence[Any] | None) -> tuple[object, ...]:
    owners, plans = (row[0], row[1]) if row is not None else (None, None)
    return (workspace_id, owners, plans)


def _cacheable(version: tuple[object, ...]) -> bool:
    return None not in version


class StaleVocabulary(Exception):
    """A question was read with a cached vocabulary that turned out to be older than the store
    (see VocabularyCache.held): it must be read again with a current one."""


def check_vocabulary(session: Session, vocabulary: Vocabulary, workspace_id: str) -> None:
    """Raise StaleVocabulary unless `vocabulary` is what the workspace's names are now."""
    if vocabulary_version(session, workspace_id) != vocabulary.version or not _cacheable(vocabulary.version):
        raise StaleVocabulary(workspace_id)


def check_vocabulary_stamp(vocabulary: Vocabulary, workspace_id: str, owners_generation: str | None, plans_generation: str | None) -> None:
    """check_vocabulary, against a stamp a statement read alongside its own work."""
    if vocabulary_stamp(workspace_id, (owners_generation, plans_generation)) != vocabulary.version:
        raise StaleVocabulary(workspace_id)


def load_vocabulary(session: Session, workspace_id: str, version: tuple[object, ...] = ()) -> Vocabulary:
    # Rows are read as they are built from, never gathered in lists first (see give_back_freed_memory).
    vocabulary = Vocabulary.build(
        streamed(session, select(Owner.id, Owner.name, Owner.is_team).where(Owner.workspace_id == workspace_id).order_by(Owner.id)),
        streamed(session, select(OwnerAlias.owner_id, OwnerAlias.alias).where(OwnerAlias.workspace_id == workspace_id).order_by(OwnerAlias.id)),
        streamed(
            session,
            select(Plan.id, Plan.code, Plan.title, Plan.council, Plan.committee).where(Plan.workspace_id == workspace_id).order_by(Plan.id),
        ),
        version,
    )
    give_back_freed_memory()
    return vocabulary


class VocabularyCache:
    """Per-process vocabularies, keyed by workspace and rebuilt when its version changes.

    At most `workspaces` are kept, the least recently used dropped first: a worker serving many
    councils would otherwise hold every one's names for as long as it runs."""

    def __init__(self, workspaces: int = 8) -> None:
        self._lock = threading.Lock()
        self._vocabularies: OrderedDict[str, Vocabulary] = OrderedDict()
        self._limit = max(1, workspaces)
        self._building: dict[str, threading.Lock] = {}

    def get(self, session: Session, workspace_id: str) -> Vocabulary:
        version = vocabulary_version(session, workspace_id)
        cached = self._current(workspace_id, version)
        if cached is not None:
            return cached
        # One build per workspace at a time, the others waiting for it: a million-action
        # workspace's vocabulary takes seconds and tens of MB to build, and questions arriving
        # meanwhile each built a copy of their own (one worker peaked at 330 MB instead of ~210).
        with self._lock:
            building = self._building.setdefault(workspace_id, threading.Lock())
        with building:
            cached = self._current(workspace_id, version)
            if cached is not None:
                return cached
            vocabulary = load_vocabulary(session, workspace_id, version)
            with self._lock:
                self._vocabularies[workspace_id] = vocabulary
                self._vocabularies.move_to_end(workspace_id)
                while len(self._vocabularies) > self._limit:
                    self._vocabularies.popitem(last=False)
        return vocabulary

    def _current(self, workspace_id: str, version: tuple[object, ...]) -> Vocabulary | None:
        held = self.held(workspace_id)
        return held if held is not None and held.version == version else None

    def held(self, workspace_id: str) -> Vocabulary | None:
        """The vocabulary held for the workspace, not checked against the store: for a question
        whose answer reads the workspace's stamp in its own statement and reads the question
        again (with `get`) when the stamp says the names have changed (StaleVocabulary)."""
        with self._lock:
            cached = self._vocabularies.get(workspace_id)
            if cached is not None:
                self._vocabularies.move_to_end(workspace_id)
        return cached if cached is not None and _cacheable(cached.version) else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._vocabularies)
