"""The names a workspace knows, cached per workspace and rebuilt whenever they change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete

from store.models import Workspace
from store.owners import get_or_create_owner
from store.query_language import parse_action_query
from store.vocabulary import Vocabulary, VocabularyCache
from store.workspaces import ensure_workspace
from tests.conftest import OTHER_WORKSPACE, WORKSPACE, ActionSpec

TODAY = date(2026, 3, 2)
LINDA = Vocabulary.build(
    [(1, "Linda Mann", False), (2, "Linda Smith", False), (3, "Finance Team", True)], [(1, "Lynda Mann")],
    [(1, "PK", "Residents' Parking Review", "Eastbrook County Council", None)],
)


def test_an_unquoted_owner_takes_the_words_that_continue_a_known_name() -> None:
    query = parse_action_query("owner:Linda Mann letters status:open", today=TODAY, vocabulary=LINDA)
    assert (query.owner, query.words, query.statuses) == ("Linda Mann", "letters", ["open"])


def test_the_longest_known_name_wins_and_the_rest_is_search_text() -> None:
    assert parse_action_query("owner:linda mann", today=TODAY, vocabulary=LINDA).owner == "linda mann"
    query = parse_action_query("owner:linda report on parking", today=TODAY, vocabulary=LINDA)
    assert (query.owner, query.words) == ("linda", "report on parking")


def test_an_alias_a_team_and_a_near_spelling_continue_a_name() -> None:
    assert parse_action_query("owner:Lynda Mann", today=TODAY, vocabulary=LINDA).owner == "Lynda Mann"
    assert parse_action_query("owner:finance team overdue", today=TODAY, vocabulary=LINDA).owner == "finance team"
    assert parse_action_query("owner:Linda Man", today=TODAY, vocabulary=LINDA).owner == "Linda Man"


def test_a_quoted_owner_stays_exactly_as_quoted() -> None:
    query = parse_action_query('owner:"Linda" Mann', today=TODAY, vocabulary=LINDA)
    assert (query.owner, query.owner_quoted, query.words) == ("Linda", True, "Mann")


def test_an_unquoted_plan_runs_on_over_its_title_council_and_subject() -> None:
    assert parse_action_query("plan:parking review", today=TODAY, vocabulary=LINDA).plan == "parking review"
    query = parse_action_query("plan:Eastbrook County permits", today=TODAY, vocabulary=LINDA)
    assert (query.plan, query.words) == ("Eastbrook County", "permits")


def test_without_the_workspaces_names_a_value_is_one_word() -> None:
    query = parse_action_query("owner:Linda Mann", today=TODAY)
    assert (query.owner, query.words) == ("Linda", "Mann")


def test_each_workspace_has_its_own_vocabulary(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult", ["Linda Mann"])])
    add_plan("Library Review", [ActionSpec("1", "Open late", ["Sam Achebe"])], workspace=OTHER_WORKSPACE)
    cache = VocabularyCache()
    with db.session_factory() as session:
        mine, theirs = cache.get(session, WORKSPACE), cache.get(session, OTHER_WORKSPACE)
    assert set(mine.owner_names.values()) == {"Linda Mann"} and set(theirs.owner_names.values()) == {"Sam Achebe"}
    assert mine.continues_plan("parking") and not theirs.continues_plan("parking")


def test_the_cache_is_rebuilt_when_owners_or_plans_change(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult", ["Linda Mann"])])
    cache = VocabularyCache()
    with db.session_factory() as session:
        first = cache.get(session, WORKSPACE)
        assert cache.get(session, WORKSPACE) is first
    with db.session_factory.begin() as session:
        get_or_create_owner(session, WORKSPACE, "Owen Price")
    with db.session_factory() as session:
        second = cache.get(session, WORKSPACE)
    assert second is not first and "Owen Price" in second.owner_names.values()
    add_plan("Housing Repairs", [ActionSpec("1", "Fix", ["Owen Price"])])
    with db.session_factory() as session:
        third = cache.get(session, WORKSPACE)
    assert third is not second and third.continues_plan("housing repairs")


def test_a_workspace_removed_and_installed_again_never_gets_the_old_names(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    # Its owners_version starts again at 0, so the version alone would repeat.
    add_plan("Parking Review", [ActionSpec("1", "Consult", ["Linda Mann"])])
    cache = VocabularyCache()
    with db.session_factory() as session:
        assert "Linda Mann" in cache.get(session, WORKSPACE).owner_names.values()
    with db.session_factory.begin() as session:
        session.execute(delete(Workspace).where(Workspace.team_id == WORKSPACE))
    with db.session_factory.begin() as session:
        ensure_workspace(session, WORKSPACE, "Test Council A")
    with db.session_factory() as session:
        assert cache.get(session, WORKSPACE).owner_names == {}


def test_the_cache_keeps_only_the_workspaces_used_most_recently(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult", ["Linda Mann"])])
    add_plan("Library Review", [ActionSpec("1", "Open late", ["Sam Achebe"])], workspace=OTHER_WORKSPACE)
    cache = VocabularyCache(workspaces=1)
    with db.session_factory() as session:
        mine = cache.get(session, WORKSPACE)
        theirs = cache.get(session, OTHER_WORKSPACE)
        assert len(cache) == 1
        again = cache.get(session, WORKSPACE)
    assert again is not mine and again.owner_names == mine.owner_names
    assert set(theirs.owner_names.values()) == {"Sam Achebe"}


def test_a_built_vocabulary_reads_names_as_before_it_was_compacted(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Parking Review", [ActionSpec("1", "Consult", ["Linda Mann", "Finance Team"]),
                                ActionSpec("2", "Agree", ["Linda Marsh"])], teams=["Finance Team"])
    with db.session_factory() as session:
        vocabulary = VocabularyCache().get(session, WORKSPACE)
    linda = vocabulary.owner_hit(["linda"])
    assert linda is not None and len(linda.owner_ids) == 2
    assert vocabulary.owner_hit(["finance", "team"]) is not None
    assert vocabulary.owner_hit(["lynda", "mann"]) is not None
    assert vocabulary.plan_label_words(frozenset(vocabulary.plan_codes.values())) >= {"parking", "review"}


def test_requests_that_miss_the_cache_together_build_the_vocabulary_once(db, add_plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time

    from store import vocabulary as module

    add_plan("Equipment review", [ActionSpec("1.1", "Train staff.", ["Linda Mann"])])
    builds: list[str] = []
    real = module.load_vocabulary

    def slow_load(session, workspace_id, version):  # type: ignore[no-untyped-def]
        builds.append(workspace_id)
        time.sleep(0.2)  # a big workspace's build: long enough for the others to arrive meanwhile
        return real(session, workspace_id, version)

    monkeypatch.setattr(module, "load_vocabulary", slow_load)
    cache = VocabularyCache()
    got: list[Vocabulary] = []

    def ask() -> None:
        with db.session() as session:
            got.append(cache.get(session, WORKSPACE))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert builds == [WORKSPACE]
    assert len(got) == 4 and all(v is got[0] for v in got)
