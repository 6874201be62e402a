"""The listing service: each kind of list's rules, paging and totals, with no Slack in sight."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store.errors import UnknownOwner, UnknownPlan
from store.listing import ListKind, NotLinked, list_actions, read_list_query
from store.owners import resolve_owner
from store.permissions import Person
from store.query_language import ResolvedQuery
from store.queries import ActionFilter, Order
from store.status import OPEN_STATUSES
from tests.conftest import NOW, TODAY, WORKSPACE


def listing(session, text: str, kind: ListKind = ListKind.ACTIONS, **kw):  # type: ignore[no-untyped-def]
    query = read_list_query(text, today=TODAY)
    return list_actions(session, WORKSPACE, query, kind, today=TODAY, now=NOW, **kw)


def everything(session, text: str, kind: ListKind = ListKind.ACTIONS, **kw):  # type: ignore[no-untyped-def]
    return listing(session, text, kind, limit=1000, **kw)


def test_an_overdue_list_holds_only_overdue_actions(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        result = everything(session, "", ListKind.OVERDUE)
    assert result.total > 0
    assert all(item.is_overdue(TODAY) for item in result.items)


def test_an_overdue_list_holds_every_overdue_action(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        overdue = everything(session, "", ListKind.OVERDUE)
        every = everything(session, "status:all")
    assert {i.id for i in overdue.items} == {i.id for i in every.items if i.is_overdue(TODAY)}


def test_an_overdue_list_leaves_out_the_headline_counts(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        result = listing(session, "", ListKind.OVERDUE)
    assert (result.overdue, result.due_soon) == (0, 0)


def test_an_actions_list_counts_its_overdue_actions_in_the_headline(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        result = everything(session, "")
    assert result.overdue == sum(1 for i in result.items if i.is_overdue(TODAY)) > 0


def test_mine_lists_the_viewers_open_actions(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        linda = resolve_owner(session, WORKSPACE, "Linda Mann")
        viewer = Person(user_id="U1", name="Linda", owner_ids=frozenset({linda.id}))
        result = everything(session, "", ListKind.MINE, viewer=viewer)
    assert result.total > 0
    assert all("Linda Mann" in i.owner_names and i.status in OPEN_STATUSES for i in result.items)


def test_mine_refuses_a_viewer_linked_to_no_owner(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session, pytest.raises(NotLinked):
        listing(session, "", ListKind.MINE, viewer=Person(user_id="U1", name="Nobody"))


def test_pages_share_one_total_and_together_hold_every_action(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        whole = everything(session, "status:all")
        pages = [listing(session, "status:all", offset=o, limit=4) for o in range(0, whole.total, 4)]
    assert {p.total for p in pages} == {whole.total}
    assert [i.id for p in pages for i in p.items] == [i.id for i in whole.items]


@pytest.mark.parametrize("text", ["", 'owner:"Linda Mann"', "plan:BR"])
def test_pages_of_a_kept_list_together_hold_every_action_in_order(demo, text: str) -> None:  # type: ignore[no-untyped-def]
    """A kept list's first page is a statement of its own (no offset); later pages share one."""
    with demo.session() as session:
        whole = everything(session, text, ListKind.OVERDUE)
        pages = [listing(session, text, ListKind.OVERDUE, offset=o, limit=1) for o in range(whole.total)]
    assert len(pages) > 1
    assert {p.total for p in pages} == {whole.total}
    assert [i.id for p in pages for i in p.items] == [i.id for i in whole.items]


def test_a_page_past_the_end_is_empty_but_keeps_the_total(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        whole = everything(session, "")
        beyond = listing(session, "", offset=whole.total + 10)
    assert (beyond.items, beyond.total) == ([], whole.total)


def test_count_by_returns_counts_instead_of_a_page(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        whole = everything(session, "")
        counted = listing(session, "count by status")
    assert counted.counts is not None and counted.items == []
    assert sum(n for _, n in counted.counts) == whole.total


def test_an_unknown_owner_is_a_domain_error(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session, pytest.raises(UnknownOwner):
        listing(session, 'owner:"Zebedee Quartermaine"')


def test_an_unknown_plan_is_a_domain_error(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session, pytest.raises(UnknownPlan):
        listing(session, "plan:NOSUCHPLAN")


def test_text_that_matches_nothing_and_no_one_has_no_person_hint(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        result = listing(session, "xylophonic")
    assert (result.total, result.person_hint) == (0, None)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(ListKind.ACTIONS, "All actions"), (ListKind.OVERDUE, "Overdue actions"), (ListKind.MINE, "Your actions still open")],
)
def test_each_kind_titles_an_unfiltered_list(kind: ListKind, expected: str) -> None:
    assert kind.title(ResolvedQuery(filter=ActionFilter())) == expected


def test_an_overdue_title_does_not_say_overdue_twice() -> None:
    resolved = ResolvedQuery(filter=ActionFilter(), status_words=["overdue"], description=["owned by Linda Mann"])
    assert ListKind.OVERDUE.title(resolved) == "Overdue actions owned by Linda Mann"


def test_an_empty_overdue_list_names_the_owner() -> None:
    assert ListKind.OVERDUE.empty_hint("Linda Mann") == ":tada: Nothing is overdue for Linda Mann."


def test_each_kind_has_its_own_empty_hint() -> None:
    hints = {kind.empty_hint(None) for kind in ListKind}
    assert len(hints) == len(ListKind)


@pytest.mark.parametrize("text", ["status:all", "", 'owner:"Linda Mann" status:all', "plan:BR status:all", "status:open"])
def test_a_page_read_as_columns_says_what_the_full_summary_says(demo, text: str) -> None:  # type: ignore[no-untyped-def]
    """The fast page (store.summary_page, plain columns) and summarise() on the loaded actions
    agree on every field a list shows, the recommendation each action is tracked under included."""
    from dataclasses import asdict

    from store.query_language import build_filter
    from store.queries import find_actions
    from store.summaries import summarise

    def shown(item):  # type: ignore[no-untyped-def]
        fields = asdict(item)
        fields["owners"] = [(o.id, o.name, o.is_team) for o in item.owners]
        return fields

    with demo.session() as session:
        paged = everything(session, text)
        query = read_list_query(text, today=TODAY)
        flt = build_filter(session, WORKSPACE, query, today=TODAY, now=NOW).filter
        ListKind.ACTIONS.narrow(flt, query, TODAY)
        loaded = [summarise(a, today=TODAY, now=NOW) for a in find_actions(session, WORKSPACE, flt, limit=1000).actions]
    assert paged.items and all(item.recommendation_handle and item.recommendation_id for item in paged.items)
    assert [shown(i) for i in paged.items] == [shown(i) for i in loaded]


def test_an_action_read_by_its_handle_as_columns_says_what_the_full_summary_says(demo) -> None:  # type: ignore[no-untyped-def]
    """`/action HANDLE`'s plain-column read (store.summary_page.action_in_full) and summarise()
    with update_history() on the loaded action agree on every field, for every demo action."""
    from dataclasses import asdict

    from store.handles import find_action
    from store.models import Action
    from store.queries import update_history
    from store.summaries import summarise, summarise_update
    from store.summary_page import action_in_full
    from sqlalchemy import select

    def shown(item):  # type: ignore[no-untyped-def]
        fields = asdict(item)
        fields["owners"] = [(o.id, o.name, o.is_team) for o in item.owners]
        return fields

    with demo.session() as session:
        handles = list(session.scalars(select(Action.handle).where(Action.workspace_id == WORKSPACE)))
        assert handles
        for handle in handles:
            found = action_in_full(session, WORKSPACE, handle.lower(), today=TODAY, now=NOW)
            action = find_action(session, WORKSPACE, handle)
            assert found is not None
            item, history = found
            assert shown(item) == shown(summarise(action, today=TODAY, now=NOW))
            assert history == [summarise_update(u) for u in update_history(session, action)]


def test_an_action_is_read_by_its_handle_only_in_its_own_workspace(demo) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import OTHER_WORKSPACE
    from store.summary_page import action_in_full

    with demo.session() as session:
        handle = listing(session, "").items[0].handle
        assert action_in_full(session, OTHER_WORKSPACE, handle.lower(), today=TODAY, now=NOW) is None


@pytest.mark.parametrize("text", ["", 'owner:"Linda Mann"', "plan:BR"])
def test_a_kept_page_statement_answers_each_workspace_with_its_own_actions(demo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Page statements are kept per shape with the workspace as a parameter: the same shape asked
    in another workspace lists that workspace's actions (here none), never the first one's."""
    from store.summary_page import list_page

    with demo.session() as session:
        query = read_list_query(text, today=TODAY)
        first = listing(session, text, ListKind.OVERDUE)
        flt = first.resolved.filter
        other = list_page(session, "T0TESTB", flt, today=TODAY, now=NOW, limit=10, headline_counts=False)
    assert first.items and query is not None
    assert other.total == 0 and other.items == []


def test_a_page_past_the_end_still_says_how_many_there_are(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        whole = everything(session, "status:all")
        past = listing(session, "status:all", offset=whole.total + 10)
    assert past.items == [] and (past.total, past.overdue, past.due_soon) == (whole.total, whole.overdue, whole.due_soon)


def test_a_list_by_owner_finds_an_alias_added_after_the_owner_cache_was_filled(demo) -> None:  # type: ignore[no-untyped-def]
    """Owners are resolved from the cached directory without checking it first; a name it does
    not know sends the list back to the checked way, which sees the alias."""
    from store.owners import OwnerDirectoryCache, add_alias, bump_owners_version, resolve_owner

    cache = OwnerDirectoryCache()
    with demo.session() as session:
        before = listing(session, 'owner:"Linda Mann"', owner_cache=cache)
    with demo.session_factory.begin() as session:
        add_alias(session, resolve_owner(session, WORKSPACE, "Linda Mann"), "Lindy Mannering")
        bump_owners_version(session, WORKSPACE)
    with demo.session() as session:
        after = listing(session, 'owner:"Lindy Mannering"', owner_cache=cache)
    assert before.items and [i.id for i in after.items] == [i.id for i in before.items]


def test_a_list_read_with_an_out_of_date_owner_cache_refreshes_it(demo) -> None:  # type: ignore[no-untyped-def]
    """The page statement reads the owners stamp too: when the store's is newer than the cached
    directory's, the list is read again with the directory brought up to date."""
    from sqlalchemy import select

    from store.models import Workspace
    from store.owners import OwnerDirectoryCache, bump_owners_version

    cache = OwnerDirectoryCache()
    with demo.session() as session:
        before = listing(session, 'owner:"Linda Mann"', owner_cache=cache)
    with demo.session_factory.begin() as session:
        bump_owners_version(session, WORKSPACE)
    with demo.session() as session:
        after = listing(session, 'owner:"Linda Mann"', owner_cache=cache)
        stamp = session.execute(select(Workspace.owners_generation, Workspace.owners_version)
                                .where(Workspace.team_id == WORKSPACE)).one()
    held = cache.held(WORKSPACE)
    assert held is not None and held.stamp == (stamp[0], stamp[1])
    assert before.items and [i.id for i in after.items] == [i.id for i in before.items]


@pytest.mark.parametrize("order", [Order.DUE, Order.STALEST, Order.HANDLE])
@pytest.mark.parametrize("overdue", [False, True])
def test_an_owners_pages_count_and_order_their_actions_as_the_full_search_does(demo, order: Order, overdue: bool) -> None:  # type: ignore[no-untyped-def]
    """Owners' pages (on PostgreSQL counted and ordered from their actions found once) hold the
    totals, overdue and due-soon counts and the order that find_actions gives, page after page,
    for one owner and for several."""
    from datetime import timedelta

    from store.models import Action, ActionOwner
    from store.queries import find_actions, overdue_condition
    from store.status import CAN_BE_OVERDUE, OPEN_STATUSES as OPEN
    from store.summary_page import list_page

    with demo.session() as session:
        # The owners with the most actions of the kind listed, so that each list has pages.
        busiest = [owner for owner, in session.execute(
            select(ActionOwner.owner_id).join(Action, Action.id == ActionOwner.action_id)
            .where(ActionOwner.workspace_id == WORKSPACE, *([overdue_condition(TODAY)] if overdue else []))
            .group_by(ActionOwner.owner_id).order_by(func.count().desc(), ActionOwner.owner_id).limit(3))]
        # Open actions due on the edges of "due soon" (today and in 14 days) and of "overdue" (yesterday).
        if not overdue:
            edges = session.scalars(select(Action).join(ActionOwner, ActionOwner.action_id == Action.id)
                                    .where(ActionOwner.owner_id == busiest[0], Action.status.in_(OPEN), ~overdue_condition(TODAY))
                                    .order_by(Action.id).limit(3)).all()
            for action, days in zip(edges, (0, 14, -1), strict=True):
                action.due_date = TODAY + timedelta(days=days)
            session.flush()
        for owners in ([busiest[0]], busiest):
            flt = ActionFilter(owner_ids=owners, order=order, overdue_on=TODAY if overdue else None)
            whole = find_actions(session, WORKSPACE, flt, limit=1000)
            assert whole.total > 1
            pages = [list_page(session, WORKSPACE, flt, today=TODAY, now=NOW, limit=2, offset=o, headline_counts=not overdue)
                     for o in range(0, whole.total + 2, 2)]
            assert [i.id for p in pages for i in p.items] == [a.id for a in whole.actions]
            assert {p.total for p in pages} == {whole.total}
            if not overdue:
                expected_overdue = sum(1 for a in whole.actions if a.due_date and a.due_date < TODAY and a.status in CAN_BE_OVERDUE)
                expected_soon = sum(1 for a in whole.actions if a.due_date and TODAY <= a.due_date <= TODAY + timedelta(days=14)
                                    and a.status in OPEN)
                assert {(p.overdue, p.due_soon) for p in pages} == {(expected_overdue, expected_soon)}
