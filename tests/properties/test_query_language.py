"""`/actions` queries: any text reads as a query or a QuerySyntaxError that says what would work,
and a query that reads always runs against a real store."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from store.errors import AmbiguousOwner, UnknownOwner, UnknownPlan
from store.query_language import ActionQuery, QuerySyntaxError, build_filter, parse_action_query
from store.queries import find_actions
from tests.conftest import NOW, TODAY, WORKSPACE, Database
from tests.properties.strategies import queries

STORE_QUERIES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settings(max_examples=500, deadline=None)
@given(queries)
def test_any_text_reads_as_a_query_or_a_syntax_error_with_a_hint(text: str) -> None:
    try:
        query = parse_action_query(text, today=TODAY)
    except QuerySyntaxError as problem:
        assert problem.message.strip() and problem.hint and all(h.strip() for h in problem.hint)
    else:
        assert isinstance(query, ActionQuery)


@STORE_QUERIES
@given(text=queries)
def test_a_query_that_reads_resolves_and_runs_or_names_the_owner_or_plan_it_cannot_find(demo: Database, text: str) -> None:
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
    assert page.total >= len(page.actions)
