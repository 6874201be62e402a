"""A digest built in a delivery pass (each workspace's week of updates, earlier updates, owner
links and reports read once for all its digests: digests.reads.PassReads) says exactly what the
same digest built alone says, for every kind of subscription, over generated workspaces: random
owners, links, plans, reports, dates, statuses and updates, small scopes sorted in hand and large
ones asked of the database. One pass serves every generated workspace, as a pass serves every
workspace with digests due."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

import digests.content as content
from digests.content import Digest, build_digest
from digests.digest_pass import DigestPass
from digests.schedule import Schedule
from digests.subscriptions import subscribe
from store.models import (Action, ActionOwner, Committee, DigestSubscription, Owner, OwnerLink, Plan, Recommendation,
                          ScrutinyReport, Update)
from store.owners import name_key
from store.status import Response, Status
from store.summaries import summarise
from store.workspaces import ensure_workspace
from tests.conftest import NOW, TODAY

NAMES = ["Priya Raman", "Linda Mann", "Ken Scott", "Owen Price", "Ann Lee", "Housing Team"]
ZONES = ["Europe/London", "UTC", "Pacific/Auckland"]
# Filters beyond plan and owner: on status and dates alone (the maintained counts), on what a
# section sets itself (the database's reading), on activity and colour.
FILTERS = ["status:open", "-status:done", "owner:none", "rag:red", "slipped", "due:next-30-days", "updated:<7d",
           "ongoing", "status:blocked|paused"]
workspace_numbers = itertools.count(1)
# One pass for every generated workspace, each new: were anything it reads keyed without the
# workspace, a digest would show an earlier example's updates, links or reports.
ACROSS_WORKSPACES = DigestPass()


@dataclass
class World:
    owners: list[tuple[str, bool, list[tuple[str, bool]]]]  # name, team, links (Slack id, confirmed)
    plans: list[list[list[tuple[date | None, Status, int, list[int], int]]]]  # recs of actions: due, status, quiet days, owners, slips
    responses: list[Response | None]  # per recommendation, cycling
    reports: list[tuple[date | None, int, bool]]  # per plan: received (days before today), response due in days, committee
    updates: list[tuple[int, int, Status | None, int | None, str]]  # action, minutes before now, new status, days moved, source
    small_scope: int
    previous_days: int | None
    zone: str


days = st.integers(-45, 45)
actions = st.tuples(st.one_of(st.none(), days.map(lambda d: TODAY + timedelta(days=d))), st.sampled_from(list(Status)),
                    st.integers(0, 60), st.lists(st.integers(0, len(NAMES) - 1), max_size=2, unique=True), st.sampled_from([0, 0, 1, 2]))
worlds = st.builds(
    World,
    owners=st.lists(st.tuples(st.sampled_from(NAMES), st.booleans(),
                              st.lists(st.tuples(st.sampled_from(["U0AAA111", "U0BBB222", "U0CCC333"]), st.booleans()), max_size=2,
                                       unique_by=lambda link: link[0])),
                    min_size=1, max_size=len(NAMES), unique_by=lambda owner: owner[0]),
    plans=st.lists(st.lists(st.lists(actions, min_size=1, max_size=3), min_size=1, max_size=4), min_size=1, max_size=3),
    responses=st.lists(st.sampled_from([None, None, *Response]), min_size=1, max_size=4),
    reports=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 120).map(lambda d: TODAY - timedelta(days=d))),
                               st.integers(-30, 60), st.booleans()), min_size=3, max_size=3),
    updates=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40 * 24 * 60), st.one_of(st.none(), st.sampled_from(list(Status))),
                               st.one_of(st.none(), st.integers(-20, 60)), st.sampled_from(["slack", "slack", "document"])), max_size=30),
    small_scope=st.sampled_from([0, 4, 2000]),
    previous_days=st.sampled_from([None, 3, 7, 12]),
    zone=st.sampled_from(ZONES),
)


def store_world(session: Session, ws: str, world: World) -> list[str]:
    """The world in a fresh workspace; returns the subscriptions' queries, one of every kind."""
    ensure_workspace(session, ws, "Generated council")
    owners = []
    for name, team, links in world.owners:
        owner = Owner(workspace_id=ws, name=name, name_key=name_key(name), is_team=team, created_at=NOW)
        session.add(owner)
        session.flush()
        owners.append(owner)
        for user, confirmed in links:
            session.add(OwnerLink(workspace_id=ws, owner_id=owner.id, slack_user_id=user, confirmed=confirmed, created_at=NOW))
    committee = Committee(workspace_id=ws, name="Health Scrutiny", name_key="health scrutiny", created_at=NOW)
    session.add(committee)
    all_actions: list[Action] = []
    responses = itertools.cycle(world.responses)
    for p, recommendations in enumerate(world.plans):
        plan = Plan(workspace_id=ws, code=f"P{p + 1}", title=f"Review {p + 1}", source_file=f"p{p + 1}.txt", imported_at=NOW)
        session.add(plan)
        session.flush()
        received, due_in, with_committee = world.reports[p]
        report = ScrutinyReport(workspace_id=ws, plan_id=plan.id, title=f"Report {p + 1}", received_on=received,
                                response_due_on=received + timedelta(days=due_in) if received else None,
                                committee=committee if with_committee else None, executive_member="Cllr Lee" if p % 2 else None,
                                created_at=NOW)
        session.add(report)
        session.flush()
        for r, specs in enumerate(recommendations):
            rec = Recommendation(workspace_id=ws, plan_id=plan.id, ref=f"{r + 1}", position=r, text=f"Recommend {p}.{r}",
                                 response=next(responses), report_id=report.id, executive_member="Cllr Ng" if r % 3 == 1 else None)
            session.add(rec)
            session.flush()
            for a, (due, status, quiet, owner_numbers, slips) in enumerate(specs):
                handle = f"P{p + 1}-{r + 1}.{a + 1}"
                action = Action(workspace_id=ws, plan_id=plan.id, recommendation_id=rec.id, handle=handle, handle_key=handle.lower(),
                                source_key=f"{r}/{a}", position=a, text=f"Do {handle}", due_date=due, original_due_date=due,
                                slip_count=slips, ongoing=due is None, status=status, created_at=NOW - timedelta(days=90),
                                last_activity_at=NOW - timedelta(days=quiet))
                session.add(action)
                session.flush()
                all_actions.append(action)
                chosen = [owners[n] for n in owner_numbers if n < len(owners)]
                for position, owner in enumerate(chosen):
                    session.add(ActionOwner(action_id=action.id, owner_id=owner.id, workspace_id=ws, position=position))
    for n, minutes, new_status, moved, source in world.updates:
        action = all_actions[n % len(all_actions)]
        due_from = action.due_date or TODAY
        session.add(Update(
            workspace_id=ws, recommendation_id=action.recommendation_id, action_id=action.id, author_name="Priya Raman",
            created_at=NOW - timedelta(minutes=minutes), note=f"Note {n}", status_from=action.status, status_to=new_status,
            due_from=due_from if moved is not None else None, due_to=due_from + timedelta(days=moved) if moved is not None else None,
            source=source,
        ))
    session.flush()
    return ["", *(f'owner:"{o.name}"' for o in owners), *(f"plan:P{p + 1}" for p in range(len(world.plans))),
            "plan:P1 status:open", *FILTERS]


def subscriptions_of(session: Session, ws: str, queries: list[str], zone: str) -> list[DigestSubscription]:
    return [subscribe(session, ws, f"C{n:04d}", query=query, schedule=Schedule(timezone=zone), quiet_weeks="line",
                      created_by="U0", now=NOW - timedelta(days=7)) for n, query in enumerate(queries)]


def both_ways(db, world: World) -> list[tuple[Digest, Digest]]:  # type: ignore[no-untyped-def]
    ws = f"TGEN{next(workspace_numbers):05d}"
    with db.session_factory.begin() as session:
        queries = store_world(session, ws, world)
        subscriptions_of(session, ws, queries, world.zone)
    previous = NOW - timedelta(days=world.previous_days) if world.previous_days else None
    shared, kept = ACROSS_WORKSPACES, content.SMALL_SCOPE
    content.SMALL_SCOPE = world.small_scope
    try:
        with db.session() as session:
            subscriptions = list(session.scalars(select(DigestSubscription).where(DigestSubscription.workspace_id == ws)
                                                 .order_by(DigestSubscription.id)))
            return [(build_digest(session, s, as_of=NOW, previous=previous, owner_cache=shared.owners, reads=shared.reads),
                     build_digest(session, s, as_of=NOW, previous=previous)) for s in subscriptions]
    finally:
        content.SMALL_SCOPE = kept


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds)
def test_a_digest_built_in_a_pass_says_what_it_says_built_alone(db, world: World) -> None:  # type: ignore[no-untyped-def]
    for in_pass, alone in both_ways(db, world):
        assert in_pass == alone, alone.query


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds)
def test_a_digest_shows_each_action_as_summarise_reads_it(db, world: World) -> None:  # type: ignore[no-untyped-def]
    ws = f"TSUM{next(workspace_numbers):05d}"
    with db.session_factory.begin() as session:
        queries = store_world(session, ws, world)
        subscriptions = subscriptions_of(session, ws, queries, world.zone)
        for subscription in subscriptions:
            digest = build_digest(session, subscription, as_of=NOW, previous=None, reads=DigestPass().reads)
            items = [*(i for s in digest.sections for i in s.items), *digest.changes.newly_overdue, *digest.changes.slipped,
                     *digest.changes.closed, *digest.changes.first_updates]
            for item in items:
                action = session.get(Action, item.action.id)
                assert action is not None and action.workspace_id == ws
                assert item.action == summarise(action, today=digest.today, now=NOW)
