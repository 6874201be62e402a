"""Claiming a Slack event id: the first delivery is let through, every retry of it never is."""

import uuid
from datetime import timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from store.events import claim_event, claim_event_committed
from store.models import SlackEvent, Workspace
from tests.conftest import NOW, OTHER_WORKSPACE, WORKSPACE

NEW_WORKSPACE = "T0TESTNEW"

# Deliveries as (workspace, event id); ids repeat, and one workspace is not in the store yet.
deliveries = st.lists(
    st.tuples(st.sampled_from([WORKSPACE, OTHER_WORKSPACE, NEW_WORKSPACE]), st.sampled_from(["Ev1", "Ev2", "Ev3"])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deliveries)
def test_each_event_id_is_claimed_once_per_workspace_whatever_the_order_of_deliveries(db, sent) -> None:  # type: ignore[no-untyped-def]
    run = uuid.uuid4().hex[:8]  # each example's ids are its own: the store outlives examples
    claimed = []
    for workspace, event_id in sent:
        with db.session_factory.begin() as session:
            claimed.append(claim_event(session, workspace, f"{run}-{event_id}", NOW))
    first_deliveries = [delivery not in sent[:i] for i, delivery in enumerate(sent)]
    assert claimed == first_deliveries


def test_an_event_from_a_workspace_not_seen_before_is_claimed_and_its_workspace_added(db) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        assert claim_event(session, NEW_WORKSPACE, "EvFirst", NOW)
    with db.session_factory.begin() as session:
        assert not claim_event(session, NEW_WORKSPACE, "EvFirst", NOW)
    with db.session() as session:
        assert session.scalar(select(Workspace.team_id).where(Workspace.team_id == NEW_WORKSPACE)) == NEW_WORKSPACE
        assert session.scalars(select(SlackEvent.received_at).where(SlackEvent.workspace_id == NEW_WORKSPACE)).all() == [NOW]


def test_a_claim_made_at_once_is_committed_before_it_returns(db) -> None:  # type: ignore[no-untyped-def]
    assert claim_event_committed(db.session_factory, WORKSPACE, "EvAtOnce", NOW)
    assert not claim_event_committed(db.session_factory, WORKSPACE, "EvAtOnce", NOW)
    with db.session() as session:  # the claiming session closed without a commit: only a committed row is left
        assert session.scalars(select(SlackEvent.event_id).where(SlackEvent.workspace_id == WORKSPACE)).all() == ["EvAtOnce"]


def test_a_claim_made_at_once_records_when_the_event_arrived_as_a_claim_in_a_session_does(db) -> None:  # type: ignore[no-untyped-def]
    """The committed claim runs on the driver's cursor: its timestamp is still written as the
    session writes it, so forget_old_events compares it with the same clock."""
    later = NOW.astimezone(timezone(timedelta(hours=-5)))  # the same instant, written from another zone
    assert claim_event_committed(db.session_factory, WORKSPACE, "EvWhen", later)
    with db.session_factory.begin() as session:
        assert claim_event(session, WORKSPACE, "EvWhenToo", NOW)
    with db.session() as session:
        stored = dict(session.execute(select(SlackEvent.event_id, SlackEvent.received_at).where(SlackEvent.workspace_id == WORKSPACE)).all())
    assert stored == {"EvWhen": NOW, "EvWhenToo": NOW}


def test_a_claim_made_at_once_for_a_workspace_not_seen_before_adds_it_and_is_claimed_once(db) -> None:  # type: ignore[no-untyped-def]
    assert claim_event_committed(db.session_factory, NEW_WORKSPACE, "EvNewAtOnce", NOW)
    assert not claim_event_committed(db.session_factory, NEW_WORKSPACE, "EvNewAtOnce", NOW)
    with db.session() as session:
        assert session.scalar(select(Workspace.team_id).where(Workspace.team_id == NEW_WORKSPACE)) == NEW_WORKSPACE
        assert session.scalars(select(SlackEvent.event_id).where(SlackEvent.workspace_id == NEW_WORKSPACE)).all() == ["EvNewAtOnce"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deliveries)
def test_claims_made_at_once_let_each_event_id_through_once_whatever_the_order(db, sent) -> None:  # type: ignore[no-untyped-def]
    run = uuid.uuid4().hex[:8]
    claimed = [claim_event_committed(db.session_factory, workspace, f"{run}-{event_id}", NOW) for workspace, event_id in sent]
    assert claimed == [delivery not in sent[:i] for i, delivery in enumerate(sent)]
