"""The round's rules over many generated rounds: opened on any weekday one to sixteen days before
its due date, passed every morning and afternoon, each person gets the opening message once, at
most one message a day, nothing at weekends or on or after the due date, and reminders only seven
and two days out (or the next working day after)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from digests.rounds import OPENING, TWO_DAYS_BEFORE, WEEK_BEFORE, owed_kind, run_round_pass
from handlers.blocks.round import render_round
from store.models import RoundMessage
from store.rounds import close_round, open_round
from tests.conftest import OFFICER, WORKSPACE
from tests.digests.test_delivery import FakePoster

LONDON = ZoneInfo("Europe/London")


def generated_rounds(count: int, seed: int = 15) -> list[tuple[date, int]]:
    pick = random.Random(seed)
    rounds = []
    for _ in range(count):
        opened = date(2026, 3, 16) + timedelta(days=pick.randint(0, 60))
        while opened.weekday() >= 5:
            opened += timedelta(days=1)
        rounds.append((opened, pick.randint(1, 16)))
    return rounds


def test_every_generated_round_keeps_the_rules(committee) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    for opened, days_to_due in generated_rounds(12):
        due = opened + timedelta(days=days_to_due)
        start = datetime(opened.year, opened.month, opened.day, 9, 30, tzinfo=UTC)
        with committee.session_factory.begin() as session:
            round_id = open_round(session, WORKSPACE, "People Scrutiny", due_on=due, meeting=None, by=OFFICER, now=start, today=opened).round_id
        poster = FakePoster()
        for offset in range(days_to_due + 3):
            day = opened + timedelta(days=offset)
            for hour in (10, 15):
                run_round_pass(committee.session_factory, poster, datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
                               timezone=LONDON, render=render_round)
        with committee.session() as session:
            sent = [(m.slack_user_id, m.kind, m.on_day)
                    for m in session.scalars(select(RoundMessage).where(RoundMessage.round_id == round_id, RoundMessage.state == "sent"))]
        with committee.session_factory.begin() as session:
            close_round(session, WORKSPACE, "People Scrutiny", by=OFFICER, now=start + timedelta(days=days_to_due + 3), timezone=LONDON)
        people = {who for who, _, _ in sent}
        assert len(poster.posts) == len(sent), (opened, due)
        for person in people:
            theirs = sorted((day, kind) for who, kind, day in sent if who == person)
            days = [day for day, _ in theirs]
            kinds = [kind for _, kind in theirs]
            assert kinds[0] == OPENING and kinds.count(OPENING) == 1, (opened, due, theirs)
            assert len(set(days)) == len(days), (opened, due, theirs)
            assert all(day < due and day.weekday() < 5 for day in days), (opened, due, theirs)
            for day, kind in theirs[1:]:
                assert kind in (WEEK_BEFORE, TWO_DAYS_BEFORE) and owed_kind(due, day) is not None and owed_kind(due, day)[0] == kind, (opened, due, theirs)  # type: ignore[index]
        assert people == {"U0LINDA", "U0PRIYA"}, (opened, due)  # opened on a working day: the opening goes that day
