"""Listing actions: what `/actions`, `/overdue` and `/mine` ask of the store, as data.

The service reads a query, applies the rules of the kind of list, and returns one page with its
totals. It knows nothing of Slack: handlers word and render the `Listing` it returns, and turn the
domain errors it raises (QuerySyntaxError, UnknownOwner, AmbiguousOwner, UnknownPlan) into replies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from sqlalchemy.orm import Session

from store.errors import AmbiguousOwner, UnknownOwner, UnknownPlan
from store.owners import OwnerDirectoryCache, resolve_owner
from store.permissions import Person
from store.queries import ActionFilter, count_actions_by
from store.query_language import ActionQuery, ResolvedQuery, build_filter, parse_action_query
from store.status import OPEN_STATUSES
from store.summaries import ActionSummary
from store.summary_page import list_page
from store.vocabulary import Vocabulary, check_vocabulary, check_vocabulary_stamp


class NotLinked(Exception):
    """`/mine` asked by someone not linked to any owner: there is nothing to call theirs."""


class ListKind(str, Enum):
    """A kind of action list, with the rules it adds to whatever the query asks."""

    ACTIONS = "actions"
    OVERDUE = "overdue"
    MINE = "mine"

    @property
    def needs_owner_link(self) -> bool:
        return self is ListKind.MINE

    @property
    def shows_headline_counts(self) -> bool:
        # Every action on an overdue list is overdue: counting them again says nothing.
        return self is not ListKind.OVERDUE

    @property
    def groups_by_owner(self) -> bool:
        return self is ListKind.OVERDUE

    def narrow(self, flt: ActionFilter, query: ActionQuery, today: date) -> None:
        """The statuses and dates this kind implies, whatever the query said about them."""
        if self is ListKind.OVERDUE:
            flt.overdue_on = today
            flt.statuses = None

    def narrow_to_viewer(self, flt: ActionFilter, query: ActionQuery, viewer: Person | None) -> None:
        """`/mine` is the viewer's own actions, still open unless the query names statuses."""
        if self is ListKind.MINE and viewer is not None:
            flt.owner_ids = sorted(viewer.owner_ids)
            if not query.statuses:
                flt.statuses = sorted(OPEN_STATUSES, key=lambda s: s.value)

    def title(self, resolved: ResolvedQuery) -> str:  # type: ignore[override]  # the kind's title, not str.title
        """'Open actions owned by Linda Mann, due this month' — statuses first, then the rest."""
        if self is ListKind.MINE:
            rest = ", ".join([*resolved.status_words, *resolved.description])
            return f"Your actions{' (' + rest + ')' if rest else ' still open'}"
        statuses = [w for w in resolved.status_words if not (self is ListKind.OVERDUE and w == "overdue")]
        noun = "actions"
        if self is ListKind.OVERDUE:
            statuses.insert(0, "overdue")
        if statuses:
            noun = f"{' or '.join(statuses)} actions"
        elif not resolved.description:
            noun = "all actions"
        rest = ", ".join(resolved.description)
        title = f"{noun} {rest}".strip()
        return title[0].upper() + title[1:]

    def empty_hint(self, owner_name: str | None) -> str:
        """What an empty list says; `owner_name` as the caller wants it shown (escaped, say)."""
        if self is ListKind.MINE:
            return ":tada: Nothing open is yours right now."
        if self is ListKind.OVERDUE:
            return ":tada: Nothing is overdue" + (f" for {owner_name}." if owner_name else ".")
        return "No actions match. Try fewer filters, or `/actions help` for examples."


@dataclass
class PersonHint:
    """Text searched for found nothing, but the words look like a person's name."""

    words: str
    owner_names: list[str]


@dataclass
class Listing:
    """One page of a list of actions (or, for `count:`, the counts), with what it was read as."""

    kind: ListKind
    query: ActionQuery
    resolved: ResolvedQuery
    offset: int = 0
    items: list[ActionSummary] = field(default_factory=list)
    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    counts: list[tuple[str, int]] | None = None
    person_hint: PersonHint | None = None

    @property
    def title(self) -> str:
        return self.kind.title(self.resolved)


# Only an unquoted owner:/plan: value needs the workspace's names to see where it ends.
_UNQUOTED_NAME = re.compile(r"(?i)(?:^|\s)-?(?:owner|owners|who|lead|by|plan|in):[^\s\"']")


def needs_vocabulary(query_text: str) -> bool:
    return _UNQUOTED_NAME.search(query_text) is not None


def read_list_query(query_text: str, *, today: date, vocabulary: Vocabulary | None = None) -> ActionQuery:
    """The query as typed, parsed; raises QuerySyntaxError."""
    return parse_action_query(query_text, today=today, vocabulary=vocabulary)


def list_actions(
    session: Session,
    workspace_id: str,
    query: ActionQuery,
    kind: ListKind,
    *,
    today: date,
    now: datetime,
    viewer: Person | None = None,
    offset: int = 0,
    limit: int = 10,
    owner_cache: OwnerDirectoryCache | None = None,
    check_owners_first: bool = False,
    read_with: Vocabulary | None = None,
) -> Listing:
    """One page of the actions `query` asks for, under the rules of `kind`.

    Raises UnknownOwner, AmbiguousOwner or UnknownPlan from resolving the query, and NotLinked
    for `/mine` asked by someone linked to no owner. `check_owners_first` is for the second try
    below: the owner directory is checked against the store before it is used.

    `read_with` is the vocabulary a question was read with when it was not checked against the
    store first (VocabularyCache.held): the page's statement reads the workspace's stamp too, and
    StaleVocabulary is raised, before anything is answered, when the names have changed since."""
    if kind.needs_owner_link and (viewer is None or not viewer.owner_ids):
        raise NotLinked()
    # Owners named in the query are resolved from the cached directory as it is, and the page's
    # one statement reads the workspace's owners stamp too (a round trip fewer than checking the
    # stamp first). When the directory turns out to be older than the store, or it did not know
    # the name, everything is done again with the checked cache: the reply is never answered
    # from a directory older than the statement that read the page.
    use_unchecked = owner_cache is not None and not check_owners_first and not query.count_by
    unchecked = owner_cache.unchecked() if owner_cache is not None and use_unchecked else None
    try:
        try:
            resolved = build_filter(session, workspace_id, query, today=today, now=now, cache=unchecked if unchecked is not None else owner_cache)
        except (UnknownOwner, AmbiguousOwner):
            if unchecked is None or not unchecked.used:
                raise
            unchecked = None
            resolved = build_filter(session, workspace_id, query, today=today, now=now, cache=owner_cache)
    except (UnknownOwner, AmbiguousOwner, UnknownPlan):
        # A name the question's reading did not know may be one added since: never say so from old names.
        if read_with is not None:
            check_vocabulary(session, read_with, workspace_id)
        raise
    listing = Listing(kind=kind, query=query, resolved=resolved, offset=offset)
    kind.narrow(resolved.filter, query, today)
    if query.count_by:
        if read_with is not None:
            check_vocabulary(session, read_with, workspace_id)
        listing.counts = count_actions_by(session, workspace_id, resolved.filter, query.count_by)
        return listing
    kind.narrow_to_viewer(resolved.filter, query, viewer)
    stamp = unchecked.used.get(workspace_id) if unchecked is not None else None
    # The total and the header's counts in one statement, then the page as plain columns.
    page = list_page(session, workspace_id, resolved.filter, today=today, now=now, limit=limit, offset=offset,
                     headline_counts=kind.shows_headline_counts, owners_stamp=stamp is not None or read_with is not None)
    if read_with is not None and page.owners_stamp is not None:
        check_vocabulary_stamp(read_with, workspace_id, page.owners_stamp[0], page.plans_generation)
    if stamp is not None and page.owners_stamp != stamp:
        return list_actions(session, workspace_id, query, kind, today=today, now=now, viewer=viewer, offset=offset,
                            limit=limit, owner_cache=owner_cache, check_owners_first=True)
    listing.total, listing.items = page.total, page.items
    if kind.shows_headline_counts:
        listing.overdue, listing.due_soon = page.overdue, page.due_soon
    if listing.total == 0 and resolved.filter.text and not query.owner:
        listing.person_hint = _person_hint(session, workspace_id, query, owner_cache)
    return listing


def _person_hint(session: Session, workspace_id: str, query: ActionQuery, cache: OwnerDirectoryCache | None) -> PersonHint | None:
    words = query.words or query.text or ""
    try:
        owner = resolve_owner(session, workspace_id, words, cache=cache)
    except (UnknownOwner, AmbiguousOwner) as problem:
        candidates = problem.candidates if isinstance(problem, AmbiguousOwner) else problem.suggestions
        if not candidates:
            return None
        return PersonHint(words, [c.name for c in candidates[:2]])
    return PersonHint(words, [owner.name])
