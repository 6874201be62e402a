"""The App Home tab, published whenever someone opens it (and after they change an action)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.home import SHOWN, build_home
from handlers.blocks.round import round_summary
from handlers.context import Services
from handlers.people import known
from store.permissions import Person
from store.queries import ActionFilter, find_actions
from store.rounds import open_rounds, round_status
from store.reports import ResponseWatch, awaiting_responses
from store.status import OPEN_STATUSES, Status
from store.summaries import summarise


def handle_app_home_opened(event: Mapping[str, Any], client: WebClient, services: Services, workspace: str, person: Person) -> None:
    if event.get("tab") != "home":
        return
    publish_home(services, client, workspace, person)


def publish_home(services: Services, client: WebClient, workspace: str, person: Person, *, note: str = "") -> None:
    person = known(person)
    today, now = services.today(), services.now()
    open_statuses = sorted(OPEN_STATUSES, key=lambda s: s.value)
    with services.session_factory() as session:
        mine = (
            find_actions(session, workspace, ActionFilter(owner_ids=sorted(person.owner_ids), statuses=open_statuses), limit=SHOWN)
            if person.owner_ids else None
        )
        awaiting = overdue = None
        rounds: list[str] = []
        responses: ResponseWatch | None = None
        if person.is_officer:
            rounds = [round_summary(round_status(session, r)) for r in open_rounds(session, workspace)]
            responses = awaiting_responses(session, workspace, today=today)
            awaiting = find_actions(session, workspace, ActionFilter(statuses=[Status.AWAITING_SIGNOFF]), limit=SHOWN)
            overdue = find_actions(session, workspace, ActionFilter(overdue_on=today), limit=SHOWN)
        view = build_home(
            linked=bool(person.owner_ids),
            mine=[summarise(a, today=today, now=now) for a in (mine.actions if mine else [])],
            mine_total=mine.total if mine else 0,
            officer=person.is_officer,
            awaiting=[summarise(a, today=today, now=now) for a in (awaiting.actions if awaiting else [])],
            awaiting_total=awaiting.total if awaiting else 0,
            overdue=[summarise(a, today=today, now=now) for a in (overdue.actions if overdue else [])],
            overdue_total=overdue.total if overdue else 0,
            today=today,
            note=note,
            rounds=rounds,
            responses=responses,
        )
    client.views_publish(user_id=person.user_id, view=view)
