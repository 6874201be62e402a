"""The per-process owner cache never answers one workspace's question with stale or foreign rows."""

from store.owners import OwnerDirectoryCache, get_or_create_owner, owner_by_id, resolve_owner
from store.workspaces import ensure_workspace, purge_workspace
from tests.conftest import OTHER_WORKSPACE, WORKSPACE


def _owners(db, workspace: str, *names: str) -> list[int]:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        ensure_workspace(session, workspace)
        return [get_or_create_owner(session, workspace, name)[0].id for name in names]


def test_a_purged_and_reimported_workspace_is_never_answered_from_the_old_cache(db) -> None:  # type: ignore[no-untyped-def]
    cache = OwnerDirectoryCache()
    _owners(db, WORKSPACE, "Zoë Adams")
    with db.session() as session:
        resolve_owner(session, WORKSPACE, "zoë", cache=cache)
    with db.session_factory.begin() as session:
        purge_workspace(session, WORKSPACE)
    _owners(db, OTHER_WORKSPACE, "Zoë Clarke")
    [again] = _owners(db, WORKSPACE, "Zoë Adams")  # the same number of owner changes as before
    with db.session() as session:
        owner = resolve_owner(session, WORKSPACE, "zoë", cache=cache)
        assert (owner.id, owner.workspace_id, owner.name) == (again, WORKSPACE, "Zoë Adams")


def test_an_owner_id_from_another_workspace_is_not_found(db) -> None:  # type: ignore[no-untyped-def]
    [theirs] = _owners(db, OTHER_WORKSPACE, "Zoë Clarke")
    with db.session() as session:
        assert owner_by_id(session, WORKSPACE, theirs) is None
        assert owner_by_id(session, OTHER_WORKSPACE, theirs) is not None


def test_every_owner_change_gives_the_workspace_a_new_generation(db) -> None:  # type: ignore[no-untyped-def]
    from store.models import Workspace

    def generation() -> str | None:
        with db.session() as session:
            return session.get(Workspace, WORKSPACE).owners_generation

    before = generation()
    _owners(db, WORKSPACE, "Linda Mann")
    assert before and generation() != before


def test_the_cache_keeps_only_the_workspaces_used_most_recently(db) -> None:  # type: ignore[no-untyped-def]
    _owners(db, WORKSPACE, "Zoë Adams")
    _owners(db, OTHER_WORKSPACE, "Zoë Clarke")
    cache = OwnerDirectoryCache(workspaces=1)
    with db.session() as session:
        mine = cache.get(session, WORKSPACE)
        theirs = cache.get(session, OTHER_WORKSPACE)
        assert len(cache) == 1
        again = cache.get(session, WORKSPACE)
    assert again is not mine and dict(again.names) == dict(mine.names)
    assert list(theirs.names.values()) == ["Zoë Clarke"]


def test_an_empty_cache_is_filled_and_then_used_rather_than_passed_over(db) -> None:  # type: ignore[no-untyped-def]
    # A cache holding nothing yet has a length of 0: it must still be used (and filled), never
    # taken for "no cache", or every request rebuilds the whole directory.
    from store.owners import match_owner_named

    [linda] = _owners(db, WORKSPACE, "Linda Mann")
    cache = OwnerDirectoryCache()
    with db.session() as session:
        assert match_owner_named(session, WORKSPACE, "Linda Mann", cache=cache).id == linda
        built = cache.held(WORKSPACE)
        assert built is not None
        assert match_owner_named(session, WORKSPACE, "Linda Mann", cache=cache.unchecked()).id == linda
        assert resolve_owner(session, WORKSPACE, "linda", cache=cache).id == linda
    assert cache.held(WORKSPACE) is built
