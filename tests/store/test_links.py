"""Links between owners and Slack people, and who may update what."""

import pytest

from store.errors import NotAllowed
from store.handles import find_action
from store.links import (
    LinkProblem,
    SlackPerson,
    claim_owner,
    confirm_claim,
    link_user,
    link_usergroup,
    owner_ids_for,
    pending_claims,
    suggest_links,
)
from store.owners import resolve_owner
from store.permissions import Person, check_can_update
from tests.conftest import NOW, WORKSPACE


def owner(session, name):  # type: ignore[no-untyped-def]
    return resolve_owner(session, WORKSPACE, name)


def test_a_claim_is_pending_until_confirmed(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as s:
        link = claim_owner(s, WORKSPACE, "Tom Okafor", "U1", now=NOW)
        assert owner_ids_for(s, WORKSPACE, "U1") == set()
        assert [c.owner_name for c in pending_claims(s, WORKSPACE)] == ["Tom Okafor"]
        confirm_claim(s, WORKSPACE, link.id, by="U0OFFICER", now=NOW)
        assert owner_ids_for(s, WORKSPACE, "U1") == {owner(s, "Tom Okafor").id}


def test_a_claim_by_a_near_name_asks_for_the_full_name(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as s, pytest.raises(LinkProblem, match="Did you mean Tom Okafor"):
        claim_owner(s, WORKSPACE, "tom", "U1", now=NOW)


def test_relinking_a_person_replaces_the_old_link(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as s:
        tom = owner(s, "Tom Okafor")
        link_user(s, WORKSPACE, tom, "U1", by=None, now=NOW)
        link_user(s, WORKSPACE, tom, "U2", by=None, now=NOW)
        assert (owner_ids_for(s, WORKSPACE, "U1"), owner_ids_for(s, WORKSPACE, "U2")) == (set(), {tom.id})


def test_a_team_can_have_several_people_and_a_user_group(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session_factory.begin() as s:
        it = owner(s, "IT Services")
        link_user(s, WORKSPACE, it, "U1", by=None, now=NOW)
        link_user(s, WORKSPACE, it, "U2", by=None, now=NOW)
        link_usergroup(s, WORKSPACE, it, "S1", by=None, now=NOW)
        assert owner_ids_for(s, WORKSPACE, "U1") == owner_ids_for(s, WORKSPACE, "U2") == {it.id}
        assert owner_ids_for(s, WORKSPACE, "U9", frozenset({"S1"})) == {it.id}


def test_suggestions_propose_one_close_match_per_person_and_skip_linked_owners(demo) -> None:  # type: ignore[no-untyped-def]
    people = [SlackPerson("U1", "Tom Okafor"), SlackPerson("U2", "Helen Marsh"), SlackPerson("U3", "Helena Marshall"), SlackPerson("U4", "Bob")]
    with demo.session_factory.begin() as s:
        link_user(s, WORKSPACE, owner(s, "Helen Marsh"), "U2", by=None, now=NOW)
        suggestions = suggest_links(s, WORKSPACE, people)
    assert [(x.user_id, x.owner_name) for x in suggestions] == [("U1", "Tom Okafor")]


def test_suggestions_never_propose_team_owners(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as s:
        assert suggest_links(s, WORKSPACE, [SlackPerson("U1", "IT Services")]) == []


def test_an_owner_may_update_their_action_and_others_are_told_who_can(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as s:
        action = find_action(s, WORKSPACE, "EB-2b")
        helen = Person("U2", "Helen Marsh", owner_ids=frozenset({owner(s, "Helen Marsh").id}))
        check_can_update(helen, action)
        with pytest.raises(NotAllowed) as refused:
            check_can_update(Person("U9", "Someone"), action)
    assert "only its owners (Helen Marsh and Priya Raman) and scrutiny officers can" in str(refused.value)


def test_an_officer_may_update_anything(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as s:
        check_can_update(Person("U0", "Officer", is_officer=True), find_action(s, WORKSPACE, "ST-T1"))
