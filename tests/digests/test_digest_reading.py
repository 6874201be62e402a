"""A digest reads the same whichever way it is computed: a small subscription's actions sorted in
hand (digests.content.SMALL_SCOPE) give the digest the database's filters give, and a digest names
at most CHANGES_NAMED changes of each kind while counting them all."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

import digests.content as content
from digests.content import CHANGES_NAMED, build_digest
from digests.schedule import Schedule
from digests.subscriptions import subscribe
from handlers.blocks.digest import render_digest
from store.models import Action, DigestSubscription
from store.status import Status
from store.updates import UpdateRequest, record_update
from tests.conftest import NOW, WORKSPACE

QUERIES = ("plan:NF", "plan:ST", "owner:priya", 'owner:"Linda Mann"', "owner:none", "-status:done", "plan:NF ongoing",
           "slipped", "rag:red", "budget")


@pytest.fixture
def busy(linked):  # type: ignore[no-untyped-def]
    """The demo store after a few weeks of random updates: closes, moved dates, notes."""
    rnd = random.Random(3)
    with linked.session_factory.begin() as session:
        actions = list(session.scalars(select(Action).where(Action.workspace_id == WORKSPACE).order_by(Action.id)))
        for _ in range(120):
            action = rnd.choice(actions)
            when = NOW - timedelta(days=rnd.randint(0, 20), minutes=rnd.randint(0, 900))
            request = rnd.choice([
                UpdateRequest(status=Status.DONE, note="Done."),
                UpdateRequest(new_due=when.date() + timedelta(days=rnd.randint(1, 90)), note="Later."),
                UpdateRequest(note="Some progress."),
                UpdateRequest(status=Status.IN_PROGRESS, note="Started again."),
            ])
            try:
                record_update(session, action, request, author_name="Priya Raman", author_slack_id=None,
                              now=when, today=when.date(), source="slack")
            except Exception:  # noqa: BLE001 - a request the rules refuse for this action is skipped
                pass
        for n, query in enumerate(("", *QUERIES)):
            subscribe(session, WORKSPACE, f"C0R{n}", query=query, schedule=Schedule(), quiet_weeks="line",
                      created_by="U0", now=NOW - timedelta(days=7))
    return linked


@pytest.mark.parametrize("previous_days", [None, 3, 10])
def test_a_small_subscription_reads_the_same_sorted_in_hand_as_from_the_database(busy, monkeypatch, previous_days) -> None:  # type: ignore[no-untyped-def]
    previous = NOW - timedelta(days=previous_days) if previous_days else None

    def messages() -> list[object]:
        with busy.session() as session:
            return [render_digest(build_digest(session, s, as_of=NOW, previous=previous)).payload()
                    for s in session.scalars(select(DigestSubscription).order_by(DigestSubscription.id))]

    in_hand = messages()
    monkeypatch.setattr(content, "SMALL_SCOPE", 0)
    assert in_hand == messages()


def test_a_digest_names_a_few_changes_and_counts_them_all(busy) -> None:  # type: ignore[no-untyped-def]
    with busy.session() as session:
        everything = session.scalar(select(DigestSubscription).where(DigestSubscription.query == ""))
        digest = build_digest(session, everything, as_of=NOW, previous=NOW - timedelta(days=20))
    changes = digest.changes
    assert changes.total("closed") > CHANGES_NAMED and len(changes.closed) == CHANGES_NAMED
    for key in ("slipped", "closed", "first_updates"):
        assert len(getattr(changes, key)) == min(changes.total(key), CHANGES_NAMED)
