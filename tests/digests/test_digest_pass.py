"""What the digests of one delivery pass share (owner directories, identical builds), and that two
workspaces never see each other's data through it, however alike their names and queries."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from digests.content import build_digest
from digests.delivery import run_delivery_pass
from digests.digest_pass import DigestPass
from digests.ratelimit import PostPacer
from digests.schedule import Schedule
from digests.subscriptions import subscribe
from handlers.blocks.digest import render_digest
from store.models import DigestSubscription
from tests.conftest import OTHER_WORKSPACE, TODAY, WORKSPACE, ActionSpec

MONDAY_9 = datetime.fromisoformat("2026-03-16T09:00:00+00:00")
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
QUERIES = ("", 'owner:"Linda Mann"', "owner:linda", "plan:EQ", "status:open")


@pytest.fixture
def twins(db, add_plan):  # type: ignore[no-untyped-def]
    """Two workspaces with a plan of the same code, owners of the same names and different actions."""
    for workspace, prefix in ((WORKSPACE, "A"), (OTHER_WORKSPACE, "B")):
        add_plan(f"Equipment review {prefix}", [
            ActionSpec("1.1", f"{prefix} train staff.", ["Linda Mann"], due=TODAY - 3 * DAY),
            ActionSpec("1.2", f"{prefix} publish the list.", ["Linda Mann", "Ken Scott"], due=TODAY + 5 * DAY),
            ActionSpec("1.3", f"{prefix} agree the budget.", ["Ken Scott"], due=TODAY - 10 * DAY),
        ] + [ActionSpec(f"2.{n}", f"{prefix} extra {n}.", ["Ken Scott"]) for n in range(1, 3 if prefix == "A" else 5)],
            workspace=workspace, code="EQ")
    with db.session_factory.begin() as session:
        for workspace in (WORKSPACE, OTHER_WORKSPACE):
            for n, query in enumerate(QUERIES):
                subscribe(session, workspace, f"C{workspace[-1]}{n}", query=query, schedule=Schedule(), quiet_weeks="line",
                          created_by="U0", now=MONDAY_9 - WEEK)
    return db


def texts_of(digest) -> set[str]:  # type: ignore[no-untyped-def]
    return {item.action.title for section in digest.sections for item in section.items}


def test_a_shared_pass_builds_every_digest_as_a_fresh_build_would(twins) -> None:  # type: ignore[no-untyped-def]
    shared = DigestPass()
    with twins.session() as session:
        subscriptions = list(session.scalars(select(DigestSubscription).order_by(DigestSubscription.id)))
        for subscription in subscriptions:
            alone = build_digest(session, subscription, as_of=MONDAY_9, previous=None)
            reused = shared.built(subscription, MONDAY_9, None)
            if reused is None:
                reused = build_digest(session, subscription, as_of=MONDAY_9, previous=None, owner_cache=shared.owners, reads=shared.reads)
                shared.keep(subscription, MONDAY_9, None, reused)
            assert render_digest(reused) == render_digest(alone)
            assert (reused.workspace_id, reused.subscription_id, reused.channel_id) == (
                subscription.workspace_id, subscription.id, subscription.channel_id)


def test_the_same_query_in_two_workspaces_never_shares_a_build(twins) -> None:  # type: ignore[no-untyped-def]
    shared = DigestPass()
    with twins.session() as session:
        for query in QUERIES:
            ours, theirs = (session.scalar(select(DigestSubscription).where(DigestSubscription.workspace_id == ws,
                                                                           DigestSubscription.query == query))
                            for ws in (WORKSPACE, OTHER_WORKSPACE))
            digest = build_digest(session, ours, as_of=MONDAY_9, previous=None, owner_cache=shared.owners, reads=shared.reads)
            shared.keep(ours, MONDAY_9, None, digest)
            assert shared.built(theirs, MONDAY_9, None) is None
            other = build_digest(session, theirs, as_of=MONDAY_9, previous=None, owner_cache=shared.owners, reads=shared.reads)
            assert all(text.startswith("A ") for text in texts_of(digest)), query
            assert all(text.startswith("B ") for text in texts_of(other)), query
            assert other.total != digest.total or query.startswith("owner")


def test_an_owner_directory_read_for_one_workspace_never_resolves_anothers_owner(twins) -> None:  # type: ignore[no-untyped-def]
    shared = DigestPass()
    with twins.session() as session:
        for workspace in (WORKSPACE, OTHER_WORKSPACE, WORKSPACE):
            subscription = session.scalar(select(DigestSubscription).where(
                DigestSubscription.workspace_id == workspace, DigestSubscription.query == "owner:linda"))
            digest = build_digest(session, subscription, as_of=MONDAY_9, previous=None, owner_cache=shared.owners, reads=shared.reads)
            prefix = "A " if workspace == WORKSPACE else "B "
            assert texts_of(digest) and all(text.startswith(prefix) for text in texts_of(digest))


def test_a_pass_over_two_workspaces_posts_each_channel_its_own_workspaces_digest(twins) -> None:  # type: ignore[no-untyped-def]
    posted: dict[str, str] = {}

    class Poster:
        def post(self, workspace_id, channel, text, blocks, metadata=None):  # type: ignore[no-untyped-def]
            assert channel[1] == workspace_id[-1]  # channels are named for their workspace
            posted[channel] = str(blocks)
            return f"{len(posted)}.000"

        def find_posted(self, *args):  # type: ignore[no-untyped-def]
            return None

        def direct_message(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("a digest pass sends no direct messages")

        def find_direct_messages(self, *args):  # type: ignore[no-untyped-def]
            return []

    report = run_delivery_pass(twins.session_factory, Poster(), MONDAY_9 + timedelta(minutes=1), process="test",
                               pacers=lambda ws: PostPacer(per_channel_interval=0), sleep=lambda s: None, render=render_digest)
    assert report.sent == 2 * len(QUERIES)
    for channel, blocks in posted.items():
        mine, theirs = ("A ", "B ") if channel[1] == WORKSPACE[-1] else ("B ", "A ")
        assert mine in blocks
        assert theirs + "train" not in blocks and theirs + "agree" not in blocks and theirs + "publish" not in blocks
