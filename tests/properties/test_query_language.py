"""`/actions` queries: any text reads as a query or as a QuerySyntaxError that says what would
work, and a query that reads always runs against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import AmbiguousOwner, UnknownOwner, UnknownPlan
from store.errors import as_plain_text
from store.query_language import ActionQuery, QuerySyntaxError, build_filter, parse_action_query
from store.queries import find_actions
from tests.conftest import NOW, TODAY, WORKSPACE, Database
from tests.properties.strategies import queries, words

# Each example runs real SQL on both backends: modest counts keep the folder quick.
ON_THE_STORE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings(max_examples=500, deadline=None)
@given(queries)
def test_any_text_reads_as_a_query_or_a_syntax_error_with_a_hint(text: str) -> None:
    try:
        query = parse_action_query(text, today=TODAY)
    except QuerySyntaxError as problem:
        assert problem.message.strip() and problem.hint and all(as_plain_text(h).strip() for h in problem.hint)
    else:
        assert isinstance(query, ActionQuery)


@ON_THE_STORE
@given(text=queries)
def test_a_query_that_reads_runs_or_names_the_owner_or_plan_it_cannot_find(demo: Database, text: str) -> None:
    try:
        query = parse_action_query(text, today=TODAY)
    except QuerySyntaxError:
        return
    with demo.session() as session:
        try:
            resolved = build_filter(session, WORKSPACE, query, today=TODAY, now=NOW)
        except (UnknownOwner, AmbiguousOwner, UnknownPlan):
            return
        page = find_actions(session, WORKSPACE, resolved.filter, limit=8)
    assert len(page.actions) <= min(page.total, 8)


@ON_THE_STORE
@given(typed=st.lists(words, min_size=1, max_size=5).map(" ".join))
def test_any_words_search_the_text_without_reaching_the_search_engines_syntax(demo: Database, typed: str) -> None:
    # Quotes, `*`, `-`, NEAR, OR, NUL bytes: FTS5 and tsquery would read them as operators.
    with demo.session() as session:
        resolved = build_filter(session, WORKSPACE, ActionQuery(text=typed), today=TODAY, now=NOW)
        page = find_actions(session, WORKSPACE, resolved.filter, limit=8)
    assert resolved.filter.text == (typed or None) and page.total >= len(page.actions)


@ON_THE_STORE
@given(text=queries)
def test_a_query_read_with_the_workspaces_names_runs_or_names_what_it_cannot_find(demo: Database, text: str) -> None:
    from store.queries import count_actions_by
    from store.vocabulary import load_vocabulary

    with demo.session() as session:
        vocabulary = load_vocabulary(session, WORKSPACE)
        try:
            query = parse_action_query(text, today=TODAY, vocabulary=vocabulary)
        except QuerySyntaxError as problem:
            assert problem.message.strip() and problem.hint
            return
        try:
            resolved = build_filter(session, WORKSPACE, query, today=TODAY, now=NOW)
        except (UnknownOwner, AmbiguousOwner, UnknownPlan):
            return
        page = find_actions(session, WORKSPACE, resolved.filter, limit=8)
        if query.count_by:
            # By owner an action with two owners counts twice; by plan or status each counts once.
            counted = sum(n for _, n in count_actions_by(session, WORKSPACE, resolved.filter, query.count_by))
            assert counted >= page.total if query.count_by == "owner" else counted == page.total
    assert len(page.actions) <= min(page.total, 8)
