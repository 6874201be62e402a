"""Answers to questions, as messages: the part of every listener after parsing the payload.

Each function opens its own short session, asks the store, and renders with handlers.blocks.
Domain errors become helpful messages here, so every listener (and the console) gets the same
words for the same mistake.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy.orm import Session

from handlers.blocks.action_detail import build_action_detail
from handlers.blocks.action_list import ActionList, CountList, ListState, build_action_list, build_count_list
from handlers.blocks.feedback import (
    build_error,
    build_handle_choices,
    build_help,
    build_no_such_owner,
    build_owner_suggestions,
    build_reading_choices,
)
from handlers.blocks.limits import PAGE_SIZE
from handlers.blocks.problems import as_mrkdwn, build_problem
from handlers.blocks.message import Message, context, header, section
from handlers.blocks.text import escape, literal, plural
from handlers.context import Services
from store.errors import AmbiguousHandle, AmbiguousOwner, OwnerCandidate, UnknownHandle, UnknownOwner, UnknownPlan
from store.handles import as_typed_handle, find_action
from store.listing import ListKind, Listing, list_actions, needs_vocabulary, read_list_query
from store.owners import with_action_counts
from store.queries import (
    ActionFilter,
    find_actions,
    owner_action_counts,
    plans_with_counts,
    status_counts,
    update_history,
)
from store.questions import read_question
from store.query_language import (
    QuerySyntaxError,
    build_filter,
    parse_action_query,
)
from store.permissions import Person
from store.summaries import summarise, summarise_update
from store.summary_page import action_in_full
from store.vocabulary import StaleVocabulary, Vocabulary, check_vocabulary

MAX_QUERY = 500
LIST_KINDS = tuple(k.value for k in ListKind)


def list_reply(
    services: Services,
    workspace_id: str,
    kind: str,
    query_text: str,
    offset: int = 0,
    *,
    shared_by: str | None = None,
    from_question: bool = False,
    viewer: Person | None = None,
    lead: str = "",
    vocabulary: Vocabulary | None = None,
    vocabulary_unchecked: bool = False,
) -> Message:
    """The answer to `/actions <query>` or `/overdue <query>`, one page of it.

    `from_question` marks a query read from plain words: the reply says how it was read, and a
    name that matches no owner is searched for as text instead of being refused. `lead` is a
    line under the list's title (the confirmation of a change made from it). `vocabulary` is the
    one the question was read with, to read the query with too; `vocabulary_unchecked` says it
    was not checked against the store, which the list's statement then does (StaleVocabulary)."""
    query_text = query_text.strip()
    if kind not in LIST_KINDS:
        raise ValueError(kind)
    command = f"/{kind} {query_text}".strip()
    if len(query_text) > MAX_QUERY:
        return build_error(f"That query is {len(query_text):,} characters long; keep it under {MAX_QUERY}.", ["`/actions help`"])
    word = query_text.lower()
    if kind == "actions" and word in ("", "help", "?"):
        return help_reply(services, workspace_id)
    if kind == "actions" and word in ("owners", "people", "who"):
        return owners_reply(services, workspace_id)
    if kind == "actions" and word == "plans":
        return plans_reply(services, workspace_id)
    if kind == "mine" and (viewer is None or not viewer.owner_ids):
        return build_error(
            "You aren't linked to an owner yet, so I don't know which actions are yours.",
            ['`/link me "Your Name"` (a scrutiny officer confirms it)'],
        )
    today, now = services.today(), services.now()
    list_kind = ListKind(kind)
    try:
        if vocabulary is None and needs_vocabulary(query_text):
            vocabulary = vocabulary_of(services, workspace_id)
        query = read_list_query(query_text, today=today, vocabulary=vocabulary)
    except QuerySyntaxError as problem:
        if vocabulary is not None and vocabulary_unchecked:
            with services.reads() as session:
                check_vocabulary(session, vocabulary, workspace_id)
        return build_problem(problem, ["`/actions help`"])
    with services.reads() as session:
        try:
            listing = list_actions(
                session, workspace_id, query, list_kind,
                today=today, now=now, viewer=viewer, offset=offset, limit=PAGE_SIZE, owner_cache=services.owner_cache,
                read_with=vocabulary if vocabulary_unchecked else None,
            )
        except (UnknownOwner, AmbiguousOwner) as problem:
            candidates = problem.candidates if isinstance(problem, AmbiguousOwner) else problem.suggestions
            if problem.typed in query.not_owners and problem.typed != query.owner:
                # The owner to leave out: suggest the exclusions, not buttons that would list them.
                tries = [literal(f'-owner:"{c.name}"') for c in candidates[:3]] or ["`/actions owners`"]
                return build_error(f"No one owner matches {literal(problem.typed)} to leave out.", tries)
            if from_question and query.owner and isinstance(problem, UnknownOwner):
                # A plain question named someone nobody is called: say so, and who there is. When
                # the word is in some action's text ("for consultation"), those actions are shown.
                as_text = f'{without_owner(query_text, query.owner)} text:"{query.owner}"'.strip()
                if _mentioned(session, workspace_id, as_text, today, now):
                    names = " or ".join(literal(f'owner:"{c.name}"') for c in candidates[:3])
                    hint = f" Looking for a person? Try {names}." if names else " `/actions owners` lists everyone."
                    said = f":information_source: There is no owner called {literal(problem.typed)}: these actions mention it.{hint}"
                    return list_reply(services, workspace_id, kind, as_text, offset, from_question=True, lead=said, vocabulary=vocabulary)
                close = bool(candidates)
                if not close:
                    candidates = [
                        OwnerCandidate(owner_id=o.id, name=o.name, score=0.0, action_count=n)
                        for o, n in owner_action_counts(session, workspace_id)[:5]
                    ]
                return build_no_such_owner(
                    problem.typed,
                    with_action_counts(session, candidates) if close else candidates,
                    kind=kind,
                    query_without_owner=without_owner(query_text, query.owner),
                    close=close,
                )
            return build_owner_suggestions(
                problem.typed,
                with_action_counts(session, candidates),
                kind=kind,
                query_without_owner=without_owner(query_text, query.owner),
                ambiguous=isinstance(problem, AmbiguousOwner),
            )
        except UnknownPlan as problem:
            codes = [f"`plan:{p.code}`" for p, _ in plans_with_counts(session, workspace_id)]
            return build_error(f"No plan matches {literal(problem.typed)}.", codes[:8] or ["`/actions plans`"])
    return _render_listing(listing, query_text, today, command=command, shared_by=shared_by, from_question=from_question, lead=lead)


def _render_listing(
    listing: Listing, query_text: str, today: date, *, command: str, shared_by: str | None, from_question: bool, lead: str = ""
) -> Message:
    """A Listing as a message: the words around it are chosen here, the blocks by the builder."""
    resolved = listing.resolved
    notes = [as_mrkdwn(note) for note in resolved.notes]
    asked_label = "I read that as" if from_question else "You asked"
    if listing.counts is not None:
        by = {"plan": "plan", "owner": "owner", "status": "status"}[listing.query.count_by or ""]
        return build_count_list(
            CountList(title=f"{listing.title} by {by}", rows=listing.counts, command=command, notes=notes, asked_label=asked_label)
        )
    if listing.person_hint is not None:
        names = " or ".join(literal(f'owner:"{name}"') for name in listing.person_hint.owner_names)
        notes.append(f"No text mentions {literal(listing.person_hint.words)}. Looking for a person? Try {names}.")
    summary = plural(listing.total, "action")
    if listing.overdue:
        summary += f" · {listing.overdue:,} overdue"
    if listing.due_soon:
        summary += f" · {listing.due_soon:,} due in the next 14 days"
    return build_action_list(
        ActionList(
            title=listing.title,
            items=listing.items,
            total=listing.total,
            state=ListState(kind=listing.kind.value, query=query_text, offset=listing.offset),
            today=today,
            command=command,
            summary=summary,
            notes=notes,
            group_by_owner=listing.kind.groups_by_owner,
            empty_hint=listing.kind.empty_hint(escape(resolved.owner_name) if resolved.owner_name else None),
            shared_by=shared_by,
            asked_label=asked_label,
            lead=lead,
        )
    )


def question_reply(services: Services, workspace_id: str, text: str) -> Message:
    """The answer to a plain question: read it into a query, run that, say how it was read.

    The question is read with the workspace's vocabulary as this process holds it, unchecked, and
    a list's one statement checks it while reading the page (a round trip fewer than checking it
    first); when the names have changed since, the question is read again with current ones."""
    held = services.vocabulary_cache.held(workspace_id)
    if held is not None:
        try:
            return _answer_question(services, workspace_id, text, held, checked=False)
        except StaleVocabulary:
            pass
    return _answer_question(services, workspace_id, text, vocabulary_of(services, workspace_id), checked=True)


def _answer_question(services: Services, workspace_id: str, text: str, vocabulary: Vocabulary, *, checked: bool) -> Message:
    question = read_question(text, vocabulary)
    if question.kind in ("actions", "overdue"):
        return list_reply(services, workspace_id, question.kind, question.query, from_question=True,
                          vocabulary=vocabulary, vocabulary_unchecked=not checked)
    if not checked:
        with services.reads() as session:
            check_vocabulary(session, vocabulary, workspace_id)
    if question.kind == "choose":
        return build_reading_choices([(label, q.kind, q.query) for label, q in question.choices])
    if question.kind == "help":
        return help_reply(services, workspace_id)
    if question.kind == "owners":
        return owners_reply(services, workspace_id)
    if question.kind == "plans":
        return plans_reply(services, workspace_id)
    return action_reply(services, workspace_id, question.query, lead=f"I read that as: {literal(question.command)}")


def _mentioned(session: Session, workspace_id: str, query_text: str, today: date, now: datetime) -> bool:
    """Whether any action matches this query (used to tell a topic from a missing person)."""
    try:
        resolved = build_filter(session, workspace_id, parse_action_query(query_text, today=today), today=today, now=now)
    except (QuerySyntaxError, UnknownOwner, AmbiguousOwner, UnknownPlan):
        return False
    return find_actions(session, workspace_id, resolved.filter, limit=1).total > 0


def vocabulary_of(services: Services, workspace_id: str) -> Vocabulary:
    """The names this workspace knows, from the cache while they have not changed."""
    with services.reads() as session:
        return services.vocabulary_cache.get(session, workspace_id)


_OWNER_TOKEN = re.compile(r'\b(?:owner|owners|who|lead|by):("[^"]*"|\'[^\']*\'|\S+)', re.IGNORECASE)


def without_owner(query_text: str, owner: str | None = None) -> str:
    """The query with its owner filter taken out; `owner` is the value as read, which may run
    over several unquoted words (`owner:Linda Man letters` leaves `letters`)."""
    if owner:
        unquoted = re.compile(rf"(?i)(?<![\w-])(?:owner|owners|who|lead|by):{re.escape(owner)}(?![\w])")
        query_text = unquoted.sub("", query_text, count=1)
    return " ".join(_OWNER_TOKEN.sub("", query_text).split())


def action_reply(services: Services, workspace_id: str, typed: str, *, lead: str = "") -> Message:
    """The answer to `/action <handle>`: one action in full; `lead` as for list_reply."""
    typed = typed.strip()
    if not typed:
        return build_error("Say which action: handles look like `BR-7.4.3`.", ["`/action BR-7.4.3`", "`/actions` to find one"], lead=lead)
    today, now = services.today(), services.now()
    with services.reads() as session:
        # A handle typed exactly (what the list buttons send) is read as plain columns; a bare
        # ref, a near miss or an ambiguous one goes the way that knows what was meant.
        found = action_in_full(session, workspace_id, as_typed_handle(typed).lower(), today=today, now=now)
        if found is not None:
            item, history = found
        else:
            try:
                action = find_action(session, workspace_id, typed)
            except AmbiguousHandle as problem:
                return build_handle_choices(typed, problem.candidates, ambiguous=True, lead=lead)
            except UnknownHandle as problem:
                return build_handle_choices(typed, problem.suggestions, ambiguous=False, lead=lead)
            item = summarise(action, today=today, now=now)
            history = [summarise_update(u) for u in update_history(session, action)]
    return build_action_detail(item, history, today, lead=lead)


def help_reply(services: Services, workspace_id: str) -> Message:
    """Syntax help, with examples taken from this workspace's own owners, plans and words."""
    with services.session_factory() as session:
        owners = owner_action_counts(session, workspace_id)
        plans = plans_with_counts(session, workspace_id)
        people = [o.name for o, _ in owners if not o.is_team]
        first_plan = plans[0][0] if plans else None
        page = find_actions(session, workspace_id, ActionFilter(), limit=1)
        handle = page.actions[0].handle if page.actions else None
        word = _example_word(page.actions[0].text) if page.actions else None
    return build_help(
        owner_example=people[0] if people else None,
        plan_example=first_plan.code.lower() if first_plan else None,
        word_example=word,
        handle_example=handle,
    )


def _example_word(text: str) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]{6,}", text) if w.lower() not in {"should", "review", "develop", "action"}]
    return words[0].lower() if words else None


def owners_reply(services: Services, workspace_id: str) -> Message:
    with services.session_factory() as session:
        rows = owner_action_counts(session, workspace_id)
    lines = [f"*{escape(o.name)}*{' (team)' if o.is_team else ''} — {plural(n, 'action')}" for o, n in rows[:60]]
    more = f"\n…and {len(rows) - 60} more." if len(rows) > 60 else ""
    blocks = [header(f"Owners ({len(rows)})"), section("\n".join(lines[:30]) or "No owners yet.")]
    if len(lines) > 30:
        blocks.append(section("\n".join(lines[30:]) + more))
    blocks.append(context('See one owner\'s actions: `/actions owner:"Name"`'))
    return Message(text=f"{len(rows)} owners", blocks=blocks)


def plans_reply(services: Services, workspace_id: str) -> Message:
    with services.session_factory() as session:
        rows = plans_with_counts(session, workspace_id)
        today = services.today()
        overdue = {p.id: status_counts(session, workspace_id, today, ActionFilter(plan_ids=[p.id])).overdue for p, _ in rows}
    lines = [
        f"*{escape(p.code)}* · {escape(p.title)}{' · ' + escape(p.council) if p.council else ''} — "
        f"{plural(n, 'action')}{f', {overdue[p.id]} overdue' if overdue[p.id] else ''}"
        for p, n in rows[:40]
    ]
    blocks = [header(f"Plans ({len(rows)})"), section("\n".join(lines) or "No plans yet. Import one with `scrutiny-bot import FILE`."), context("One plan's actions: `/actions plan:CODE`")]
    return Message(text=f"{len(rows)} plans", blocks=blocks)
