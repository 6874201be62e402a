"""Owner resolution: what someone typed, to the one owner they meant."""

import pytest

from store.errors import AmbiguousOwner, UnknownOwner
from store.owners import OwnerDirectoryCache, add_alias, get_or_create_owner, resolve_owner
from tests.conftest import OTHER_WORKSPACE, WORKSPACE, ActionSpec


@pytest.fixture
def people(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Occupational therapy", [
        ActionSpec("1", "Revise the standard letter.", ["Linda Mann"]),
        ActionSpec("2", "Map demand.", ["Diane Brown", "Linda Mann"]),
        ActionSpec("3", "Agree the pooled budget.", ["Gaby Napolitani"]),
        ActionSpec("4", "Recruit staff.", ["Human Resources"]),
        ActionSpec("5", "Review the tenancy.", ["Diane Wells"]),
    ], teams=["Human Resources"])
    return db


def resolve(db, typed, workspace=WORKSPACE, cache=None):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return resolve_owner(session, workspace, typed, cache=cache).name


def test_a_typo_in_a_full_name_finds_the_owner(people) -> None:  # type: ignore[no-untyped-def]
    assert resolve(people, "linda man") == "Linda Mann"


def test_exact_names_match_whatever_the_case_and_spacing(people) -> None:  # type: ignore[no-untyped-def]
    assert resolve(people, "  GABY   napolitani ") == "Gaby Napolitani"


def test_a_unique_first_name_alone_finds_the_owner(people) -> None:  # type: ignore[no-untyped-def]
    assert resolve(people, "linda") == "Linda Mann"


def test_a_unique_surname_alone_finds_the_owner(people) -> None:  # type: ignore[no-untyped-def]
    assert resolve(people, "napolitani") == "Gaby Napolitani"


def test_a_shared_first_name_is_ambiguous_and_lists_both(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AmbiguousOwner) as raised:
        resolve(people, "diane")
    assert [c.name for c in raised.value.candidates] == ["Diane Brown", "Diane Wells"]


def test_a_name_nobody_has_is_unknown_with_close_suggestions(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownOwner) as raised:
        resolve(people, "lynda mahn")
    assert [c.name for c in raised.value.suggestions][:1] == ["Linda Mann"]


def test_a_short_unrelated_name_gets_no_random_suggestions(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownOwner) as raised:
        resolve(people, "zed")
    assert raised.value.suggestions == []


def test_an_alias_finds_its_owner(people) -> None:  # type: ignore[no-untyped-def]
    with people.session_factory.begin() as session:
        owner, _ = get_or_create_owner(session, WORKSPACE, "Diane Brown")
        add_alias(session, owner, "Diane Browm")
    assert resolve(people, "diane browm") == "Diane Brown"


def test_teams_resolve_like_people(people) -> None:  # type: ignore[no-untyped-def]
    assert resolve(people, "human resources") == "Human Resources"


def test_owners_of_another_workspace_are_never_found(people, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Other council", [ActionSpec("1", "Something.", ["Priya Raman"])], workspace=OTHER_WORKSPACE)
    with pytest.raises(UnknownOwner):
        resolve(people, "Priya Raman")


def test_the_cache_sees_an_owner_added_after_it_was_filled(people) -> None:  # type: ignore[no-untyped-def]
    cache = OwnerDirectoryCache()
    assert resolve(people, "linda", cache=cache) == "Linda Mann"
    with people.session_factory.begin() as session:
        get_or_create_owner(session, WORKSPACE, "Linda Okoro")
    with pytest.raises(AmbiguousOwner):
        resolve(people, "linda", cache=cache)
